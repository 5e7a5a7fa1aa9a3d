"""Background work of the reports, through Django's Tasks API (docs/adr/0002)."""

from django.tasks import task

from .runs import make_run


@task()
def report_task(run_id: int) -> None:
    make_run(run_id)
