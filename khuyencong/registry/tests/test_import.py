"""The establishment importer on messy real-world workbooks: every row imported or reported."""

import io
import unicodedata

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from conftest import legacy_commune
from khuyencong.audit.models import AuditEntry
from khuyencong.registry.establishment_import import EstablishmentImporter, ImportFileError
from khuyencong.registry.models import Establishment

from .workbooks import as_file, workbook_bytes


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


MESSY_ROWS = [
    ["UỶ BAN NHÂN DÂN TỈNH HƯNG YÊN", None, None, None, None, None, None, None],
    ["DANH SÁCH CƠ SỞ CÔNG NGHIỆP NÔNG THÔN NĂM 2015", None, None, None, None, None, None, None],
    [None] * 8,
    ["STT", " Tên cơ sở ", "Loại hình", "MST", "Địa chỉ", None, "Tỉnh", "Số lao động (người)"],
    [None, None, None, None, "Xã/Phường/Thị trấn", "Huyện/Thị xã/Thành phố", None, None],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
    # 7: old address, NFD text, trailing spaces
    [
        1,
        nfd("Hộ kinh doanh Nguyễn Văn An  "),
        "Hộ kinh doanh",
        None,
        nfd("Xã Liêu Xá"),
        "Huyện Yên Mỹ",
        "Hưng Yên",
        12,
    ],
    # 8: enterprise with 10-digit code, commune merged with the next row
    [
        2,
        "Công ty TNHH Mây tre Phú Ủng",
        "Doanh nghiệp",
        "0900123456",
        "Xã Phù Ủng",
        "Huyện Ân Thi",
        "Hưng Yên",
        "25",
    ],
    # 9: merged commune/district cells come from row 8
    [3, "HTX Mây tre đan Phù Ủng", "HTX", "0900123457-001", None, None, "Hưng Yên", 40.0],
    # 10: bad tax code
    [4, "Cơ sở mã sai", "Hộ kinh doanh", "12345", "Xã Liêu Xá", "Huyện Yên Mỹ", "Hưng Yên", 3],
    # 11: duplicate of row 8 by tax code
    [
        5,
        "Công ty TNHH Mây tre Phú Ủng (trùng)",
        "Doanh nghiệp",
        "0900123456",
        "Xã Phù Ủng",
        "Huyện Ân Thi",
        "Hưng Yên",
        25,
    ],
    # 12: old province name Thái Bình (merged into today's Hưng Yên)
    [6, "Hộ kinh doanh Trần Thị Bình", None, None, "Xã Vũ Hội", "Huyện Vũ Thư", "Thái Bình", 5],
    # 13: unknown commune
    [7, "Cơ sở không rõ xã", "Hộ kinh doanh", None, "Xã Không Có", "Huyện Yên Mỹ", "Hưng Yên", 2],
    # 14: workers not a number
    [8, "Cơ sở lao động sai", "Hộ kinh doanh", None, "Xã Liêu Xá", "Huyện Yên Mỹ", "Hưng Yên", "nhiều"],
    # 15: 12-digit personal identification number of a household business
    [
        9,
        "Hộ kinh doanh Lê Văn Cường",
        "Hộ kinh doanh",
        "034090001234",
        "Xã Liêu Xá",
        "Huyện Yên Mỹ",
        "Hưng Yên",
        4,
    ],
    [None] * 8,
    # 17: footer with no name
    [None, None, None, None, None, None, "Người lập biểu", None],
]
MESSY_MERGES = ["A1:H1", "A2:H2", "E4:F4", "E8:E9", "F8:F9"]
MESSY_VALID = 5
MESSY_INVALID_ROWS = {10, 11, 13, 14, 17}


@pytest.fixture
def messy_file():
    return workbook_bytes(MESSY_ROWS, MESSY_MERGES)


def analyse(data: bytes, **kwargs):
    return EstablishmentImporter(as_file(data), **kwargs).analyse()[0]


@pytest.mark.django_db
def test_messy_workbook_rows_are_all_imported_or_reported(messy_file):
    report = analyse(messy_file)
    assert report.header_row == 4
    assert report.counts == {
        "new": MESSY_VALID,
        "updated": 0,
        "unchanged": 0,
        "invalid": len(MESSY_INVALID_ROWS),
    }
    reasons = {row.number: " ".join(row.reasons) for row in report.invalid}
    assert set(reasons) == MESSY_INVALID_ROWS
    assert "12345" in reasons[10]
    assert "8" in reasons[11]  # the same establishment as row 8
    assert "Không Có" in reasons[13]
    assert "nhiều" in reasons[14]
    assert "name" in reasons[17] or "tên" in reasons[17].lower()


