"""Tabular exports: one shape, a `Table`, written as xlsx or as CSV from the same rows.

Every list export, the plan figures and the importer's invalid rows are a Table: a title (the sheet's
name), the headings, the rows (any iterable, read once and streamed into a constant-memory workbook,
so a national list never sits in memory), and optionally lines above the headings, column
widths, number formats per column and a row limit. In xlsx every column has a width (the table's,
else one from its heading) and the heading row is frozen. Nothing else in the project builds a
workbook to hand out; `downloads.table_response` names the file (what, place, day).

Text never becomes a formula (issue 8, point 5). Every str of a table — headings and captions
included — goes through `text()`:

- Characters XML 1.0 cannot carry (C0 controls other than tab, line feed and carriage return,
  surrogates, U+FFFE and U+FFFF) are dropped, in both formats: a workbook holding them does not
  open, and dropping an invisible character beats failing the whole export
  over one odd record.
- In xlsx the text is written as a string cell whatever it starts with (never as a formula, nor
  "#N/A" as an error value). Text that starts like a formula or an
  error value is also marked `quotePrefix`, so that Excel keeps it text when someone edits the cell;
  other text needs no mark (marking every cell made a large export about 1.7 times slower). The
  characters are kept — an exported registry re-imports with every row unchanged — except that a
  carriage return becomes a line feed, because every XML reader, Excel's included, reads it back
  that way whatever is written.
- CSV has no cell types, so text starting with "=", "+", "-", "@", a tab or a carriage return gets
  a leading apostrophe (OWASP, "CSV Injection"); Excel and LibreOffice then show it as text.
  Numbers stay numbers and dates stay dates in both formats.

The CSV is UTF-8 with a byte-order mark — without it Excel reads the file in the Windows code page
and Vietnamese letters break — separated by commas as RFC 4180 says, with "." as the decimal mark
and ISO 8601 dates. Commas rather than semicolons because the CSV is the file for other programs
(LibreOffice, statistics packages, database loads, Python's csv, all RFC 4180 by default); people
working in Excel have the xlsx next to it, which needs no separator at all. An Excel whose list
separator is ";" opens the CSV in one column on a double click; Data → From Text/CSV reads it right.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX = "xlsx"
CSV = "csv"
FILE_TYPES = (XLSX, CSV)

MONEY = "#,##0"  # whole đồng, digits grouped by the reader's Excel
# Whole đồng written as triệu đồng, the unit of a report's tables: the cell holds the exact amount
# (2.500 for 2,500,000,000 đồng; 0.000001 a đồng) and shows at most two decimals, only those it needs
# ("2.500", "12,5", "12,35"), as the report's text writes it (vnformat.millions).
MILLIONS = "millions"
MILLION = 1_000_000
MILLIONS_SHOWN = {0: "#,##0", 1: "#,##0.0", 2: "#,##0.00"}
SHARE = "0.00%"  # a fraction shown as a percentage
DATE = "dd/mm/yyyy"
DATE_TIME = "dd/mm/yyyy hh:mm"

# Excel's sheet: 1,048,576 rows; a cell holds at most 32,767 characters; a sheet name 31.
SHEET_ROWS = 1_048_576
CELL_CHARACTERS = 32_767
SHEET_NAME_CHARACTERS = 31

# What XML 1.0 cannot hold (https://www.w3.org/TR/xml/#charsets): dropped from every export.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The first characters that make a spreadsheet read a CSV field as a formula (OWASP, CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# In xlsx, also "#" (openpyxl reads "#N/A" as an error value) and a line feed (where a CR went).
XLSX_RISKY = (*FORMULA_STARTS, "#", "\n")
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class TotalRow(tuple):
    """A row that sums rows above it: bold in xlsx, an ordinary line in CSV."""

    __slots__ = ()


@dataclass
class Table:
    """One tabular export. `formats` maps a column index (from 0) to the number format of its
    numbers; `caption` lines go above the headings (the first as the title), then an empty line."""

    title: str
    headings: Sequence[str]
    rows: Iterable[Sequence]
    caption: Sequence[str] = ()
    widths: Sequence[float | None] = ()
    formats: Mapping[int, str] = field(default_factory=dict)
    limit: int | None = None

    def row_limit(self) -> int:
        """Rows of data written at most: the table's own limit, never past the bottom of a sheet."""
        room = SHEET_ROWS - (len(self.caption) + 1 if self.caption else 0) - 2  # headings, the cut note
        return min(self.limit, room) if self.limit else room

    def lines(self) -> Iterator[Sequence]:
        """The rows within the limit, then, if rows were left out, one line saying so."""
        limit = self.row_limit()
        rows = iter(self.rows)
        yield from islice(rows, limit)
        if next(rows, None) is not None:
            yield [
                _("Only the first %(count)s rows are exported; narrow the filters to get the rest.")
                % {"count": limit}
            ]


