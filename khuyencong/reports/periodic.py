"""The periodic report's figures as one plain dict: the contract its JSON, Word, Excel, PDF and page read.

`build(period, province, user, grouping)` follows section I of the periodic report (docs/programme.md §2):
the national plan with its tasks and decisions, the local plan per batch, projects by activity type
and status, outputs, establishments supported, the documents of the period — and, per figure group,
the records each figure was computed from. The keys are documented in README.md ("The periodic
report's JSON"); they are only ever added to, never renamed.

What the figures mean (the README says the same in words):
- "As of" is the period's end: batches at their amount in force that day (adjustments by decision
  included), projects at their approved support then (an amount adjustment counts from its decision's
  date), projects at the status they had that day.
- Money "disbursed" is net money out (advances, payments, settlement adjustments, less recoveries,
  `reports.execution.Line.disbursed`) on the plans of the period's year, paid within the period: a
  9-month report's "executed" is what was paid on the year's plans from 1/1 to 30/9. The same money
  counted from the plans' beginning to the period's end is `disbursed_to_date` (for a quarter, the
  quarter and the year to date). The previous year's figures are the same period a year before, on
  that year's plans.
- Money sums come from `reports.execution` (batch lines, disbursement per province and source), outputs
  from `activities.outputs`: nothing here sums money or outputs a second way.

A province is today's, with the provinces merged into it on 1/7/2025 (plans and projects carry
`current_province`); no province is the national roll-up of every province in scope. `user` narrows
every group through the records' `visible_to` (Scope); None reads everything (the command).
The number of queries does not grow with the number of projects.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from khuyencong.activities.models import Contest, Course, Event, MediaItem, TenderPackage
from khuyencong.activities.outputs import OUTPUTS, outputs_total
from khuyencong.documents.models import Document
from khuyencong.geo.models import REFORM_DATE, AdminUnit
from khuyencong.plans.models import Batch, BatchAdjustment, FundingSource, Plan
from khuyencong.projects.models import Acceptance, Payment, Project, ProjectBeneficiary, ProjectEvent
from khuyencong.projects.models.states import Status
from khuyencong.registry.models import ActivityType, Establishment
from khuyencong.reports.execution import Line, allocated_on, batch_lines, disbursed_by_province_and_source
from khuyencong.vnformat import millions, percent, ratio, roman
from khuyencong.vntext import sort_key

from .periods import Period

SCHEMA = 1
GROUPINGS = ("as_then", "today")
DAY = datetime.timedelta(days=1)

# A payment's kind as a reader says it ("Tạm ứng"), in the records the report lists.
PAYMENT_KINDS = dict(Payment.Kind.choices)


# ---------------------------------------------------------------- small shapes


def _money(data: dict, **amounts) -> dict:
    """Each amount in whole đồng with its `_display` in triệu đồng (None stays None)."""
    for key, value in amounts.items():
        data[key] = value
        data[f"{key}_display"] = None if value is None else millions(value)
    return data


def _percent(value, signed: bool = False) -> str | None:
    return None if value is None else percent(value, signed=signed)


def _change(now: int, before: int | None) -> str | None:
    """The change on the same period of the previous year: "+12,50%"; None without a figure then."""
    if not before:
        return None
    return _percent(ratio(now, before) - 1, signed=True)


def _day(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def decision_dict(document: Document) -> dict:
    return {
        "id": document.pk,
        "symbol": document.symbol,
        "date": document.issued_on.isoformat(),
        "date_display": f"{document.issued_on:%d/%m/%Y}",
        "issuer": document.issuer,
        "subject": document.summary,
    }


def _record(kind: str, pk: int, label: str, day=None, amount=None, **extra) -> dict:
    return {"kind": kind, "id": pk, "label": label, "date": _day(day), "amount": amount, **extra}


def _payment_records(payments, part: str) -> list[dict]:
    """The payments as records of the local or national plan's figures, each on its project."""
    rows = payments.values_list(
        "pk", "voucher_number", "project__code", "kind", "paid_on", "amount", "project_id"
    ).order_by("paid_on", "pk")
    return [
        _record(
            "payment",
            pk,
            f"{voucher} — {code} ({PAYMENT_KINDS[kind]})",
            day,
            amount,
            part=part,
            project_id=project_id,
        )
        for pk, voucher, code, kind, day, amount, project_id in rows
    ]


