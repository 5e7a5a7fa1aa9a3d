"""An import reads, matches, updates and creates only inside the importing user's area.

A row placed outside it, or whose tax code belongs to an establishment outside it, is reported
invalid with one message, whatever the reason, so the report (counts included) never tells
whether a tax code is registered somewhere the user cannot see.
"""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BAC_NINH, HUNG_YEN, province
from khuyencong.accounts.scopes import Scope
from khuyencong.audit.models import AuditEntry
from khuyencong.registry.establishment_import import EstablishmentImporter, outside_scope_reason
from khuyencong.registry.models import Establishment, ImportJob

from .workbooks import as_file, workbook_bytes

HEADER = ["Tên cơ sở", "Mã số thuế", "Xã/Phường/Thị trấn", "Tỉnh"]
BN_TAX = "2300000001"  # an establishment of Bắc Ninh (created below)


@pytest.fixture
def bac_ninh_establishment(registry, hy_communes):
    return Establishment.objects.create(
        name="Công ty Đồng Kỵ", legal_form="enterprise", commune=hy_communes["far"], tax_code=BN_TAX
    )


def rows_file(rows) -> bytes:
    return workbook_bytes([HEADER, *rows])


def analyse(data: bytes, user):
    return EstablishmentImporter(
        as_file(data), default_province=province(HUNG_YEN), actor=user, scope=Scope.of(user)
    ).analyse()[0]


def bn_place(hy_communes):
    return [hy_communes["far"].name, "Bắc Ninh"]


def hy_place():
    return ["Phường Phố Hiến", "Hưng Yên"]


@pytest.mark.django_db
def test_rows_outside_the_area_are_reported_alike_whether_or_not_their_tax_code_exists(
    personas, hy_communes, bac_ninh_establishment
):
    staff = personas["centre_staff"]
    known = analyse(rows_file([["Đổi tên Đồng Kỵ", BN_TAX, *bn_place(hy_communes)]]), staff)
    unknown = analyse(rows_file([["Đổi tên Đồng Kỵ", "2399999999", *bn_place(hy_communes)]]), staff)
    assert known.counts == unknown.counts == {"new": 0, "updated": 0, "unchanged": 0, "invalid": 1}
    assert known.invalid[0].reasons == unknown.invalid[0].reasons == [outside_scope_reason()]
    # Placed inside the area but carrying another province's tax code: the same one message.
    taken = analyse(rows_file([["Đổi tên Đồng Kỵ", BN_TAX, *hy_place()]]), staff)
    assert taken.counts["invalid"] == 1 and taken.invalid[0].reasons == [outside_scope_reason()]
    assert bac_ninh_establishment.name not in " ".join(taken.invalid[0].reasons)


@pytest.mark.django_db
def test_committing_never_renames_nor_creates_anything_outside_the_area(
    personas, hy_communes, bac_ninh_establishment
):
    staff = personas["centre_staff"]
    data = rows_file(
        [
            ["Đổi tên Đồng Kỵ", BN_TAX, *hy_place()],
            ["Cơ sở mới ở Bắc Ninh", "2311111111", *bn_place(hy_communes)],
            ["Cơ sở mới ở Hưng Yên", "0911111111", *hy_place()],
        ]
    )
    report = EstablishmentImporter(
        as_file(data), default_province=province(HUNG_YEN), actor=staff, scope=Scope.of(staff)
    ).commit()
    assert report.counts == {"new": 1, "updated": 0, "unchanged": 0, "invalid": 2}
    bac_ninh_establishment.refresh_from_db()
    assert bac_ninh_establishment.name == "Công ty Đồng Kỵ"
    assert not Establishment.objects.filter(
        province=province(BAC_NINH), name__startswith="Cơ sở mới"
    ).exists()
    assert Establishment.objects.get(tax_code="0911111111").province == province(HUNG_YEN)


# A row placed in the area with another province's tax code cannot be created and says so (as the
# form does: a tax code is unique); rows placed outside say nothing about their tax codes.
row_kinds = st.one_of(
    st.tuples(st.just("bn"), st.sampled_from(["bn_existing", "hy_existing", "fresh", "none"])),
    st.tuples(st.just("hy"), st.sampled_from(["hy_existing", "fresh", "none"])),
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row_kinds, min_size=1, max_size=8))
def test_the_report_is_the_same_for_a_twin_file_whose_outside_tax_codes_do_not_exist(
    personas, registry, hy_communes, bac_ninh_establishment, rows
):
    """Whatever the mix of rows, giving the rows placed outside the area tax codes that exist
    nowhere instead of one that exists there changes nothing in the report: counts and reasons."""
    staff = personas["centre_staff"]
    hy_tax = registry["other"].tax_code
    places = {"hy": hy_place(), "bn": bn_place(hy_communes)}

    def sheet(twin: bool) -> bytes:
        lines = []
        for number, (place, tax) in enumerate(rows):
            code = {
                "bn_existing": f"23999990{number:02d}" if twin else BN_TAX,
                "hy_existing": hy_tax,
                "fresh": f"09888880{number:02d}",
                "none": None,
            }[tax]
            lines.append([f"Cơ sở thử {number}", code, *places[place]])
        return rows_file(lines)

    real, twin = analyse(sheet(False), staff), analyse(sheet(True), staff)
    assert real.counts == twin.counts
    assert [r.reasons for r in real.invalid] == [r.reasons for r in twin.invalid]
    # And every row placed outside, or carrying an outside tax code, is refused with the one message.
    refused = {r.number: r.reasons for r in real.invalid}
    for number, (place, tax) in enumerate(rows, start=2):
        if place == "bn" or tax == "bn_existing":
            assert outside_scope_reason() in refused.get(number, []), (number, place, tax)


@pytest.mark.django_db
def test_an_import_confirmed_by_the_provinces_administrator_is_written_in_their_name(
    personas, hy_communes, bac_ninh_establishment, django_capture_on_commit_callbacks
):
    staff, admin = Client(), Client()
    staff.force_login(personas["centre_staff"])
    admin.force_login(personas["province_admin"])
    upload = as_file(rows_file([["Cơ sở xác nhận", "0922222222", *hy_place()]]))
    upload.name = "ds.xlsx"
    # The job goes to the worker when the request commits (the immediate backend of the tests runs it).
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("registry:import_upload"), {"file": upload})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.READY
    # Another province's staff cannot confirm it; the province's administrator can.
    other = Client()
    other.force_login(personas["other_province_staff"])
    assert other.post(reverse("registry:import_confirm", args=[job.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(reverse("registry:import_confirm", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.confirmed_by == personas["province_admin"]
    created = Establishment.objects.get(tax_code="0922222222")
    entry = AuditEntry.objects.get(action="registry.establishment.imported", object_id=str(created.pk))
    assert entry.actor == personas["province_admin"]
    assert AuditEntry.objects.filter(
        action="registry.importjob.confirmed", actor=personas["province_admin"]
    ).exists()
