"""What is kept on a project besides its status and money: the dossier, the appraisals,
milestones, monthly progress reports, monitoring visits and the acceptance record."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.permissions import Can
from khuyencong.audit.log import save_audited
from khuyencong.uploads import private_storage, stored_document_name, stored_photo_name


# A random name in the project's folder, with the extension of the type found in the content:
# the uploader's file name is trusted neither as a path nor for its extension.
def project_file_path(instance, filename: str) -> str:
    return stored_document_name(f"projects/{instance.project_id}", instance, "file")


def visit_photo_path(instance, filename: str) -> str:
    return stored_photo_name(f"projects/{instance.visit.project_id}/visits", instance, "image")


class DossierItem(models.Model):
    class Stage(models.TextChoices):
        APPLICATION = "application", _("Application")
        ACCEPTANCE = "acceptance", _("Acceptance")

    class ItemStatus(models.TextChoices):
        MISSING = "missing", _("Missing")
        PRESENT = "present", _("Uploaded")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Returned")
        # Asked for by the Centre during appraisal (Project.request_documents), with its own day.
        REQUESTED = "requested", _("Asked for by the Centre")

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="dossier_items")
    requirement = models.ForeignKey(
        "plans.DossierRequirement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    name = models.CharField(_("document"), max_length=250)
    required = models.BooleanField(_("required"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.MISSING
    )
    file = models.FileField(
        _("file"), upload_to=project_file_path, storage=private_storage, blank=True, max_length=200
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The day the Centre asked the paper to be sent by, when it asked for it.
    due_on = models.DateField(_("to be sent by"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dossier item")
        verbose_name_plural = _("dossier items")
        ordering = ["stage", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def satisfied(self) -> bool:
        return self.status in (self.ItemStatus.PRESENT, self.ItemStatus.ACCEPTED)

    def open_for_upload(self) -> bool:
        """Application documents until appraisal ends; acceptance documents while the work is done."""
        from .states import PAPERS_OPEN

        return self.project.status in PAPERS_OPEN[self.stage]

    def attach(self, upload, by) -> None:
        from .states import TransitionError

        if not self.project.acts_as(by, Can.APPLY):
            raise PermissionDenied
        if not self.open_for_upload():
            raise TransitionError(_("This document cannot be changed at this stage of the project."))
        self.file = upload
        self.status = self.ItemStatus.PRESENT
        self.updated_by = by
        save_audited(self, by, verb="uploaded")

    def ask_for(self, by, note: str, due_on) -> None:
        """The Centre asks for this paper (again) by a day; only Project.request_documents calls it,
        inside the step's transaction."""
        self.status, self.note, self.due_on, self.updated_by = self.ItemStatus.REQUESTED, note, due_on, by
        save_audited(self, by, verb="requested")

    def review(self, status: str, by, note: str = "") -> None:
        """The Centre accepts or returns an item, or records that it came on paper."""
        from .states import TransitionError

        if not self.project.acts_as(by, Can.RUN_PROJECTS):
            raise PermissionDenied
        if status not in (self.ItemStatus.ACCEPTED, self.ItemStatus.REJECTED):
            raise TransitionError(_("Unknown review status."))
        if status == self.ItemStatus.ACCEPTED and not self.file and not note:
            raise TransitionError(_("Say where the paper copy is kept, or wait for the upload."))
        self.status, self.note, self.updated_by = status, note, by
        save_audited(self, by, verb="reviewed")


class Appraisal(models.Model):
    """One appraisal step's scores and opinion; the Centre and the Department of Finance each keep their own."""

    class Step(models.TextChoices):
        CENTRE = "centre", _("Centre appraisal")
        FINANCE = "finance", _("Finance appraisal")

    class Conclusion(models.TextChoices):
        PASS = "pass", _("Passed")
        FAIL = "fail", _("Not passed")

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="appraisals")
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    scores = models.JSONField(_("scores"), default=dict, help_text=_("criterion id → score"))
    total_score = models.PositiveSmallIntegerField(_("total score"), default=0)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=0)
    comments = models.TextField(_("comments"))
    conclusion = models.CharField(_("conclusion"), max_length=5, choices=Conclusion.choices)
    appraiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The day the appraisal was made, which may be before it was entered (a file's history).
    appraised_on = models.DateField(_("appraisal date"), default=timezone.localdate)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["appraised_on", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.total_score}/{self.max_score}"


class Milestone(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("milestone"), max_length=250)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["due_on"], condition=models.Q(done_on__isnull=True), name="milestone_open")
        ]

    def __str__(self) -> str:
        return self.name

    def mark_done(self, by, on=None) -> None:
        if self.done_on:
            return
        self.done_on = on or timezone.localdate()
        save_audited(self, by, verb="done")