def province_name(unit: AdminUnit) -> str:
    """ "Hưng Yên" of "Tỉnh Hưng Yên": the name without its division type."""
    prefix = f"{unit.division_type} "
    return (
        unit.name[len(prefix) :]
        if unit.division_type and unit.name.lower().startswith(prefix.lower())
        else unit.name
    )


def status_on(day: datetime.date) -> Subquery:
    """A project's status on the day: where the last step taken by then moved it (None before it was
    submitted: a draft is not yet an application). One subquery, read with the project."""
    return Subquery(
        ProjectEvent.objects.filter(project=OuterRef("pk"), happened_on__lte=day)
        .exclude(to_status="")
        .order_by("-happened_on", "-at", "-pk")
        .values("to_status")[:1]
    )


# ---------------------------------------------------------------- what the report reads


class Sources:
    """The records in the report's reach: the province's (or every province's) plans, projects,
    documents and establishments, narrowed to what the user may read."""

    def __init__(self, period: Period, province: AdminUnit | None, user):
        self.period, self.province, self.user = period, province, user
        plans = Plan.objects.all() if user is None else Plan.objects.visible_to(user)
        projects = Project.objects.all() if user is None else Project.objects.visible_to(user)
        self.documents = Document.objects.all() if user is None else Document.objects.visible_to(user)
        self.establishments = (
            Establishment.objects.all() if user is None else Establishment.objects.visible_to(user)
        )
        if province is not None:
            plans = plans.filter(current_province=province)
            projects = projects.filter(current_province=province)
        self.plans, self.projects = plans, projects


def _units(province: AdminUnit | None, plans) -> tuple[list[AdminUnit], list[AdminUnit]]:
    """Today's provinces reported on, and (for one province) the pre-2025 provinces merged into it."""
    if province is None:
        ids = set(plans.values_list("current_province_id", flat=True).distinct())
        today = sorted(AdminUnit.objects.filter(pk__in=ids), key=lambda u: sort_key(u.name))
        return today, []
    before = list(
        AdminUnit.objects.provinces()
        .legacy()
        .filter(successions__rank=0, successions__successor=province)
        .order_by("name")
    )
    return [province], before


def _scope_dict(province: AdminUnit | None, provinces, before) -> dict:
    listed = [{"code": unit.code, "name": province_name(unit), "label": unit.label()} for unit in provinces]
    if province is None:
        return {"kind": "national", "province": None, "provinces": listed}
    return {
        "kind": "province",
        "province": {
            "code": province.code,
            "name": province_name(province),
            "label": province.label(),
            "before_reform": [{"code": unit.code, "label": unit.label()} for unit in before],
        },
        "provinces": listed,
    }


# ---------------------------------------------------------------- money


