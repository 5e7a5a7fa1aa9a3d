"""What a project's page shows to one user: the steps they may take, the records they may see."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Case, When
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from khuyencong.accounts.permissions import Can
from khuyencong.audit import display
from khuyencong.audit.log import history
from khuyencong.sections import sections
from khuyencong.vnformat import SEPARATORS, dong, group_number

from . import paperwork
from .forms import step_form
from .models import STEPS, Acceptance, Appraisal, DossierItem, Payment
from .models.states import ADJUSTABLE, BEFORE_APPROVAL, EDITABLE, OPEN, PAYABLE, RUNNING, Status

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
        "priority_cap": project.priority_cap() if project.over_cap() else None,
        "can_record_priority": project.over_cap()
        and project.status in BEFORE_APPROVAL
        and Can.DECIDE_PROJECTS in may,
        # In the order the file is made: the application's documents, then the acceptance's (the
        # stages' codes sort the other way round).
        "dossier": project.dossier_items.select_related("requirement").order_by(
            Case(When(stage=DossierItem.Stage.APPLICATION, then=0), default=1), "pk"
        ),
        "can_upload": Can.APPLY in may,
        "papers": paperwork.links(project, paperwork.KINDS),
        "cost_lines": list(project.cost_lines.all()),
        "can_review_dossier": Can.RUN_PROJECTS in may,
        "appraisals": project.appraisals.filter(step__in=visible_steps).select_related("appraiser"),
        # The appraisals this user may still record: the next action of a file under appraisal, offered
        # first among the next steps, and no longer once that step's appraisal is recorded.
        "appraisal_steps": [
            s
            for s, capability in APPRAISAL_WRITERS.items()
            if project.status == Status.UNDER_APPRAISAL
            and capability in may
            and APPRAISAL_READERS[s] in may
            and s not in recorded
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
        # The project's activities and outputs, kept by the apps above (khuyencong/sections.py).
        "panels": sections("project", project=project, user=user, may=may),
        "beneficiaries": project.beneficiaries.all(),
        "can_pay": may_pay(project, may, disbursed),
        # Milestones and monthly reports belong to the work under way; visits go on until the file closes.
        "can_plan_work": Can.RUN_PROJECTS in may and project.status in RUNNING,
        "can_visit": Can.VISIT in may and project.status in OPEN,
        "can_report": Can.APPLY in may and project.status in RUNNING,
        "can_adjust": project.status in ADJUSTABLE and Can.DECIDE_PROJECTS in may,
        "can_edit": project.status in EDITABLE and Can.APPLY in may,
    }


# Timeline events that are not a step of the status machine (a step reads as its verb in
# audit.display.VERBS: "Đã nộp", "Đã trình phê duyệt").
EVENT_LABELS = {
    "created": gettext_lazy("Project drawn up"),
    "appraisal_centre": gettext_lazy("Appraisal by the Centre recorded"),
    "appraisal_finance": gettext_lazy("Appraisal by the Department of Finance recorded"),
    "approve_over_cap": gettext_lazy("Support over the cap approved"),
    "adjust_amount": gettext_lazy("Amount adjusted by decision"),
    "adjust_content": gettext_lazy("Content adjusted by decision"),
    "adjust_beneficiary": gettext_lazy("Beneficiaries adjusted by decision"),
    "adjust_schedule": gettext_lazy("Schedule adjusted by decision"),
    "document": gettext_lazy("Document on the file"),
    "priority_decision": gettext_lazy("Priority support decided"),
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
    # The creation opens the timeline even when the steps of a file entered afterwards are dated
    # before the day its draft was made (Project.create_draft; Lifecycle.check_step_date).
    items = [
        TimelineItem(
            e.happened_on,
            e.at,
            "created" if e.action == "created" else "event",
            event_label(e),
            e.actor,
            e.decision,
        )
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
        items,
        key=lambda item: (
            item.kind != "created",
            item.day,
            item.at or datetime.datetime.min.replace(tzinfo=datetime.UTC),
        ),
    )


# ------------------------------------------------------------------ the money panel of a form


@dataclass
class After:
    """A figure of the panel that follows the amount being typed: `base + factor × amount` in whole
    đồng, with the factor of the kind of payment chosen where the form has one (a recovery brings
    money back). The server works out the figure for what the form holds; static/js/money.js works it
    out again on each key, reading the amount as vnformat.parse_dong does. Shown only: the model
    methods still decide (lifecycle.check_approval, money.check_payment)."""

    amount_field: str  # the form field holding the amount
    base: int | None  # None: nothing to count from yet (no batch chosen)
    factor: Decimal = Decimal(-1)
    by_kind: dict[str, Decimal] = field(default_factory=dict)
    amount: int | None = None
    kind: str = ""

    @property
    def value(self) -> str:
        if self.amount is None or self.base is None:
            return "—"
        factor = self.by_kind.get(self.kind, self.factor)
        return _dong(self.base + int(factor * self.amount))

    @property
    def factor_text(self) -> str:
        """The factor for the script, as plain decimal digits ("0.4", "-1")."""
        return _plain(self.factor)

    @property
    def factors(self) -> str:
        """The factors by kind for the script, as JSON."""
        return json.dumps({kind: _plain(f) for kind, f in self.by_kind.items()})

    @property
    def thousands(self) -> str:
        return SEPARATORS.get((get_language() or "vi")[:2], SEPARATORS["vi"])[0]


def _plain(number: Decimal) -> str:
    return f"{Decimal(number).normalize():f}"


@dataclass
class Over:
    """A limit the amount being typed may pass: the panel says so at once (static/js/money.js shows
    it as soon as the typed amount is more than `limit`); the model still refuses on saving
    (lifecycle.check_approval, apply_amount_adjustment)."""

    amount_field: str
    limit: int | None
    message: str
    typed: int | None = None

    @property
    def shown(self) -> bool:
        return self.typed is not None and self.limit is not None and self.typed > self.limit


@dataclass
class MoneyLine:
    label: str
    value: str
    note: str = ""
    after: After | None = None
    key: str = ""  # which line it is, for `_add_after`
    overs: list[Over] = field(default_factory=list)
    # On the approval form, every batch the select offers: what this line says once it is chosen
    # (JSON for static/js/money.js, which swaps them as the batch select changes).
    choices: str = ""


def _dong(amount: int) -> str:
    return f"{dong(amount)} đ"


def _percent(value: Decimal) -> str:
    return group_number(Decimal(value), 2, strip_zeros=True) + "%"


def money_context(
    project,
    batch=None,
    amount: int | None = None,
    *,
    typing: str = "",
    typed: int | None = None,
    kind: str = "",
    offered: dict | None = None,
) -> list[MoneyLine]:
    """What the approval, payment and adjustment forms show before saving: the cap in force, the
    advance limit, what the batch has left and what the project has left to pay.

    `batch` is the one chosen on the form (else the project's own); `amount` the support the form
    would approve (else the approved support, else the support asked). Displayed only: the model
    methods refuse what breaks a limit (lifecycle.check_approval, money.check_payment).
    `typing` names the form's amount field ("approved_support" for the support approved or adjusted
    to, "amount" for a payment of `kind`) and `typed` what it holds: the lines it moves then say
    what they will be after this (`After`), and the limits it would pass say so (`Over`).
    `offered` maps the batches an approval form offers to the room each has left: the batch line
    then follows the batch chosen.
    """
    adjusting = typing == "approved_support"
    lines = _money_lines(project, batch, amount, adjusting=adjusting, choosing=bool(offered))
    if typing:
        _add_after(lines, project, batch or project.batch, typing, typed, kind)
    if adjusting:
        _add_overs(lines, project, batch or project.batch, typed, offered or {})
    return lines


def _batch_figures(project, batch, room: int) -> dict:
    """What the batch line says for one batch: its label, figure, note, and the room the support
    typed must fit in (what the batch has left, plus the project's own support when it is already in it)."""
    own = (project.approved_support or 0) if project.batch_id == batch.pk else 0
    return {
        "label": _("Left in %(batch)s") % {"batch": batch.label},
        "value": _dong(room),
        "note": _("of %(amount)s đ in the batch") % {"amount": dong(batch.amount)},
        "base": room + own,
        "over": _("More than %(batch)s has left (%(room)s đ): the batch cannot take it.")
        % {"batch": batch.label, "room": dong(room + own)},
    }


def _add_overs(lines, project, batch, typed: int | None, offered: dict) -> None:
    """The limits the support typed may pass, each on the line that shows it: the cap in force and
    the support asked (approval only: an adjustment may go above what was asked, the budget growing
    with it), and the batch's room."""
    by_key = {line.key: line for line in lines}
    field_name = "approved_support"
    if project.approved_support is None:
        cap = project.support_cap()
        if cap is not None:
            allowed = project.priority_support if project.priority_decision_id else None
            limit = project.priority_cap()
            if allowed is not None and limit is not None:
                ceiling = min(allowed, limit)
                message = _("More than the %(allowed)s đ that the priority support decision allows.") % {
                    "allowed": dong(ceiling)
                }
            else:
                ceiling = cap
                message = _(
                    "More than the cap in force (%(cap)s đ): only a recorded priority support decision "
                    "allows more."
                ) % {"cap": dong(cap)}
            by_key["cap"].overs.append(Over(field_name, ceiling, message, typed))
        by_key["cap"].overs.append(
            Over(
                field_name,
                project.support_amount,
                _("More than the %(asked)s đ asked.") % {"asked": dong(project.support_amount)},
                typed,
            )
        )
    line = by_key.get("batch")
    if line is not None:
        if batch is not None:
            room = batch.amount - batch.allocated_support()
            figures = _batch_figures(project, batch, room)
            line.overs.append(Over(field_name, figures["base"], figures["over"], typed))
        else:
            line.overs.append(Over(field_name, None, "", typed))
        if offered:
            choices = {str(b.pk): _batch_figures(project, b, room) for b, room in offered.items()}
            choices[""] = {"label": _("Left in the batch"), "value": "—", "note": _("Choose the batch.")}
            choices[""] |= {"base": None, "over": ""}
            line.choices = json.dumps(choices, ensure_ascii=False)


def _add_after(lines, project, batch, typing: str, typed: int | None, kind: str) -> None:
    by_key = {line.key: line for line in lines}
    paid = project.disbursed() if project.approved_support is not None else 0
    left_to_pay = by_key.get("left_to_pay")
    if typing == "amount":  # a payment: money out lowers what is left to pay, money back raises it
        if left_to_pay is not None:
            factors = {
                Payment.Kind.RECOVERY.value: Decimal(1),
                f"{Payment.Kind.SETTLEMENT.value}:lowers": Decimal(1),
            }
            base = project.payment_limit() - paid
            left_to_pay.after = After(typing, base, by_kind=factors, amount=typed, kind=kind)
        return
    rule = project.support_rule()
    if rule.advance_percent is not None:
        share = rule.advance_percent / 100
        by_key["advance"].after = After(typing, 0, share, amount=typed)
        by_key["advance"].note = _advance_note(project, rule, typing, typed)
    if batch is not None and "batch" in by_key:
        own = (project.approved_support or 0) if project.batch_id == batch.pk else 0
        room = batch.amount - batch.allocated_support() + own
        by_key["batch"].after = After(typing, room, amount=typed)
    elif "batch" in by_key:  # no batch chosen yet: the figure waits for one
        by_key["batch"].after = After(typing, None, amount=typed)
    if left_to_pay is not None and project.settled_amount is None:
        left_to_pay.after = After(typing, -paid, Decimal(1), amount=typed)


def _money_lines(
    project, batch, amount: int | None, *, adjusting: bool = False, choosing: bool = False
) -> list[MoneyLine]:
    rule = project.support_rule()
    support = amount if amount is not None else (project.approved_support or project.support_amount or 0)
    lines = [_cap_line(project, rule), _advance_line(project, rule, support)]
    batch = batch or project.batch
    if batch is None and choosing:  # several batches offered, none chosen yet: the line waits for one
        lines.append(MoneyLine(_("Left in the batch"), "—", _("Choose the batch."), key="batch"))
    if batch is not None:
        left = batch.amount - batch.allocated_support()
        note = _("of %(amount)s đ in the batch") % {"amount": dong(batch.amount)}
        if adjusting and project.batch_id == batch.pk and project.approved_support:
            # An adjustment moves within what the batch has left plus this project's own support
            # (lifecycle.apply_amount_adjustment). That is the batch's room, not what the project
            # gets: said only where the support is being set, never on the payment form, whose
            # project figure is the approved support on the line below.
            note += "; " + _("the batch can give this project up to %(room)s đ in all") % {
                "room": dong(left + project.approved_support)
            }
        lines.append(
            MoneyLine(_("Left in %(batch)s") % {"batch": batch.label}, _dong(left), note, key="batch")
        )
    if project.approved_support is not None:
        limit, paid = project.payment_limit(), project.disbursed()
        what = _("settled amount") if project.settled_amount is not None else _("approved support")
        lines.append(
            MoneyLine(
                _("Left to pay on the project"),
                _dong(limit - paid),
                _("%(paid)s đ paid of the %(limit)s đ %(what)s")
                % {"paid": dong(paid), "limit": dong(limit), "what": what},
                key="left_to_pay",
            )
        )
    return lines


def _cap_line(project, rule) -> MoneyLine:
    cap = rule.cap_for(project.total_amount or 0)
    parts = []
    if rule.max_percent is not None:
        parts.append(
            _("%(percent)s of the total cost %(total)s đ")
            % {"percent": _percent(rule.max_percent), "total": dong(project.total_amount or 0)}
        )
    if rule.max_amount is not None:
        parts.append(_("at most %(amount)s đ") % {"amount": dong(rule.max_amount)})
    note = "; ".join([", ".join(parts), rule.cap_basis] if parts else [])
    # Where a province has entered no rows of its own, the rules say which national row applies.
    fallback = getattr(rule, "fallback", "")
    if fallback:
        note = f"{note} ({fallback})" if note else str(fallback)
    value = _dong(cap) if cap is not None else _("no cap for this support item")
    return MoneyLine(_("Support cap in force"), value, note, key="cap")


def _advance_line(project, rule, support: int) -> MoneyLine:
    cap = rule.advance_cap(support)
    if cap is None:
        return MoneyLine(_("Advance limit"), _("no advance share for this support item"), key="advance")
    advanced = project.advanced()
    note = _("%(percent)s of %(support)s đ; %(advanced)s đ already advanced, at most %(left)s đ more") % {
        "percent": _percent(rule.advance_percent),
        "support": dong(support),
        "advanced": dong(advanced),
        "left": dong(max(cap - advanced, 0)),
    }
    if rule.advance_basis:
        note += f" — {rule.advance_basis}"
    if rule.advance_after_acceptance_only:
        note += "; " + _("only after acceptance")
    return MoneyLine(_("Advance limit"), _dong(cap), note, key="advance")


def _following(
    field_name: str, base: int, factor: Decimal, typed: int | None, floor: int | None = None
) -> str:
    """A figure inside a note that follows the amount typed (`base + factor × amount`, not below
    `floor`): static/js/money.js works it out again on each key, as for `After`."""
    value = "—"
    if typed is not None:
        figure = base + int(factor * typed)
        value = dong(figure if floor is None else max(figure, floor))
    return format_html(
        '<output data-follows="{}" data-base="{}" data-factor="{}"{} data-thousands="{}">{}</output>',
        field_name,
        base,
        _plain(factor),
        format_html(' data-floor="{}"', floor) if floor is not None else "",
        SEPARATORS.get((get_language() or "vi")[:2], SEPARATORS["vi"])[0],
        value,
    )


def _advance_note(project, rule, typing: str, typed: int | None) -> str:
    """The advance line's note for the support being typed: the share of that support, and what is
    left to advance of it."""
    share = rule.advance_percent / 100
    advanced = project.advanced()
    note = escape(
        _("%(percent)s of %(support)s đ; %(advanced)s đ already advanced, at most %(left)s đ more")
    ) % {
        "percent": escape(_percent(rule.advance_percent)),
        "support": _following(typing, 0, Decimal(1), typed),
        "advanced": escape(dong(advanced)),
        "left": _following(typing, -advanced, share, typed, floor=0),
    }
    if rule.advance_basis:
        note += escape(f" — {rule.advance_basis}")
    if rule.advance_after_acceptance_only:
        note += escape("; " + _("only after acceptance"))
    # Every piece above is escaped or built by format_html.
    return mark_safe(note)


def money_for_form(project, form) -> list[MoneyLine]:
    """The panel for a form as filled in so far: the batch it names and the support typed, when they read
    (a form that failed shows the limits for what was typed; an untouched one, the project's own)."""
    batch = _read(form, "batch")
    if batch is None and "batch" in form.fields:
        offered = getattr(form.fields["batch"], "queryset", None)
        if offered is not None and len(offered[:2]) == 1:
            batch = offered[0]
    amount = _read(form, "approved_support")
    typing = "approved_support" if "approved_support" in form.fields else "amount"
    typed = _read(form, typing) if form.is_bound else form[typing].initial
    kind = ""
    if typing == "amount":
        kind = str((_read(form, "kind") if form.is_bound else form["kind"].initial) or "")
        if kind == Payment.Kind.SETTLEMENT and form.is_bound and _read(form, "lowers"):
            kind += ":lowers"
    batch = batch if hasattr(batch, "allocated_support") else None
    typed = typed if isinstance(typed, int) else None
    offered = None
    if "batch" in form.fields and hasattr(form.fields["batch"], "rooms"):
        rooms = form.fields["batch"].rooms
        offered = {b: rooms[b.pk] for b in form.fields["batch"].queryset if b.pk in rooms}
    return money_context(project, batch, amount, typing=typing, typed=typed, kind=kind, offered=offered)


def _read(form, name: str):
    field = form.fields.get(name)
    if field is None or not form.is_bound:
        return None
    try:
        return field.clean(form[name].value())
    except ValidationError:
        return None
