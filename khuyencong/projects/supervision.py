"""Overdue lists: milestones, visit follow-ups, monthly reports and settlement deadlines, in the user's scope.

Deadlines come from the dated DeadlineRule rows in force today for each funding source and
province (a province's own row first, then the national one); where no row applies (a province
that set no local deadline) there is no such deadline.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from khuyencong.plans.models import DeadlineRule, FundingSource

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


def overdue_for(user, today: datetime.date) -> dict[str, list[Late]]:
    projects = Project.objects.visible_to(user)
    return {
        "milestones": late_milestones(projects, today),
        "follow_ups": late_follow_ups(projects, today),
        "reports": late_reports(projects, today),
        "settlements": late_settlements(projects, today),
    }
