"""Administrative documents in the layout of Decree 30/2020/NĐ-CP (on clerical work), Appendix I.

A `Document` is what a paper says, already in Vietnamese (it is an official paper, not a screen):
the issuing body and its parent body, the number and symbol, the place and date, the kind and
summary, the body (`Heading`, `Paragraph`, `Bullets`, `Table` blocks), the recipients and the
signer. `to_docx`, `to_html` and `to_pdf` lay it out the same way. This is a core module: it
imports no domain app, so that every app that writes a paper (the periodic report, the
establishment's self-service) uses one layout. docs/reports.md lists each measure below with the
part of Appendix I it comes from, and which ones could not be checked against the text.

What Appendix I sets and this module follows (Part I, Section I "Quy định chung", items 1-7, and
Section V, the table of type sizes and styles):
- A4 (210 × 297 mm), portrait;
- margins: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm — here 20, 20, 30, 15;
- Times New Roman, black (the PDF falls back to Liberation Serif, metric-compatible, where Times
  New Roman is not installed);
- page numbers from 1 in Arabic figures, 13-14 pt, upright, centred in the top margin, not shown
  on the first page;
- national title: capitals, 12-13 pt, upright bold (here 12, so that it holds on one line of the
  right column); motto: 13-14 pt upright bold, a solid line of its own length below (here 13);
- parent body: capitals 12-13 upright; issuing body: capitals 12-13 upright bold, a short line
  below (here 13);
- "Số: …/…": 13 pt upright, a number below 10 with a leading 0;
- place and date: 13-14 pt italic; a day below 10 and the months 1 and 2 with a leading 0;
- kind: capitals 13-14 pt upright bold; summary: 13-14 pt upright bold, a short line below;
- body: 13-14 pt upright, justified, paragraphs at least 6 pt apart, line spacing from single to
  1.5 lines (here 14 pt, single, 6 pt);
- "Nơi nhận:": 12 pt italic bold; the recipients 11 pt upright, one a line, "-" before, ";" after,
  "." after the last.
Not found in the text of Decree 30 itself and taken from common practice (marked "chưa đối chiếu
được" in docs/reports.md): the signer's sizes (13-14 pt bold), the first-line indent (1.27 cm), the
heading styles of "I." / "1." / "a)", the tables' 12 pt type and the line lengths.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from khuyencong.vnformat import roman

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"

# Page (mm): Appendix I, Part I, Section I, items 1-3.
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20, 20, 30, 15
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm
ISSUER_WIDTH = 65  # the header's left column (boxes 2 and 3); the right one holds boxes 1 and 4
NATION_WIDTH = TEXT_WIDTH - ISSUER_WIDTH

# Type sizes (pt): Appendix I, Part I, Section V (each within the range the table gives).
SIZE_NATIONAL_TITLE = 12
SIZE_MOTTO = 13
SIZE_ISSUER = 13
SIZE_NUMBER = 13
SIZE_PLACE_DATE = 14
SIZE_KIND = 14
SIZE_SUMMARY = 14
SIZE_BODY = 14
SIZE_PAGE_NUMBER = 13
SIZE_RECIPIENTS_WORD = 12
SIZE_RECIPIENTS = 11
SIZE_SIGNER = 14  # chưa đối chiếu được: 13-14 bold in the forms of Circular 01/2011, its predecessor
SIZE_TABLE = 12  # chưa đối chiếu được: Appendix I sets no size for tables inside the body
PARAGRAPH_SPACING = 6  # pt, the least Appendix I allows
FIRST_LINE_INDENT = 12.7  # mm; chưa đối chiếu được in Decree 30 (1-1.27 cm in its predecessors)


# ------------------------------------------------------------------ the model


@dataclass(frozen=True)
class Heading:
    """A heading of the body, numbered by its level: 1 → "I.", 2 → "1.", 3 → "a)". Level 1 is
    written in capitals, as the titles of "phần" and "mục" are."""

    level: int
    text: str
    kind: ClassVar[str] = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    italic: bool = False
    bold: bool = False
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True)
class Bullets:
    """Lines each starting with "-", as the Department's reports list things (docs/reports.md)."""

    items: tuple[str, ...]
    kind: ClassVar[str] = "bullets"