def text(value: str, file_type: str) -> str:
    """The one path every piece of text in an export takes; see the module's docstring."""
    value = NOT_XML.sub("", value)
    if file_type == XLSX:
        return value.replace("\r\n", "\n").replace("\r", "\n")[:CELL_CHARACTERS]
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _naive(value: datetime.datetime) -> datetime.datetime:
    """Excel has no time zones: an aware time is written as the local wall-clock time."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


# ---------------------------------------------------------------- xlsx
# Written with XlsxWriter, read (imports, tests) with openpyxl: XlsxWriter writes a cell in about
# a third of openpyxl's time (docs/adr/0015), and in constant-memory mode a row goes to disk as it
# is written, so a national list never sits in memory.

# A cell's look: its font ("bold", "title" or None), its number format, and whether it is text that
# must stay text when edited (quotePrefix).
Look = tuple[str | None, str | None, bool]
FONTS = {"bold": {"bold": True}, "title": {"bold": True, "font_size": 13}}


class _SheetWriter:
    """Writes a table's values into one sheet: text as text, numbers and dates formatted, each
    cell's look made once per workbook."""

    def __init__(self, workbook: xlsxwriter.Workbook, sheet, formats: Mapping[int, str], looks: dict):
        self.workbook = workbook
        self.sheet = sheet
        self.formats = formats
        self.looks = looks
        self.row = 0

    def look(self, font: str | None, number_format: str | None = None, quoted: bool = False):
        key: Look = (font, number_format, quoted)
        if key not in self.looks:
            properties = dict(FONTS.get(font, {}))
            if number_format:
                properties["num_format"] = number_format
            if quoted:
                properties["quote_prefix"] = True
            self.looks[key] = self.workbook.add_format(properties) if properties else None
        return self.looks[key]

    def cell(self, column: int, value, font: str | None) -> None:
        row, sheet = self.row, self.sheet
        if value is None:
            return
        if isinstance(value, bool):
            sheet.write_boolean(row, column, value, self.look(font))
        elif isinstance(value, (int, float, Decimal)):
            number_format = self.formats.get(column)
            if number_format == MILLIONS:
                value, number_format = _millions(value)
            sheet.write_number(row, column, value, self.look(font, number_format))
        elif isinstance(value, datetime.datetime):
            sheet.write_datetime(row, column, _naive(value), self.look(font, DATE_TIME))
        elif isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
            sheet.write_datetime(
                row, column, value, self.look(font, DATE if isinstance(value, datetime.date) else None)
            )
        else:
            value = text(str(value), XLSX)
            if value:
                # Always a string cell, never a formula; marked so that Excel keeps it text when edited.
                sheet.write_string(row, column, value, self.look(font, None, value.startswith(XLSX_RISKY)))

    def append(self, values: Sequence, font: str | None = None) -> None:
        for column, value in enumerate(values):
            self.cell(column, value, font)
        self.row += 1


def _millions(dong) -> tuple[Decimal, str]:
    """An amount in đồng as triệu đồng, with the format that shows the decimals it has (two at most)."""
    amount = Decimal(dong) / MILLION
    cents = amount * 100
    places = 0 if amount == amount.to_integral_value() else 1 if cents % 10 == 0 else 2
    return amount, MILLIONS_SHOWN[places]


def default_width(heading) -> float:
    """A column as wide as its heading's longest word line, between 8 and 40 characters."""
    return float(min(40, max(8, len(str(heading or "")) + 2)))


def sheet_name(title: str) -> str:
    """A name Excel accepts for a sheet: no []:*?/\\ and at most 31 characters."""
    name = SHEET_NAME_FORBIDDEN.sub(" ", text(title, XLSX).replace("\n", " "))
    return name.strip().strip("'")[:SHEET_NAME_CHARACTERS] or "Sheet1"


def to_xlsx(table: Table) -> bytes:
    return to_workbook([table])


def to_workbook(tables: Sequence[Table]) -> bytes:
    """Several tables as the sheets of one workbook, each written as `to_xlsx` writes its one
    (the periodic report's annex: its summary tables and a sheet of records per figure group).
    Sheet names are made unique, since two titles may be cut to the same 31 characters."""
    buffer = io.BytesIO()
    # Constant memory: each row is written out when the next begins (rows come in order); the
    # sheets' temporary files go to the system's temporary directory.
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_numbers": False})
    used: set[str] = set()
    looks: dict = {}
    for table in tables:
        name = sheet_name(table.title)
        number = 1
        while name.casefold() in used:  # Excel compares sheet names without case
            number += 1
            suffix = f" ({number})"
            name = sheet_name(table.title)[: SHEET_NAME_CHARACTERS - len(suffix)].rstrip() + suffix
        used.add(name.casefold())
        _write_sheet(workbook, workbook.add_worksheet(name), table, looks)
    workbook.close()
    return buffer.getvalue()


def _write_sheet(workbook, sheet, table: Table, looks: dict) -> None:
    # A column the table gives no width gets one from its heading, so that no export opens in
    # Excel's narrow default.
    for index, heading in enumerate(table.headings):
        width = table.widths[index] if index < len(table.widths) else None
        sheet.set_column(index, index, width or default_width(heading))
    # The headings stay in view while scrolling down a long list.
    heading_row = len(table.caption) + (2 if table.caption else 1)
    sheet.freeze_panes(heading_row, 0)
    writer = _SheetWriter(workbook, sheet, table.formats, looks)
    for number, line in enumerate(table.caption):
        writer.append([line], "title" if number == 0 else None)
    if table.caption:
        writer.row += 1
    writer.append(table.headings, "bold")
    for row in table.lines():
        writer.append(row, "bold" if isinstance(row, TotalRow) else None)


# ---------------------------------------------------------------- CSV


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, datetime.datetime):
        return _naive(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return text(str(value), CSV)


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180: CRLF between records
    for line in table.caption:
        writer.writerow([csv_value(line)])
    if table.caption:
        writer.writerow([])
    writer.writerow([csv_value(heading) for heading in table.headings])
    for row in table.lines():
        writer.writerow([csv_value(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def render(table: Table, file_type: str) -> bytes:
    """The table as an xlsx or a CSV file."""
    if file_type == CSV:
        return to_csv(table)
    if file_type == XLSX:
        return to_xlsx(table)
    raise ValueError(f"Unknown file type {file_type!r}")
