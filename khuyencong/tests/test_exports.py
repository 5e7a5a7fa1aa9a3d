"""Every export URL, found in the URLconf, hands out text that starts like a formula as text.

Records whose text fields start with "=", "+", "-", "@", a tab or a carriage return are exported
by a persona who may see them; every xlsx is read back with openpyxl (no cell is a formula, the
text is there) and every CSV with the csv module (each such value begins with an apostrophe).
An export URL this test does not know makes it fail: add it to `exports()`.
"""

import csv
import datetime
import io
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from khuyencong.activities.models import Course, Event, MediaItem, Trainee, TraineeImport
from khuyencong.exporting import Table, to_xlsx
from khuyencong.plans.models import Batch, FundingSource, Plan
from khuyencong.projects.tests.conftest import draft_project
from khuyencong.registry.models import ActivityType, CraftVillage, Establishment, ImportJob, Need

ATTACKS = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
# Funding source codes hold 10 characters.
SHORT_ATTACKS = ["=1+1", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
M = 1_000_000


def export_urls() -> dict[str, str]:
    """Every named URL that hands out a file: name ends in export/_xlsx/_csv, or route in .xlsx/.csv."""
    found = {}

    def walk(patterns, namespace: str, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = namespace + pattern.name
                bare = route.rstrip("$")
                if name.endswith(("export", "_xlsx", "_csv")) or bare.endswith((".xlsx", ".csv")):
                    found[name] = route

    walk(get_resolver().url_patterns, "", "")
    return found


@pytest.fixture
def poisoned(personas, registry, programme, hy_communes, django_capture_on_commit_callbacks):
    """Records in Hưng Yên whose every exported text field starts like a formula, one attack each."""
    home = hy_communes["home"]
    training = ActivityType.objects.get(code="1", effective_to__isnull=True)
    staff = personas["centre_staff"]
    today = programme["today"]
    # "figures": a workbook of sums only (the dashboards'), where no typed text stands in a cell of its own.
    texts = {name: [] for name in ("establishments", "needs", "villages", "projects", "plans", "figures")}
    for n, (attack, short) in enumerate(zip(ATTACKS, SHORT_ATTACKS, strict=True)):
        village = CraftVillage.objects.create(
            name=f"{attack} làng", craft=f"{attack} nghề", recognition_number=f"{attack}/QĐ", commune=home
        )
        est = Establishment.objects.create(
            name=f"{attack} cơ sở {n}",
            legal_form=Establishment.LegalForm.HOUSEHOLD,
            commune=home,
            representative=f"{attack} đại diện",
            address=f"{attack} thôn",
            trade=f"{attack} ngành",
            main_products=f"{attack} sản phẩm",
            craft_village=village,
        )
        need = Need.objects.create(
            establishment=est,
            commune=home,
            activity_type=training,
            description=f"{attack} mô tả",
            status_reason=f"{attack} lý do",
            collected_by=Need.Collector.SURVEY,
        )
        contact = Need.objects.create(
            commune=home,
            contact_name=f"{attack} người liên hệ",
            contact_phone="0912345678",
            activity_type=training,
            description=f"{attack} khảo sát",
            collected_by=Need.Collector.SURVEY,
        )
        source = FundingSource.objects.create(code=short, name=f"{attack} nguồn", kind="local", order=90 + n)
        plan = Plan.objects.create(
            province=programme["province"], year=today.year, source=source, title=f"{attack} kế hoạch"
        )
        programme["batches"][short] = Batch.objects.create(
            plan=plan, number=1, amount=100 * M, approved_on=today - datetime.timedelta(days=10)
        )
        project = draft_project(programme, personas, 10 * M, source=short, title=f"{attack} đề án")
        for record in (village, est, need, contact, source, project):
            record.refresh_from_db()  # compare with what was stored (names are cleaned on save)
        texts["villages"] += [village.name, village.craft, village.recognition_number]
        texts["establishments"] += [est.name, est.representative, est.address, est.trade]
        texts["establishments"] += [est.main_products, village.name]
        texts["needs"] += [est.name, need.description, need.status_reason, contact.description]
        texts["needs"] += [f"{contact.contact_name} {contact.contact_phone}"]
        texts["projects"] += [project.title, source.code]
        texts["plans"] += [source.code]
    texts.update(_poisoned_activities(project, staff, today))
    # An upload whose rows are invalid (no such commune): they come back as the uploader typed them.
    # (Written by our exporter, so the cells are text; a plain openpyxl workbook would make formulas.)
    rows = [[f"{attack} tải lên", "Xã Không Có", f"{attack} ghi chú"] for attack in ATTACKS]
    upload = io.BytesIO(to_xlsx(Table("Danh sách", ["Tên cơ sở", "Xã/Phường/Thị trấn", "Ghi chú"], rows)))
    upload.name = "danh-sach.xlsx"
    client = Client()
    client.force_login(staff)
    # The upload goes to the worker when the request commits (the immediate backend runs it then).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_upload"), {"file": upload})
    job = ImportJob.objects.get(created_by=staff)
    assert job.invalid_file
    texts["invalid"] = [value for row in rows for value in (row[0], row[2])]
    # A trainee list whose rows are invalid (no year of birth): the same, through the trainee import.
    course = Course.objects.filter(project=project).first()
    rows = [[f"{attack} học viên tải lên", "không rõ"] for attack in ATTACKS]
    upload = io.BytesIO(to_xlsx(Table("Danh sách", ["Họ và tên", "Năm sinh"], rows)))
    upload.name = "hoc-vien.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("activities:trainee_import", args=[course.pk]), {"file": upload})
    trainee_list = TraineeImport.objects.get(course=course)
    assert trainee_list.invalid_file
    texts["trainee_invalid"] = [row[0] for row in rows]
    return {
        "texts": texts,
        "job": job,
        "trainee_list": trainee_list,
        "province": programme["province"],
        "year": today.year,
    }


def _poisoned_activities(project, staff, today) -> dict[str, list[str]]:
    """A course with a trainee, an event and a media item on the project, for each attack."""
    texts = {"courses": [], "trainees": [], "events": [], "media": []}
    for n, attack in enumerate(ATTACKS):
        course = Course.objects.create(
            project=project,
            title=f"{attack} lớp",
            trade=f"{attack} nghề",
            venue=f"{attack} nhà văn hóa",
            start_on=today,
            end_on=today,
            planned_trainees=10,
        )
        trainee = Trainee.objects.create(
            course=course, full_name=f"{attack} học viên {n}", birth_year=1990, ethnicity=f"{attack} dân tộc"
        )
        event = Event.objects.create(
            project=project,
            kind=Event.Kind.CONFERENCE,
            title=f"{attack} hội nghị",
            organiser=f"{attack} đơn vị",
            start_on=today,
            end_on=today,
        )
        item = MediaItem.objects.create(
            project=project, kind="tv", channel=f"{attack} kênh", published_on=today, title=f"{attack} tin"
        )
        for record in (course, trainee, event, item):
            record.refresh_from_db()
        texts["courses"] += [course.title, course.trade, course.venue]
        texts["trainees"] += [trainee.full_name, trainee.ethnicity, course.title]
        texts["events"] += [event.title, event.organiser]
        texts["media"] += [item.channel, item.title]
    return texts


def exports(poisoned) -> dict[str, tuple[str, str]]:
    """Each export URL's name → (its address, the kind of records it holds)."""
    province_pk, year = poisoned["province"].pk, poisoned["year"]
    return {
        "registry:establishment_export": (reverse("registry:establishment_export"), "establishments"),
        "registry:establishment_export_csv": (
            reverse("registry:establishment_export_csv"),
            "establishments",
        ),
        "registry:need_export": (reverse("registry:need_export"), "needs"),
        "registry:need_export_csv": (reverse("registry:need_export_csv"), "needs"),
        "registry:village_export": (reverse("registry:village_export"), "villages"),
        "registry:village_export_csv": (reverse("registry:village_export_csv"), "villages"),
        "registry:import_invalid_rows": (
            reverse("registry:import_invalid_rows", args=[poisoned["job"].pk]),
            "invalid",
        ),
        "projects:export": (reverse("projects:export"), "projects"),
        "projects:export_csv": (reverse("projects:export_csv"), "projects"),
        "reports:execution_xlsx": (reverse("reports:execution_xlsx", args=[province_pk, year]), "plans"),
        "reports:execution_csv": (reverse("reports:execution_csv", args=[province_pk, year]), "plans"),
        "reports:overview_xlsx": (reverse("reports:overview_xlsx", args=[year]), "plans"),
        "reports:dashboard_xlsx": (
            reverse("reports:dashboard_xlsx", args=["execution"]) + f"?year={year}&province={province_pk}",
            "figures",
        ),
        "reports:overview_csv": (reverse("reports:overview_csv", args=[year]), "plans"),
        "activities:course_export": (reverse("activities:course_export"), "courses"),
        "activities:course_export_csv": (reverse("activities:course_export_csv"), "courses"),
        "activities:trainee_export": (reverse("activities:trainee_export"), "trainees"),
        "activities:trainee_export_csv": (reverse("activities:trainee_export_csv"), "trainees"),
        "activities:event_export": (reverse("activities:event_export"), "events"),
        "activities:event_export_csv": (reverse("activities:event_export_csv"), "events"),
        "activities:media_export": (reverse("activities:media_export"), "media"),
        "activities:media_export_csv": (reverse("activities:media_export_csv"), "media"),
        "activities:trainee_import_invalid": (
            reverse(
                "activities:trainee_import_invalid",
                args=[poisoned["trainee_list"].course_id, poisoned["trainee_list"].pk],
            ),
            "trainee_invalid",
        ),
    }


def test_the_url_walk_finds_the_exports():
    found = export_urls()
    assert {"registry:establishment_export", "projects:export", "reports:overview_csv"} <= set(found)
    assert "registry:establishment_list" not in found and "reports:execution_json" not in found


@pytest.mark.django_db
def test_no_export_turns_text_into_a_formula(personas, poisoned):
    known = exports(poisoned)
    assert set(export_urls()) == set(known), "an export URL this test does not exercise (add it)"
    client = Client()
    client.force_login(personas["centre_staff"])
    for name, (url, kind) in known.items():
        response = client.get(url)
        assert response.status_code == 200, name
        content = b"".join(response.streaming_content) if response.streaming else response.content
        texts = poisoned["texts"][kind]
        assert all(text.startswith(FORMULA_STARTS) for text in texts), texts
        if content.startswith(b"PK"):
            check_xlsx(name, content, texts)
        else:
            assert response["Content-Type"].startswith("text/csv"), name
            check_csv(name, content, texts)


def check_xlsx(name: str, content: bytes, texts: list[str]) -> None:
    cells = [cell for row in load_workbook(io.BytesIO(content)).active.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == [], name
    values = {cell.value for cell in cells if cell.data_type == "s"}
    # XML reads a carriage return back as a line feed; every other character is kept.
    missing = [text for text in texts if text.replace("\r", "\n") not in values]
    assert missing == [], name
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            assert cell.quotePrefix, (name, cell.coordinate)


def check_csv(name: str, content: bytes, texts: list[str]) -> None:
    assert content.startswith(b"\xef\xbb\xbf"), name  # the BOM Excel needs for Vietnamese
    fields = [
        field for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")) for field in row
    ]
    missing = [text for text in texts if "'" + text not in fields]
    assert missing == [], name
    live = [f for f in fields if f.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(f)]
    assert live == [], name


@pytest.mark.django_db
def test_every_export_is_named_in_vietnamese_and_every_xlsx_has_widths_and_frozen_headings(
    personas, poisoned
):
    """One shape for every workbook (khuyencong/exporting.py) and one way to name a download."""
    from urllib.parse import unquote

    client = Client()
    client.force_login(personas["centre_staff"])
    day = f"{datetime.date.today():%d-%m-%Y}"
    for name, (url, _kind) in exports(poisoned).items():
        response = client.get(url)
        header = response["Content-Disposition"]
        assert header.startswith('attachment; filename="'), name
        ascii_part = header.split('filename="', 1)[1].split('"', 1)[0]
        assert ascii_part.isascii() and " " not in ascii_part, (name, header)
        readable = unquote(header.split("filename*=UTF-8''", 1)[1])
        # The invalid rows of an upload are named after the file uploaded, not the place and the day.
        if name not in ("registry:import_invalid_rows", "activities:trainee_import_invalid"):
            assert "Tỉnh Hưng Yên" in readable and day in readable, (name, readable)
        assert not readable.isascii(), (name, readable)  # the Vietnamese letters are kept
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if not content.startswith(b"PK"):
            continue
        sheet = load_workbook(io.BytesIO(content)).active
        assert sheet.freeze_panes, name
        heading_row = int(re.sub(r"\D", "", sheet.freeze_panes)) - 1
        headings = [cell.value for cell in sheet[heading_row] if cell.value is not None]
        assert headings, name
        for index in range(1, len(headings) + 1):
            letter = sheet.cell(row=heading_row, column=index).column_letter
            assert sheet.column_dimensions[letter].width and sheet.column_dimensions[letter].width >= 6, (
                name,
                letter,
            )


@pytest.mark.django_db
def test_a_document_downloads_under_its_own_vietnamese_name(personas, poisoned):
    from urllib.parse import unquote

    from django.core.files.base import ContentFile

    from khuyencong.documents.models import Document
    from khuyencong.tests.world import pdf_bytes

    document = Document.objects.create(
        symbol="36/2025/QĐ-UBND",
        issued_on=datetime.date(2025, 3, 1),
        issuer="UBND tỉnh Hưng Yên",
        summary="Quy định mức hỗ trợ",
        province=poisoned["province"],
        file=ContentFile(pdf_bytes(), name="quyet-dinh.pdf"),
    )
    client = Client()
    client.force_login(personas["centre_staff"])
    response = client.get(reverse("documents:file", args=[document.pk]))
    header = response["Content-Disposition"]
    readable = unquote(header.split("filename*=UTF-8''", 1)[1])
    assert readable == f"{document.type_label} {document.symbol.replace('/', '-')}.pdf"
    assert header.split('filename="', 1)[1].split('"', 1)[0].isascii()