@pytest.mark.django_db
def test_commit_normalises_text_and_resolves_old_addresses(messy_file):
    report = EstablishmentImporter(as_file(messy_file)).commit()
    assert report.counts["new"] == MESSY_VALID
    an = Establishment.objects.get(name="Hộ kinh doanh Nguyễn Văn An")  # NFC, trimmed
    assert an.commune == legacy_commune("Huyện Yên Mỹ", "Xã Liêu Xá")
    assert an.current_commune.name == "Xã Nguyễn Văn Linh"
    assert an.province.code == 33 and an.workers == 12
    coop = Establishment.objects.get(tax_code="0900123457-001")
    assert coop.legal_form == Establishment.LegalForm.COOPERATIVE
    assert coop.commune.name == "Xã Phù Ủng"  # from the merged cell above
    assert coop.workers == 40
    binh = Establishment.objects.get(name="Hộ kinh doanh Trần Thị Bình")
    assert binh.commune.parent.parent.name == "Tỉnh Thái Bình"
    assert binh.province.code == 33  # Thái Bình is part of today's Hưng Yên
    assert binh.legal_form == Establishment.LegalForm.HOUSEHOLD
    assert Establishment.objects.get(tax_code="034090001234").legal_form == "household"
    assert AuditEntry.objects.filter(action="registry.establishment.imported").count() == MESSY_VALID


@pytest.mark.django_db
def test_second_import_reports_every_row_unchanged(messy_file):
    EstablishmentImporter(as_file(messy_file)).commit()
    before = Establishment.objects.count()
    report = EstablishmentImporter(as_file(messy_file)).commit()
    assert report.counts == {
        "new": 0,
        "updated": 0,
        "unchanged": MESSY_VALID,
        "invalid": len(MESSY_INVALID_ROWS),
    }
    assert Establishment.objects.count() == before


@pytest.mark.django_db
def test_changed_cells_are_reported_as_updates_and_audited(messy_file):
    EstablishmentImporter(as_file(messy_file)).commit()
    rows = [list(r) for r in MESSY_ROWS]
    rows[7][7] = 30  # the enterprise now has 30 workers
    report = EstablishmentImporter(as_file(workbook_bytes(rows, MESSY_MERGES))).commit()
    assert report.counts["updated"] == 1 and report.counts["unchanged"] == MESSY_VALID - 1
    company = Establishment.objects.get(tax_code="0900123456")
    assert company.workers == 30
    entry = AuditEntry.objects.get(action="registry.establishment.import_updated")
    assert entry.changes == {"workers": ["25", "30"]}


@pytest.mark.django_db
def test_a_commit_that_fails_leaves_the_database_untouched(messy_file, django_db_blocker):
    """A concurrent registration of a tax code in the file makes the commit fail as a whole."""

    def concurrent_registration(done, total):
        if not Establishment.objects.filter(tax_code="0900123457-001").exists():
            Establishment.objects.create(
                name="Đăng ký cùng lúc",
                legal_form="cooperative",
                tax_code="0900123457-001",
                commune=legacy_commune("Huyện Ân Thi", "Xã Phù Ủng"),
            )

    before = set(Establishment.objects.values_list("pk", flat=True))
    audit_before = AuditEntry.objects.count()
    importer = EstablishmentImporter(as_file(messy_file), progress=concurrent_registration)
    with pytest.raises(ImportFileError):
        importer.commit()
    after = set(Establishment.objects.values_list("pk", flat=True))
    assert len(after - before) == 1  # only the concurrent registration
    assert Establishment.objects.get(pk=(after - before).pop()).name == "Đăng ký cùng lúc"
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_not_a_workbook_is_refused_with_a_clear_error():
    with pytest.raises(ImportFileError, match="xlsx"):
        analyse(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportFileError):
        analyse(workbook_bytes([["a", "b"], ["c", "d"]]))


@pytest.mark.django_db
def test_rows_without_province_use_the_default_province():
    from conftest import province

    data = workbook_bytes([["Tên cơ sở", "Xã/Phường/Thị trấn"], ["Cơ sở A", "Phường Phố Hiến"]])
    assert analyse(data).counts["invalid"] == 1
    report = analyse(data, default_province=province(33))
    assert report.counts["new"] == 1


