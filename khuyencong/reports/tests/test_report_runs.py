"""The country's report is made in the background (docs/adr/0002): the page never computes it, shows
the run's progress, then its figures and files; the run is kept until the records change."""

import pytest
from django.test import Client
from django.urls import reverse

from khuyencong.audit.log import save_audited
from khuyencong.plans.models import Plan
from khuyencong.reports.models import PeriodicReport, ReportRun
from khuyencong.reports.runs import current_run
from khuyencong.tests.wordfiles import docx_text


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


def _stamp(report):
    from khuyencong.reports.runs import report_stamp

    return report_stamp(report)
