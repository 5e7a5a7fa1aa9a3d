"""Reading an uploaded workbook safely: its parts and its sheet are sized before openpyxl reads
them (docs/adr/0011-hostile-files.md), then its rows come out one at a time.

Split from the importer (establishment_import.py), which reads rows from here and knows nothing
of the file's markup.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.utils.cell import range_boundaries

from khuyencong.uploads import XML_PROLOG_BYTES, check_office_zip, plain_xml_prolog
from khuyencong.vnformat import grouped


class ImportFileError(Exception):
    """The file as a whole cannot be imported (not a workbook, no header row)."""


# The sheet markup counted before the sheet is read: its row elements, its declared size and
# its merged ranges. Tags may carry a namespace prefix (`<x:row>`, as the Open XML SDK writes),
# any prefix: a row is `<row` (not `<rowBreaks`) or `:row` followed by a space, `>` or `/`.
# Plain byte counts, because a regular expression over a 60 MB sheet takes seconds; a text
# that happens to hold ":row " counts as a row, which only errs on the safe side.
PREFIXED_ROW_TAGS = tuple(b":row" + bytes([end]) for end in b" \t\r\n>/")
DIMENSION_TAG = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="[A-Z]{0,3}([0-9]{0,12})(?::[A-Z]{0,3}([0-9]{0,12}))?"'
)
MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
SCAN_CHUNK = 1 << 20
# A tag cut at the end of a chunk is kept for the next one; none of those counted is this long.
LONGEST_TAG = 4096


def _limit_error(message: str, **figures) -> ImportFileError:
    return ImportFileError(message % {k: grouped(v) for k, v in figures.items()})


def check_workbook_parts(archive: zipfile.ZipFile) -> None:
    """Refuse parts that openpyxl would hold whole in memory beyond their limits, or that declare a DTD.

    The worksheets are streamed, row by row; the shared strings, the styles, the workbook
    and every relationship part are parsed whole when the workbook is opened. No part of a
    real workbook has a DTD, the only place entities that expand a few bytes into gigabytes
    can be declared.
    """
    for info in archive.infolist():
        part = info.filename
        if not part.endswith((".xml", ".rels")):
            continue  # pictures and other binaries: never opened by the read-only reader
        limit = None
        if part.rsplit("/", 1)[-1].lower() == "sharedstrings.xml":
            limit = settings.MAX_IMPORT_SHARED_STRINGS_BYTES
            message = _(
                "The shared texts of the workbook (%(part)s) unpack to %(size)s; at most %(limit)s is allowed."
            )
        elif not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
            limit = settings.MAX_IMPORT_PART_BYTES
            message = _(
                "The part %(part)s of the workbook unpacks to %(size)s; at most %(limit)s is allowed."
            )
        if limit is not None and info.file_size > limit:
            raise ImportFileError(
                message
                % {"part": part[:100], "size": filesizeformat(info.file_size), "limit": filesizeformat(limit)}
            )
        with archive.open(info) as xml:
            head = xml.read(XML_PROLOG_BYTES)
        if not plain_xml_prolog(head):
            raise ImportFileError(
                _(
                    "The part %(part)s of the workbook is not plain XML: it declares a DTD or does not start as XML."
                )
                % {"part": part[:100]}
            )


@dataclass
class SheetFacts:
    rows: int = 0
    declared_rows: int = 0
    # (min_row, min_col, max_row, max_col), sorted: the order the rows meet them.
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


def scan_sheet(xml) -> SheetFacts:
    """Count the rows and merged cells of a sheet's XML in one streaming pass, before reading it.

    Stops at the first limit passed (MAX_IMPORT_ROWS, MAX_IMPORT_MERGED_RANGES,
    MAX_IMPORT_MERGED_CELLS), so a sheet of a billion merged cells costs what its first
    million do. openpyxl's read-only mode skips merged ranges, so they are read here.
    """
    max_rows = settings.MAX_IMPORT_ROWS
    max_ranges = settings.MAX_IMPORT_MERGED_RANGES
    max_cells = settings.MAX_IMPORT_MERGED_CELLS
    facts = SheetFacts()
    merges = set()
    covered = 0
    looking_for_dimension = True
    tail = b""
    while True:
        chunk = xml.read(SCAN_CHUNK)
        data = tail + chunk
        # Complete tags only: everything before the last "<" (all of it at the end).
        cut = data.rfind(b"<") if chunk else len(data)
        if cut < 0:
            tail = b""
            continue
        if looking_for_dimension:
            # The declared size, if any, comes before the sheet's data.
            dimension = data.find(b"dimension", 0, cut) >= 0 and DIMENSION_TAG.search(data, 0, cut)
            if dimension:
                facts.declared_rows = int(dimension.group(2) or dimension.group(1) or 0)
                if facts.declared_rows > max_rows:
                    raise _limit_error(
                        _(
                            "The sheet declares %(count)s rows; at most %(limit)s rows can be imported at once."
                        ),
                        count=facts.declared_rows,
                        limit=max_rows,
                    )
            looking_for_dimension = not dimension and data.find(b"sheetData", 0, cut) < 0
        facts.rows += data.count(b"<row", 0, cut) - data.count(b"<rowBreaks", 0, cut)
        facts.rows += sum(data.count(tag, 0, cut) for tag in PREFIXED_ROW_TAGS)
        if facts.rows > max_rows:
            raise _limit_error(
                _("The sheet holds more than %(limit)s rows; split it and import each part."), limit=max_rows
            )
        if data.find(b"mergeCell", 0, cut) >= 0:
            for match in MERGE_CELL.finditer(data, 0, cut):
                try:
                    min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode())
                except ValueError:
                    continue  # not a range openpyxl knows (a column past XFD): never filled
                cell_range = (
                    min(min_row, max_row),
                    min(min_col, max_col),
                    max(min_row, max_row),
                    max(min_col, max_col),
                )
                merges.add(cell_range)
                covered += (cell_range[2] - cell_range[0] + 1) * (cell_range[3] - cell_range[1] + 1)
                if len(merges) > max_ranges:
                    raise _limit_error(
                        _("The sheet has more than %(limit)s merged ranges; unmerge them and import again."),
                        limit=max_ranges,
                    )
                if covered > max_cells:
                    raise _limit_error(
                        _(
                            "The merged ranges of the sheet cover more than %(limit)s cells (%(count)s in the "
                            "first %(ranges)s ranges); unmerge them and import again."
                        ),
                        limit=max_cells,
                        count=covered,
                        ranges=len(merges),
                    )
        if not chunk:
            break
        tail = data[cut:] if len(data) - cut <= LONGEST_TAG else b""
    facts.merges = sorted(merges)
    return facts


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    """The part of the workbook's first worksheet, found as openpyxl finds it (charts skipped)."""
    parser = WorkbookParser(archive, "xl/workbook.xml", keep_links=False)
    parser.parse()
    names = set(archive.namelist())
    for _sheet, rel in parser.find_sheets():
        if rel.target in names and "chartsheet" not in rel.Type:
            return rel.target
    raise KeyError("no worksheet")


