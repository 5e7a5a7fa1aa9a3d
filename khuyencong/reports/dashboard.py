"""The dashboards' figures: one province (or every province, for the Ministry), one year, one source
or all, on a day — as plain data, cached until a record behind them changes.

Nothing here sums money of its own: the execution lines are `reports.execution.execution` (one province)
and `reports.execution.overview` (every province), the outputs `activities.outputs.outputs_total` over
the projects the plan page's outputs panel counts, the amount a project holds of its batch
`reports.execution.allocated_on`, the overdue items `projects.supervision`. What is added is the
breakdown through the year: the money booked per batch (or source) and month, added up month by
month; its point on the day equals the figures' disbursed (a test holds them together).

The result is cached under a key made of the filters, the day, the language and the stamps of the
province's year and the year before (`SummaryStamp`, moved on every committed change:
docs/adr/0014-dashboard-figures-cached-by-stamp.md). Only plain values are cached (ids, names,
whole đồng, dates), never model instances.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.activities.outputs import OUTPUTS, outputs_total
from khuyencong.plans.models import FundingSource, Plan
from khuyencong.projects.models import Payment, Project, Status
from khuyencong.projects.supervision import late_follow_ups, late_milestones, late_reports, late_settlements
from khuyencong.reports.execution import allocated_on, execution, overview
from khuyencong.vnformat import percent, ratio
from khuyencong.vntext import sort_key

from .forms_dashboard import ALL
from .models import ProgrammeTarget, SummaryStamp

CACHE_SECONDS = 24 * 3600  # a safety net only: a change moves the stamp, and so the key, at once
COMMUNES_SHOWN = 15  # bars of the ranked chart; the table and the xlsx hold every commune
OVERDUE_LISTED = 20


@dataclass(frozen=True)
class Filters:
    """What a dashboard shows. `province` is today's province, None for every province."""

    year: int
    as_of: datetime.date
    province: object | None = None  # an AdminUnit of today
    source: FundingSource | None = None

    @property
    def province_id(self) -> int | None:
        return self.province.pk if self.province else None

    def initial(self) -> dict:
        """The filters as the dashboard's form holds them."""
        return {
            "year": self.year,
            "source": self.source.pk if self.source else "",
            "province": self.province_id or ALL,
            "as_of": self.as_of,
        }

    def query(self) -> str:
        """The filters as a query string, as the dashboard's form sends them (the xlsx links)."""
        return urlencode({**self.initial(), "as_of": self.as_of.isoformat()})


# ---------------------------------------------------------------- the cache key


def stamp_key(filters: Filters) -> str | None:
    """The cache key of the filters' figures, None when no stamp exists yet (then nothing is cached:
    a key with no stamp in it could outlive a change)."""
    digest = SummaryStamp.digest([filters.year, filters.year - 1], filters.province_id)
    if digest is None:
        return None
    parts = [
        filters.province_id or "all",
        filters.year,
        filters.source.pk if filters.source else "all",
        filters.as_of.isoformat(),
        timezone.localdate().isoformat(),  # the overdue items are counted against today
        get_language() or "",
        digest,
    ]
    return "reports:dashboard:1:" + ":".join(str(part) for part in parts)


def dashboard(filters: Filters, user) -> dict:
    """The figures, from the cache when nothing behind them changed since they were computed.

    The caller has checked that the user reads the plans of the whole province (or of every province
    for `province=None`): everyone who may ask for these filters sees the same figures, so the key
    need not name the user."""
    key = stamp_key(filters)
    if key is not None:
        found = cache.get(key)
        if found is not None:
            return found
    figures = compute(filters, user)
    if key is not None:
        cache.set(key, figures, CACHE_SECONDS)
    return figures


# ---------------------------------------------------------------- the figures


