"""Execution figures as tables (xlsx or CSV): the plan page and the Ministry's roll-up, in đồng,
from `figures.py`.

Amounts are whole đồng as numbers (the reader's Excel groups the digits) and shares are
fractions formatted as percentages, so the sheet can be summed and re-checked; the title lines
say the province, the year and the day the figures stand on.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khuyencong.exporting import MONEY, SHARE, Table, TotalRow

from .figures import Execution, Line

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


def _execution_rows(figures: Execution):
    for item in figures.sources:
        for row in item.batches:
            decision = row.batch.decision.symbol if row.batch.decision else ""
            yield [item.source.code, str(row.batch.label), decision, *_line_values(row.line)]
        yield TotalRow([item.source.code, _("Total"), "", *_line_values(item.total)])
        previous = _("Same period last year (to %(day)s)") % {
            "day": date_format(figures.previous_as_of, "d/m/Y")
        }
        # The previous year's money sits under "Disbursed", its change under "Share disbursed".
        previous_line = [None] * len(LINE_COLUMNS) + [_fraction(item.year_on_year)]
        previous_line[LINE_COLUMNS.index("disbursed")] = item.previous_disbursed
        yield [item.source.code, previous, "", *previous_line]
    yield TotalRow([_("All sources"), "", "", *_line_values(figures.total)])


def execution_table(figures: Execution) -> Table:
    headings = [_("Source"), _("Batch"), _("Decision"), *_line_headers()]
    title = _("Plan execution %(year)s — %(province)s") % {
        "year": figures.year,
        "province": figures.province.name,
    }
    money = range(3, 3 + len(LINE_COLUMNS))
    return Table(
        _("Execution"),
        headings,
        _execution_rows(figures),
        caption=[title, _as_of_line(figures.as_of)],
        widths=[10, 34, 18] + [16] * 8,
        formats={**dict.fromkeys(money, MONEY), len(headings) - 1: SHARE},
    )


def overview_table(rows, totals, year: int, as_of) -> Table:
    headings = [
        _("Province"),
        _("Source"),
        _("Planned (đồng)"),
        _("Allocated (đồng)"),
        _("Disbursed (đồng)"),
        _("Share disbursed"),
        _("Same period last year (đồng)"),
        _("Change"),
    ]

    def lines():
        for row, total in [*((r, False) for r in rows), *((t, True) for t in totals)]:
            line = row.line
            values = [
                row.province.name if row.province else _("Total"),
                row.source.code,
                line.planned,
                line.allocated,
                line.disbursed,
                _fraction(line.percent_disbursed),
                row.previous_disbursed,
                _fraction(row.year_on_year),
            ]
            yield TotalRow(values) if total else values

    return Table(
        _("By province"),
        headings,
        lines(),
        caption=[_("Execution by province, %(year)s") % {"year": year}, _as_of_line(as_of)],
        widths=[28, 10, 18, 18, 18, 12, 22, 12],
        formats={2: MONEY, 3: MONEY, 4: MONEY, 5: SHARE, 6: MONEY, 7: SHARE},
    )
