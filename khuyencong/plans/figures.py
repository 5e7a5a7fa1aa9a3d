"""Execution figures of plans: what was planned, committed and paid, per batch and source, on a date.

One module computes them for the plan page, the `plan_figures` command and (later) the
periodic report, so the three can never disagree. Money stays in whole đồng here;
formatting belongs to the page or the command.

Projects and payments belong to the `projects` app, which builds on this one; they
are looked up by name rather than imported, keeping imports pointing down.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Case, F, Q, Sum, When
from django.db.models.functions import Coalesce

from khuyencong.vnformat import ratio

from .models import Batch, FundingSource, Plan


@dataclass
class Line:
    """One row of the execution table: a batch, a source's total or the grand total."""

    planned: int = 0
    allocated: int = 0
    advanced: int = 0
    paid: int = 0
    settlement: int = 0
    recovered: int = 0
    settled: int = 0

    @property
    def disbursed(self) -> int:
        """Net money out: advances and payments, settlement adjustments, less recoveries."""
        return self.advanced + self.paid + self.settlement + self.recovered

    @property
    def remaining(self) -> int:
        return self.planned - self.disbursed

    @property
    def unallocated(self) -> int:
        return self.planned - self.allocated

    @property
    def percent_disbursed(self) -> Decimal | None:
        return ratio(self.disbursed, self.planned)

    @property
    def percent_allocated(self) -> Decimal | None:
        return ratio(self.allocated, self.planned)

    def add(self, other: Line) -> None:
        for name in ("planned", "allocated", "advanced", "paid", "settlement", "recovered", "settled"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(disbursed=self.disbursed, remaining=self.remaining, unallocated=self.unallocated)
        return data


@dataclass
class BatchLine:
    batch: Batch
    line: Line


@dataclass
class SourceFigures:
    source: FundingSource
    plan: Plan | None
    batches: list[BatchLine] = field(default_factory=list)
    total: Line = field(default_factory=Line)
    previous_disbursed: int | None = None

    @property
    def year_on_year(self) -> Decimal | None:
        """Change of the money disbursed against the same period of the previous year."""
        if not self.previous_disbursed:
            return None
        return Decimal(self.total.disbursed) / Decimal(self.previous_disbursed) - 1


@dataclass
class Execution:
    province: object
    year: int
    as_of: datetime.date
    sources: list[SourceFigures]
    total: Line
    current_province_id: int | None = None  # today's province the plans belong to (scopes use it)

    @property
    def previous_as_of(self) -> datetime.date:
        return same_day_year_before(self.as_of)


def same_day_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def settled_by(as_of: datetime.date) -> Q:
    return Q(settled_on__isnull=False, settled_on__lte=as_of)


def allocated_on(as_of: datetime.date) -> Case:
    """What a project holds of its batch on the day: the settled amount once settled, else the approved
    support in force that day (an adjustment counts from its decision's date)."""
    Project = apps.get_model("projects", "Project")
    return Case(When(settled_by(as_of), then=F("settled_amount")), default=Project.approved_support_on(as_of))


def batch_lines(batches: list[Batch], as_of: datetime.date) -> dict[int, Line]:
    """The execution line of each batch on the date, in two queries whatever the number of projects.

    The batches come from `Batch.objects.with_amount_on(as_of)`, which carries their amount then."""
    Project = apps.get_model("projects", "Project")
    Payment = apps.get_model("projects", "Payment")

    lines = {batch.pk: Line() for batch in batches}
    if not lines:
        return lines
    ids = list(lines)
    for batch in batches:  # fetched with_amount_on(as_of): adjustments are already applied
        lines[batch.pk].planned = batch.amount_then
    committed = (
        Project.objects.filter(batch_id__in=ids, approved_on__lte=as_of)
        .values("batch_id")
        .annotate(
            allocated=Sum(allocated_on(as_of)),
            settled=Coalesce(Sum("settled_amount", filter=settled_by(as_of)), 0),
        )
    )
    for row in committed:
        lines[row["batch_id"]].allocated = row["allocated"]
        lines[row["batch_id"]].settled = row["settled"]
    kinds = {"advance": "advanced", "payment": "paid", "settlement": "settlement", "recovery": "recovered"}
    money = (
        Payment.objects.filter(batch_id__in=ids, paid_on__lte=as_of)
        .values("batch_id", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in money:
        setattr(lines[row["batch_id"]], kinds[row["kind"]], row["total"])
    return lines


def batch_projects(batch: Batch, as_of: datetime.date, projects):
    """The batch's projects approved by the day, each with what it was allocated and paid by then:
    the rows whose sums make the batch's line on the plan page. `projects` is the caller's scope."""
    paid = Q(payments__paid_on__lte=as_of)
    return (
        projects.filter(batch=batch, approved_on__lte=as_of)
        .annotate(
            allocated_then=allocated_on(as_of),
            advanced_then=Coalesce(Sum("payments__amount", filter=paid & Q(payments__kind="advance")), 0),
            paid_then=Coalesce(Sum("payments__amount", filter=paid & Q(payments__kind="payment")), 0),
            disbursed_then=Coalesce(Sum("payments__amount", filter=paid), 0),
        )
        .select_related("activity_type")
        .order_by("approved_on", "pk")
    )


def batch_ledger(batch: Batch, as_of: datetime.date, projects):
    """Every entry booked on the batch up to the day, newest first, on projects in the caller's scope."""
    Payment = apps.get_model("projects", "Payment")
    return (
        Payment.objects.filter(batch=batch, paid_on__lte=as_of, project__in=projects)
        .select_related("project", "reverses")
        .order_by("-paid_on", "-pk")
    )


def disbursed_by_place_and_source(plans, as_of: datetime.date) -> dict[tuple[int, int], int]:
    """Money disbursed up to the day on the plans, per (province as planned, source)."""
    Payment = apps.get_model("projects", "Payment")
    rows = (
        Payment.objects.filter(batch__plan__in=plans, paid_on__lte=as_of)
        .values_list("batch__plan__province_id", "batch__plan__source_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {(province_id, source_id): total for province_id, source_id, total in rows}


def execution(province_id: int, year: int, as_of: datetime.date, plans=None) -> Execution | None:
    """Every source's plan of the province and year on the date, with the same period a year before;
    None when the province has no plan that year (in the caller's scope).

    `plans` narrows the plans (a caller's scope); by default all of the province's.
    """
    plans = Plan.objects.all() if plans is None else plans
    this_year = list(
        plans.filter(province_id=province_id, year=year).select_related("source", "decision", "province")
    )
    if not this_year:
        return None
    batches = list(
        Batch.objects.with_amount_on(as_of)
        .filter(plan__in=[p.pk for p in this_year])
        .select_related("decision")
        .order_by("number")
    )
    lines = batch_lines(batches, as_of)
    previous = {
        source_id: total
        for (_province, source_id), total in disbursed_by_place_and_source(
            plans.filter(province_id=province_id, year=year - 1), same_day_year_before(as_of)
        ).items()
    }
    by_source = {plan.source_id: plan for plan in this_year}
    sources = {plan.source_id: plan.source for plan in this_year}
    missing = set(previous) - set(sources)
    if missing:  # a source planned last year only: still shown, for the comparison
        sources.update({source.pk: source for source in FundingSource.objects.filter(pk__in=missing)})
    rows, total = [], Line()
    for source in sorted(sources.values(), key=lambda s: (s.order, s.code)):
        figures = SourceFigures(
            source=source, plan=by_source.get(source.pk), previous_disbursed=previous.get(source.pk)
        )
        for batch in batches:
            if figures.plan and batch.plan_id == figures.plan.pk:
                figures.batches.append(BatchLine(batch, lines[batch.pk]))
                figures.total.add(lines[batch.pk])
        total.add(figures.total)
        rows.append(figures)
    plan = this_year[0]
    return Execution(plan.province, year, as_of, rows, total, current_province_id=plan.current_province_id)


@dataclass
class PlaceRow:
    """One province and source in the national overview."""

    province: object
    source: FundingSource
    line: Line
    previous_disbursed: int | None

    @property
    def year_on_year(self) -> Decimal | None:
        if not self.previous_disbursed:
            return None
        return Decimal(self.line.disbursed) / Decimal(self.previous_disbursed) - 1


def overview(year: int, as_of: datetime.date, plans) -> tuple[list[PlaceRow], list[PlaceRow]]:
    """Every province's execution of the year on the date (the Ministry's roll-up) in five queries,
    and a total row per source (province None). Provinces are the ones each plan was made for."""
    batches = list(
        Batch.objects.with_amount_on(as_of)
        .filter(plan__in=plans.filter(year=year))
        .select_related("plan__province", "plan__source")
        .order_by("plan__province__name", "plan__source__order")
    )
    lines = batch_lines(batches, as_of)
    previous = disbursed_by_place_and_source(plans.filter(year=year - 1), same_day_year_before(as_of))
    rows: dict[tuple[int, int], PlaceRow] = {}
    totals: dict[int, PlaceRow] = {}
    for batch in batches:
        plan = batch.plan
        key = (plan.province_id, plan.source_id)
        if key not in rows:
            rows[key] = PlaceRow(plan.province, plan.source, Line(), previous.get(key))
        rows[key].line.add(lines[batch.pk])
        totals.setdefault(plan.source_id, PlaceRow(None, plan.source, Line(), 0)).line.add(lines[batch.pk])
    for (_province, source_id), money in previous.items():
        if source_id in totals:
            totals[source_id].previous_disbursed += money
    ordered = sorted(totals.values(), key=lambda row: (row.source.order, row.source.code))
    return list(rows.values()), ordered
