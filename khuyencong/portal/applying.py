"""The guided application: one establishment's answers to one call, step by step, saved on the server
at every step so that it resumes on any device (docs/self-service.md).

The proposal step makes the draft `projects.Project` the application fills (status draft, the
establishment as applicant and so beneficiary); the last step submits it through `Project.submit`,
the one way a project leaves its draft (projects/models/lifecycle.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope


class Step(models.TextChoices):
    ELIGIBILITY = "eligibility", _("Can you apply?")
    PROPOSAL = "proposal", _("Your proposal")
    BUDGET = "budget", _("Cost and support")
    DOCUMENTS = "documents", _("Papers")
    REVIEW = "review", _("Check and send")


STEPS = [s.value for s in Step]


class ApplicationQuerySet(models.QuerySet):
    def of_user(self, user):
        """The applications of the establishments the user may apply for (Can.APPLY at establishment level)."""
        return Scope.of(user).filter(
            self, Can.APPLY, province=None, commune=None, establishment="establishment"
        )


class Application(models.Model):
    call = models.ForeignKey("portal.Call", on_delete=models.PROTECT, related_name="applications")
    establishment = models.ForeignKey(
        "registry.Establishment", on_delete=models.PROTECT, related_name="+", verbose_name=_("establishment")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices, default=Step.ELIGIBILITY)
    # What was typed at each step, kept as typed (also when invalid), by step name.
    answers = models.JSONField(default=dict, blank=True)
    # The day whose rules judge the application: the day it was started (docs/self-service.md).
    eligibility_day = models.DateField(_("rules of the day"))
    project = models.OneToOneField(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        app_label = "portal"
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.establishment} — {self.call}"

    @property
    def submitted(self) -> bool:
        return bool(self.project_id and self.project.status != "draft")
