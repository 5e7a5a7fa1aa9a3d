"""A trainee list uploaded for one course: checked (the preview), then imported or left.

The same steps as the registry's import job (registry/models.py `ImportJob`): the workbook is kept
in private storage and read only by a task worker (docs/adr/0011-hostile-files.md), the preview's
counts and rows are kept here, and confirming writes the list in one transaction
(activities/trainee_import.py). It belongs to the course: whoever runs the course's project sees
and confirms it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.registry.models import ImportRun
from khuyencong.uploads import private_storage

from .training import Course


def trainee_import_path(instance, filename: str) -> str:
    return f"trainee-imports/{instance.pk}.xlsx"


class TraineeImport(ImportRun):
    """One trainee list uploaded for a course."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="trainee_imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=trainee_import_path, storage=private_storage)
    invalid_file = models.FileField(
        upload_to="trainee-imports/invalid/", storage=private_storage, null=True, blank=True
    )

    class Meta(ImportRun.Meta):
        verbose_name = _("trainee list import")
        verbose_name_plural = _("trainee list imports")