class Money:
    """The batches of one source kind (national or local) of the period's year, with their lines at
    the period's end and the day before it starts (`reports.execution.batch_lines`), and last year's
    disbursement on the same period (`reports.execution.disbursed_by_province_and_source`)."""

    def __init__(self, sources: Sources, kind: str):
        period = sources.period
        self.period, self.kind = period, kind
        plans = self._plans_query = sources.plans.filter(source__kind=kind)
        self.plans = list(plans.filter(year=period.year).select_related("decision", "province"))
        self.batches = list(
            Batch.objects.with_amount_on(period.end)
            .filter(plan__in=[p.pk for p in self.plans], approved_on__lte=period.end)
            .select_related("decision", "plan__province", "plan__current_province")
            .order_by(
                "plan__current_province__name", "plan__province__generation", "plan__province__name", "number"
            )
        )
        self.at_end = batch_lines(self.batches, period.end)
        self.before = batch_lines(self.batches, period.start - DAY)
        last_year = list(plans.filter(year=period.year - 1).values_list("pk", flat=True))
        previous = period.previous()
        self.has_previous = bool(last_year)
        self.previous_to_date = disbursed_by_province_and_source(last_year, previous.end)
        self.previous_before = disbursed_by_province_and_source(last_year, previous.start - DAY)

    def in_period(self, batch: Batch) -> int:
        return self.at_end[batch.pk].disbursed - self.before[batch.pk].disbursed

    def previous_in_period(self, province_id: int | None = None) -> int | None:
        if not self.has_previous:
            return None
        total = 0
        for (pid, source_id), amount in self.previous_to_date.items():
            if province_id is None or pid == province_id:
                total += amount - self.previous_before.get((pid, source_id), 0)
        return total

    def previous_to_date_total(self) -> int | None:
        return sum(self.previous_to_date.values()) if self.has_previous else None

    def total(self) -> Line:
        line = Line()
        for batch in self.batches:
            line.add(self.at_end[batch.pk])
        return line

    def disbursed(self) -> int:
        return sum(self.in_period(batch) for batch in self.batches)

    def summary(self) -> dict:
        total = self.total()
        disbursed = self.disbursed()
        previous = self.previous_in_period()
        data = _money(
            {},
            planned=total.planned,
            disbursed=disbursed,
            disbursed_to_date=total.disbursed,
            allocated=total.allocated,
            remaining=total.planned - total.disbursed,
            previous_disbursed=previous,
            previous_disbursed_to_date=self.previous_to_date_total(),
        )
        data["percent"] = _percent(ratio(disbursed, total.planned))
        data["percent_to_date"] = _percent(total.percent_disbursed)
        data["change"] = _change(disbursed, previous)
        data["change_to_date"] = _change(total.disbursed, self.previous_to_date_total())
        return data

    def batch_dicts(self, national: bool) -> list[dict]:
        """A line per batch; for the national roll-up, a line per batch number summed over provinces."""
        if national:
            groups: dict[int, list[Batch]] = defaultdict(list)
            for batch in self.batches:
                groups[batch.number].append(batch)
            rows = sorted(groups.items())
        else:
            rows = [(batch.number, [batch]) for batch in self.batches]
        result = []
        for number, batches in rows:
            line = Line()
            for batch in batches:
                line.add(self.at_end[batch.pk])
            disbursed = sum(self.in_period(batch) for batch in batches)
            one = batches[0] if len(batches) == 1 else None
            data = {
                "number": number,
                "label": _("Batch %(number)s") % {"number": roman(number)},
                "batch_ids": [batch.pk for batch in batches],
                "made_for": one.plan.province.label() if one else None,
                "approved_on": _day(one.approved_on) if one else None,
                "decision": decision_dict(one.decision) if one and one.decision else None,
            }
            _money(
                data,
                planned=line.planned,
                disbursed=disbursed,
                disbursed_to_date=line.disbursed,
                allocated=line.allocated,
            )
            data["percent"] = _percent(ratio(disbursed, line.planned))
            data["percent_to_date"] = _percent(line.percent_disbursed)
            data["projects"] = 0  # filled from the projects approved into it, below
            result.append(data)
        return result

    def by_province(self, units: list[AdminUnit]) -> list[dict]:
        """Each today's province's line (the national roll-up's rows; their sums are the totals)."""
        lines: dict[int, Line] = defaultdict(Line)
        disbursed: dict[int, int] = defaultdict(int)
        for batch in self.batches:
            pid = batch.plan.current_province_id
            lines[pid].add(self.at_end[batch.pk])
            disbursed[pid] += self.in_period(batch)
        rows = []
        for unit in units:
            if unit.pk not in lines and not self.previous_in_period(unit.pk):
                continue
            line = lines[unit.pk]
            previous = self.previous_in_period(unit.pk)
            data = {"code": unit.code, "name": province_name(unit)}
            _money(
                data,
                planned=line.planned,
                disbursed=disbursed[unit.pk],
                disbursed_to_date=line.disbursed,
                previous_disbursed=previous,
            )
            data["percent"] = _percent(ratio(disbursed[unit.pk], line.planned))
            data["change"] = _change(disbursed[unit.pk], previous)
            rows.append(data)
        return rows

    def decisions(self) -> list[Document]:
        """The decisions that assigned the plans and their batches, and adjusted them, by the period's end."""
        found = {p.decision.pk: p.decision for p in self.plans if p.decision}
        found.update({b.decision.pk: b.decision for b in self.batches if b.decision})
        adjustments = BatchAdjustment.objects.filter(
            batch__in=[b.pk for b in self.batches], effective_on__lte=self.period.end
        ).select_related("decision")
        found.update({a.decision.pk: a.decision for a in adjustments})
        return sorted((d for d in found.values() if d.issued_on <= self.period.end), key=_doc_order)

    def payments(self):
        """The entries booked on the batches in the period (what `disbursed` sums)."""
        return Payment.objects.filter(
            batch_id__in=[b.pk for b in self.batches], paid_on__range=(self.period.start, self.period.end)
        )

    def records(self) -> list[dict]:
        records = [
            _record(
                "batch",
                batch.pk,
                f"{_('Batch %(number)s') % {'number': roman(batch.number)}} — {batch.plan.title} "
                f"({batch.plan.province.label()})",
                batch.approved_on,
                self.at_end[batch.pk].planned,
                part="planned",
            )
            for batch in self.batches
        ]
        previous = self.period.previous()
        last_year = Payment.objects.filter(
            batch__plan__in=self._last_year_plans(), paid_on__range=(previous.start, previous.end)
        )
        records += _payment_records(self.payments(), "period")
        records += _payment_records(last_year, "previous")
        return records

    def _last_year_plans(self):
        return self._plans_query.filter(year=self.period.year - 1).values("pk")


