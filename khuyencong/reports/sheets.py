"""Execution figures as tables (xlsx or CSV): the plan page and the Ministry's roll-up, in đồng,
from `execution.py`.

The province is today's; the unit each plan was made on stands beside it ("Tỉnh Thái Bình
(until 30/6/2025)" for a plan of before the reform), so a reader can trace a line to its decision.

Amounts are whole đồng as numbers (the reader's Excel groups the digits) and shares are
fractions formatted as percentages, so the sheet can be summed and re-checked; the title lines
say the province, the year and the day the figures stand on.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khuyencong.exporting import MONEY, SHARE, Table, TotalRow

from .execution import Execution, Line, Overview

LINE_COLUMNS = ("planned", "allocated", "advanced", "paid", "settled", "disbursed", "remaining")


def _line_headers() -> list[str]:
    return [
        _("Planned (đồng)"),
        _("Allocated (đồng)"),
        _("Advanced (đồng)"),
        _("Paid (đồng)"),
        _("Settled (đồng)"),
        _("Disbursed (đồng)"),
        _("Remaining (đồng)"),
        _("Share disbursed"),
    ]


def _fraction(value) -> float | None:
    """A Decimal ratio as the number Excel shows as a percentage (0.125 → 12.50%)."""
    return float(value) if value is not None else None


def _line_values(line: Line) -> list:
    return [getattr(line, name) for name in LINE_COLUMNS] + [_fraction(line.percent_disbursed)]


def _as_of_line(as_of) -> str:
    return _("As of %(day)s; amounts in đồng") % {"day": date_format(as_of, "d/m/Y")}


def _labels(units) -> str:
    return "; ".join(unit.label() for unit in units)


def _execution_rows(figures: Execution):
    for item in figures.sources:
        for row in item.batches:
            decision = row.batch.decision.symbol if row.batch.decision else ""
            unit = row.batch.plan.province.label()
            yield [item.source.code, str(row.batch.label), decision, unit, *_line_values(row.line)]
        units = _labels(plan.province for plan in item.plans)
        yield TotalRow([item.source.code, _("Total"), "", units, *_line_values(item.total)])
        previous = _("Same period last year (to %(day)s)") % {
            "day": date_format(figures.previous_as_of, "d/m/Y")
        }
        # The previous year's money sits under "Disbursed", its change under "Share disbursed".
        previous_line = [None] * len(LINE_COLUMNS) + [_fraction(item.year_on_year)]
        previous_line[LINE_COLUMNS.index("disbursed")] = item.previous_disbursed
        yield [item.source.code, previous, "", _labels(item.previous_units), *previous_line]
    yield TotalRow([_("All sources"), "", "", "", *_line_values(figures.total)])


def execution_table(figures: Execution) -> Table:
    headings = [_("Source"), _("Batch"), _("Decision"), _("Plan made for"), *_line_headers()]
    title = _("Plan execution %(year)s — %(province)s") % {
        "year": figures.year,
        "province": figures.province.name,
    }
    money = range(4, 4 + len(LINE_COLUMNS))
    return Table(
        _("Execution"),
        headings,
        _execution_rows(figures),
        caption=[title, _as_of_line(figures.as_of)],
        widths=[10, 34, 18, 30] + [16] * 8,
        formats={**dict.fromkeys(money, MONEY), len(headings) - 1: SHARE},
    )


def overview_table(figures: Overview) -> Table:
    """A line per today's province and source (a province without a plan of the year says so),
    the total of each source and the grand total, each the sum of the lines above it."""
    headings = [
        _("Province"),
        _("Before 1/7/2025"),
        _("Source"),
        _("Planned (đồng)"),
        _("Allocated (đồng)"),
        _("Disbursed (đồng)"),
        _("Share disbursed"),
        _("Same period last year (đồng)"),
        _("Change"),
    ]

    def values(row, name: str, source: str) -> list:
        line = row.line
        return [
            name,
            _labels(row.units),
            source,
            line.planned,
            line.allocated,
            line.disbursed,
            _fraction(line.percent_disbursed),
            row.previous_disbursed,
            _fraction(row.year_on_year),
        ]

    def lines():
        for row in figures.rows:
            source = row.source.code if row.source else ""
            if not row.has_plan:
                source = f"{source} · {_('no plan')}" if source else _("no plan")
            yield values(row, row.province.name, source)
        for row in figures.totals:
            yield TotalRow(values(row, _("Total"), row.source.code))
        yield TotalRow(values(figures.grand_total, _("All sources"), ""))

    return Table(
        _("By province"),
        headings,
        lines(),
        caption=[
            _("Execution by province, %(year)s") % {"year": figures.year},
            _as_of_line(figures.as_of),
        ],
        widths=[28, 30, 14, 18, 18, 18, 12, 22, 12],
        formats={3: MONEY, 4: MONEY, 5: MONEY, 6: SHARE, 7: MONEY, 8: SHARE},
    )
