"""What a project's page shows to one user: the steps they may take, the records they may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from khuyencong.accounts.permissions import Can
from khuyencong.audit.log import history

from .forms import step_form
from .models import STEPS, Acceptance, Appraisal
from .models.states import ADJUSTABLE, EDITABLE, OPEN, PAYABLE, RUNNING, Status

# Which appraisal step each capability reads; leaders read both.
APPRAISAL_READERS = {
    Appraisal.Step.CENTRE: Can.READ_CENTRE_APPRAISAL,
    Appraisal.Step.FINANCE: Can.READ_FINANCE_APPRAISAL,
}
APPRAISAL_WRITERS = {Appraisal.Step.CENTRE: Can.RUN_PROJECTS, Appraisal.Step.FINANCE: Can.APPRAISE_FINANCE}


def readable_appraisal_steps(project, may, recorded: set[str]) -> list[str]:
    """The appraisals this user may read: those of their own step, and the other appraiser's once an
    appraisal of their own step is recorded (each forms their opinion first, unswayed by the other)."""
    own = [step for step, capability in APPRAISAL_READERS.items() if capability in may]
    if any(step in recorded for step in own):
        return list(APPRAISAL_READERS)
    return own


def may_pay(project, may, disbursed: int) -> bool:
    """Money moves on an approved project until its file is closed; once settled, only while the money
    paid differs from the settled amount (the final payment or the recovery)."""
    if Can.RUN_PROJECTS not in may or project.status not in PAYABLE:
        return False
    return project.status != Status.SETTLED or disbursed != project.settled_amount


def project_page_context(project, user) -> dict:
    step_names = project.allowed_steps(user)
    rule = project.support_rule()
    may = project.capabilities_of(user)
    recorded = set(project.appraisals.values_list("step", flat=True))
    visible_steps = readable_appraisal_steps(project, may, recorded)
    payments = list(project.payments.select_related("reverses"))
    disbursed = project.disbursed()
    return {
        "project": project,
        "steps": [
            (name, STEPS[name], step_form(name)(project=project, user=user, auto_id=f"step-{name}-%s"))
            for name in step_names
        ],
        "rule": rule,
        "cap": rule.cap_for(project.total_amount),
        "over_cap": project.over_cap(),
        "can_approve_over_cap": project.over_cap()
        and not project.over_cap_approved_by_id
        and Can.DECIDE_PROJECTS in may,
        "dossier": project.dossier_items.select_related("requirement"),
        "can_upload": Can.APPLY in may,
        "can_review_dossier": Can.RUN_PROJECTS in may,
        "appraisals": project.appraisals.filter(step__in=visible_steps).select_related("appraiser"),
        "appraisal_steps": [
            s
            for s, capability in APPRAISAL_WRITERS.items()
            if project.status == Status.UNDER_APPRAISAL and capability in may and APPRAISAL_READERS[s] in may
        ],
        "milestones": project.milestones.all(),
        "visits": project.visits.prefetch_related("photos"),
        "reports": project.progress_reports.all(),
        "payments": payments,
        "reversed_ids": {p.reverses_id for p in payments if p.reverses_id},
        "disbursed": disbursed,
        "advanced": project.advanced(),
        "versions": project.versions.select_related("decision", "actor"),
        "acceptance": Acceptance.objects.filter(project=project).first(),
        "beneficiaries": project.beneficiaries.all(),
        "can_pay": may_pay(project, may, disbursed),
        # Milestones and monthly reports belong to the work under way; visits go on until the file closes.
        "can_plan_work": Can.RUN_PROJECTS in may and project.status in RUNNING,
        "can_visit": Can.VISIT in may and project.status in OPEN,
        "can_report": Can.APPLY in may and project.status in RUNNING,
        "can_adjust": project.status in ADJUSTABLE and Can.DECIDE_PROJECTS in may,
        "can_edit": project.status in EDITABLE and Can.APPLY in may,
    }


@dataclass
class TimelineItem:
    day: datetime.date
    at: datetime.datetime | None
    kind: str
    text: str
    actor: object = None
    decision: object = None


def timeline(project, user) -> list[TimelineItem]:
    """Everything that happened to the project, oldest first: steps, money, visits, reports, edits."""
    items = [
        TimelineItem(e.happened_on, e.at, "event", e.get_to_status_display() or e.action, e.actor, e.decision)
        for e in project.events.select_related("actor", "decision")
    ]
    items += [
        TimelineItem(p.paid_on, p.created_at, "payment", str(p), p.created_by)
        for p in project.payments.select_related("reverses", "created_by")
    ]
    items += [
        TimelineItem(v.visited_on, None, "visit", v.findings, v.created_by) for v in project.visits.all()
    ]
    items += [
        TimelineItem(r.submitted_on, None, "report", f"{r.month:%m/%Y}: {r.percent_done}%", r.created_by)
        for r in project.progress_reports.all()
    ]
    items += [
        TimelineItem(m.done_on, None, "milestone", m.name) for m in project.milestones.exclude(done_on=None)
    ]
    for entry in history([project]).filter(action__endswith=".updated"):
        items.append(TimelineItem(entry.at.date(), entry.at, "edit", ", ".join(entry.changes), entry.actor))
    return sorted(
        items, key=lambda item: (item.day, item.at or datetime.datetime.min.replace(tzinfo=datetime.UTC))
    )
