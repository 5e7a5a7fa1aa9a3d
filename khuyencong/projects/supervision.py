"""Overdue lists: milestones, visit follow-ups, monthly reports and settlement deadlines, in the user's scope.

Deadlines come from the dated DeadlineRule rows in force today for each funding source and
province (a province's own row first, then the national one); where no row applies (a province
that set no local deadline) there is no such deadline.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from khuyencong.accounts.permissions import Can, ScopeLevel
from khuyencong.accounts.scopes import Place, Scope
from khuyencong.geo.models import AdminUnit
from khuyencong.plans.models import DeadlineRule, FundingSource, Plan, PlanDeadlineDone
from khuyencong.vntext import sort_key

from .models import Milestone, MonitoringVisit, ProgressReport, Project, Status
from .models.states import OPEN, RUNNING


@dataclass
class Late:
    project: Project
    what: str
    due: datetime.date
    basis: str = ""


def _rules(code: str, today: datetime.date, projects) -> dict[tuple[int, int], DeadlineRule]:
    """The rule in force for each (source, today's province) the projects fall into."""
    kinds = dict(FundingSource.objects.values_list("pk", "kind"))
    pairs = projects.values_list("source_id", "current_province_id").distinct().order_by()
    rules = {}
    for source_id, province_id in pairs:
        rule = DeadlineRule.find(code, kinds[source_id], today, province_id)
        if rule:
            rules[(source_id, province_id)] = rule
    return rules


def late_milestones(projects, today):
    milestones = Milestone.objects.filter(
        project__in=projects.filter(status__in=RUNNING), done_on__isnull=True, due_on__lt=today
    ).select_related("project")
    return [Late(m.project, m.name, m.due_on) for m in milestones.order_by("due_on")[:500]]


def late_follow_ups(projects, today):
    """What a monitoring visit asked to be fixed by a date, not yet said to be done."""
    visits = (
        MonitoringVisit.objects.filter(
            project__in=projects.filter(status__in=OPEN),
            follow_up_due__lt=today,
            follow_up_done_on__isnull=True,
        )
        .exclude(follow_up="")
        .select_related("project")
        .order_by("follow_up_due", "pk")
    )
    return [Late(v.project, v.follow_up, v.follow_up_due) for v in visits[:500]]


def late_reports(projects, today):
    running = projects.filter(status=Status.IN_PROGRESS)
    late = []
    for (source_id, province_id), rule in _rules(DeadlineRule.Code.MONTHLY_REPORT, today, running).items():
        due = rule.due_in_month(today.year, today.month)
        if due >= today:  # this month's report is not due yet: look at last month's
            last = today.replace(day=1) - datetime.timedelta(days=1)
            due = rule.due_in_month(last.year, last.month)
        month = due.replace(day=1)
        reported = ProgressReport.objects.filter(project=OuterRef("pk"), month=month)
        missing = running.filter(source_id=source_id, current_province_id=province_id).exclude(
            Exists(reported)
        )
        late += [Late(p, f"{month:%m/%Y}", due, rule.legal_basis) for p in missing.order_by("pk")[:500]]
    return late


def late_settlements(projects, today):
    late = []
    accepted_ones = projects.filter(status=Status.ACCEPTED, accepted_on__isnull=False)
    for (source_id, province_id), rule in _rules(
        DeadlineRule.Code.SETTLEMENT_DOSSIER, today, accepted_ones
    ).items():
        accepted = accepted_ones.filter(source_id=source_id, current_province_id=province_id)
        for project in accepted.filter(accepted_on__lt=today - datetime.timedelta(days=rule.days))[:500]:
            late.append(
                Late(project, rule.get_code_display(), rule.due_after(project.accepted_on), rule.legal_basis)
            )
    open_ones = projects.filter(status__in=OPEN)
    for (source_id, province_id), rule in _rules(DeadlineRule.Code.CLOSURE, today, open_ones).items():
        unfinished = open_ones.filter(
            source_id=source_id, current_province_id=province_id, year__lte=today.year - rule.year_offset
        )
        for project in unfinished.order_by("year", "pk")[:500]:
            due = rule.due_in_year(project.year)
            if due < today:
                late.append(Late(project, rule.get_code_display(), due, rule.legal_basis))
    return late


# A yearly plan deadline shows this many days before it falls, as "due soon".
SOON = datetime.timedelta(days=30)


@dataclass
class PlanDeadline:
    """A province's yearly plan deadline not yet met: past (overdue) or within SOON (due soon)."""

    province: AdminUnit
    code: str
    what: str
    plan_year: int
    due: datetime.date
    basis: str
    overdue: bool
    can_mark: bool = True


def plan_deadlines_for(user, today: datetime.date, *, reading: bool = False) -> list[PlanDeadline]:
    """Registration and submission of next year's national proposals, for each province of the user's.

    Circular 36/2013 Art. 10 (docs/programme.md): before 20/5 the Department registers next year's
    national projects, before 15/6 it sends the appraised ones to the Ministry. The dates are the
    DeadlineRule rows in force today (the province's own first); the day and month fall in this
    calendar year, for the plan of the next. By default only grants over a province count: the province
    acts (home pages list what the user must do). `reading` lists them for whoever reads the plans of a
    province, the Ministry too (a national grant: every province), since the submission is addressed to
    the Ministry's side; `can_mark` then says whether the user may mark each one met.
    A deadline is met when the plan manager said so (PlanDeadlineDone), when next year's national
    plan for the province exists (the Ministry approved it, so both were done), and, for the
    registration, when a national project for next year in the province has been submitted.
    """
    scope = Scope.of(user)
    provinces = AdminUnit.objects.provinces().current().order_by("name")
    if reading:
        reach = scope.province_ids(Can.READ_PLANS)
        if reach is not None:
            provinces = provinces.filter(pk__in=reach)
    else:
        provinces = provinces.filter(pk__in=scope.ids(Can.MANAGE_PLANS, ScopeLevel.PROVINCE))
    provinces = list(provinces)
    if not provinces:
        return []
    plan_year = today.year + 1
    national = FundingSource.Kind.NATIONAL
    said = set(
        PlanDeadlineDone.objects.filter(province__in=provinces, year=plan_year).values_list(
            "province_id", "code"
        )
    )
    planned = set(
        Plan.objects.filter(
            current_province__in=provinces, year=plan_year, source__kind=national
        ).values_list("current_province_id", flat=True)
    )
    registered = set(
        Project.objects.filter(current_province__in=provinces, year=plan_year, source__kind=national)
        .exclude(status__in=(Status.DRAFT, Status.WITHDRAWN))
        .values_list("current_province_id", flat=True)
    )
    items = []
    for province in provinces:
        for code in PlanDeadlineDone.CODES:
            rule = DeadlineRule.find(code, national, today, province.pk)
            # A row counted another way has no day of the year to fall on.
            if rule is None or rule.kind != DeadlineRule.Kind.YEARLY or not (rule.day and rule.month):
                continue
            due = rule.due_in_year(today.year - rule.year_offset)
            if due - today > SOON:
                continue
            met = (
                (province.pk, code) in said
                or province.pk in planned
                or (code == DeadlineRule.Code.REGISTRATION and province.pk in registered)
            )
            if not met:
                items.append(
                    PlanDeadline(
                        province,
                        code,
                        rule.get_code_display(),
                        plan_year,
                        due,
                        rule.legal_basis,
                        due < today,
                        scope.can_at(Can.MANAGE_PLANS, Place.of(province.pk)),
                    )
                )
    return sorted(items, key=lambda item: (item.due, sort_key(item.province.name)))


def plan_deadlines_marked_for(user, today: datetime.date):
    """The deadlines of next year's plan said to be met, in the provinces whose plans the user reads
    (the Ministry: every province), with who said so and the day it was met; a plan manager over the
    province may undo a mark made by mistake (the template asks `user_can_undo`)."""
    scope = Scope.of(user)
    reach = scope.province_ids(Can.READ_PLANS)
    marked = PlanDeadlineDone.objects.filter(year=today.year + 1)
    if reach is not None:
        marked = marked.filter(province_id__in=reach)
    marked = sorted(
        marked.select_related("province", "created_by"),
        key=lambda mark: (sort_key(mark.province.name), mark.code),
    )
    for done in marked:
        done.user_can_undo = scope.can_at(Can.MANAGE_PLANS, Place.of(done.province_id))
    return marked


def overdue_for(user, today: datetime.date) -> dict[str, list[Late]]:
    projects = Project.objects.visible_to(user)
    return {
        "milestones": late_milestones(projects, today),
        "follow_ups": late_follow_ups(projects, today),
        "reports": late_reports(projects, today),
        "settlements": late_settlements(projects, today),
    }
