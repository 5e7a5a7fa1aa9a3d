"""Execution figures of plans: what was planned, committed and paid, per batch and source, on a date.

One module computes them for the plan page, the `plan_figures` command and the
periodic report, so the three can never disagree. Money stays in whole đồng here;
formatting belongs to the page or the command.

"The province" of a figure is today's province with the units it was made of before the
reform of 1/7/2025 (the crosswalk, kept on each plan as `current_province`): a 2024 plan of
Tỉnh Thái Bình (until 30/6/2025) counts under today's Tỉnh Hưng Yên, so the same period of the
previous year and the roll-up keep every merged province (docs/programme.md). Plans are never
looked up, compared or grouped by the id of the unit they were made on alone.

It lives in `reports`, above plans and projects, so it imports both (docs/adr/0013).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db import connections
from django.db.models import BooleanField, Case, F, Q, Sum, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from khuyencong.geo.models import AdminUnit
from khuyencong.plans.models import Batch, FundingSource, Plan
from khuyencong.projects.models import Payment, Project, ProjectVersion
from khuyencong.vnformat import ratio
from khuyencong.vntext import sort_key


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

    @property
    def unit(self):
        """The unit the batch's plan was made on, when it is not today's province (shown beside it)."""
        plan = self.batch.plan
        return plan.province if plan.province_id != plan.current_province_id else None


@dataclass
class SourceFigures:
    source: FundingSource
    plans: list[Plan] = field(default_factory=list)
    batches: list[BatchLine] = field(default_factory=list)
    total: Line = field(default_factory=Line)
    previous_disbursed: int | None = None
    previous_units: list = field(default_factory=list)  # the units last year's plans were made on

    @property
    def plan(self) -> Plan | None:
        """The plan new batches go into: the one on today's province, else the only one there is."""
        return next((p for p in self.plans if p.province_id == p.current_province_id), None) or next(
            iter(self.plans), None
        )

    @property
    def year_on_year(self) -> Decimal | None:
        """Change of the money disbursed against the same period of the previous year."""
        if not self.previous_disbursed:
            return None
        return Decimal(self.total.disbursed) / Decimal(self.previous_disbursed) - 1


@dataclass
class Execution:
    province: object  # today's province
    year: int
    as_of: datetime.date
    sources: list[SourceFigures]
    total: Line
    # The units this year's and last year's plans were made on (a pre-2025 one beside today's).
    units: list = field(default_factory=list)

    @property
    def current_province_id(self) -> int:
        return self.province.pk

    @property
    def previous_as_of(self) -> datetime.date:
        return same_day_year_before(self.as_of)

    @property
    def old_units(self) -> list:
        return [unit for unit in self.units if unit.pk != self.province.pk]


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
    return Case(When(settled_by(as_of), then=F("settled_amount")), default=Project.approved_support_on(as_of))


def committed_by_batch(of_batches, as_of: datetime.date) -> list[tuple[int, int | None, int]]:
    """(batch, allocated, settled) on the day for the projects approved by then in the batches
    `of_batches` picks: the sums of `allocated_on(as_of)` and of the settled amounts.

    Summed as today's approved support, then corrected by the projects whose amount was adjusted after
    the day (the support before their first adjustment after it, `Project.approved_support_on`). Those
    are few, and reading them apart spares the database a subquery for each of a year's projects (the
    national roll-up: 30,000 of them)."""
    projects = Project.objects.filter(of_batches, approved_on__lte=as_of)
    sums = {
        batch_id: [allocated, settled]
        for batch_id, allocated, settled in projects.values_list("batch_id")
        .annotate(
            allocated=Sum(
                Case(When(settled_by(as_of), then=F("settled_amount")), default=F("approved_support"))
            ),
            settled=Coalesce(Sum("settled_amount", filter=settled_by(as_of)), 0),
        )
        .order_by()
    }
    if as_of < timezone.localdate():  # from today on, every adjustment is in force
        later = (
            ProjectVersion.objects.filter(
                kind=ProjectVersion.Kind.AMOUNT,
                effective_on__gt=as_of,
                project__in=projects.exclude(settled_by(as_of)).values("pk"),
            )
            .order_by("project_id", "effective_on", "pk")
            .values_list("project_id", "project__batch_id", "project__approved_support", "support_before")
        )
        corrected = set()
        for project_id, batch_id, support_now, support_then in later:
            if project_id in corrected or support_then is None:
                continue  # only the first adjustment after the day tells the amount on the day
            corrected.add(project_id)
            sums[batch_id][0] = (sums[batch_id][0] or 0) + support_then - (support_now or 0)
    return [(batch_id, allocated, settled) for batch_id, (allocated, settled) in sums.items()]