@pytest.mark.django_db
def test_address_in_one_cell_is_split_into_units():
    data = workbook_bytes(
        [["Tên doanh nghiệp", "Địa chỉ"], ["Cơ sở B", "Thôn Đông, xã Liêu Xá, huyện Yên Mỹ, tỉnh Hưng Yên"]]
    )
    report = EstablishmentImporter(as_file(data)).commit()
    assert report.counts["new"] == 1
    assert Establishment.objects.get(name="Cơ sở B").commune == legacy_commune("Huyện Yên Mỹ", "Xã Liêu Xá")


@pytest.mark.django_db
def test_export_reimports_unchanged(personas, registry, client):
    Establishment.objects.create(
        name="Hộ cũ",
        legal_form="household",
        commune=legacy_commune("Huyện Yên Mỹ", "Xã Liêu Xá"),
        workers=7,
        year_founded=1999,
        phone="0221 3861 234",
        email="ho.cu@example.vn",
        address="Thôn Đông",
        trade="Mây tre đan",
    )
    client.force_login(personas["centre_staff"])
    exported = client.get(reverse("registry:establishment_export")).content
    report = analyse(exported)
    assert report.counts == {"new": 0, "updated": 0, "unchanged": 3, "invalid": 0}


@pytest.mark.django_db
def test_command_prints_the_summary_line(tmp_path, messy_file, capsys):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(messy_file)
    call_command("import_establishments", str(path))
    assert capsys.readouterr().out.strip().splitlines()[-1] == "new=5 updated=0 unchanged=0 invalid=5"
    assert Establishment.objects.count() == 0
    call_command("import_establishments", str(path), "--commit")
    assert Establishment.objects.count() == MESSY_VALID
    call_command("import_establishments", str(path), "--commit")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "new=0 updated=0 unchanged=5 invalid=5"


@pytest.mark.django_db
def test_web_import_previews_then_commits(personas, client, messy_file, django_capture_on_commit_callbacks):
    client.force_login(personas["centre_staff"])
    before = Establishment.objects.count()
    upload = io.BytesIO(messy_file)
    upload.name = "danh-sach.xlsx"
    # The job is enqueued when the request's transaction commits (the test's never does);
    # the immediate task backend of the tests then runs it at once.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_upload"), {"file": upload})
    response = client.get(response.url)
    assert response.status_code == 200
    job = response.context["job"]
    assert job.status == "ready" and job.counts["invalid"] == 5
    assert Establishment.objects.count() == before
    body = response.content.decode()
    assert 'data-count="new">5<' in body
    invalid = client.get(reverse("registry:import_invalid_rows", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(invalid.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == sorted(MESSY_INVALID_ROWS)
    assert all(r[-1] for r in rows[1:])  # every row says why
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_confirm", args=[job.pk]))
    response = client.get(response.url)
    assert response.context["job"].status == "done"
    assert Establishment.objects.count() == before + MESSY_VALID
    # Another user cannot open someone else's import.
    client.force_login(personas["other_province_staff"])
    assert client.get(reverse("registry:import_job", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_upload_refuses_files_that_are_not_workbooks(personas, client):
    client.force_login(personas["centre_staff"])
    fake = io.BytesIO(b"MZ\x90\x00 not a workbook")
    fake.name = "virus.xlsx"
    response = client.post(reverse("registry:import_upload"), {"file": fake})
    assert response.status_code == 200
    assert "Excel" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_large_file_runs_as_a_task_with_progress(personas, client, settings, messy_file):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(personas["centre_staff"])
    upload = io.BytesIO(messy_file)
    upload.name = "lon.xlsx"
    response = client.post(reverse("registry:import_upload"), {"file": upload}, follow=True)
    job = response.context["job"]
    assert job.status == "analysing"
    assert b"<progress" in response.content and b"hx-trigger" in response.content
    call_command("db_worker", "--batch", "--no-startup-delay")
    job.refresh_from_db()
    assert job.status == "ready" and job.counts["new"] == MESSY_VALID
    partial = client.get(reverse("registry:import_job", args=[job.pk]), headers={"HX-Request": "true"})
    assert partial.headers["HX-Refresh"] == "true"
