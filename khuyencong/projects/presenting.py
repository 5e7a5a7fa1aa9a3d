"""What a project's page shows to one user: the steps they may take, the records they may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.permissions import Can
from khuyencong.audit import display
from khuyencong.audit.log import history

from .forms import STEP_FORMS, StepForm
from .models import Acceptance, Appraisal
from .models.lifecycle import ADJUSTABLE
from .models.states import EDITABLE

# Which appraisal step each capability reads: each appraiser sees only their own; leaders see both.
APPRAISAL_READERS = {
    Appraisal.Step.CENTRE: Can.READ_CENTRE_APPRAISAL,
    Appraisal.Step.FINANCE: Can.READ_FINANCE_APPRAISAL,
}
APPRAISAL_WRITERS = {Appraisal.Step.CENTRE: Can.RUN_PROJECTS, Appraisal.Step.FINANCE: Can.APPRAISE_FINANCE}


def project_page_context(project, user) -> dict:
    step_names = project.allowed_steps(user)
    rule = project.support_rule()
    may = project.capabilities_of(user)
    visible_steps = [step for step, capability in APPRAISAL_READERS.items() if capability in may]
    payments = list(project.payments.select_related("reverses"))
    return {
        "project": project,
        "steps": [(name, STEP_FORMS.get(name, StepForm)(project=project, user=user)) for name in step_names],
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
            s for s in visible_steps if project.status == "under_appraisal" and APPRAISAL_WRITERS[s] in may
        ],
        "milestones": project.milestones.all(),
        "visits": project.visits.prefetch_related("photos"),
        "reports": project.progress_reports.all(),
        "payments": payments,
        "reversed_ids": {p.reverses_id for p in payments if p.reverses_id},
        "disbursed": project.disbursed(),
        "advanced": project.advanced(),
        "versions": project.versions.select_related("decision", "actor"),
        "acceptance": Acceptance.objects.filter(project=project).first(),
        "beneficiaries": project.beneficiaries.all(),
        "can_pay": Can.RUN_PROJECTS in may,
        "can_plan_work": Can.RUN_PROJECTS in may,
        "can_visit": Can.VISIT in may,
        "can_report": Can.APPLY in may,
        "can_adjust": project.status in ADJUSTABLE and Can.DECIDE_PROJECTS in may,
        "can_edit": project.status in EDITABLE and Can.APPLY in may,
    }


# Timeline events that are not a step of the status machine (a step reads as its verb in
# audit.display.VERBS: "Đã nộp", "Đã trình phê duyệt").
EVENT_LABELS = {
    "appraisal_centre": _("Appraisal by the Centre recorded"),
    "appraisal_finance": _("Appraisal by the Department of Finance recorded"),
    "approve_over_cap": _("Support over the cap approved"),
    "adjust_amount": _("Amount adjusted by decision"),
    "adjust_content": _("Content adjusted by decision"),
    "adjust_beneficiary": _("Beneficiaries adjusted by decision"),
    "adjust_schedule": _("Schedule adjusted by decision"),
    "document": _("Document on the file"),
}


def event_label(event) -> str:
    """What a timeline event says: never its code."""
    if event.action in EVENT_LABELS:
        return str(EVENT_LABELS[event.action])
    if event.action in display.VERBS:
        return str(display.VERBS[event.action]).capitalize()
    if event.to_status:
        return str(event.get_to_status_display())
    return str(_("Recorded"))


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
        TimelineItem(e.happened_on, e.at, "event", event_label(e), e.actor, e.decision)
        for e in project.events.select_related("actor", "decision")
    ]
    items += [
        TimelineItem(p.paid_on, p.created_at, "payment", str(p), p.created_by)
        for p in project.payments.select_related("reverses", "created_by")
    ]
    items += [
        TimelineItem(v.visited_on, None, "visit", f"{_('Monitoring visit')}: {v.findings}", v.created_by)
        for v in project.visits.all()
    ]
    items += [
        TimelineItem(
            r.submitted_on,
            None,
            "report",
            f"{_('Monthly progress report')} {r.month:%m/%Y}: {r.percent_done}%",
            r.created_by,
        )
        for r in project.progress_reports.all()
    ]
    items += [
        TimelineItem(m.done_on, None, "milestone", f"{_('Milestone done')}: {m.name}")
        for m in project.milestones.exclude(done_on=None)
    ]
    for entry in history([project]).filter(action__endswith=".updated"):
        fields = ", ".join(display.field_label(entry.action, name) for name in entry.changes)
        text = f"{display.describe(entry.action)}: {fields}" if fields else display.describe(entry.action)
        items.append(TimelineItem(timezone.localdate(entry.at), entry.at, "edit", text, entry.actor))
    return sorted(
        items, key=lambda item: (item.day, item.at or datetime.datetime.min.replace(tzinfo=datetime.UTC))
    )