def _doc_order(document: Document):
    return (document.issued_on, document.number, document.pk)


# ---------------------------------------------------------------- the report


def build(period: Period, province: AdminUnit | None = None, user=None, grouping: str = "as_then") -> dict:
    """The periodic report of today's `province` (None: every province rolled up) for the period,
    as `user` may read it (None: everything). See the module's docstring and README.md."""
    if grouping not in GROUPINGS:
        raise ValueError(grouping)
    sources = Sources(period, province, user)
    provinces, before = _units(province, sources.plans)
    national = Money(sources, FundingSource.Kind.NATIONAL)
    local = Money(sources, FundingSource.Kind.LOCAL)
    types = _activity_types(period.end)

    national_plan = national.summary()
    national_plan["batches"] = national.batch_dicts(province is None)
    tasks, task_records, task_decisions = _tasks(sources, national, types)
    assigned = national.decisions()
    national_plan["assigned_by"] = [decision_dict(d) for d in assigned]
    national_plan["tasks"] = tasks
    all_decisions = {d.pk: d for d in assigned} | task_decisions
    national_plan["decisions"] = [decision_dict(d) for d in sorted(all_decisions.values(), key=_doc_order)]
    if province is None:
        national_plan["by_province"] = national.by_province(provinces)

    local_plan = local.summary()
    local_plan["percent_of_year"] = local_plan["percent"]
    local_plan["batches"] = local.batch_dicts(province is None)
    local_plan["main_contents"] = _main_contents(sources, local, types)
    local_decisions = local.decisions()
    local_plan["decisions"] = [decision_dict(d) for d in local_decisions]
    if province is None:
        local_plan["by_province"] = local.by_province(provinces)
    _count_batch_projects(sources, national_plan["batches"] + local_plan["batches"])

    projects, project_records = _projects(sources, types)
    committed = sources.projects.filter(year=period.year, approved_on__lte=period.end)
    outputs, output_records = _outputs(committed, period)
    establishments, establishment_records = _establishments(sources, committed, grouping)
    linked = set(all_decisions) | {d.pk for d in local_decisions}
    documents = _documents(sources, provinces, before, linked)

    return {
        "schema": SCHEMA,
        "scope": _scope_dict(province, provinces, before),
        "period": period.as_dict(),
        "as_of": period.end.isoformat(),
        "as_of_display": f"{period.end:%d/%m/%Y}",
        "unit": _("million đồng"),
        "national_plan": national_plan,
        "local_plan": local_plan,
        "projects": projects,
        "outputs": outputs,
        "establishments": establishments,
        "documents": [decision_dict(d) for d in documents],
        "records": {
            "national_plan": national.records() + task_records,
            "local_plan": local.records(),
            "projects": project_records,
            "outputs": output_records,
            "establishments": establishment_records,
            "documents": [
                _record("document", d.pk, f"{d.symbol} — {d.summary}", d.issued_on) for d in documents
            ],
        },
    }


def _activity_types(day: datetime.date) -> dict[str, str]:
    """Activity type code → its name, the row in force on the day first (a code renamed keeps one line)."""
    names: dict[str, str] = {}
    for code, name, start, end in ActivityType.objects.values_list(
        "code", "name", "effective_from", "effective_to"
    ).order_by("-effective_from"):
        in_force = (start is None or start <= day) and (end is None or end >= day)
        if code not in names or in_force:
            names.setdefault(code, name)
            if in_force:
                names[code] = name
    return names


def _type_order(code: str):
    return (int(code), code) if code.isdigit() else (10**6, code)


