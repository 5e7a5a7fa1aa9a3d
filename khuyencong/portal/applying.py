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
    call = models.ForeignKey(
        "portal.Call",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("call for proposals"),
    )
    establishment = models.ForeignKey(
        "registry.Establishment", on_delete=models.PROTECT, related_name="+", verbose_name=_("establishment")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices, default=Step.ELIGIBILITY)
    # What was typed at each step, kept as typed (also when invalid), by step name.
    answers = models.JSONField(_("answers as typed"), default=dict, blank=True)
    # The day whose rules judge the application: the day it was started (docs/self-service.md).
    eligibility_day = models.DateField(_("rules of the day"))
    project = models.OneToOneField(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
        verbose_name=_("project"),
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


# ------------------------------------------------------------------ the steps' logic


def establishments_of(user):
    """The establishments the user represents: Can.APPLY held at establishment level (an officer or
    the Centre does not apply here in an establishment's name)."""
    from khuyencong.accounts.permissions import ScopeLevel
    from khuyencong.registry.models import Establishment

    return Establishment.objects.filter(pk__in=Scope.of(user).ids(Can.APPLY, ScopeLevel.ESTABLISHMENT))


# A sent application stands until it is withdrawn or refused: one establishment, one application a call.
NOT_STANDING = ("draft", "withdrawn", "rejected")


def sent_applications(call, establishments):
    """The applications of these establishments to the call that were sent and still stand."""
    return (
        Application.objects.filter(call=call, establishment__in=establishments, project__isnull=False)
        .exclude(project__status__in=NOT_STANDING)
        .select_related("project", "establishment")
    )


def start(call, establishment, user) -> Application:
    """The application of the establishment to the call: the one not yet sent, or a new one judged by
    today's rules (audited)."""
    from django.utils import timezone

    from khuyencong.audit.log import action_code, record

    existing = (
        Application.objects.filter(call=call, establishment=establishment)
        .filter(models.Q(project__isnull=True) | models.Q(project__status="draft"))
        .first()
    )
    if existing:
        return existing
    application = Application.objects.create(
        call=call, establishment=establishment, user=user, eligibility_day=timezone.localdate()
    )
    record(user, application, action_code(application, "created"), {"call": [None, str(call)]})
    return application


def keep(application: Application, step: str, data: dict, *, move_to: str | None = None) -> None:
    """Keep what was typed at a step (valid or not), so it is there on any device."""
    answers = dict(application.answers)
    answers[step] = {k: v for k, v in data.items() if k not in ("csrfmiddlewaretoken", "action")}
    application.answers = answers
    if move_to:
        application.step = move_to
    application.save(update_fields=["answers", "step", "updated_at"])


def activity_code(application: Application) -> str:
    return (application.answers.get(Step.ELIGIBILITY) or {}).get("activity_type", "")


def verdict(application: Application, code: str | None = None):
    from khuyencong.portal.eligibility import judge

    return judge(
        application.establishment,
        code or activity_code(application),
        application.eligibility_day,
        exclude_project=application.project,
    )


def items(application: Application) -> list[tuple[str, str]]:
    """The support items with their own cap offered for the activity type on the application's day."""
    from khuyencong.plans.models import SupportRule

    rows = SupportRule.items_for(activity_code(application), application.eligibility_day)
    return sorted(
        {(r.item_code, r.item_name) for r in rows.filter(province__isnull=True)}, key=lambda x: x[1]
    )


def cap(application: Application, total: int | None, item: str = ""):
    """The cap for the application on its day; total None (not typed yet) gives what the cap is made of."""
    from khuyencong.portal.eligibility import cap_on

    return cap_on(
        activity_code(application),
        item or "",
        application.call.source.kind,
        application.eligibility_day,
        application.establishment.province_id,
        total,
    )


def save_proposal(application: Application, data: dict, user):
    """Make or update the draft project the application fills: the establishment is its applicant
    (and so a beneficiary), the call's source and province are its own (projects/models/project.py)."""
    from django.db import transaction

    from khuyencong.audit.log import save_audited
    from khuyencong.projects.models import Project
    from khuyencong.registry.models import ActivityType

    est = application.establishment
    fields = {
        "title": data["title"],
        "description": "\n".join(filter(None, [data["description"], data.get("place", "")])),
        "start_on": data["start_on"],
        "end_on": data["end_on"],
    }
    with transaction.atomic():
        project = application.project
        if project is None:
            project = Project.create_draft(
                user,
                activity_type=ActivityType.in_force(application.eligibility_day).get(
                    code=activity_code(application)
                ),
                source=application.call.source,
                year=application.eligibility_day.year,
                province=est.province,
                commune=est.current_commune,
                implementing_unit=est.name,
                applicant=est,
                support_amount=0,
                counterpart_amount=0,
                total_amount=0,
                note=str(application.call),
                **fields,
            )
            application.project = project
            application.save(update_fields=["project", "updated_at"])
        else:
            for name, value in fields.items():
                setattr(project, name, value)
            project.clean()
            save_audited(project, user)
    return project


def save_budget(application: Application, data: dict, user) -> None:
    """The amounts on the draft project, and its estimate's lines put in place of the ones before."""
    from django.db import transaction

    from khuyencong.audit.log import save_audited
    from khuyencong.projects import estimate

    project = application.project
    project.total_amount = data["total"]
    project.counterpart_amount = data["own"]
    project.support_amount = data["support"]
    project.support_item = data.get("item") or ""
    project.clean()
    with transaction.atomic():
        save_audited(project, user)
        estimate.replace(project, data.get("lines") or [], user)
