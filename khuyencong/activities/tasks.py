"""Background work of the activities: checking and importing trainee lists (docs/adr/0011-hostile-files.md:
no request opens an uploaded workbook)."""

import logging

from django.conf import settings
from django.tasks import task
from django.utils import translation

from khuyencong.registry.establishment_import import invalid_rows_workbook
from khuyencong.registry.workbook import ImportFileError

from .models import TraineeImport
from .trainee_import import TraineeImporter

log = logging.getLogger(__name__)


def run_trainee_import(job_id: str) -> None:
    """Check (or, for a job being committed, import) the job's list and record the result."""
    job = TraineeImport.objects.select_related(
        "course__project__current_province", "created_by", "confirmed_by"
    ).get(pk=job_id)
    committing = job.status == TraineeImport.Status.COMMITTING
    with translation.override(settings.LANGUAGE_CODE), job.file.open("rb") as source:
        importer = TraineeImporter(source, course=job.course, actor=job.actor, name=job.original_name)
        try:
            report = importer.commit() if committing else importer.analyse()[0]
        except ImportFileError as exc:
            job.fail(str(exc))
            return
        except Exception:
            log.exception("trainee import %s failed", job_id)
            job.fail(translation.gettext("The import failed unexpectedly; nothing was saved."))
            return
        job.finish(report, invalid_rows_workbook(report) if report.invalid else None)


@task()
def trainee_import_task(job_id: str) -> None:
    run_trainee_import(job_id)