def batch_lines(batches: list[Batch], as_of: datetime.date) -> dict[int, Line]:
    """The execution line of each batch on the date, in two queries whatever the number of projects.

    The batches come from `Batch.objects.with_amount_on(as_of)`, which carries their amount then."""

    lines = {batch.pk: Line() for batch in batches}
    if not lines:
        return lines
    ids = list(lines)
    for batch in batches:  # fetched with_amount_on(as_of): adjustments are already applied
        lines[batch.pk].planned = batch.amount_then
    for batch_id, allocated, settled in committed_by_batch(Q(batch_id__in=ids), as_of):
        lines[batch_id].allocated = allocated
        lines[batch_id].settled = settled
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
    return (
        Payment.objects.filter(batch=batch, paid_on__lte=as_of, project__in=projects)
        .select_related("project", "reverses")
        .order_by("-paid_on", "-pk")
    )


def disbursed_by_province_and_source(plans, as_of: datetime.date) -> dict[tuple[int, int], int]:
    """Money disbursed up to the day on the plans, per (today's province, source)."""
    rows = (
        Payment.objects.filter(batch__plan__in=plans, paid_on__lte=as_of)
        .values_list("batch__plan__current_province_id", "batch__plan__source_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {(province_id, source_id): total for province_id, source_id, total in rows}


def lines_by_province_and_source(plans, as_of: datetime.date) -> dict[tuple[int, int], Line]:
    """The execution lines of the plans on the date summed per (today's province, source): what
    `batch_lines` gives per batch, added up. Ids, not models: the roll-up of 34 provinces would
    otherwise build a batch and a plan per row to read two ids. Projects and payments are summed
    per batch in the database (through their batch index), the batches given as one array, not as
    an IN list of a thousand ids that Django and the driver would each go through one by one."""
    lines: dict[tuple[int, int], Line] = {}
    place: dict[int, tuple[int, int]] = {}
    batches = (
        Batch.objects.with_amount_on(as_of)
        .filter(plan__in=plans)
        .values_list("pk", "plan__current_province_id", "plan__source_id", "amount_then")
        .order_by()
    )
    for batch_id, province_id, source_id, amount in batches:
        place[batch_id] = (province_id, source_id)
        lines.setdefault(place[batch_id], Line()).planned += amount
    for batch_id, allocated, settled in committed_by_batch(_batch_in(Project, list(place)), as_of):
        line = lines[place[batch_id]]
        line.allocated += allocated
        line.settled += settled
    kinds = {"advance": "advanced", "payment": "paid", "settlement": "settlement", "recovery": "recovered"}
    money = (
        Payment.objects.filter(_batch_in(Payment, list(place)), paid_on__lte=as_of)
        .values_list("batch_id", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for batch_id, kind, total in money:
        line = lines[place[batch_id]]
        setattr(line, kinds[kind], getattr(line, kinds[kind]) + total)
    return lines


def _batch_in(model, batch_ids: list[int]) -> RawSQL | Q:
    """`batch_id = ANY(array)`: the rows of the batches, the ids passed as one parameter. PostgreSQL
    only: elsewhere (the SQLite of `make run`) a plain IN list."""
    if connections[model.objects.db].vendor != "postgresql":
        return Q(batch_id__in=batch_ids)
    return RawSQL(f'"{model._meta.db_table}"."batch_id" = ANY(%s)', (batch_ids,), output_field=BooleanField())


def today_province(unit_id: int) -> AdminUnit | None:
    """Today's province a unit of either generation is counted under (None for no such province)."""
    unit = AdminUnit.objects.provinces().filter(pk=unit_id).first()
    return unit.current_unit() if unit else None


def execution(
    province_id: int, year: int, as_of: datetime.date, plans=None, province: AdminUnit | None = None
) -> Execution | None:
    """Every source's plans of the province and year on the date, with the same period a year before;
    None when the province has no plan that year (in the caller's scope).

    `province_id` is today's province or one merged into it: the figures are today's province's,
    its plans made on the units it was before 1/7/2025 included. `plans` narrows the plans (a
    caller's scope); by default all of the province's. `province`, when the caller has already
    looked it up, is today's province (`today_province(province_id)`).
    """
    province = province or today_province(province_id)
    if province is None:
        return None
    plans = Plan.objects.all() if plans is None else plans
    # This year's and last year's plans in one query: last year's give the units and sources of
    # the comparison, so neither needs a query of its own.
    both_years = list(
        plans.filter(current_province=province, year__in=[year, year - 1])
        .select_related("source", "decision", "province")
        .order_by("source__order", "province__generation", "province__name")
    )
    this_year = [plan for plan in both_years if plan.year == year]
    last_year = [plan for plan in both_years if plan.year == year - 1]
    if not this_year:
        return None
    batches = list(
        Batch.objects.with_amount_on(as_of)
        .filter(plan__in=[p.pk for p in this_year])
        .select_related("decision", "plan__province")
        .order_by("plan__province__generation", "plan__province__name", "number")
    )
    lines = batch_lines(batches, as_of)
    previous = {
        source_id: total
        for (_province, source_id), total in disbursed_by_province_and_source(
            [plan.pk for plan in last_year], same_day_year_before(as_of)
        ).items()
    }
    sources = {plan.source_id: plan.source for plan in this_year}
    for plan in last_year:  # a source planned last year only: still shown, for the comparison
        if plan.source_id in previous:
            sources.setdefault(plan.source_id, plan.source)
    rows, total = [], Line()
    for source in sorted(sources.values(), key=lambda s: (s.order, s.code)):
        figures = SourceFigures(
            source=source,
            plans=[plan for plan in this_year if plan.source_id == source.pk],
            previous_disbursed=previous.get(source.pk),
        )
        for batch in batches:
            if batch.plan.source_id == source.pk:
                figures.batches.append(BatchLine(batch, lines[batch.pk]))
                figures.total.add(lines[batch.pk])
        total.add(figures.total)
        rows.append(figures)
    found = {plan.province_id: plan.province for plan in both_years}
    found[province.pk] = province
    for figures in rows:
        figures.previous_units = sorted(
            (found[plan.province_id] for plan in last_year if plan.source_id == figures.source.pk),
            key=lambda unit: (unit.is_legacy, sort_key(unit.name)),
        )
    units = [
        province,
        *sorted((u for u in found.values() if u.pk != province.pk), key=lambda u: sort_key(u.name)),
    ]
    return Execution(province, year, as_of, rows, total, units=units)


@dataclass
class PlaceRow:
    """One province (today's) and source in the national overview; a total row has no province,
    the grand total no source either. A province without a plan of the year has no source and
    `has_plan` False."""

    province: object
    source: FundingSource | None
    line: Line
    previous_disbursed: int | None
    units: list = field(default_factory=list)  # the pre-2025 units its plans were made on
    has_plan: bool = True
    # A total's money disbursed on the rows that have a figure for last year: the change compares
    # like with like (a source or province with no plan last year would swell it). None on a row.
    comparable_disbursed: int | None = None

    @property
    def year_on_year(self) -> Decimal | None:
        if not self.previous_disbursed:
            return None
        now = self.line.disbursed if self.comparable_disbursed is None else self.comparable_disbursed
        return Decimal(now) / Decimal(self.previous_disbursed) - 1


@dataclass
class Overview:
    """The Ministry's roll-up: a row per today's province and source, the totals per source and
    the grand total, each total the sum of the rows above it."""

    year: int
    as_of: datetime.date
    rows: list[PlaceRow]
    totals: list[PlaceRow]
    grand_total: PlaceRow

    @property
    def provinces_without_plan(self) -> int:
        return len({row.province.pk for row in self.rows if not row.has_plan})


def _sum_rows(rows: list[PlaceRow], source) -> PlaceRow:
    total = PlaceRow(None, source, Line(), None, comparable_disbursed=0)
    for row in rows:
        total.line.add(row.line)
        if row.previous_disbursed is not None:
            total.previous_disbursed = (total.previous_disbursed or 0) + row.previous_disbursed
            comparable = row.line.disbursed if row.comparable_disbursed is None else row.comparable_disbursed
            total.comparable_disbursed += comparable
    return total


def overview(year: int, as_of: datetime.date, plans, provinces) -> Overview:
    """Every province's execution of the year on the date, in today's provinces (those merged
    on 1/7/2025 counted under the province they became), in seven queries at most.

    `plans` are the plans the caller may read and `provinces` today's provinces to list: each
    is listed, with "no plan" when it has no plan of the year."""
    planned = lines_by_province_and_source(plans.filter(year=year), as_of)
    previous = disbursed_by_province_and_source(plans.filter(year=year - 1), same_day_year_before(as_of))
    all_sources = FundingSource.objects.in_bulk()
    sources: dict[int, FundingSource] = {}
    legacy: dict[int, set[int]] = {}  # today's province → the pre-2025 units its plans were made on
    rows_of_plans = plans.filter(year__in=[year, year - 1]).values_list(
        "year", "province_id", "current_province_id", "source_id"
    )
    for plan_year, province_id, current_id, source_id in rows_of_plans:
        if plan_year == year:  # a plan with no batch yet still counts as the province's plan of the year
            planned.setdefault((current_id, source_id), Line())
            sources[source_id] = all_sources[source_id]
        if province_id != current_id:  # named beside today's, this year's or last
            legacy.setdefault(current_id, set()).add(province_id)
    named = AdminUnit.objects.in_bulk({pk for ids in legacy.values() for pk in ids})
    units = {current_id: {pk: named[pk] for pk in ids} for current_id, ids in legacy.items()}
    missing = {source_id for _p, source_id in previous} - set(sources)
    sources.update({pk: all_sources[pk] for pk in missing})
    order = sorted(sources.values(), key=lambda s: (s.order, s.code))
    rows: list[PlaceRow] = []
    with_any_plan = {pid for pid, _s in planned}
    # The provinces with a plan of the year first, then those without (marked so), each by name in
    # Vietnamese order (Python's puts "Đắk Lắk" after "Yên Bái").
    for province in sorted(provinces, key=lambda p: (p.pk not in with_any_plan, sort_key(p.name))):
        with_plan = {source_id for (pid, source_id) in planned if pid == province.pk}
        old = sorted(units.get(province.pk, {}).values(), key=lambda unit: sort_key(unit.name))
        shown = [s for s in order if s.pk in with_plan or (province.pk, s.pk) in previous]
        for source in shown:
            rows.append(
                PlaceRow(
                    province,
                    source,
                    planned.get((province.pk, source.pk), Line()),
                    previous.get((province.pk, source.pk)),
                    old,
                    has_plan=bool(with_plan),
                )
            )
        if not shown:
            rows.append(PlaceRow(province, None, Line(), None, old, has_plan=False))
    totals = [_sum_rows([r for r in rows if r.source == source], source) for source in order]
    grand_total = _sum_rows(totals, None)
    return Overview(year, as_of, rows, totals, grand_total)
