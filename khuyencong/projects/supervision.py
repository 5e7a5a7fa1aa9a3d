"""Overdue lists: milestones, monthly progress reports and settlement deadlines, in the user's scope.

Deadlines come from the dated DeadlineRule rows in force today for each funding
source; a source without a rule (a province that set none) has no such deadline.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from khuyencong.plans.models import DeadlineRule, FundingSource

from .models import Milestone, ProgressReport, Project, Status
from .models.states import RUNNING

OPEN = RUNNING | {Status.ACCEPTED, Status.SETTLED, Status.STOPPED}


@dataclass
class Late:
    project: Project
    what: str
    due: datetime.date
    basis: str = ""


def _rules(code: str, today: datetime.date) -> dict[int, DeadlineRule]:
    rules = {}
    for source in FundingSource.objects.all():
        rule = DeadlineRule.find(code, source.kind, today)
        if rule:
            rules[source.pk] = rule
    return rules


def late_milestones(projects, today):
    milestones = Milestone.objects.filter(
        project__in=projects.filter(status__in=RUNNING), done_on__isnull=True, due_on__lt=today
    ).select_related("project")
    return [Late(m.project, m.name, m.due_on) for m in milestones.order_by("due_on")[:500]]


def late_reports(projects, today):
    rules = _rules(DeadlineRule.Code.MONTHLY_REPORT, today)
    late = []
    for source_id, rule in rules.items():
        due = rule.due_in_month(today.year, today.month)
        if due >= today:  # this month's report is not due yet: look at last month's
            last = today.replace(day=1) - datetime.timedelta(days=1)
            due = rule.due_in_month(last.year, last.month)
        month = due.replace(day=1)
        reported = ProgressReport.objects.filter(project=OuterRef("pk"), month=month)
        missing = projects.filter(source_id=source_id, status=Status.IN_PROGRESS).exclude(Exists(reported))
        late += [Late(p, f"{month:%m/%Y}", due, rule.legal_basis) for p in missing.order_by("pk")[:500]]
    return late


def late_settlements(projects, today):
    late = []
    for source_id, rule in _rules(DeadlineRule.Code.SETTLEMENT_DOSSIER, today).items():
        accepted = projects.filter(source_id=source_id, status=Status.ACCEPTED, accepted_on__isnull=False)
        for project in accepted.filter(accepted_on__lt=today - datetime.timedelta(days=rule.days))[:500]:
            late.append(
                Late(project, rule.get_code_display(), rule.due_after(project.accepted_on), rule.legal_basis)
            )
    for source_id, rule in _rules(DeadlineRule.Code.CLOSURE, today).items():
        unfinished = projects.filter(
            source_id=source_id, status__in=OPEN, year__lte=today.year - rule.year_offset
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
        "reports": late_reports(projects, today),
        "settlements": late_settlements(projects, today),
    }