class SheetReader:
    """Rows of the first worksheet, with merged cells filled from their top-left cell.

    The file is measured before its sheet is read, each figure against its setting: the
    zip (members, unpacked size, compression: khuyencong/uploads.py), the parts read whole,
    then the sheet's rows and merged cells. A file past any of them is refused as a whole.
    """

    def __init__(self, source, name: str = ""):
        name = name or os.path.basename(str(getattr(source, "name", "") or "")) or "xlsx"
        unreadable = ImportFileError(_("This file is not a readable Excel workbook (.xlsx)."))
        try:
            check_office_zip(source, ("xlsx",), name=name)
        except ValidationError as exc:
            if exc.code in ("unreadable", "not_kind"):
                raise unreadable from exc
            raise ImportFileError(" ".join(exc.messages)) from exc
        # A broken part (bad XML, a bad checksum, an encrypted or unknown compression) shows as any of these.
        broken = (
            zipfile.BadZipFile,
            zlib.error,
            KeyError,
            OSError,
            EOFError,
            ValueError,
            TypeError,
            SyntaxError,
            RuntimeError,
        )
        try:
            with zipfile.ZipFile(source) as archive:
                check_workbook_parts(archive)
                path = _first_sheet_path(archive)
                # Before openpyxl opens the workbook: it parses a sheet without a declared
                # size from end to end just to find its size.
                with archive.open(path) as xml:
                    self.facts = scan_sheet(xml)
            source.seek(0)
            self.workbook = load_workbook(source, read_only=True, data_only=True, keep_links=False)
        except broken as exc:
            raise unreadable from exc
        if not self.workbook.worksheets or self.workbook.worksheets[0]._worksheet_path != path:
            self.workbook.close()
            raise unreadable
        self.sheet = self.workbook.worksheets[0]

    @property
    def estimated_rows(self) -> int:
        """Rows as the sheet declares them, else as counted."""
        return max(self.facts.declared_rows, self.facts.rows)

    def rows(self) -> Iterator[tuple[int, list]]:
        merges = self.facts.merges
        upcoming = 0
        active: list[tuple[int, int, int, int]] = []
        top_left: dict[tuple[int, int, int, int], object] = {}
        for number, values in enumerate(self.sheet.iter_rows(values_only=True), start=1):
            cells = list(values)
            while upcoming < len(merges) and merges[upcoming][0] <= number:
                active.append(merges[upcoming])
                upcoming += 1
            if active:
                # Each range is visited once per row it spans: the work is the cells the
                # ranges cover, which scan_sheet bounded.
                active = [r for r in active if r[2] >= number]
                for key in active:
                    first_row, first_col, _last_row, last_col = key
                    if number == first_row:
                        top_left[key] = cells[first_col - 1] if first_col <= len(cells) else None
                    value = top_left.get(key)
                    for col in range(first_col, min(last_col, len(cells)) + 1):
                        if (number, col) != (first_row, first_col):
                            cells[col - 1] = value
            yield number, cells

    def close(self):
        self.workbook.close()
