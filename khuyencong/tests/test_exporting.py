"""The one exporter: text is never a formula in xlsx or CSV, numbers and dates keep their type."""

import csv
import datetime
import io
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from khuyencong.exporting import (
    CSV,
    FORMULA_STARTS,
    MONEY,
    NOT_XML,
    SHARE,
    XLSX,
    Table,
    TotalRow,
    sheet_name,
    text,
    to_csv,
    to_xlsx,
)

ATTACKS = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "#N/A"]


def xlsx_cells(content: bytes):
    return list(load_workbook(io.BytesIO(content)).active.iter_rows())


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def as_read_from_xlsx(value: str) -> str | None:
    """What a reader gets back from a string cell: XML turns CR into LF; an empty cell is None."""
    cleaned = NOT_XML.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    return cleaned or None


def as_read_from_csv(value: str) -> str:
    cleaned = NOT_XML.sub("", value)
    return "'" + cleaned if cleaned.startswith(FORMULA_STARTS) else cleaned


def test_formula_text_stays_text_in_xlsx_and_is_defused_in_csv():
    table = Table("T", ["Tên", "Số"], [[attack, n] for n, attack in enumerate(ATTACKS)])
    rows = xlsx_cells(to_xlsx(table))
    for cells, attack in zip(rows[1:], ATTACKS, strict=True):
        assert cells[0].data_type == "s" and cells[0].value == as_read_from_xlsx(attack)
        assert cells[0].quotePrefix  # Excel keeps it text even when the cell is edited
    assert not [c for row in rows for c in row if c.data_type == "f"]
    lines = csv_rows(to_csv(table))
    assert lines[0] == ["Tên", "Số"]
    for line, attack in zip(lines[1:], ATTACKS, strict=True):
        assert line[0] == as_read_from_csv(attack)
    assert [line[0][0] for line in lines[1:7]] == ["'"] * 6  # each OWASP start character
    assert lines[7][0] == "#N/A"  # not a formula start: CSV leaves it alone


def shown_width(stored: float) -> float:
    """The width Excel shows for a column (characters of Calibri 11, 7 pixels wide), from the one
    the file stores, which adds 5 pixels of padding (ECMA-376 Part 1, §18.3.1.13 "col")."""
    return int((stored * 7 - 5) / 7 * 100 + 0.5) / 100


def test_numbers_dates_formats_captions_and_totals():
    day = datetime.date(2015, 9, 30)
    table = Table(
        "Thực hiện: 2015/09",
        ["Nguồn", "Kế hoạch (đồng)", "Tỷ lệ", "Ngày", "Ghi chú"],
        [
            ["KCĐP", 485_000_000, 0.7045, day, None],
            TotalRow(["Tổng cộng", -5, Decimal("0.5"), datetime.datetime(2015, 9, 30, 8, 15), True]),
        ],
        caption=["Thực hiện kế hoạch năm 2015", "Tính đến 30/09/2015"],
        widths=[10, 18],
        formats={1: MONEY, 2: SHARE},
    )
    workbook = load_workbook(io.BytesIO(to_xlsx(table)))
    sheet = workbook.active
    assert sheet.title == "Thực hiện  2015 09"  # no ':' or '/' in a sheet name
    assert shown_width(sheet.column_dimensions["B"].width) == 18
    rows = list(sheet.iter_rows())
    assert rows[0][0].value == "Thực hiện kế hoạch năm 2015" and rows[0][0].font.b
    assert rows[1][0].value == "Tính đến 30/09/2015" and rows[2][0].value is None
    assert [c.value for c in rows[3]] == ["Nguồn", "Kế hoạch (đồng)", "Tỷ lệ", "Ngày", "Ghi chú"]
    assert all(c.font.b for c in rows[3])
    plain, total = rows[4], rows[5]
    assert plain[1].value == 485_000_000 and plain[1].number_format == MONEY
    assert plain[2].value == 0.7045 and plain[2].number_format == SHARE
    assert plain[3].value == datetime.datetime(2015, 9, 30) and plain[3].number_format == "dd/mm/yyyy"
    assert not plain[0].font.b and all(c.font.b for c in total if c.value is not None)
    assert total[1].value == -5 and total[1].data_type == "n" and total[4].value is True

    lines = csv_rows(to_csv(table))
    assert lines[:3] == [["Thực hiện kế hoạch năm 2015"], ["Tính đến 30/09/2015"], []]
    assert lines[4] == ["KCĐP", "485000000", "0.7045", "2015-09-30", ""]
    assert lines[5] == ["Tổng cộng", "-5", "0.5", "2015-09-30 08:15:00", "TRUE"]  # a number, not text


