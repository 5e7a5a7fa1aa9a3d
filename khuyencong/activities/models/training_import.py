"""A trainee list uploaded for one course: checked (the preview), then imported or left.

The same steps as the registry's import job (registry/models.py `ImportJob`): the workbook is kept
in private storage and read only by a task worker (docs/adr/0011-hostile-files.md), the preview's
counts and rows are kept here, and confirming writes the list in one transaction
(activities/trainee_import.py). It belongs to the course: whoever runs the course's project sees
and confirms it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khuyencong.audit.log import action_code, record
from khuyencong.registry.models import TransitionError
from khuyencong.uploads import private_storage

from .training import Course


def trainee_import_path(instance, filename: str) -> str:
    return f"trainee-imports/{instance.pk}.xlsx"


class TraineeImport(models.Model):
    class Status(models.TextChoices):
        ANALYSING = "analysing", _("Checking the rows")
        READY = "ready", _("Ready to import")
        COMMITTING = "committing", _("Importing")
        DONE = "done", pgettext_lazy("import status", "Imported")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="trainee_imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=trainee_import_path, storage=private_storage)
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ANALYSING)
    counts = models.JSONField(default=dict)
    invalid_preview = models.JSONField(default=list)
    valid_preview = models.JSONField(default=list)
    invalid_file = models.FileField(
        upload_to="trainee-imports/invalid/", storage=private_storage, null=True, blank=True
    )
    error = models.TextField(blank=True)

    PREVIEW_ROWS = 200

    class Meta:
        verbose_name = _("trainee list import")
        verbose_name_plural = _("trainee list imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def running(self) -> bool:
        return self.status in (self.Status.ANALYSING, self.Status.COMMITTING)

    @property
    def valid_rows(self) -> int:
        return sum(self.counts.get(k, 0) for k in ("new", "updated", "unchanged"))

    @property
    def importable(self) -> bool:
        """Whether confirming would write anything: a new or a changed row."""
        return self.counts.get("new", 0) + self.counts.get("updated", 0) > 0

    @property
    def actor(self):
        """Whose scope the rows are read in: the confirmer's once confirmed, else the uploader's."""
        return (
            self.confirmed_by
            if self.status in (self.Status.COMMITTING, self.Status.DONE)
            else self.created_by
        )

    def start_commit(self, by) -> None:
        with transaction.atomic():
            locked = TraineeImport.objects.select_for_update().get(pk=self.pk)
            if locked.status != self.Status.READY:
                raise TransitionError(_("Only a checked import that is ready can be imported."))
            if not locked.importable:
                raise TransitionError(_("This list has no new or changed row to import."))
            self.status = self.Status.COMMITTING
            self.confirmed_by = by
            self.save(update_fields=["status", "confirmed_by"])
            record(by, self, action_code(self, "confirmed"), {"file": [None, self.original_name]})

    def finish(self, report, invalid_file: bytes | None) -> None:
        from django.core.files.base import ContentFile

        self.counts = report.counts
        self.invalid_preview = [
            {"row": row.number, "reasons": row.reasons} for row in report.invalid[: self.PREVIEW_ROWS]
        ]
        self.valid_preview = report.valid[: self.PREVIEW_ROWS]
        if invalid_file:
            self.invalid_file.save(f"{self.pk}-invalid.xlsx", ContentFile(invalid_file), save=False)
        self.status = self.Status.DONE if self.status == self.Status.COMMITTING else self.Status.READY
        self.finished_at = timezone.now()
        self.save()

    def fail(self, message: str) -> None:
        self.status = self.Status.FAILED
        self.error = message
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "error", "finished_at"])
