"""Each province's reporting duties over a year: every period, its due day and whether it was sent.

The due day of a period comes from the duty's row in force on the period's last day (the province's
own row first: its People's Committee's reporting regulation); a period whose row sets no day has no
due day and is never late. Reports not sent are computed here, never stored (reports/models/duties.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from khuyencong.accounts.permissions import Can, ScopeLevel
from khuyencong.accounts.scopes import Place, Scope
from khuyencong.geo.models import REFORM_DATE, AdminUnit
from khuyencong.vntext import sort_key

from .models import DutyPeriod, DutyReport, ReportingDuty
from .models.duties import reporting_units

# A duty whose day falls within this many days shows on the home page as due soon.
SOON = datetime.timedelta(days=30)


@dataclass
class Entry:
    province: AdminUnit  # today's province
    unit: AdminUnit  # the province that reports for the period (one merged into it, before 2025)
    code: str
    duty: ReportingDuty  # the row in force on the period's last day
    period: DutyPeriod
    due: datetime.date | None
    report: DutyReport | None

    def state(self, today: datetime.date) -> str:
        if self.report is not None:
            return "sent"
        if self.due is None:
            return "no_day"
        return "overdue" if self.due < today else "due"

    def open_to_sending(self, today: datetime.date) -> bool:
        """Whether a report of the period can have been sent by today (`DutyReport.mark_sent`'s rule)."""
        return today >= DutyReport.earliest_sent_on(self.period, self.due)

    def days_late(self, today: datetime.date) -> int:
        if self.due is None:
            return 0
        end = self.report.sent_on if self.report else today
        return max((end - self.due).days, 0)


class Rules:
    """Every duty row read once, the one in force picked in Python (one query for many provinces)."""

    def __init__(self):
        self.rows = list(ReportingDuty.objects.all())

    def find(self, code: str, on: datetime.date, province_id: int) -> ReportingDuty | None:
        rows = [
            r
            for r in self.rows
            if r.code == code
            and r.province_id in (None, province_id)
            and r.effective_from <= on
            and (r.effective_to is None or r.effective_to >= on)
        ]
        return min(rows, key=lambda r: (r.province_id is None, -r.effective_from.toordinal()), default=None)

    def codes(self, province_id: int) -> list[str]:
        return sorted({r.code for r in self.rows if r.province_id in (None, province_id)})


def entries_for(
    province: AdminUnit, years, rules: Rules | None = None, reports: dict | None = None
) -> list[Entry]:
    """Every period of the years, for each duty with a row in force at the period's end."""
    rules = rules or Rules()
    if reports is None:
        found = DutyReport.objects.filter(current_province=province, period_start__year__in=list(years))
        reports = {
            (r.code, r.province_id, r.period_start, r.period_end): r for r in found.select_related("sent_by")
        }
    entries = []
    units: dict[bool, list[AdminUnit]] = {}  # before the reform or not: who reports
    for year in years:
        for code in rules.codes(province.pk):
            rows = [r for r in rules.rows if r.code == code and r.province_id in (None, province.pk)]
            periods = {period for row in rows for period in row.periods(year)}
            for period in sorted(periods, key=lambda p: (p.end, p.start)):
                duty = rules.find(code, period.end, province.pk)
                # A row's frequency may change with the law: a period counts under the row in force.
                if duty is None or period not in duty.periods(year):
                    continue
                before = period.end < REFORM_DATE
                if before not in units:
                    units[before] = reporting_units(province, period.end)
                for unit in units[before]:
                    key = (code, unit.pk, period.start, period.end)
                    entries.append(
                        Entry(province, unit, code, duty, period, duty.due_on(period.end), reports.get(key))
                    )
    return sorted(entries, key=lambda e: (e.period.end, e.code, sort_key(e.unit.name)))


def find_entry(province: AdminUnit, code: str, start: datetime.date, end: datetime.date) -> list[Entry]:
    """The entries (one per reporting unit) of one duty's period, or none when no such period exists."""
    return [
        e
        for e in entries_for(province, {start.year})
        if e.code == code and e.period.start == start and e.period.end == end
    ]


def _provinces(user, capability: Can, *, province_level_only: bool):
    scope = Scope.of(user)
    provinces = AdminUnit.objects.provinces().current().order_by("name")
    if province_level_only:
        return list(provinces.filter(pk__in=scope.ids(capability, ScopeLevel.PROVINCE)))
    reach = scope.province_ids(capability)
    return list(provinces if reach is None else provinces.filter(pk__in=reach))


def late_for(user, today: datetime.date, *, soon: bool = False, acting: bool = False) -> list[Entry]:
    """The reports not sent whose day has passed (and, with `soon`, those due within SOON), this year and
    last, in the provinces whose plans the user reads (`acting`: only those the user reports for)."""
    rules = Rules()
    # No row names a day (the national texts set none): nothing can be late, and nothing is read.
    if all(row.due_kind == ReportingDuty.DueKind.NONE for row in rules.rows):
        return []
    capability = Can.MANAGE_PLANS if acting else Can.READ_PLANS
    provinces = _provinces(user, capability, province_level_only=acting)
    if not provinces:
        return []
    years = {today.year - 1, today.year}
    sent = DutyReport.objects.filter(current_province__in=provinces, period_start__year__in=list(years))
    reports = {(r.code, r.province_id, r.period_start, r.period_end): r for r in sent}
    horizon = today + SOON if soon else today - datetime.timedelta(days=1)
    late = [
        entry
        for province in provinces
        for entry in entries_for(province, sorted(years), rules, reports)
        if entry.report is None and entry.due is not None and entry.due <= horizon
    ]
    return sorted(late, key=lambda e: (e.due, sort_key(e.province.name), e.code))


def may_send(user, province: AdminUnit) -> bool:
    return Scope.of(user).can_at(Can.MANAGE_PLANS, Place.of(province.pk))