def test_a_long_list_is_cut_with_a_line_that_says_so():
    table = Table("T", ["Số"], [[n] for n in range(10)], limit=3)
    values = [row[0].value for row in xlsx_cells(to_xlsx(table))]
    assert values[:4] == ["Số", 0, 1, 2] and len(values) == 5 and "3" in values[4]
    lines = csv_rows(to_csv(table))
    assert [line[0] for line in lines[:4]] == ["Số", "0", "1", "2"] and len(lines) == 5
    exact = Table("T", ["Số"], [[n] for n in range(3)], limit=3)
    assert len(csv_rows(to_csv(exact))) == 4  # nothing left out, nothing said


# Any text at all: control characters, surrogates, U+FFFE, and each formula start in front.
ANY_TEXT = st.one_of(
    st.text(st.characters(), max_size=40),
    st.builds(lambda start, rest: start + rest, st.sampled_from([*FORMULA_STARTS, "#", "\x01="]), st.text()),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(ANY_TEXT, min_size=1, max_size=20))
def test_any_text_is_written_as_that_text_and_never_as_a_formula(values):
    # A number after each text keeps every row in the sheet, the empty ones included.
    table = Table("T", ["h", "n"], [[value, n] for n, value in enumerate(values)])
    rows = xlsx_cells(to_xlsx(table))[1:]
    for (cell, _number), value in zip(rows, values, strict=True):
        assert cell.value == as_read_from_xlsx(value)
        assert cell.data_type in ("s", "n") and (cell.value is None) == (cell.data_type == "n")
        if cell.value and cell.value.startswith(FORMULA_STARTS):
            assert cell.quotePrefix
    lines = csv_rows(to_csv(table))[1:]
    assert [line[0] for line in lines] == [as_read_from_csv(value) for value in values]


@given(ANY_TEXT)
def test_the_text_function_leaves_nothing_a_reader_would_run(value):
    for_xlsx, for_csv = text(value, XLSX), text(value, CSV)
    assert not NOT_XML.search(for_xlsx) and "\r" not in for_xlsx
    assert not for_csv.startswith(FORMULA_STARTS)
    assert sheet_name(value)  # any title names a sheet


def test_several_tables_are_the_sheets_of_one_workbook_each_in_the_one_shape():
    from khuyencong.exporting import to_workbook

    long = "Hồ sơ - Cơ sở công nghiệp nông thôn được hỗ trợ"
    content = to_workbook(
        [
            Table(title="Tổng hợp", headings=["A", "B"], rows=[["=1+1", 5]], caption=["Tiêu đề"]),
            Table(title=long, headings=["X"], rows=[[1]]),
            Table(title=long + " (bản 2)", headings=["Y"], rows=[[2]], widths=[30]),
        ]
    )
    workbook = load_workbook(io.BytesIO(content))
    names = workbook.sheetnames
    assert names[0] == "Tổng hợp" and len(names) == 3 and len(set(names)) == 3
    assert all(len(name) <= 31 for name in names)
    first = workbook["Tổng hợp"]
    assert first["A4"].value == "=1+1" and first["A4"].data_type == "s"  # text, never a formula
    assert first.freeze_panes == "A4" and first["A3"].font.bold
    assert shown_width(workbook[names[2]].column_dimensions["A"].width) == 30


@settings(max_examples=60, deadline=None)
# Up to 100,000 billion đồng: 15 digits, which a spreadsheet number (a double) holds exactly.
@given(st.lists(st.integers(-(10**14), 10**14), min_size=1, max_size=20))
def test_amounts_in_trieu_dong_hold_the_exact_amount_and_show_the_decimals_they_need(amounts):
    from khuyencong.exporting import MILLIONS

    table = Table("Kinh phí", ["Số tiền"], [[amount] for amount in amounts], formats={0: MILLIONS})
    sheet = load_workbook(io.BytesIO(to_xlsx(table))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    for cell, amount in zip(cells, amounts, strict=True):
        assert Decimal(str(cell.value)) == Decimal(amount) / 1_000_000
        places = 0 if amount % 1_000_000 == 0 else 1 if amount % 100_000 == 0 else 2
        assert cell.number_format == {0: "#,##0", 1: "#,##0.0", 2: "#,##0.00"}[places]
