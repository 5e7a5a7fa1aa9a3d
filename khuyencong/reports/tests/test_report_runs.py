"""The country's report is made in the background (docs/adr/0002): the page never computes it, shows
the run's progress, then its figures and files; the run is kept until the records change."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from khuyencong.audit.log import save_audited
from khuyencong.plans.models import Plan
from khuyencong.reports import periodic
from khuyencong.reports.models import PeriodicReport, ReportRun
from khuyencong.reports.runs import current_run
from khuyencong.tests.wordfiles import docx_text

from .report_samples import in_millions, read_millions, rows_after_headings, sheets


@pytest.fixture
def ministry(personas) -> Client:
    client = Client()
    client.force_login(personas["ministry"])
    return client


@pytest.fixture
def national(demo, personas):
    """The Ministry opens the 9-month 2015 report of the whole country."""
    client = Client()
    client.force_login(personas["ministry"])
    form = {"province": "national", "kind": "m9", "year": "2015", "grouping": "as_then"}
    assert client.post(reverse("reports:report_index"), form).status_code == 302
    return PeriodicReport.objects.get(province__isnull=True)


def test_the_countrys_report_is_made_once_in_the_background_and_kept_until_the_records_change(
    national, ministry, personas, django_capture_on_commit_callbacks
):
    detail = reverse("reports:report_detail", args=[national.pk])
    page = ministry.get(detail).content.decode()
    assert "Tạo báo cáo" in page and "341,7" not in page  # nothing computed in the request

    with django_capture_on_commit_callbacks(execute=True):
        response = ministry.post(reverse("reports:report_run_start", args=[national.pk]))
    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert run.status == ReportRun.Status.DONE and run.progress == 100
    page = ministry.get(detail).content.decode()
    for figure in ("1.380", "936", "341,7", "+57,25%"):
        assert figure in page, figure
    word = ministry.get(reverse("reports:report_run_file", args=[national.pk, "docx"]))
    assert word.status_code == 200 and "341,7" in docx_text(b"".join(word.streaming_content))

    # Asked again with nothing changed: the same run, no new work.
    with django_capture_on_commit_callbacks(execute=True):
        ministry.post(reverse("reports:report_run_start", args=[national.pk]))
    assert ReportRun.objects.count() == 1

    # A change of a record the figures read moves the stamp: the run is no longer the report's.
    plan = Plan.objects.filter(year=2015).first()
    plan.title += " (sửa)"
    with django_capture_on_commit_callbacks(execute=True):
        save_audited(plan, personas["centre_staff"])
    assert current_run(national) is None
    assert "Tạo báo cáo" in ministry.get(detail).content.decode()


def test_while_the_run_works_the_page_shows_its_progress_and_the_editor_waits(national, ministry, personas):
    ReportRun.objects.create(
        report=national, stamp=_stamp(national), status=ReportRun.Status.RUNNING, progress=60
    )
    page = ministry.get(reverse("reports:report_detail", args=[national.pk])).content.decode()
    assert 'value="60"' in page and 'hx-trigger="every 2s"' in page
    assert (
        ministry.get(reverse("reports:report_records", args=[national.pk, "local_plan"])).status_code == 302
    )
    assert ministry.get(reverse("reports:report_run_file", args=[national.pk, "docx"])).status_code == 404


def test_the_countrys_papers_go_by_province_and_its_list_of_records_holds_every_record(
    national, ministry, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ministry.post(reverse("reports:report_run_start", args=[national.pk]))
    run = ReportRun.objects.get()
    with translation.override("vi"):
        full = periodic.build(national.period())

    # The Word file: a line per province, no row per task.
    word = docx_text(
        b"".join(
            ministry.get(reverse("reports:report_run_file", args=[national.pk, "docx"])).streaming_content
        )
    )
    assert "Kinh phí khuyến công địa phương theo tỉnh, thành phố" in word and "Cả nước" in word

    # The annex: the province's line holds the province's own figures; the records are counted.
    book = sheets(
        b"".join(
            ministry.get(reverse("reports:report_run_file", args=[national.pk, "xlsx"])).streaming_content
        )
    )
    local = rows_after_headings(book["KCĐP theo tỉnh"], "Mã tỉnh")
    hung_yen = next(row for row in local if row[1] == "Hưng Yên")
    assert hung_yen[2:4] == [936, 341.7] and hung_yen[5:7] == [217.3, "+57,25%"]  # triệu đồng
    assert local[-1][1] == "Cả nước" and read_millions(local[-1][2]) == in_millions(
        full["local_plan"]["planned"]
    )
    counted = rows_after_headings(book["Hồ sơ - tổng hợp"], "Nhóm số liệu")
    assert sum(row[2] for row in counted) == sum(len(rows) for rows in full["records"].values())
    assert "Kế hoạch KCQG" not in book  # the tasks are counted per province, listed in the records file

    # The list of records: every record of every group, once, with its amount.
    response = ministry.get(reverse("reports:report_run_file", args=[national.pk, "csv"]))
    assert response.status_code == 200 and '.csv"' in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    listed = rows_after_headings(lines, "Nhóm số liệu")
    expected = [record for rows in full["records"].values() for record in rows]
    assert sorted((int(row[3]), row[4]) for row in listed) == sorted((r["id"], r["label"]) for r in expected)
    assert sum(int(row[6] or 0) for row in listed) == sum(r["amount"] or 0 for r in expected)

    # The figures the run keeps are the summary: the page lists no task and no record.
    assert run.figures["summarised"] and run.figures["records"] == {}
    assert run.figures["national_plan"]["tasks_total"] == len(full["national_plan"]["tasks"])
    page = ministry.get(reverse("reports:report_records", args=[national.pk, "local_plan"])).content.decode()
    assert "Danh sách hồ sơ (CSV)" in page


def _stamp(report):
    from khuyencong.reports.runs import report_stamp

    return report_stamp(report)
