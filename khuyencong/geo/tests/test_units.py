"""The administrative units loaded by `migrate`, the crosswalk, and the type-ahead picker."""

import re

import pytest
from django.urls import reverse

from khuyencong.geo.models import AdminUnit
from khuyencong.geo.picker import find_units


@pytest.mark.django_db
def test_migrate_loads_both_generations_of_units():
    units = AdminUnit.objects
    assert units.current().provinces().count() == 34
    assert units.current().communes().count() == 3321
    assert units.legacy().provinces().count() == 63
    assert units.legacy().filter(level="district").count() == 696
    assert units.legacy().communes().count() == 10051
    assert not units.legacy().filter(valid_to__isnull=True).exists()
    assert not units.current().filter(valid_from__isnull=True).exists()


@pytest.mark.django_db
def test_legacy_commune_maps_to_todays_commune_and_province():
    lieu_xa = AdminUnit.objects.legacy().communes().get(name="Xã Liêu Xá", parent__name="Huyện Yên Mỹ")
    assert lieu_xa.full_name() == "Xã Liêu Xá, Huyện Yên Mỹ, Tỉnh Hưng Yên"
    today = lieu_xa.current_unit()
    assert not today.is_legacy and today.province.code == 33
    thai_binh = AdminUnit.objects.legacy().provinces().get(name="Tỉnh Thái Bình")
    assert thai_binh.current_unit().name == "Tỉnh Hưng Yên"


@pytest.mark.django_db
def test_hung_yen_today_has_104_communes():
    hy = AdminUnit.objects.current().provinces().get(code=33)
    communes = AdminUnit.objects.current().communes().filter(province=hy)
    assert communes.count() == 104
    assert communes.filter(division_type="phường").count() == 11


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["pho hien", "PHỐ HIẾN", "Pho Hien", "phố  hiến "])
def test_picker_finds_units_without_diacritics(query):
    found = find_units(query, level="commune", generation="current")
    assert found[0].name == "Phường Phố Hiến"


@pytest.mark.django_db
def test_picker_endpoint_returns_json_and_ignores_hostile_input(client):
    response = client.get(reverse("geo:units"), {"q": "lieu xa", "level": "commune", "generation": "legacy"})
    labels = [r["label"] for r in response.json()["results"]]
    assert labels[0].startswith("Xã Liêu Xá, Huyện Yên Mỹ, Tỉnh Hưng Yên (")
    for params in ({"q": "' OR 1=1 --", "level": "x"}, {"q": "a" * 5000}, {"q": "", "province": "abc"}):
        response = client.get(reverse("geo:units"), params)
        assert response.status_code == 200
        assert isinstance(response.json()["results"], list)


@pytest.mark.django_db
def test_picker_narrowed_to_a_province_includes_its_former_units():
    hy = AdminUnit.objects.current().provinces().get(code=33)
    found = find_units("vu hoi", level="commune", province=str(hy.pk))
    assert [u.full_name() for u in found] == ["Xã Vũ Hội, Huyện Vũ Thư, Tỉnh Thái Bình"]
    assert all(u.province.code in (33, 34) for u in find_units("an", level="commune", province=str(hy.pk)))


@pytest.mark.django_db
def test_forms_point_the_picker_at_the_users_province(personas, client):
    client.force_login(personas["centre_staff"])
    hy = AdminUnit.objects.current().provinces().get(code=33)
    body = client.get(reverse("registry:establishment_create")).content.decode()
    assert f"province={hy.pk}" in body
    client.force_login(personas["admin"])
    assert "province=" not in client.get(reverse("registry:establishment_create")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("province", ["²", "9" * 5000, str(2**63), "-1", "١٤"])
def test_picker_ignores_a_province_that_names_no_unit(client, province):
    # "²" and 5,000 nines pass str.isdigit() but not int(): they were server errors.
    response = client.get(reverse("geo:units"), {"q": "pho hien", "level": "commune", "province": province})
    assert response.status_code == 200
    assert response.json()["results"][0]["label"].startswith("Phường Phố Hiến")


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "²", "9" * 5000, str(2**64), "1.5", "31/12/9999"])
def test_a_form_shown_again_with_a_posted_unit_that_is_not_an_id_still_renders(value):
    """A form with errors shows the picker with what was posted, which may be any text."""
    from khuyencong.geo.picker import UnitPickerWidget

    html = UnitPickerWidget().render("commune", value)
    assert 'name="commune" value=""' in html


@pytest.mark.django_db
def test_the_public_unit_search_is_rate_limited_per_address(client, settings):
    settings.UNIT_SEARCH_RATE = (5, 60)
    for _ in range(5):
        assert client.get("/geo/units/", {"q": "pho hien"}).status_code == 200
    refused = client.get("/geo/units/", {"q": "pho hien"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert "tìm kiếm quá nhiều lần" in refused.json()["error"] and refused.json()["results"] == []
    # Another address is counted on its own.
    assert client.get("/geo/units/", {"q": "pho hien"}, REMOTE_ADDR="10.0.0.9").status_code == 200


@pytest.mark.django_db
def test_a_unit_of_before_the_reform_is_labelled_with_its_last_day_and_todays_plainly():
    from django.utils import translation

    old = AdminUnit.objects.legacy().provinces().get(code=33)
    today = AdminUnit.objects.current().provinces().get(code=33)
    with translation.override("en"):
        assert old.label() == "Tỉnh Hưng Yên (until 30/6/2025)"
        assert today.label() == "Tỉnh Hưng Yên"
    assert old.current_unit() == today


@pytest.mark.django_db
def test_a_unit_field_lists_up_to_thirty_choices_in_order_and_searches_beyond():
    from django import forms

    from khuyencong.geo.picker import LIST_AT_MOST, UnitChoiceField
    from khuyencong.vntext import sort_key

    communes = AdminUnit.objects.current().communes().filter(province__code=33).order_by("name")
    few, many = list(communes[:LIST_AT_MOST]), list(communes[: LIST_AT_MOST + 1])

    def rendered(units):
        field = UnitChoiceField(level="commune", required=False)
        field.queryset = AdminUnit.objects.filter(pk__in=[unit.pk for unit in units])

        class Form(forms.Form):
            commune = field

        return str(Form()["commune"])

    listed = rendered(few)
    assert listed.startswith("<select") and len(re.findall(r'<option value="\d+"', listed)) == LIST_AT_MOST
    # In Vietnamese alphabetical order (vntext.sort_key), whatever the database's collation.
    names = sorted((unit.name for unit in few), key=sort_key)
    assert [listed.index(f">{name}") for name in names] == sorted(listed.index(f">{name}") for name in names)
    searched = rendered(many)
    assert 'class="unit-picker' in searched and "<option" not in searched
