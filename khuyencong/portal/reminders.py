"""Reminders before deadlines, to the establishment's representatives (docs/self-service.md).

Each deadline comes from the dated rows in force or from the project's own dates, never from a
constant here:
- documents: an application still missing required documents, before the day the Centre asked
  them by (`Project.request_documents`), or else before the registration deadline of its plan
  year (DeadlineRule "registration", Circular 36/2013 Art. 10(1)(b) for national projects; a
  province's own row brings its local projects in);
- report: a project in progress without this month's progress report, before the day of the month
  of DeadlineRule "monthly_report" (Circular 36/2013 Art. 23(3)(a));
- acceptance: a project in progress, before the end of its approved schedule (`Project.end_on`);
- settlement: an accepted project, before the settlement dossier is due (DeadlineRule
  "settlement_dossier", days after the acceptance, Circular 36/2013 Art. 18(1)).

How many days before is `settings.REMINDER_DAYS_BEFORE`. On any day at most one reminder of each
number of days applies to a deadline (the latest window the day falls in), so a worker that missed
a day catches up with one message, not several. Each message's key names the kind, project, due
date, days before, user and channel: run twice, by one worker or two, it is stored and sent once
(accounts/outbox.py).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khuyencong.accounts import outbox
from khuyencong.accounts.models import RoleAssignment
from khuyencong.accounts.permissions import Role
from khuyencong.plans.models import DeadlineRule
from khuyencong.projects.models import ProgressReport, Project, Status
from khuyencong.projects.models.states import EDITABLE

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Due:
    """One deadline of one project that a reminder is owed for today."""

    kind: str
    project: Project
    due: datetime.date
    days_before: int
    missing: tuple[str, ...] = ()

    def key(self, user) -> str:
        """The event's key; outbox.tell adds the channel (reminder:…:<user>:<channel>)."""
        return f"reminder:{self.kind}:{self.project.pk}:{self.due.isoformat()}:{self.days_before}:{user.pk}"


def window(due: datetime.date, on: datetime.date, offsets) -> int | None:
    """The number of days before `due` whose reminder applies on `on`, or None outside every window.

    With (14, 3): 14 from 14 days before up to 4 days before, then 3 until the day itself."""
    left = (due - on).days
    fitting = [n for n in offsets if n >= left]
    if left < 0 or not fitting:
        return None
    return min(fitting)


def _offsets(kind: str):
    return tuple(settings.REMINDER_DAYS_BEFORE.get(kind, ()))


def _rule(code: str, project: Project, on: datetime.date):
    return DeadlineRule.find(code, project.source.kind, on, project.current_province_id)


def registration_due(project: Project, on: datetime.date) -> datetime.date | None:
    """The last day to send the application's papers for its plan year, if a rule sets one."""
    rule = _rule(DeadlineRule.Code.REGISTRATION, project, on)
    if rule is None or rule.kind != DeadlineRule.Kind.YEARLY or not (rule.day and rule.month):
        return None
    # As for the plan deadlines (projects/supervision.py): the date falls in the year before the plan's.
    return rule.due_in_year(project.year - 1 - rule.year_offset)


def documents_due(project: Project, on: datetime.date) -> datetime.date | None:
    """The last day to send the missing papers: the earliest day the Centre gave when it asked for
    papers (Project.request_documents), else the registration deadline of the plan year."""
    if project.status == Status.NEEDS_DOCUMENTS:
        asked = [
            item.due_on for item in project.dossier_items.filter(status="requested", due_on__isnull=False)
        ]
        if asked:
            return min(asked)
    return registration_due(project, on)


def report_days(project: Project, on: datetime.date) -> list[datetime.date]:
    """This month's and next month's report days, if a rule sets them."""
    rule = _rule(DeadlineRule.Code.MONTHLY_REPORT, project, on)
    if rule is None or not rule.day:
        return []
    following = on.replace(day=28) + datetime.timedelta(days=4)
    return [rule.due_in_month(y, m) for y, m in ((on.year, on.month), (following.year, following.month))]


def next_report_due(project: Project, on: datetime.date) -> datetime.date | None:
    """The next report day on or after `on` whose month has no report yet."""
    for due in report_days(project, on):
        if due >= on and not project.progress_reports.filter(month=due.replace(day=1)).exists():
            return due
    return None


def settlement_due(project: Project, on: datetime.date) -> datetime.date | None:
    rule = _rule(DeadlineRule.Code.SETTLEMENT_DOSSIER, project, on)
    if rule is None or rule.days is None or project.accepted_on is None:
        return None
    return rule.due_after(project.accepted_on)


def _documents(on: datetime.date):
    """Applications missing required documents, before the day the Centre asked them by or the
    plan year's registration deadline (documents_due)."""
    for project in Project.objects.filter(status__in=EDITABLE).select_related("source"):
        due = documents_due(project, on)
        if due is None:
            continue
        days = window(due, on, _offsets("documents"))
        missing = project.missing_documents("application") if days is not None else []
        if missing:
            yield Due("documents", project, due, days, tuple(missing))


