"""The periodic report on the web, on the demo: opened by the Centre for a period, its figures linked
to their records, sections II–IV written from the suggestions, versions kept with their files, and
every other persona refused as the permission table says (docs/permissions.md "Reports")."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from khuyencong.audit.models import AuditEntry
from khuyencong.reports.models import PeriodicReport
from khuyencong.tests.wordfiles import docx_text

from .report_samples import rows_after_headings

SEED = ("1.380", "936", "485", "451", "341,7", "57,25%", "70,45%")
NINE_MONTHS = {"province": "", "kind": "m9", "year": "2015", "grouping": "as_then"}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def opened(demo, personas):
    """The Centre opens the 9-month 2015 report of Hưng Yên; returns (client, report)."""
    client = client_of(personas["centre_staff"])
    response = client.post(reverse("reports:report_index"), {**NINE_MONTHS, "province": demo.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client, PeriodicReport.objects.get()


def test_the_centre_opens_the_nine_month_report_and_reads_the_seeds_figures_with_their_records(opened):
    client, report = opened
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    for figure in SEED:
        assert figure in page, figure
    assert "9 tháng đầu năm 2015" in page
    assert "11355/QĐ-BCT" in page and "1744/QĐ-UBND" in page
    # Each figure group links to the records it counts, and those records to their own pages.
    records_url = reverse("reports:report_records", args=[report.pk, "local_plan"])
    assert records_url in page
    records = client.get(records_url).content.decode()
    assert 'href="/projects/' in records
    assert "Không có hồ sơ" not in records
    # A figure's own link narrows the group to the records it sums: the same period of 2014 is 217,3.
    previous = f"{records_url}?part=previous"
    assert previous.replace("&", "&amp;") in page
    listed = client.get(previous).context["page"]
    assert listed.object_list and {row["part"] for row in listed.object_list} == {"Cùng kỳ năm trước"}
    assert sum(
        Decimal(row["amount"].replace(".", "").replace(",", ".")) for row in listed.object_list
    ) == Decimal("217.3")
    # A status count of the projects table lists the projects it counts; an unknown value lists none.
    projects_url = reverse("reports:report_records", args=[report.pk, "projects"])
    by_status = client.get(reverse("reports:report_detail", args=[report.pk])).context["figures"]["projects"][
        "by_status"
    ]
    status, count = next((code, n) for code, n in by_status.items() if n)
    counted = client.get(f"{projects_url}?status={status}").context["page"].object_list
    assert len(counted) == count and all("/projects/" in row["url"] for row in counted)
    assert client.get(f"{projects_url}?status=<script>").context["page"].object_list == []
    # Asking for the same period again opens the same report.
    again = client.post(reverse("reports:report_index"), {**NINE_MONTHS, "province": report.province_id})
    assert again["Location"] == reverse("reports:report_detail", args=[report.pk])
    assert PeriodicReport.objects.count() == 1


def test_the_editor_starts_from_the_records_and_each_save_is_a_version_with_its_files(opened, personas):
    client, report = opened
    editor = client.get(reverse("reports:report_edit", args=[report.pk])).content.decode()
    # The suggestions come from the records: the local plan's money and what lies behind.
    assert "341,7" in editor and "Kế hoạch khuyến công địa phương" in editor
    texts = {
        "achievements": "- Đào tạo nghề cho lao động nông thôn",
        "shortcomings": "- Hồ sơ còn phức tạp với hộ kinh doanh",
        "next_tasks": "- Hướng dẫn cơ sở lập hồ sơ",
        "recommendations": "- Bố trí cán bộ khuyến công cấp xã",
        "note": "Bản trình lãnh đạo",
    }
    response = client.post(reverse("reports:report_edit", args=[report.pk]), texts)
    assert response.status_code == 302
    version = report.versions.get()
    assert version.number == 1 and version.figures["local_plan"]["disbursed_display"] == "341,7"
    assert AuditEntry.objects.filter(action="reports.reportversion.created").count() == 1

    word = client.get(reverse("reports:report_file", args=[report.pk, 1, "docx"]))
    assert word.status_code == 200 and "filename*=UTF-8''" in word["Content-Disposition"]
    text = docx_text(word.content)
    for figure in SEED:
        assert figure in text, figure
    assert "Hồ sơ còn phức tạp với hộ kinh doanh" in text
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("reports:report_file", args=[report.pk, 1, "xlsx"])).content)
    )
    local = rows_after_headings(
        [list(r) for r in book["Kế hoạch KCĐP theo đợt"].iter_rows(values_only=True)], "Đợt"
    )
    assert [row[3:6] for row in local[:3]] == [
        [485, 341.7, "70,45%"],
        [451, 0, "0,00%"],
        [936, 341.7, "36,51%"],
    ]
    assert local[3][4:6] == [217.3, "+57,25%"]  # the same period of 2014, in triệu đồng
    pdf = client.get(reverse("reports:report_file", args=[report.pk, 1, "pdf"]))
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for figure in SEED:
        assert figure in pdf_text, figure

    # The leader edits on: version 2, and version 1's file is what it was.
    leader = client_of(personas["leader"])
    form = leader.get(reverse("reports:report_edit", args=[report.pk])).content.decode()
    assert "Hồ sơ còn phức tạp với hộ kinh doanh" in form  # the last version, not the suggestions again
    leader.post(reverse("reports:report_edit", args=[report.pk]), {**texts, "shortcomings": "- Khác"})
    assert list(report.versions.values_list("number", flat=True).order_by("number")) == [1, 2]
    again = docx_text(client.get(reverse("reports:report_file", args=[report.pk, 1, "docx"])).content)
    assert "Hồ sơ còn phức tạp với hộ kinh doanh" in again and "- Khác" not in again


@pytest.mark.parametrize(
    ("persona", "reading", "writing"),
    [
        ("finance", 200, 403),
        ("ministry", 200, 403),
        ("other_province_staff", 404, 404),
        ("commune_officer", 403, 403),
        ("establishment_rep", 403, 403),
    ],
)
def test_others_read_or_are_refused_as_the_table_says_and_change_nothing(
    opened, personas, persona, reading, writing
):
    _client, report = opened
    client = client_of(personas[persona])
    assert client.get(reverse("reports:report_detail", args=[report.pk])).status_code == reading
    response = client.post(
        reverse("reports:report_edit", args=[report.pk]), {"achievements": "Sửa trái phép"}
    )
    assert response.status_code == writing
    assert not report.versions.exists()
    # Nor may they open a province's report, but the Ministry, which reads every province's: it is
    # taken to the report the province opened for that period, not a second one.
    opening = client.post(reverse("reports:report_index"), {**NINE_MONTHS, "province": report.province_id})
    if persona == "ministry":
        assert f'value="{report.province_id}"' in client.get(reverse("reports:report_index")).content.decode()
        assert opening.status_code == 302
        assert opening["Location"] == reverse("reports:report_detail", args=[report.pk])
    else:
        assert opening.status_code in (400, 403, 404)
    assert PeriodicReport.objects.count() == 1


def test_a_bad_period_is_refused_with_what_and_where_and_the_form_keeps_it(demo, personas):
    client = client_of(personas["centre_staff"])
    response = client.post(
        reverse("reports:report_index"),
        {
            "province": demo.pk,
            "kind": "custom",
            "start": "30/09/2015",
            "end": "01/01/2015",
            "grouping": "as_then",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "30/09/2015" in page and "01/01/2015" in page  # what was typed stays
    assert "trước" in page  # "… kết thúc … trước khi bắt đầu …"
    assert not PeriodicReport.objects.exists()
    # Another province's id is not a choice for Hưng Yên's staff.
    other = client.post(reverse("reports:report_index"), {**NINE_MONTHS, "province": demo.pk + 100000})
    assert other.status_code == 400 and not PeriodicReport.objects.exists()


def test_a_province_report_gives_its_figures_files_before_any_version(
    opened, django_capture_on_commit_callbacks
):
    client, report = opened
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "Lập tệp theo số liệu hôm nay" in page
    assert reverse("reports:report_run_file", args=[report.pk, "docx"]) not in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("reports:report_run_start", args=[report.pk])).status_code == 302
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert reverse("reports:report_run_file", args=[report.pk, "docx"]) in page
    assert not report.versions.exists()
    word_file = client.get(reverse("reports:report_run_file", args=[report.pk, "docx"]))
    words = docx_text(b"".join(word_file.streaming_content))
    assert all(figure in words for figure in SEED)
    annex = client.get(reverse("reports:report_run_file", args=[report.pk, "xlsx"]))
    assert openpyxl.load_workbook(io.BytesIO(b"".join(annex.streaming_content))).sheetnames