def compute(filters: Filters, user) -> dict:
    plans = Plan.objects.visible_to(user)
    projects = Project.objects.visible_to(user).filter(year=filters.year)
    if filters.source:
        plans = plans.filter(source=filters.source)
        projects = projects.filter(source=filters.source)
    if filters.province:
        projects = projects.filter(current_province=filters.province)
        plans = plans.filter(current_province=filters.province)
    year_plans = list(plans.filter(year=filters.year).values_list("pk", flat=True))
    return {
        "execution": _execution(filters, plans, user),
        "projects": _projects(projects),
        "outputs": _outputs(filters, projects, year_plans),
        "communes": _communes(filters, projects),
        "overdue": _overdue(projects),
    }


def _line(line) -> dict:
    return {
        "planned": line.planned,
        "allocated": line.allocated,
        "disbursed": line.disbursed,
        "percent": percent(line.percent_disbursed),
    }


def _months(filters: Filters) -> list[datetime.date]:
    """The last day of each month of the year up to the day (the day itself for its own month)."""
    if filters.as_of.year < filters.year:
        return []
    last = 12 if filters.as_of.year > filters.year else filters.as_of.month
    ends = []
    for month in range(1, last + 1):
        following = datetime.date(filters.year + month // 12, month % 12 + 1, 1)
        ends.append(min(following - datetime.timedelta(days=1), filters.as_of))
    return ends


def _cumulative(booked: dict[tuple, int], keys: list, ends: list[datetime.date]) -> dict:
    """Per key, the money booked up to each month's end: `booked` holds (key, first of month) → sum.
    What was booked before the year (an advance paid in December) counts from its first month."""
    series = {}
    for key in keys:
        running, values = 0, []
        months = sorted((month, total) for (k, month), total in booked.items() if k == key)
        index = 0
        for end in ends:
            while index < len(months) and months[index][0] <= end:
                running += months[index][1]
                index += 1
            values.append(running)
        series[key] = values
    return series


def _execution(filters: Filters, plans, user) -> dict:
    ends = _months(filters)
    data = {
        "as_of": filters.as_of,
        "months": ends,
        "lines": [],
        "sources": [],
        "series": [],
        "total": None,
        "cumulative": [],
        "month_rows": [],
    }
    if filters.province:
        figures = execution(
            filters.province.pk, filters.year, filters.as_of, plans=plans, province=filters.province
        )
        if figures is None:
            return data
        keys = []
        for item in figures.sources:
            data["sources"].append({"code": item.source.code, "name": item.source.name, **_line(item.total)})
            for row in item.batches:
                label = f"{item.source.code} · {row.batch.label}"
                decision = row.batch.decision.symbol if row.batch.decision else ""
                data["lines"].append(
                    {"key": row.batch.pk, "label": label, "decision": decision, **_line(row.line)}
                )
                keys.append(row.batch.pk)
        data["total"] = _line(figures.total)
        booked = (
            Payment.objects.filter(batch_id__in=keys, paid_on__lte=filters.as_of)
            .annotate(month=TruncMonth("paid_on"))
            .values_list("batch_id", "month")
            .annotate(total=Sum("amount"))
            .order_by()
        )
    else:
        provinces = Scope.of(user).provinces(Can.READ_PLANS).current()
        figures = overview(filters.year, filters.as_of, plans, provinces)
        for row in figures.totals:
            data["sources"].append({"code": row.source.code, "name": row.source.name, **_line(row.line)})
            data["lines"].append(
                {"key": row.source.pk, "label": row.source.code, "decision": "", **_line(row.line)}
            )
        data["total"] = _line(figures.grand_total.line)
        keys = [row.source.pk for row in figures.totals]
        booked = (
            Payment.objects.filter(
                batch__plan__in=plans.filter(year=filters.year), paid_on__lte=filters.as_of
            )
            .annotate(month=TruncMonth("paid_on"))
            .values_list("batch__plan__source_id", "month")
            .annotate(total=Sum("amount"))
            .order_by()
        )
    sums = {(key, _day(month)): total for key, month, total in booked}
    series = _cumulative(sums, keys, ends)
    total = [sum(values) for values in zip(*series.values(), strict=True)] if series else [0] * len(ends)
    data["series"] = [
        {"key": line["key"], "label": line["label"], "values": series[line["key"]]} for line in data["lines"]
    ]
    data["cumulative"] = total
    data["month_rows"] = [
        {"end": end, "cumulative": total[i], "values": [series[line["key"]][i] for line in data["lines"]]}
        for i, end in enumerate(ends)
    ]
    return data


def _day(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _projects(projects) -> dict:
    """Projects of the year by activity type and status (drafts are the applicant's own: not counted)."""
    counts = (
        projects.exclude(status=Status.DRAFT)
        .values_list("activity_type__code", "activity_type__name", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    types: dict[str, dict] = {}
    present = set()
    for code, name, status, n in counts:
        row = types.setdefault(code, {"code": code, "name": name, "by_status": {}, "total": 0})
        row["by_status"][status] = n
        row["total"] += n
        present.add(status)
    statuses = [{"code": value, "label": str(label)} for value, label in Status.choices if value in present]
    rows = sorted(types.values(), key=lambda row: (len(row["code"] or ""), row["code"] or ""))
    for row in rows:
        row["cells"] = [row["by_status"].get(status["code"], 0) for status in statuses]
    return {"statuses": statuses, "rows": rows, "total": sum(row["total"] for row in rows)}


def _outputs(filters: Filters, projects, plan_ids: list[int]) -> dict:
    """The year's outputs counted as the plan page's outputs panel counts them (the projects approved
    by the day in the year's plans), beside the programme's target in force that year, if any."""
    counted = projects.filter(batch__plan__in=plan_ids, approved_on__lte=filters.as_of)
    totals = outputs_total(counted, filters.as_of)
    year_end = datetime.date(filters.year, 12, 31)
    targets = {row.output: row for row in ProgrammeTarget.in_force(year_end)}
    rows = []
    for output in OUTPUTS:
        target = targets.get(output.key)
        value = totals[output.key]
        rows.append(
            {
                "key": output.key,
                "label": str(output.label),
                "value": value,
                "target": target.target if target else None,
                "has_row": target is not None,
                "verified": bool(target and target.verified),
                "share": percent(ratio(value, target.target)) if target and target.target else "",
            }
        )
    programme = next(iter(targets.values())).programme if targets else ""
    basis = next(iter(targets.values())).legal_basis if targets else ""
    return {"rows": rows, "programme": programme, "basis": basis}


def _communes(filters: Filters, projects) -> dict:
    """The support approved into the year's batches by the day, per today's commune, largest first."""
    approved = projects.filter(batch__isnull=False, approved_on__lte=filters.as_of)
    rows = (
        approved.exclude(current_commune=None)
        .values_list("current_commune_id", "current_commune__name", "current_commune__province__name")
        .annotate(amount=Sum(allocated_on(filters.as_of)), count=Count("pk"))
        .order_by()
    )
    lines = [
        {
            "commune": name if filters.province else f"{name}, {province}",
            "amount": amount or 0,
            "count": count,
        }
        for _pk, name, province, amount, count in rows
    ]
    lines.sort(key=lambda line: (-line["amount"], sort_key(line["commune"])))
    without = approved.filter(current_commune=None).aggregate(
        amount=Sum(allocated_on(filters.as_of)), count=Count("pk")
    )
    return {
        "rows": lines,
        "shown": lines[:COMMUNES_SHOWN],
        "without": {"amount": without["amount"] or 0, "count": without["count"]},
    }


def _overdue(projects) -> dict:
    today = timezone.localdate()
    kinds = [
        ("milestones", _("Milestones"), late_milestones),
        ("follow_ups", _("Monitoring follow-ups"), late_follow_ups),
        ("reports", _("Monthly reports"), late_reports),
        ("settlements", _("Settlement and closure"), late_settlements),
    ]
    counts, items = [], []
    for key, label, late in kinds:
        found = late(projects, today)
        counts.append({"key": key, "label": str(label), "count": len(found)})
        items += [
            {
                "kind": str(label),
                "project_id": item.project.pk,
                "project": f"{item.project.code} {item.project.title}".strip(),
                "what": str(item.what),
                "due": item.due,
            }
            for item in found
        ]
    items.sort(key=lambda item: (item["due"], item["project_id"]))
    return {"counts": counts, "items": items[:OVERDUE_LISTED], "total": len(items), "today": today}
