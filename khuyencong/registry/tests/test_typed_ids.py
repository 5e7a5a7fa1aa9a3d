"""Ids typed or posted by hand into the registry's pickers, filters and workbooks name nothing;
they never end in a server error (each was one, found by khuyencong/tests/test_fuzz_inputs.py)."""

import pytest

from khuyencong.registry.addresses import UnitIndex
from khuyencong.registry.filters import EstablishmentFilter
from khuyencong.registry.models import CraftVillage
from khuyencong.registry.picker import EstablishmentMultiPickerWidget, EstablishmentPickerWidget

NOT_IDS = ["abc", "²", "9" * 5000, str(2**64), "1.5", "31/12/9999", "\x02"]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", NOT_IDS)
def test_the_establishment_picker_shown_again_with_a_posted_value_that_is_not_an_id(registry, value):
    html = EstablishmentPickerWidget().render("applicant", value)
    assert 'name="applicant" value=""' in html


def test_the_beneficiary_picker_keeps_only_the_ids_of_real_establishments(registry):
    home = registry["home"]
    html = EstablishmentMultiPickerWidget().render("beneficiaries", [*NOT_IDS, str(home.pk)])
    assert html.count('type="hidden"') == 1 and f'value="{home.pk}"' in html


@pytest.mark.parametrize("province", NOT_IDS)
def test_the_registry_filter_ignores_a_province_that_is_not_an_id(registry, province):
    villages = CraftVillage.objects.all()
    filters = EstablishmentFilter({"province": province}, villages=villages)
    assert [str(pk) for pk, _name in filters.fields["craft_village"].choices[1:]] == [
        str(registry["village"].pk)
    ]


@pytest.mark.parametrize("code", ["²", "9" * 5000, "-1", "abc"])
def test_a_commune_code_that_is_no_number_falls_back_to_the_names(code):
    place = UnitIndex.current().resolve("Phường Phố Hiến", province="Hưng Yên", code=code)
    assert place.unit is not None and place.unit.name == "Phường Phố Hiến"


def test_the_admin_province_filter_ignores_a_value_that_is_not_an_id(client, registry):
    from khuyencong.accounts.models import User

    client.force_login(User.objects.create_superuser("root", "root@example.vn", "x-Pa55word!"))
    for province in NOT_IDS:
        response = client.get("/admin/registry/establishment/", {"province": province})
        assert response.status_code == 200, province
