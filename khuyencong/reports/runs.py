"""Making a report in the background: the stamp that says whether a run is still the report's, the
task's work, and starting a run once per stamp (docs/adr/0002 for the tasks, docs/adr/0014 for the
stamps)."""

from __future__ import annotations

import logging
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation

from . import country, documents, periodic
from .models import PeriodicReport, ReportRun, SummaryStamp

log = logging.getLogger(__name__)


def report_stamp(report: PeriodicReport) -> str:
    """The state of everything the report's figures are made of: the stamps of its provinces (all of
    them for the country) for its year and the year before. Any committed change of their records
    moves one of them. What staff write is not in it: a version's files are made from the figures
    the version keeps."""
    year = report.period().year
    stamps = SummaryStamp.digest([year, year - 1], report.province_id) or "no stamp"
    return f"{stamps}:{report.grouping!s}"


def current_run(report: PeriodicReport) -> ReportRun | None:
    """The run of the report's present state, waiting, working or done (None: none, or it failed)."""
    return (
        report.runs.filter(stamp=report_stamp(report))
        .exclude(status=ReportRun.Status.FAILED)
        .order_by("-created_at", "-pk")
        .first()
    )


def start_run(report: PeriodicReport, by) -> ReportRun:
    """The run of the report's present state: the one there is, or a new one handed to a worker."""
    from .tasks import report_task

    with transaction.atomic():
        PeriodicReport.objects.select_for_update().get(pk=report.pk)  # one run per stamp, even at once
        run = current_run(report)
        if run is None:
            run = ReportRun.objects.create(report=report, stamp=report_stamp(report), requested_by=by)
            transaction.on_commit(partial(report_task.enqueue, run.pk))
    return run


def make_run(run_id: int) -> None:
    """The task's work: the figures, then the Word file (sections II–IV left to the versions) and the
    Excel annex, saying how far it is; for the country also the list of every record, while the
    figures it keeps (and its papers show) are summarised per province (reports/country.py).
    Made for everyone who may read the report (scope: the whole province, or every province), so one
    run serves them all. In Vietnamese: the files are Vietnamese documents."""
    run = ReportRun.objects.select_related("report__province").get(pk=run_id)
    report = run.report
    try:
        with translation.override("vi"):
            run.advance(5, "figures")
            figures = periodic.build(report.period(), province=report.province, grouping=report.grouping)
            files = {}
            if report.province_id is None:
                run.advance(50, "records")
                files["csv"] = (country.records_filename(figures), ContentFile(country.records_csv(figures)))
                figures = country.summarise(figures)
            run.advance(65, "docx")
            files["docx"] = (
                documents.periodic_filename(figures, "docx"),
                ContentFile(documents.periodic_docx(figures)),
            )
            run.advance(85, "xlsx")
            files["xlsx"] = (
                documents.periodic_filename(figures, "xlsx"),
                ContentFile(documents.periodic_xlsx(figures)),
            )
            run.finish(figures, files)
    except Exception as error:
        log.exception("report run %s failed", run_id)
        run.fail(f"{type(error).__name__}: {error}")
