"""Vocational training: courses, their sessions and attendance, and the trainees.

A trainee is personal data (name, sex, birth year, ethnicity, where they live and work): it is
shown only to those who hold `registry.personal_data` over the trainee's own place — the course's
province, the trainee's commune today or the trainee's establishment (docs/permissions.md). Others
see the counts. The counts a project reports (trainees, completed, employed after training) are
queries over these rows (activities/outputs.py), not numbers typed at acceptance.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Place, Scope
from khuyencong.audit.log import action_code, record, save_audited
from khuyencong.concurrency import Versioned
from khuyencong.vntext import fold

from .base import Held, OnProject, current_of


class Course(OnProject, Held, Versioned):
    """A vocational training course (*lớp đào tạo nghề*, *truyền nghề*, *nâng cao tay nghề*)."""

    title = models.CharField(_("course name"), max_length=300)
    trade = models.CharField(_("trade taught"), max_length=200)
    teachers = models.TextField(_("teachers"), blank=True, help_text=_("One name per line."))
    planned_trainees = models.PositiveIntegerField(
        _("planned trainees"), validators=[MaxValueValidator(10_000)]
    )
    certificate_decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("decision granting the certificates"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-start_on", "-pk"]
        indexes = [models.Index(fields=["project", "start_on"], name="course_project")]

    def __str__(self) -> str:
        return self.title

    @property
    def teacher_names(self) -> list[str]:
        return [line.strip() for line in self.teachers.splitlines() if line.strip()]


class CourseSession(models.Model):
    """One day (or half-day) of a course, for its attendance sheet."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        default=4,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )

    class Meta:
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")
        ordering = ["held_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "held_on", "topic"], name="session_unique")]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.topic}".strip()

    def clean(self):
        course = self.course
        if self.held_on and course and not (course.start_on <= self.held_on <= course.end_on):
            raise ValidationError(
                {
                    "held_on": _("The session is outside the course's dates (%(start)s – %(end)s).")
                    % {"start": f"{course.start_on:%d/%m/%Y}", "end": f"{course.end_on:%d/%m/%Y}"}
                }
            )


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class TraineeQuerySet(models.QuerySet):
    def visible_to(self, user, capability: Can = Can.READ_PERSONAL_DATA):
        """Trainees whose personal data the user may read: over the course's province, the trainee's
        commune today or the trainee's establishment."""
        return Scope.of(user).filter(
            self,
            capability,
            province="course__project__current_province",
            commune="current_commune",
            establishment="establishment",
        )

    def search(self, term: str):
        queryset = self
        for word in fold(term).split()[:6]:
            queryset = queryset.filter(name_key__contains=word)
        return queryset


class Trainee(Versioned):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="trainees"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    name_key = models.CharField(max_length=150, editable=False, default="")
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True)
    commune = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("commune of residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "commune"},
    )
    current_commune = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    establishment = models.ForeignKey(
        "registry.Establishment",
        verbose_name=_("establishment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the trainee works or will work, if known."),
    )
    completed = models.BooleanField(_("completed the course"), default=False)
    certificate_number = models.CharField(_("certificate number"), max_length=50, blank=True)
    employed_after_training = models.BooleanField(_("employed after training"), default=False)
    employed_at = models.CharField(_("employed at"), max_length=250, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TraineeQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["course", "name_key", "pk"]
        constraints = [
            # The natural key of an imported list: the same person is not entered twice in a course.
            models.UniqueConstraint(fields=["course", "name_key", "birth_year"], name="trainee_unique"),
            models.CheckConstraint(
                condition=Q(employed_after_training=False) | Q(completed=True),
                name="trainee_employed_after_completing",
            ),
        ]
        indexes = [
            models.Index(fields=["current_commune", "-id"], name="trainee_commune"),
            models.Index(fields=["establishment"], name="trainee_establishment"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_key = fold(self.full_name)
        self.current_commune = current_of(self.commune)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.employed_after_training and not self.completed:
            errors["employed_after_training"] = _(
                "Only a trainee who completed the course is counted as employed after it."
            )
        if self.certificate_number and not self.completed:
            errors["certificate_number"] = _(
                "A certificate is given only to a trainee who completed the course."
            )
        if errors:
            raise ValidationError(errors)

    def place(self) -> Place:
        return Place.of(
            self.course.project.current_province_id, [self.current_commune_id], [self.establishment_id]
        )

    def record_completion(
        self,
        by,
        *,
        completed: bool,
        certificate_number: str = "",
        employed: bool = False,
        employed_at: str = "",
    ) -> None:
        """Mark the trainee's result (completion, certificate, employment), audited."""
        self.completed = completed
        self.certificate_number = certificate_number if completed else ""
        self.employed_after_training = employed and completed
        self.employed_at = employed_at if self.employed_after_training else ""
        self.full_clean()
        with transaction.atomic():
            save_audited(self, by)


class Attendance(models.Model):
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendance")
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "trainee"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.session} {self.trainee_id}"


def mark_attendance(
    by, session: CourseSession, present_ids: set[int], on: datetime.date | None = None
) -> int:
    """Record who was present at a session (everyone else of the course absent), audited as one change."""
    trainees = list(session.course.trainees.values_list("pk", flat=True))
    unknown = set(present_ids) - set(trainees)
    if unknown:
        raise ValidationError(_("Some of the people marked present are not trainees of this course."))
    with transaction.atomic():
        Attendance.objects.filter(session=session).delete()
        Attendance.objects.bulk_create(
            Attendance(session=session, trainee_id=pk, present=pk in present_ids) for pk in trainees
        )
        record(
            by,
            session,
            action_code(session, "attendance"),
            {
                "present": [None, len(present_ids & set(trainees))],
                "absent": [None, len(set(trainees) - present_ids)],
            },
        )
    return len(present_ids)
