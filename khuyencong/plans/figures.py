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

from .models import Batch, BatchAdjustment, FundingSource, Plan


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

    @property
    def previous_as_of(self) -> datetime.date:
        return same_day_year_before(self.as_of)


def same_day_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def batch_lines(batches: list[Batch], as_of: datetime.date) -> dict[int, Line]:
    """The execution line of each batch on the date, in four queries whatever the number of projects."""
    Project = apps.get_model("projects", "Project")
    Payment = apps.get_model("projects", "Payment")

    lines = {batch.pk: Line() for batch in batches}
    if not lines:
        return lines
    ids = list(lines)
    for batch in batches:
        lines[batch.pk].planned = batch.original_amount if batch.approved_on <= as_of else 0
    adjustments = (
        BatchAdjustment.objects.filter(batch_id__in=ids, effective_on__lte=as_of)
        .order_by("batch_id", "effective_on", "pk")
        .values_list("batch_id", "new_amount")
    )
    for batch_id, amount in adjustments:
        lines[batch_id].planned = amount
    settled_by_then = Q(settled_on__isnull=False, settled_on__lte=as_of)
    committed = (
        Project.objects.filter(batch_id__in=ids, approved_on__lte=as_of)
        .values("batch_id")
        .annotate(
            allocated=Sum(
                Case(When(settled_by_then, then=F("settled_amount")), default=F("approved_support"))
            ),
            settled=Coalesce(Sum("settled_amount", filter=settled_by_then), 0),
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


def disbursed_by_source(plans, as_of: datetime.date) -> dict[int, int]:
    Payment = apps.get_model("projects", "Payment")
    rows = (
        Payment.objects.filter(batch__plan__in=plans, paid_on__lte=as_of)
        .values("batch__plan__source_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["batch__plan__source_id"]: row["total"] for row in rows}


def execution(province, year: int, as_of: datetime.date, plans=None) -> Execution:
    """Every source's plan of the province and year on the date, with the same period a year before.

    `plans` narrows the plans (a caller's scope); by default all of the province's.
    """
    plans = Plan.objects.all() if plans is None else plans
    this_year = list(plans.filter(province=province, year=year).select_related("source", "decision"))
    batches = list(
        Batch.objects.filter(plan__in=this_year).select_related("decision").order_by("plan_id", "number")
    )
    lines = batch_lines(batches, as_of)
    previous = disbursed_by_source(
        plans.filter(province=province, year=year - 1), same_day_year_before(as_of)
    )
    by_source = {plan.source_id: plan for plan in this_year}
    sources, total = [], Line()
    for source in FundingSource.objects.filter(Q(pk__in=by_source) | Q(pk__in=previous)):
        figures = SourceFigures(
            source=source, plan=by_source.get(source.pk), previous_disbursed=previous.get(source.pk)
        )
        for batch in batches:
            if figures.plan and batch.plan_id == figures.plan.pk:
                figures.batches.append(BatchLine(batch, lines[batch.pk]))
                figures.total.add(lines[batch.pk])
        total.add(figures.total)
        sources.append(figures)
    return Execution(province=province, year=year, as_of=as_of, sources=sources, total=total)
