"""A household owner's 12-digit personal ID stays masked for roles that may not read it.

The search box must not give it away digit by digit; the history, the export and the picker
must not show it either; the duplicate tax-code message names no record out of the user's scope.
"""

import io

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from conftest import commune_named
from khuyencong.audit.log import save_audited
from khuyencong.registry.models import Establishment

PERSONAL_ID = "034185001234"


@pytest.fixture
def household(personas, hy_communes):
    est = Establishment(
        name="Hộ kinh doanh Nguyễn Thị Mai",
        legal_form=Establishment.LegalForm.HOUSEHOLD,
        commune=hy_communes["other"],
        tax_code=PERSONAL_ID,
    )
    save_audited(est, personas["centre_staff"])
    return est


def signed_in(personas, name):
    client = Client()
    client.force_login(personas[name])
    return client


def found(client, query) -> bool:
    page = client.get(reverse("registry:establishment_list"), {"q": query}).content.decode()
    return "Nguyễn Thị Mai" in page


@pytest.mark.django_db
def test_no_part_of_a_personal_id_finds_it_for_a_reader_who_sees_it_masked(personas, household):
    leader = signed_in(personas, "leader")  # sees the province's establishments, not personal data
    assert found(leader, "nguyen thi mai")
    for prefix_length in (3, 6, 9, 11):
        assert not found(leader, PERSONAL_ID[:prefix_length])
        assert not found(leader, PERSONAL_ID[-prefix_length:])
    assert not found(leader, PERSONAL_ID), "not even the whole number"
    picked = leader.get(reverse("registry:establishment_pick"), {"q": PERSONAL_ID[:6], "scope": "read"})
    assert picked.json()["results"] == []
    detail = leader.get(reverse("registry:establishment_detail", args=[household.pk])).content.decode()
    history = leader.get(reverse("registry:establishment_history", args=[household.pk])).content.decode()
    export = leader.get(reverse("registry:establishment_export"))
    sheet_text = " ".join(
        str(c)
        for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
        for c in row
    )
    for shown in (detail, history, sheet_text):
        assert PERSONAL_ID not in shown
    assert PERSONAL_ID[-4:] in detail and PERSONAL_ID[-4:] in history


@pytest.mark.django_db
def test_a_role_allowed_to_read_it_finds_it_only_by_the_whole_number(personas, household):
    staff = signed_in(personas, "centre_staff")
    assert found(staff, PERSONAL_ID)
    assert found(staff, f" {PERSONAL_ID[:4]} {PERSONAL_ID[4:8]} {PERSONAL_ID[8:]} ")  # typed in groups
    assert not found(staff, PERSONAL_ID[:8])
    # The officer of another commune reads personal data only in their own commune.
    assert not found(signed_in(personas, "commune_officer"), PERSONAL_ID)
    assert found(signed_in(personas, "other_officer"), PERSONAL_ID)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(digits=st.text(alphabet="0123456789", min_size=1, max_size=12))
def test_no_string_of_digits_short_of_the_whole_id_finds_it(personas, household, digits):
    if digits == PERSONAL_ID:
        return
    assert not Establishment.objects.search(digits, personas["centre_staff"]).filter(pk=household.pk).exists()


@pytest.mark.django_db
def test_the_duplicate_tax_code_message_names_no_record_outside_the_users_scope(personas, registry):
    far = registry["far"]  # in Bắc Ninh
    data = {
        "name": "Cơ sở mới",
        "legal_form": "household",
        "commune": commune_named("Phường Phố Hiến").pk,
        "tax_code": far.tax_code,
    }
    response = signed_in(personas, "centre_staff").post(reverse("registry:establishment_create"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert far.name not in page and str(far.pk) not in page.split("tax_code")[0][-20:]
    assert "ngoài địa bàn" in page
    # Inside the scope the message names the record and links to it, as before.
    data["tax_code"] = registry["other"].tax_code
    page = signed_in(personas, "centre_staff").post(reverse("registry:establishment_create"), data).content
    assert registry["other"].name in page.decode()
