"""Execution figures as workbooks: the plan page and the Ministry's roll-up, in đồng, from `figures.py`.

Amounts are whole đồng as numbers (the reader's Excel groups the digits) and shares are
fractions formatted as percentages, so the sheet can be summed and re-checked; the title rows
say the province, the year and the day the figures stand on.
"""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .figures import Execution, Line

MONEY = "#,##0"
SHARE = "0.00%"
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


def _append(sheet, values: list, money_from: int, share_columns=(), bold=False) -> None:
    """Append a row; numbers from column `money_from` on are money, `share_columns` are fractions."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if cell.column - 1 in share_columns:
            cell.number_format = SHARE
        elif cell.column > money_from and isinstance(cell.value, int):
            cell.number_format = MONEY
        if bold:
            cell.font = Font(bold=True)


def _title(sheet, title: str, as_of) -> None:
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("As of %(day)s; amounts in đồng") % {"day": date_format(as_of, "d/m/Y")}])
    sheet.append([])


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def execution_workbook(figures: Execution) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Execution")
    _title(
        sheet,
        _("Plan execution %(year)s — %(province)s")
        % {"year": figures.year, "province": figures.province.name},
        figures.as_of,
    )
    header = [_("Source"), _("Batch"), _("Decision"), *_line_headers()]
    _append(sheet, header, 0, bold=True)
    share_column = len(header) - 1
    for item in figures.sources:
        for row in item.batches:
            decision = row.batch.decision.symbol if row.batch.decision else ""
            values = [item.source.code, str(row.batch.label), decision, *_line_values(row.line)]
            _append(sheet, values, 3, (share_column,))
        total = [item.source.code, _("Total"), "", *_line_values(item.total)]
        _append(sheet, total, 3, (share_column,), bold=True)
        previous = _("Same period last year (to %(day)s)") % {
            "day": date_format(figures.previous_as_of, "d/m/Y")
        }
        # The previous year's money sits under "Disbursed", its change under "Share disbursed".
        previous_line = [None] * len(LINE_COLUMNS) + [_fraction(item.year_on_year)]
        previous_line[LINE_COLUMNS.index("disbursed")] = item.previous_disbursed
        _append(sheet, [item.source.code, previous, "", *previous_line], 3, (share_column,))
    _append(sheet, [_("All sources"), "", "", *_line_values(figures.total)], 3, (share_column,), bold=True)
    _widths(sheet, [10, 34, 18] + [16] * 8)
    return _save(workbook)


def overview_workbook(rows, totals, year: int, as_of) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("By province")
    _title(sheet, _("Execution by province, %(year)s") % {"year": year}, as_of)
    header = [
        _("Province"),
        _("Source"),
        _("Planned (đồng)"),
        _("Allocated (đồng)"),
        _("Disbursed (đồng)"),
        _("Share disbursed"),
        _("Same period last year (đồng)"),
        _("Change"),
    ]
    _append(sheet, header, 0, bold=True)
    for row, bold in [*((r, False) for r in rows), *((t, True) for t in totals)]:
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
        _append(sheet, values, 2, (5, 7), bold=bold)
    _widths(sheet, [28, 10, 18, 18, 18, 12, 22, 12])
    return _save(workbook)


def _widths(sheet, widths: list[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
