"""Pickers offer only what the user may choose (issue 9, point 1).

A commune officer or an establishment's representative has a handful of choices: they get a
plain list of exactly those, the only one chosen already; people whose scope is a province or
the country keep the type-ahead search, narrowed to their province.
"""

import re

import pytest
from django.urls import reverse

from conftest import login
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.registry.models import Establishment

pytestmark = pytest.mark.django_db


def options(html: str, name: str) -> list[tuple[str, bool]]:
    """The (value, selected) of each option of the select named `name`; [] when it is no select."""
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if not match:
        return []
    return [
        (value, bool(selected))
        for value, selected in re.findall(r'<option value="([^"]*)"( selected)?', match.group(1))
    ]


def test_a_commune_officer_chooses_among_the_communes_of_their_scope_only(client, personas, hy_communes):
    officer = personas["commune_officer"]
    html = login(client, officer).get(reverse("registry:establishment_create")).content.decode()
    offered = {int(value) for value, _selected in options(html, "commune") if value}
    allowed = set(Scope.of(officer).communes(Can.EDIT_REGISTRY).values_list("pk", flat=True))
    assert offered == allowed
    assert hy_communes["home"].pk in offered
    assert hy_communes["other"].pk not in offered


def test_a_representative_applies_for_their_own_establishment_already_chosen(client, personas, registry):
    html = login(client, personas["establishment_rep"]).get(reverse("projects:create")).content.decode()
    assert options(html, "applicant") == [(str(registry["home"].pk), True)]
    communes = [value for value, _selected in options(html, "commune") if value]
    assert communes == [str(registry["home"].commune_id)]


def test_a_choice_outside_the_list_is_still_refused_on_saving(client, personas, hy_communes):
    response = login(client, personas["commune_officer"]).post(
        reverse("registry:establishment_create"),
        {"name": "Cơ sở ngoài xã", "legal_form": "household", "commune": hy_communes["other"].pk},
    )
    assert response.status_code == 400
    assert "commune" in response.context["form"].errors
    assert not Establishment.objects.filter(name="Cơ sở ngoài xã").exists()


def test_province_staff_search_their_province_rather_than_scroll_a_list(client, personas):
    html = (
        login(client, personas["centre_staff"]).get(reverse("registry:establishment_create")).content.decode()
    )
    assert options(html, "commune") == []
    assert 'data-search-url="/' in html and "province=" in html