def _count_batch_projects(sources: Sources, batches: list[dict]) -> None:
    ids = [pk for batch in batches for pk in batch["batch_ids"]]
    counts = dict(
        sources.projects.filter(batch_id__in=ids, approved_on__lte=sources.period.end)
        .values_list("batch_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for batch in batches:
        batch["projects"] = sum(counts.get(pk, 0) for pk in batch["batch_ids"])


def _main_contents(sources: Sources, local: Money, types: dict[str, str]) -> list[dict]:
    """What the local plan's money in the period went to, per activity type (docs/programme.md §2: "mainly
    vocational training and information dissemination"): the period's entries by their project's type."""
    spent = dict(
        local.payments().values_list("project__activity_type__code").annotate(total=Sum("amount")).order_by()
    )
    counted = dict(
        sources.projects.filter(batch_id__in=[b.pk for b in local.batches], approved_on__lte=local.period.end)
        .values_list("activity_type__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [
        _money(
            {"activity_type": code, "name": types.get(code, code), "projects": counted.get(code, 0)},
            disbursed=spent.get(code, 0),
        )
        for code in set(spent) | set(counted)
    ]
    return sorted(rows, key=lambda row: (-row["disbursed"], _type_order(row["activity_type"])))


def _tasks(sources: Sources, national: Money, types) -> tuple[list[dict], list[dict], dict[int, Document]]:
    """The national plan's projects with their money, status, activities and decisions by the period's end."""
    period = sources.period
    in_period = Q(payments__paid_on__range=(period.start, period.end))
    chosen = sources.projects.filter(
        batch_id__in=[b.pk for b in national.batches], approved_on__lte=period.end
    )
    projects = list(
        chosen.annotate(
            planned_then=allocated_on(period.end),
            disbursed_in=Coalesce(Sum("payments__amount", filter=in_period), 0),
            status_then=status_on(period.end),
        )
        .select_related("activity_type", "current_province")
        .order_by("current_province__name", "approved_on", "pk")
    )
    # The tasks' activities and decisions read through a subquery, not a list of their ids: the
    # country's 15,000 tasks as parameters cost seconds to send (make bench, "reports").
    ids = chosen.values("pk")
    activities = _activities(ids, period.end)
    decisions = _task_decisions(sources, ids, period.end)
    tasks, records = [], []
    for project in projects:
        status = project.status_then or project.status
        found = activities.get(project.pk, [])
        task = {
            "project_id": project.pk,
            "province_code": project.current_province.code if project.current_province else None,
            "code": project.code,
            "title": project.title,
            "activity_type": project.activity_type.code,
            "activity_type_name": types.get(project.activity_type.code, project.activity_type.name),
            "status": status,
            "status_display": str(Status(status).label),
            "progress": _progress(status, found, period.end),
            "activities": found,
            "decisions": [decision_dict(d) for d in decisions.get(project.pk, [])],
        }
        _money(task, planned=project.planned_then or 0, disbursed=project.disbursed_in)
        tasks.append(task)
        records.append(
            _record(
                "project", project.pk, str(project), project.approved_on, project.planned_then, part="task"
            )
        )
    every = {d.pk: d for found in decisions.values() for d in found}
    return tasks, records, every


def _activities(project_ids, day: datetime.date) -> dict[int, list[dict]]:
    """The courses, events, contests and media items of the projects (planned ones included: a task's
    progress says what is still to come)."""
    found: dict[int, list[dict]] = defaultdict(list)
    shapes = (
        (Course.objects, "course", "start_on", "end_on"),
        (Event.objects.exclude(status=Event.Status.CANCELLED), "event", "start_on", "end_on"),
        (Contest.objects, "contest", "held_on", "held_on"),
        (MediaItem.objects, "media", "published_on", "published_on"),
    )
    for queryset, kind, start, end in shapes:
        for pid, pk, title, first, last in queryset.filter(project_id__in=project_ids).values_list(
            "project_id", "pk", "title", start, end
        ):
            found[pid].append(
                {"kind": kind, "id": pk, "title": title, "start": _day(first), "end": _day(last)}
            )
    for items in found.values():
        items.sort(key=lambda item: (item["start"] or "", item["kind"], item["id"]))
    return found


def _progress(status: str, activities: list[dict], day: datetime.date) -> str:
    """The task's progress in plain words: its status that day, and its next activity still to come."""
    text = str(Status(status).label)
    coming = [a for a in activities if a["start"] and a["start"] > day.isoformat()]
    if coming:
        first = coming[0]
        start = datetime.date.fromisoformat(first["start"])
        text = _("%(status)s; %(activity)s planned for %(day)s") % {
            "status": text,
            "activity": first["title"],
            "day": f"{start:%d/%m/%Y}",
        }
    return text


def _task_decisions(sources: Sources, project_ids, day: datetime.date) -> dict[int, list[Document]]:
    """Each task's documents issued by the day: those on its timeline (its approval, the notices and
    decisions noted on it) and those of its events (notice, organising board, tender packages)."""
    links: set[tuple[int, int]] = set()
    links.update(
        ProjectEvent.objects.filter(project_id__in=project_ids, decision__isnull=False)
        .values_list("project_id", "decision_id")
        .distinct()
    )
    for pid, notice, board in Event.objects.filter(project_id__in=project_ids).values_list(
        "project_id", "notice_id", "board__decision_id"
    ):
        links.update((pid, pk) for pk in (notice, board) if pk)
    for pid, estimate, selection in TenderPackage.objects.filter(
        event__project_id__in=project_ids
    ).values_list("event__project_id", "estimate_decision_id", "selection_plan_decision_id"):
        links.update((pid, pk) for pk in (estimate, selection) if pk)
    documents = sources.documents.filter(pk__in={pk for _pid, pk in links}, issued_on__lte=day).in_bulk()
    found: dict[int, list[Document]] = defaultdict(list)
    for pid, pk in links:
        if pk in documents:
            found[pid].append(documents[pk])
    for items in found.values():
        items.sort(key=_doc_order)
    return found


def _projects(sources: Sources, types: dict[str, str]) -> tuple[dict, list[dict]]:
    """The year's projects submitted by the period's end, by activity type and the status they had then."""
    period = sources.period
    projects = (
        sources.projects.filter(year=period.year)
        .annotate(status_then=status_on(period.end))
        .exclude(status_then=None)
    )
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for code, status, n in (
        projects.values_list("activity_type__code", "status_then").annotate(n=Count("pk")).order_by()
    ):
        counts[code][status] = counts[code].get(status, 0) + n
    seen = {status for by_status in counts.values() for status in by_status}
    statuses = [status for status in Status.values if status in seen]
    by_type = [
        {
            "activity_type": code,
            "name": types.get(code, code),
            "total": sum(counts[code].values()),
            "by_status": {status: counts[code].get(status, 0) for status in statuses},
        }
        for code in sorted(counts, key=_type_order)
    ]
    by_status = {status: sum(row["by_status"][status] for row in by_type) for status in statuses}
    records = [
        _record(
            "project", pk, f"{code} — {title}", submitted, support, status=status, activity_type=type_code
        )
        for pk, code, title, submitted, support, status, type_code in projects.values_list(
            "pk", "code", "title", "submitted_on", "support_amount", "status_then", "activity_type__code"
        ).order_by("code", "pk")
    ]
    data = {
        "total": sum(row["total"] for row in by_type),
        "by_type": by_type,
        "by_status": by_status,
        "statuses": [{"code": status, "label": str(Status(status).label)} for status in statuses],
    }
    return data, records


def _outputs(committed, period: Period) -> tuple[list[dict], list[dict]]:
    """The outputs of the year's projects approved by the period's end (`activities.outputs`): counted
    by the period's end (`value`), and in the period (`in_period`: the end's less the day before it)."""
    at_end = outputs_total(committed.values("pk"), until=period.end)
    before = outputs_total(committed.values("pk"), until=period.start - DAY)
    outputs = [
        {
            "key": o.key,
            "label": str(o.label),
            "value": at_end[o.key],
            "in_period": at_end[o.key] - before[o.key],
        }
        for o in OUTPUTS
    ]
    ids = committed.values("pk")
    day = period.end
    records = []
    for model, kind, date_field, condition in (
        (Course, "course", "start_on", Q()),
        (Event, "event", "start_on", ~Q(status=Event.Status.CANCELLED)),
        (Contest, "contest", "held_on", Q()),
        (MediaItem, "media", "published_on", Q()),
    ):
        rows = model.objects.filter(condition, project_id__in=ids, **{f"{date_field}__lte": day}).values_list(
            "pk", "title", date_field
        )
        records += [_record(kind, pk, title, when) for pk, title, when in rows.order_by(date_field, "pk")]
    for pk, number, code, when, project_id in (
        Acceptance.objects.filter(project_id__in=ids, accepted_on__lte=day)
        .values_list("pk", "record_number", "project__code", "accepted_on", "project_id")
        .order_by("accepted_on", "pk")
    ):
        records.append(_record("acceptance", pk, f"{number} — {code}", when, project_id=project_id))
    return outputs, records


def _establishments(sources: Sources, committed, grouping: str) -> tuple[dict, list[dict]]:
    """The establishments the year's projects approved by the period's end support, by commune and trade.

    A project's support (as approved then, or settled) is shared equally among its beneficiaries: the
    records say whom a project supports, not how much each received. Each establishment falls in one
    commune line: "as_then" the unit it is registered with when the period ends before 1/7/2025 (a
    pre-reform commune with its old district), else today's; "today" always today's commune."""
    period = sources.period
    support = dict(committed.annotate(then=allocated_on(period.end)).values_list("pk", "then"))
    links = list(
        ProjectBeneficiary.objects.filter(project_id__in=committed.values("pk"))
        .values_list(
            "project_id",
            "establishment_id",
            "establishment__name",
            "establishment__trade",
            "establishment__commune_id",
            "establishment__current_commune_id",
        )
        .order_by("project_id", "establishment_id")
    )
    readable = set(
        sources.establishments.filter(pk__in={link[1] for link in links}).values_list("pk", flat=True)
    )
    per_project: dict[int, list] = defaultdict(list)
    for link in links:
        per_project[link[0]].append(link)
    amounts: dict[int, int] = defaultdict(int)
    about: dict[int, tuple] = {}
    for pid, rows in per_project.items():
        share, rest = divmod(support.get(pid) or 0, len(rows))
        for index, (_pid, eid, name, trade, commune, current) in enumerate(rows):
            if eid not in readable:
                continue
            amounts[eid] += share + (1 if index < rest else 0)
            about[eid] = (name, trade, commune, current)
    legacy_then = grouping == "as_then" and period.end < REFORM_DATE

    def unit_of(commune: int, current: int | None) -> int:
        return commune if legacy_then or current is None else current

    units = AdminUnit.objects.select_related("parent__parent__parent").in_bulk(
        {unit_of(commune, current) for _n, _t, commune, current in about.values()}
    )
    communes: dict[int, list[int]] = defaultdict(list)
    trades: dict[str, list[int]] = defaultdict(list)
    for eid, (_name, trade, commune, current) in about.items():
        communes[unit_of(commune, current)].append(eid)
        trades[(trade or "").strip()].append(eid)
    by_commune = [
        _money(
            {
                "commune": units[uid].label(),
                "commune_id": uid,
                "commune_code": units[uid].code,
                "before_reform": units[uid].is_legacy,
                "count": len(eids),
            },
            amount=sum(amounts[eid] for eid in eids),
        )
        for uid, eids in communes.items()
    ]
    by_commune.sort(key=lambda row: (-row["count"], -row["amount"], sort_key(row["commune"])))
    by_trade = [
        _money(
            {"trade": trade or _("Trade not recorded"), "count": len(eids)},
            amount=sum(amounts[e] for e in eids),
        )
        for trade, eids in trades.items()
    ]
    by_trade.sort(key=lambda row: (-row["count"], -row["amount"], sort_key(row["trade"])))
    data = _money({"total": len(about)}, amount=sum(amounts.values()))
    data.update(
        by_commune=by_commune,
        by_trade=by_trade,
        grouping=grouping,
        grouping_display=(
            _("communes as they were in the period")
            if legacy_then
            else _("today's communes (since 1/7/2025)")
        ),
        units_before_reform=legacy_then,
    )
    records = [
        _record("establishment", eid, about[eid][0], None, amounts[eid])
        for eid in sorted(about, key=lambda e: (sort_key(about[e][0]), e))
    ]
    return data, records


def _documents(sources: Sources, provinces, before, linked: set[int]) -> list[Document]:
    """The documents issued in the period: the province's own (of today's province or one merged into
    it), and any other (a Ministry's) that the report's plans and tasks cite; every one for the roll-up."""
    period = sources.period
    documents = sources.documents.filter(issued_on__range=(period.start, period.end))
    if sources.province is not None:
        own = [sources.province.pk, *(unit.pk for unit in before)]
        documents = documents.filter(Q(province_id__in=own) | Q(pk__in=linked))
    return sorted(documents, key=_doc_order)
