"""Reading a trainee list's cells: headings by their words, years of birth, sex and marks.

No database: these are the parsers alone, each a property over the ways lists write them
(activities/trainee_headings.py, activities/trainee_import.py).
"""

import datetime
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils.datetime import to_excel

from khuyencong.activities.trainee_headings import COLUMNS, TRAINEE_HEADINGS
from khuyencong.activities.trainee_import import (
    parse_birth_year,
    parse_completed,
    parse_employed,
    parse_mark,
    parse_sex,
)

LATEST = 2015


def test_no_trainee_heading_reads_as_two_columns():
    assert TRAINEE_HEADINGS.clashes == []


WRITTEN = {
    "STT": "row_no",
    "Họ và tên": "full_name",
    "Họ tên": "full_name",
    "Họ và tên HV": "full_name",
    "HỌ VÀ TÊN (1)": "full_name",
    "Giới tính": "sex",
    "Nam/Nữ": "sex",
    "Nam": "male",
    "Nữ": "female",
    "Năm sinh": "birth",
    "NS": "birth",
    "Ngày sinh": "birth",
    "Ngày, tháng, năm sinh": "birth",
    "Dân tộc": "ethnicity",
    "Địa chỉ": "address",
    "Đ/c": "address",
    "Xã/Phường": "commune",
    "Xã": "commune",
    "Thôn/xóm": "hamlet",
    "Huyện": "district",
    "Tỉnh": "province",
    "Cơ sở làm việc": "establishment",
    "Hoàn thành": "completed",
    "Kết quả": "completed",
    "KQ học tập": "completed",
    "Số chứng chỉ": "certificate_number",
    "Số CC": "certificate_number",
    "Có việc làm sau đào tạo": "employed",
    "Có VL sau ĐTN": "employed",
    "Nơi làm việc": "employed_at",
    "Ghi chú": "notes",
}


@pytest.mark.parametrize(("written", "key"), WRITTEN.items())
def test_headings_of_real_trainee_lists_are_read(written, key):
    assert TRAINEE_HEADINGS.key(written) == key


def _variants(text: str):
    """The ways a heading cell differs from the table without meaning anything else."""
    return st.tuples(
        st.sampled_from(["NFC", "NFD"]),
        st.sampled_from([str, str.upper, str.lower, str.title]),
        st.sampled_from(["", " ", "  ", "\n", " (*)", ":", " (1)"]),
        st.sampled_from(["", " ", "\t"]),
        st.booleans(),
    ).map(
        lambda v: v[3] + unicodedata.normalize(v[0], v[1](text.replace(" ", "  ") if v[4] else text)) + v[2]
    )


every_heading = st.sampled_from([(h, c.key) for c in COLUMNS for h in c.headings])


@given(data=st.data(), heading=every_heading)
def test_any_heading_in_any_case_form_spacing_or_with_a_note_reads_as_its_column(data, heading):
    text, key = heading
    written = data.draw(_variants(text))
    assert TRAINEE_HEADINGS.key(written) == key, written


days = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(LATEST, 12, 31))


@given(day=days, separator=st.sampled_from(["/", "-", "."]), padded=st.booleans())
def test_a_birth_date_written_dd_mm_yyyy_gives_its_year(day, separator, padded):
    dd, mm = (f"{day.day:02d}", f"{day.month:02d}") if padded else (str(day.day), str(day.month))
    assert parse_birth_year(f"{dd}{separator}{mm}{separator}{day.year}", LATEST) == day.year


@given(day=days)
def test_a_birth_date_as_a_date_cell_an_excel_serial_iso_or_the_year_gives_its_year(day):
    assert parse_birth_year(day, LATEST) == day.year
    assert parse_birth_year(datetime.datetime.combine(day, datetime.time()), LATEST) == day.year
    assert parse_birth_year(day.isoformat(), LATEST) == day.year
    assert parse_birth_year(str(day.year), LATEST) == day.year
    assert parse_birth_year(f" {day.year} ", LATEST) == day.year
    assert parse_birth_year(float(day.year), LATEST) == day.year
    assert parse_birth_year(f"Năm {day.year}", LATEST) == day.year
    serial = int(to_excel(day))
    # Excel's serials count a 29/2/1900 that never was; and a number that reads as a year (a serial
    # of 1905, between 1900 and 2100) is a year: that is what a birth cell holding 1918 means.
    if day >= datetime.date(1900, 3, 1) and not 1900 <= serial <= 2100:
        assert parse_birth_year(serial, LATEST) == day.year


@pytest.mark.parametrize(
    "cell",
    ["85", "31/02/1990", "1899", str(LATEST + 1), "13/1990", "không rõ", "1985.5", 1985.5, True, -3, "19 85"],
)
def test_what_is_not_a_year_of_birth_is_refused(cell):
    with pytest.raises(ValueError):
        parse_birth_year(cell, LATEST)


@pytest.mark.parametrize("cell", [None, "", "   "])
def test_an_empty_birth_cell_is_no_year(cell):
    assert parse_birth_year(cell, LATEST) is None


@given(
    word=st.sampled_from(["Nam", "Nữ", "nam", "NỮ", "nu", "M", "F"]),
    form=st.sampled_from(["NFC", "NFD"]),
    pad=st.sampled_from(["", " ", "  "]),
)
def test_sex_cells_read_in_any_case_and_form(word, form, pad):
    expected = "male" if word.lower() in ("nam", "m") else "female"
    assert parse_sex(pad + unicodedata.normalize(form, word) + pad) == expected


@pytest.mark.parametrize("cell", ["x", "X", "✓", "có", "Có", "1", 1, True])
def test_a_mark_is_yes(cell):
    assert parse_mark(cell) is True


@pytest.mark.parametrize("cell", ["không", "0", 0, "-", False])
def test_a_denial_is_no(cell):
    assert parse_mark(cell) is False


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Đạt", True),
        ("Hoàn thành", True),
        ("Khá", True),
        ("Giỏi", True),
        ("TB", True),
        ("x", True),
        ("Không đạt", False),
        ("Chưa hoàn thành", False),
        ("Bỏ học", False),
        (None, None),
    ],
)
def test_results_as_lists_write_them(cell, expected):
    assert parse_completed(cell) is expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("Có việc làm", True), ("Đã có việc làm", True), ("x", True), ("Chưa có việc làm", False), ("", None)],
)
def test_employment_as_lists_write_it(cell, expected):
    assert parse_employed(cell) is expected


@pytest.mark.parametrize("parse", [parse_sex, parse_mark, parse_completed, parse_employed])
def test_a_cell_that_says_nothing_known_is_refused(parse):
    with pytest.raises(ValueError):
        parse("abc xyz")
