"""A report's figures and files made in the background, kept until the records behind them change.

The country's report reads every province's records: it is made by a task (docs/adr/0002), never in
a web request, and the page shows its progress. A run is tied to a data stamp (the dashboards'
stamps of the report's provinces and years, docs/adr/0014, with the report's latest version): while
the stamp holds, the run's files are the report's, and asking again gives the same run."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .periodic import PeriodicReport


class ReportRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    report = models.ForeignKey(
        PeriodicReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="runs"
    )
    stamp = models.CharField(_("state of the records"), max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=100, blank=True)
    figures = models.JSONField(_("figures"), null=True, blank=True, editable=False)
    docx = models.FileField(_("Word file"), upload_to="reports/runs/", blank=True)
    xlsx = models.FileField(_("Excel annex"), upload_to="reports/runs/", blank=True)
    # The country's report: every record behind its figures, one line each (reports/country.py).
    csv = models.FileField(_("list of records"), upload_to="reports/runs/", blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} — {self.get_status_display()}"

    @property
    def working(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def advance(self, progress: int, step: str) -> None:
        """Say how far the task is: an UPDATE outside any transaction, so the page sees it at once."""
        ReportRun.objects.filter(pk=self.pk).update(status=self.Status.RUNNING, progress=progress, step=step)
        self.status, self.progress, self.step = self.Status.RUNNING, progress, step

    def finish(self, figures: dict, files: dict) -> None:
        for name, (file_name, content) in files.items():
            getattr(self, name).save(file_name, content, save=False)
        self.figures = figures
        self.status, self.progress, self.step = self.Status.DONE, 100, ""
        self.finished_at = timezone.now()
        self.save()

    def fail(self, message: str) -> None:
        self.status, self.error, self.finished_at = self.Status.FAILED, message, timezone.now()
        self.save(update_fields=["status", "error", "finished_at"])
