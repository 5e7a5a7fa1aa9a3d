"""Background work of the registry, through Django's Tasks API."""

import logging

from django.conf import settings
from django.tasks import task
from django.utils import translation

from khuyencong.accounts.scopes import Scope

from .establishment_import import EstablishmentImporter, ImportFileError, invalid_rows_workbook
from .models import ImportJob

log = logging.getLogger(__name__)


def run_import(job_id: str) -> None:
    """Check (or, for a job being committed, import) the job's workbook and record the result."""
    job = ImportJob.objects.select_related("created_by", "confirmed_by", "default_province").get(pk=job_id)
    committing = job.status == ImportJob.Status.COMMITTING
    with translation.override(settings.LANGUAGE_CODE), job.file.open("rb") as source:
        importer = EstablishmentImporter(
            source,
            default_province=job.default_province,
            actor=job.actor,
            scope=Scope.of(job.actor),
            progress=job.report_progress,
            name=job.original_name,
        )
        try:
            report = importer.commit() if committing else importer.analyse()[0]
        except ImportFileError as exc:
            job.fail(str(exc))
            return
        except Exception:
            log.exception("import %s failed", job_id)
            job.fail(translation.gettext("The import failed unexpectedly; nothing was saved."))
            return
        job.finish(report, invalid_rows_workbook(report) if report.invalid else None)


@task()
def import_task(job_id: str) -> None:
    run_import(job_id)