class ProgressReport(models.Model):
    """The monthly progress report (by the 25th for national projects)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="progress_reports")
    month = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    percent_done = models.PositiveSmallIntegerField(_("work done (%)"), validators=[MinValueValidator(0)])
    text = models.TextField(_("progress"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["month"]
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="progress_report_unique")]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}"

    def clean(self):
        if self.month and self.month.day != 1:
            self.month = self.month.replace(day=1)
        if self.percent_done is not None and self.percent_done > 100:
            raise ValidationError({"percent_done": _("At most 100%.")})


class MonitoringVisit(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visit date"))
    visitors = models.CharField(_("visited by"), max_length=300)
    findings = models.TextField(_("findings"))
    follow_up = models.TextField(_("follow-up required"), blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    # What was found to be fixed stays on the overdue list until someone says it was done.
    follow_up_done_on = models.DateField(_("follow-up done on"), null=True, blank=True)
    follow_up_result = models.CharField(_("follow-up result"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where the phone said the visit was made, when the officer let it tell (docs/self-service.md).
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    position_accuracy = models.PositiveIntegerField(_("position accuracy (m)"), null=True, blank=True)
    # Made by the phone's form before the first send: a resend after a lost answer finds the visit
    # already saved instead of making a second one.
    client_token = models.CharField(
        _("resend token"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")
        ordering = ["visited_on", "pk"]

    def __str__(self) -> str:
        return f"{self.visited_on:%d/%m/%Y} — {self.visitors}"

    def clean(self):
        if self.follow_up_due and not (self.follow_up or "").strip():
            raise ValidationError({"follow_up": _("Say what must be followed up by that date.")})
        if self.follow_up_due and self.visited_on and self.follow_up_due < self.visited_on:
            raise ValidationError({"follow_up_due": _("The follow-up cannot be due before the visit.")})

    @property
    def follow_up_open(self) -> bool:
        return bool((self.follow_up or "").strip()) and self.follow_up_done_on is None

    def close_follow_up(self, by, result: str, on=None) -> None:
        """Record that the follow-up was done, by someone who may visit the project, with what came of it."""
        if not self.project.acts_as(by, Can.VISIT):
            raise PermissionDenied
        if not self.follow_up_open:
            raise ValidationError(_("This visit has no open follow-up."))
        if not (result or "").strip():
            raise ValidationError(_("Say what was done."))
        day = on or timezone.localdate()
        if day < self.visited_on or day > timezone.localdate():
            raise ValidationError(_("The date must be between the visit and today."))
        self.follow_up_done_on, self.follow_up_result = day, result.strip()[:300]
        save_audited(self, by, verb="follow_up_done")


class VisitPhoto(models.Model):
    visit = models.ForeignKey(MonitoringVisit, on_delete=models.CASCADE, related_name="photos")
    # Photos of a household's workshop are the project's private record, like its dossier:
    # served only through the project's scope, never as public media.
    image = models.ImageField(_("photo"), upload_to=visit_photo_path, storage=private_storage, max_length=200)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")

    def __str__(self) -> str:
        return self.caption or self.image.name


class Acceptance(models.Model):
    """The acceptance record (*biên bản nghiệm thu*) and the outputs it states."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="acceptance")
    accepted_on = models.DateField(_("acceptance date"))
    record_number = models.CharField(_("record number"), max_length=60, blank=True)
    trainees = models.PositiveIntegerField(_("trainees"), default=0)
    trainees_completed = models.PositiveIntegerField(_("trainees who completed"), default=0)
    employed_after_training = models.PositiveIntegerField(_("workers employed after training"), default=0)
    models_built = models.PositiveIntegerField(_("demonstration models"), default=0)
    machines = models.PositiveIntegerField(_("machines"), default=0)
    booths = models.PositiveIntegerField(_("booths"), default=0)
    brands = models.PositiveIntegerField(_("brands"), default=0)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    jobs_created = models.PositiveIntegerField(_("jobs created"), default=0)
    conclusion = models.TextField(_("conclusion"), blank=True)

    class Meta:
        verbose_name = _("acceptance record")
        verbose_name_plural = _("acceptance records")

    def __str__(self) -> str:
        return f"{self.record_number or '—'} ({self.accepted_on:%d/%m/%Y})"

    def clean(self):
        if self.trainees_completed > self.trainees:
            raise ValidationError({"trainees_completed": _("More trainees completed than took part.")})
        if self.employed_after_training > self.trainees:
            raise ValidationError(
                {"employed_after_training": _("More workers employed after training than trainees.")}
            )