def _reports(on: datetime.date):
    """Projects in progress without the progress report of the month whose day is near."""
    running = Project.objects.filter(status=Status.IN_PROGRESS).select_related("source")
    for project in running:
        for due in report_days(project, on):
            days = window(due, on, _offsets("report"))
            if days is None:
                continue
            reported = ProgressReport.objects.filter(project=project, month=due.replace(day=1))
            if not reported.exists():
                yield Due("report", project, due, days)


def _acceptance(on: datetime.date):
    """Projects in progress nearing the end of their approved schedule."""
    for project in Project.objects.filter(status=Status.IN_PROGRESS, end_on__isnull=False):
        days = window(project.end_on, on, _offsets("acceptance"))
        if days is not None:
            yield Due(
                "acceptance", project, project.end_on, days, tuple(project.missing_documents("acceptance"))
            )


def _settlement(on: datetime.date):
    """Accepted projects whose settlement dossier falls due soon."""
    accepted = Project.objects.filter(status=Status.ACCEPTED, accepted_on__isnull=False)
    for project in accepted.select_related("source"):
        due = settlement_due(project, on)
        if due is None:
            continue
        days = window(due, on, _offsets("settlement"))
        if days is not None:
            yield Due("settlement", project, due, days)


KINDS = {"documents": _documents, "report": _reports, "acceptance": _acceptance, "settlement": _settlement}


def due_on(on: datetime.date) -> list[Due]:
    return [item for finder in KINDS.values() for item in finder(on)]


def representatives(project: Project):
    """The active users representing an establishment the project was applied for or benefits."""
    from khuyencong.accounts.models import User

    establishments = [pk for pk, _commune in project.supported_establishments()]
    grants = RoleAssignment.objects.filter(
        user=OuterRef("pk"), role=Role.ESTABLISHMENT_REP, establishment_id__in=establishments
    )
    return User.objects.filter(Exists(grants), is_active=True).order_by("pk")


def _text(item: Due) -> tuple[str, str]:
    values = {"project": item.project.title, "day": item.due.strftime("%d/%m/%Y")}
    if item.kind == "documents":
        subject = _("Documents still missing for “%(project)s”") % values
        body = _("Please send the missing documents of “%(project)s” before %(day)s: %(items)s.") % {
            **values,
            "items": "; ".join(item.missing),
        }
    elif item.kind == "report":
        subject = _("Monthly progress report of “%(project)s”") % values
        body = _("Please send this month’s progress report of “%(project)s” before %(day)s.") % values
    elif item.kind == "acceptance":
        subject = _("The work of “%(project)s” ends soon") % values
        body = (
            _(
                "The work of “%(project)s” is planned to end on %(day)s. Prepare the papers for the final check "
                "of the work and ask for it."
            )
            % values
        )
        if item.missing:
            body += " " + _("Still missing: %(items)s.") % {"items": "; ".join(item.missing)}
    else:
        subject = _("Settlement papers of “%(project)s”") % values
        body = (
            _("The work of “%(project)s” was accepted. Send the settlement papers before %(day)s.") % values
        )
    return subject, body


def send_reminders(on: datetime.date | None = None) -> int:
    """One pass: store (and have delivered) every reminder owed on the day; returns how many are new."""
    on = on or timezone.localdate()
    new = 0
    with translation.override(settings.LANGUAGE_CODE):
        for item in due_on(on):
            subject, body = _text(item)
            link = reverse("portal:my_project", args=[item.project.pk])
            for user in representatives(item.project):
                new += outbox.tell(user, subject=subject, body=body, link=link, key=item.key(user))
    return new


def next_run(after: datetime.date) -> datetime.datetime:
    """The next day's run, at REMINDER_HOUR local time."""
    day = after + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(settings.REMINDER_HOUR)))


def schedule(run_after: datetime.datetime | None = None) -> bool:
    """Enqueue the daily run unless one is already waiting; True when enqueued.

    Only a backend that stores tasks can hold a run for later: the immediate backend of the tests
    runs a task at once, so there nothing is scheduled ahead."""
    backend = daily_reminders.get_backend()
    if run_after is not None and not backend.supports_defer:
        return False
    if _waiting():
        return False
    target = daily_reminders.using(run_after=run_after) if run_after else daily_reminders
    target.enqueue()
    return True


def _waiting() -> bool:
    """Whether a daily run is already queued (the database backend of `make run` and production)."""
    if "django_tasks_db" not in settings.INSTALLED_APPS:
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=daily_reminders.module_path, status="READY").exists()


@task()
def daily_reminders(on: str | None = None) -> int:
    """Retry what did not go out, send today's reminders, and schedule tomorrow's run."""
    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    # The old ones first: the new messages are delivered by their own tasks, after commit.
    outbox.retry_unsent()
    new = send_reminders(day)
    schedule(next_run(max(day, timezone.localdate())))
    log.info("reminders of %s: %s new", day, new)
    return new