@dataclass(frozen=True)
class Table:
    """A table of the body. `header_rows` are bold and centred (a `None` cell widens the cell on
    its left); `total` is a bold last row; the columns in `numeric` are aligned right; `caption`
    goes above in bold and `unit` ("Đơn vị: triệu đồng") above, aligned right, in italics."""

    header_rows: tuple[tuple[str | None, ...], ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None
    numeric: frozenset[int] = frozenset()
    caption: str = ""
    unit: str = ""
    widths: tuple[float, ...] = ()  # mm, else shared equally
    kind: ClassVar[str] = "table"

    @property
    def columns(self) -> int:
        return max(len(row) for row in (*self.header_rows, *self.rows, self.total or ()))


Block = Heading | Paragraph | Bullets | Table


@dataclass(frozen=True)
class Signer:
    """ "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / the name. The authority is the line with TM., KT., TL.,
    TUQ. or Q. (Appendix I, Part I, Section II, item 7); `title` is the signer's own office when
    they sign for someone else."""

    authority: str = ""
    title: str = ""
    name: str = ""

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(line for line in (self.authority, self.title) if line)


@dataclass(frozen=True)
class Document:
    issuer: str  # "SỞ CÔNG THƯƠNG"
    kind: str  # "BÁO CÁO"
    summary: str
    place: str  # "Hưng Yên"
    date: datetime.date
    parent: str = ""  # "UBND TỈNH HƯNG YÊN"
    number: str = ""  # left blank until the clerk registers the paper
    symbol: str = ""  # "BC-SCT"
    blocks: tuple[Block, ...] = ()
    recipients: tuple[str, ...] = ()
    signer: Signer = field(default_factory=Signer)
    national: tuple[str, str] = (NATIONAL_TITLE, MOTTO)

    @property
    def number_line(self) -> str:
        return number_line(self.number, self.symbol)

    @property
    def place_date(self) -> str:
        return place_and_date(self.place, self.date)

    def numbered(self) -> list[tuple[Block, str]]:
        """Each block with the number of its heading ("I.", "2.", "b)"), "" for other blocks."""
        counters = [0, 0, 0]
        out = []
        for block in self.blocks:
            label = ""
            if isinstance(block, Heading):
                level = min(max(block.level, 1), 3)
                counters[level - 1] += 1
                for deeper in range(level, 3):
                    counters[deeper] = 0
                label = heading_label(level, counters[level - 1])
            out.append((block, label))
        return out

    def recipient_lines(self) -> list[str]:
        return recipient_lines(self.recipients)


def heading_label(level: int, number: int) -> str:
    if level == 1:
        return f"{roman(number)}."
    if level == 2:
        return f"{number}."
    return f"{letter(number)})"


# The Vietnamese alphabet's letters in order, as points are lettered (a, b, c, d, đ, e, …).
LETTERS = "abcdđeghiklmnopqrstuvxy"


def letter(number: int) -> str:
    return LETTERS[(number - 1) % len(LETTERS)]


def number_line(number: str, symbol: str) -> str:
    """ "Số: 05/BC-SCT"; a blank for the number while the paper is a draft ("Số:       /BC-SCT")."""
    number = number.strip()
    if number.isdigit() and int(number) < 10:
        number = f"{int(number):02d}"  # Appendix I, Part I, Section II, item 3
    if not symbol:
        return f"Số: {number}" if number else "Số:"
    return f"Số: {number or ' ' * 6}/{symbol}"


def place_and_date(place: str, day: datetime.date) -> str:
    """ "Hưng Yên, ngày 30 tháng 9 năm 2015": a day below 10 and the months 1 and 2 take a
    leading zero (Appendix I, Part I, Section II, item 4)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """ "- Bộ Công Thương;" … "- Lưu: VT, QLCN." (Appendix I, Part I, Section II, item 9)."""
    names = [re.sub(r"^[-\s]+|[;.\s]+$", "", name) for name in recipients]
    names = [name for name in names if name]
    return [f"- {name}{'.' if n == len(names) - 1 else ';'}" for n, name in enumerate(names)]


def _upper(text: str) -> str:
    return text.upper()


# ------------------------------------------------------------------ Word


def _rfonts(run) -> None:
    from docx.oxml.ns import qn

    # Word takes the font of Vietnamese letters from the East Asian and complex-script slots too.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


# A run's properties (w:rPr) per (size, bold, italic, underline), made once through python-docx and
# copied into each later run of that style: set one by one, each property looks up its place among
# rPr's children, about 1 ms a run, which the country's report (a table row per task) cannot afford.
_RUN_PROPERTIES: dict[tuple, object] = {}


def _run(paragraph, text: str, size: float, *, bold=False, italic=False, underline=False):
    from copy import deepcopy

    from docx.shared import Pt

    run = paragraph.add_run(text)
    key = (size, bold, italic, underline)
    made = _RUN_PROPERTIES.get(key)
    if made is not None:
        run._r.insert(0, deepcopy(made))  # rPr is a run's first child
        return run
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    _rfonts(run)
    _RUN_PROPERTIES[key] = deepcopy(run._r.rPr)
    return run


# The same for a paragraph's properties (w:pPr) per (alignment, space after, space before).
_PARAGRAPH_PROPERTIES: dict[tuple, object] = {}


def _para(
    container, text: str = "", size: float = SIZE_BODY, *, align="center", after=0.0, before=0.0, **style
):
    from copy import deepcopy

    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if _is_fresh_cell(container):
        paragraph = container.paragraphs[0]
        container._written = True
    else:
        paragraph = _add_paragraph(container)
    key = (align, after, before)
    made = _PARAGRAPH_PROPERTIES.get(key)
    if made is not None and paragraph._p.pPr is None:
        paragraph._p.insert(0, deepcopy(made))  # pPr is a paragraph's first child
    else:
        fresh = paragraph._p.pPr is None
        paragraph.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[align]
        paragraph.paragraph_format.space_after = Pt(after)
        paragraph.paragraph_format.space_before = Pt(before)
        if fresh:
            _PARAGRAPH_PROPERTIES[key] = deepcopy(paragraph._p.pPr)
    if text:
        _run(paragraph, text, size, **style)
    return paragraph


def _add_paragraph(container):
    """`container.add_paragraph()`; in the document's body put straight before its last element (the
    section's properties), where python-docx looks for that element from the body's start each time:
    n² for a report of thousands of paragraphs (the country's)."""
    from docx.document import Document as WordDocument
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph as WordParagraph

    if isinstance(container, WordDocument):
        body = container.element.body
        try:
            last = body[-1]  # lxml walks back from the end (len(body) would count every child)
        except IndexError:
            last = None
        if last is not None and last.tag == qn("w:sectPr"):
            p = OxmlElement("w:p")
            last.addprevious(p)
            return WordParagraph(p, container._body)
    return container.add_paragraph()


def _is_fresh_cell(container) -> bool:
    """A new table cell holds one empty paragraph: the first line goes into it, not below it."""
    from docx.table import _Cell

    if not isinstance(container, _Cell):
        return False
    return not getattr(container, "_written", False) and len(container.paragraphs) == 1


def _rule(container, width_mm: float, box_mm: float) -> None:
    """A solid line `width_mm` long, centred in a box `box_mm` wide: a paragraph's bottom border
    between indents, which Word and LibreOffice both draw (the lines under the issuer, the motto
    and the summary, Appendix I, Part I, Section II, items 1, 2 and 5)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    paragraph = container.add_paragraph()
    side = max((box_mm - width_mm) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(2)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _no_borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _grid(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            element.set(qn(key), value)
        borders.append(element)
    properties.append(borders)


def _two_columns(document, left_mm: float, right_mm: float):
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    _no_borders(table)
    left, right = table.rows[0].cells
    for cell, width in ((left, left_mm), (right, right_mm)):
        cell.width = Mm(width)
    for column, width in zip(table.columns, (left_mm, right_mm), strict=True):
        column.width = Mm(width)
    return left, right


def _page_number_header(section) -> None:
    """The page number centred in the top margin, from page 2 on (Appendix I, Part I, Section I, item 7)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = 1
    run = _run(paragraph, "", SIZE_PAGE_NUMBER)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _header(document, doc: Document) -> None:
    left, right = _two_columns(document, ISSUER_WIDTH, NATION_WIDTH)
    if doc.parent:
        _para(left, _upper(doc.parent), SIZE_ISSUER)
    _para(left, _upper(doc.issuer), SIZE_ISSUER, bold=True)
    _rule(left, ISSUER_WIDTH / 3, ISSUER_WIDTH)
    _para(left, doc.number_line, SIZE_NUMBER, before=4)

    _para(right, doc.national[0], SIZE_NATIONAL_TITLE, bold=True)
    _para(right, doc.national[1], SIZE_MOTTO, bold=True, underline=True)
    _para(right, doc.place_date, SIZE_PLACE_DATE, italic=True, before=10)


def _title(document, doc: Document) -> None:
    _para(document, _upper(doc.kind), SIZE_KIND, bold=True, before=18)
    _para(document, doc.summary, SIZE_SUMMARY, bold=True)
    _rule(document, TEXT_WIDTH / 4, TEXT_WIDTH)
    _para(document, "", 6)


def _body_paragraph(document, text: str, *, indent=True, **style):
    from docx.shared import Mm

    paragraph = _para(document, text, SIZE_BODY, align="justify", after=PARAGRAPH_SPACING, **style)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(FIRST_LINE_INDENT)
    return paragraph


def _heading(document, block: Heading, label: str) -> None:
    from docx.shared import Mm

    text = f"{label} {_upper(block.text) if block.level == 1 else block.text}"
    paragraph = _para(
        document,
        text,
        SIZE_BODY,
        align="justify",
        after=PARAGRAPH_SPACING,
        before=PARAGRAPH_SPACING if block.level == 1 else 0,
        bold=block.level <= 2,
        italic=block.level >= 3,
    )
    paragraph.paragraph_format.first_line_indent = Mm(FIRST_LINE_INDENT)
    paragraph.paragraph_format.keep_with_next = True


def _cell_text(cell, text: str, *, bold=False, align="left", italic=False) -> None:
    paragraph = _para(cell, text, SIZE_TABLE, align=align, bold=bold, italic=italic)
    paragraph.paragraph_format.space_before = 0
    paragraph.paragraph_format.space_after = 0


def _table(document, block: Table) -> None:
    from copy import deepcopy

    from docx.shared import Mm

    # A caption and its unit stay on the page of their table's first row, never alone at a page's foot.
    if block.caption:
        caption = _para(document, block.caption, SIZE_BODY, align="center", bold=True, before=4, after=2)
        caption.paragraph_format.keep_with_next = True
    if block.unit:
        unit = _para(document, block.unit, SIZE_TABLE, align="right", italic=True, after=2)
        unit.paragraph_format.keep_with_next = True
    columns = block.columns
    lines = [*block.header_rows, *block.rows, *((block.total,) if block.total else ())]
    table = document.add_table(rows=len(lines), cols=columns)
    table.autofit = False
    _grid(table)
    widths = block.widths if len(block.widths) == columns else (TEXT_WIDTH / columns,) * columns
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    headers = len(block.header_rows)
    # A plain row with text in every cell, once written, is the pattern of the next such rows: a copy
    # with its texts replaced (a long table is mostly such rows: the country's tasks).
    pattern = None
    # The rows walked once: `table.rows[index]` lists every row again (python-docx), n² for a long table.
    for index, (line, row) in enumerate(zip(lines, table.rows, strict=True)):
        is_plain = index >= headers and not (block.total is not None and index == len(lines) - 1)
        values = [line[column] if column < len(line) else "" for column in range(columns)]
        full = is_plain and all(values)
        if full and pattern is not None:
            _copy_row(row, pattern, values)
            continue
        cells = row.cells
        for column in range(columns):
            cells[column].width = Mm(widths[column])
        is_header = index < headers
        is_total = block.total is not None and index == len(lines) - 1
        start = 0
        for column in range(columns):
            value = line[column] if column < len(line) else ""
            if value is None and is_header and column > start:
                cells[start].merge(cells[column])
                continue
            start = column
            align = "center" if is_header else ("right" if column in block.numeric else "left")
            _cell_text(cells[column], value or "", bold=is_header or is_total, align=align)
        if full:
            pattern = deepcopy(row._tr)
    _para(document, "", 4, after=2)


def _copy_row(row, pattern, values: list[str]) -> None:
    """Put a copy of the pattern row, each cell's one run holding its value, in the place of `row`."""
    from copy import deepcopy

    from docx.oxml.text.run import _RunContentAppender

    copy = deepcopy(pattern)
    for tc, value in zip(copy.tc_lst, values, strict=True):
        run = tc.p_lst[0].r_lst[0]
        for child in run[1:]:  # the pattern's text; its properties (rPr, first) stay
            run.remove(child)
        _RunContentAppender.append_to_run_from_text(run, value)  # as Run.text writes it
    row._tr.getparent().replace(row._tr, copy)


def _closing(document, doc: Document) -> None:
    left, right = _two_columns(document, ISSUER_WIDTH + 10, NATION_WIDTH - 10)
    lines = doc.recipient_lines()
    if lines:
        _para(left, "Nơi nhận:", SIZE_RECIPIENTS_WORD, align="left", bold=True, italic=True)
        for line in lines:
            _para(left, line, SIZE_RECIPIENTS, align="left")
    for line in doc.signer.lines:
        _para(right, line, SIZE_SIGNER, bold=True)
    for _ in range(4):  # room for the signature and the seal
        _para(right, "", SIZE_SIGNER)
    if doc.signer.name:
        _para(right, doc.signer.name, SIZE_SIGNER, bold=True)


def to_docx(doc: Document) -> bytes:
    """The document as a Word file in the layout of Decree 30/2020/NĐ-CP, Appendix I."""
    from docx import Document as WordDocument
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = WordDocument()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT), Mm(MARGIN_RIGHT)
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZE_BODY)
    normal.paragraph_format.line_spacing = 1.0
    _rfonts_style(normal)
    document.core_properties.title = f"{doc.kind} {doc.summary}".strip()
    document.core_properties.author = doc.issuer
    _page_number_header(section)
    _header(document, doc)
    _title(document, doc)
    for block, label in doc.numbered():
        if isinstance(block, Heading):
            _heading(document, block, label)
        elif isinstance(block, Paragraph):
            _body_paragraph(document, block.text, italic=block.italic, bold=block.bold)
        elif isinstance(block, Bullets):
            for item in block.items:
                _body_paragraph(document, f"- {item}")
        elif isinstance(block, Table):
            _table(document, block)
    _closing(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rfonts_style(style) -> None:
    from docx.oxml.ns import qn

    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


# ------------------------------------------------------------------ HTML and PDF


def to_html(doc: Document) -> str:
    """The document as one HTML page (templates/decree30/document.html), laid out for print: the
    PDF is this page, and a web page may show it as the paper will look."""
    from django.template.loader import render_to_string

    blocks = []
    for block, label in doc.numbered():
        entry = {"block": block, "label": label}
        if isinstance(block, Heading):
            entry["text"] = _upper(block.text) if block.level == 1 else block.text
        if isinstance(block, Table):
            entry["header_rows"] = [_spans(row) for row in block.header_rows]
        blocks.append(entry)
    context = {
        "doc": doc,
        "blocks": blocks,
        "sizes": {
            name.removeprefix("SIZE_").lower(): value
            for name, value in globals().items()
            if name.startswith("SIZE_")
        },
        "page": {
            "top": MARGIN_TOP,
            "bottom": MARGIN_BOTTOM,
            "left": MARGIN_LEFT,
            "right": MARGIN_RIGHT,
            "issuer": ISSUER_WIDTH,
            "nation": NATION_WIDTH,
            "indent": FIRST_LINE_INDENT,
            "spacing": PARAGRAPH_SPACING,
        },
    }
    return render_to_string("decree30/document.html", context)


def _spans(row: Sequence[str | None]) -> list[tuple[str, int]]:
    """A header row as (text, colspan) cells: a `None` widens the cell on its left."""
    cells: list[list] = []
    for value in row:
        if value is None and cells:
            cells[-1][1] += 1
        else:
            cells.append([value or "", 1])
    return [(text, span) for text, span in cells]


def _no_fetching(url: str, *args, **kwargs):
    # Every part of a document is in its HTML: nothing is fetched, whatever a text holds.
    raise ValueError(f"documents fetch nothing ({url[:40]})")


def to_pdf(doc: Document) -> bytes:
    """The document as a PDF, from `to_html` by WeasyPrint."""
    from weasyprint import HTML

    return HTML(string=to_html(doc), url_fetcher=_no_fetching).write_pdf()
