"""Province lists: only those in the user's scope, in Vietnamese alphabetical order."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from conftest import HUNG_YEN, province
from khuyencong.geo.models import AdminUnit
from khuyencong.registry.filters import EstablishmentFilter
from khuyencong.vntext import sort_key

pytestmark = pytest.mark.django_db


def _province_names(user) -> list[str]:
    return [name for value, name in EstablishmentFilter(user=user).fields["province"].choices if value]


def test_province_staff_are_offered_only_their_province(personas):
    assert _province_names(personas["centre_staff"]) == [province(HUNG_YEN).name]
    assert _province_names(personas["commune_officer"]) == [province(HUNG_YEN).name]


def test_the_ministry_is_offered_every_province_in_vietnamese_order(personas):
    names = _province_names(personas["ministry"])
    assert len(names) == AdminUnit.objects.current().provinces().count()
    assert names == sorted(names, key=sort_key)
    position = {name.split(" ", 1)[1]: index for index, name in enumerate(names) if name.startswith("Tỉnh ")}
    assert position["Cà Mau"] < position["Cao Bằng"]
    assert position["Đắk Lắk"] < position["Điện Biên"] < position["Đồng Tháp"] < position["Gia Lai"]


def test_the_national_roll_up_lists_provinces_in_vietnamese_order(personas):
    client = Client()
    client.force_login(personas["ministry"])
    page = client.get(f"/plans/overview/{timezone.localdate().year}/").content.decode()
    where = {name: page.find(f"Tỉnh {name}") for name in ("Cà Mau", "Cao Bằng", "Đắk Lắk", "Gia Lai")}
    assert all(index >= 0 for index in where.values()), where
    assert where["Cà Mau"] < where["Cao Bằng"] < where["Đắk Lắk"] < where["Gia Lai"]
