"""The headings of a registry spreadsheet: what each column may be called, and how a cell is read.

This module is the one place that says which headings the importer knows: `COLUMNS` (each
column, what it holds, whether an import needs it, and the headings seen on provincial lists,
docs/programme.md §4) and `ABBREVIATIONS` (the shortened words those lists use: "MST", "SĐT",
"Tên CS", "Huyện/TX/TP", "Đ/c"). docs/import-headings.md is this table written out by
`markdown()`; a test keeps the two equal (rewrite the doc with
`python -m khuyencong.registry.headings > docs/import-headings.md`).

A heading cell is read by its folded words (khuyencong/vntext.py): case, diacritics, Unicode
form, line breaks, repeated spaces and punctuation (":", "*", "/") do not count; notes in
brackets — footnote marks "(1)", "(*)", units "(người)", "(triệu đồng)", "(MST)" — are left out;
each abbreviation is read as its words. Headings of the table go through the same reading,
so "Số LĐ (người):" and "Số lao động" are one heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from khuyencong.vntext import clean, fold_words


@dataclass(frozen=True)
class Column:
    key: str
    holds: str  # what the column holds, for the doc
    headings: tuple[str, ...]  # the first is the one the export writes
    stored: bool = True  # False: recognised (so never mistaken for another column), not imported


COLUMNS: tuple[Column, ...] = (
    Column("row_no", "the row's number (skipped)", ("STT", "TT", "Số TT", "Số thứ tự"), stored=False),
    Column(
        "name",
        "name of the establishment",
        (
            "Tên cơ sở",
            "Tên doanh nghiệp",
            "Tên cơ sở sản xuất",
            "Tên cơ sở sản xuất kinh doanh",
            "Tên cơ sở công nghiệp nông thôn",
            "Tên đơn vị",
            "Tên cơ sở/doanh nghiệp",
            "Tên doanh nghiệp/cơ sở",
            "Tên doanh nghiệp/hộ kinh doanh",
            "Tên cơ sở/hộ kinh doanh",
            "Tên hộ kinh doanh",
            "Tên hợp tác xã",
            "Tên",
        ),
    ),
    Column(
        "legal_form",
        "legal form (enterprise, cooperative, cooperative group, household business)",
        ("Loại hình", "Loại hình doanh nghiệp", "Loại hình cơ sở", "Loại hình tổ chức", "Hình thức"),
    ),
    Column(
        "tax_code",
        "tax code (10 digits, 10-3 digits, or a household owner's 12 digits)",
        (
            "Mã số thuế",
            "Mã số doanh nghiệp",
            "Mã số thuế/mã số doanh nghiệp",
        ),
    ),
    Column(
        "representative",
        "owner or legal representative",
        (
            "Người đại diện",
            "Chủ cơ sở",
            "Đại diện",
            "Người đại diện theo pháp luật",
            "Giám đốc",
            "Chủ hộ",
            "Họ tên chủ hộ",
            "Họ và tên chủ hộ",
            "Họ tên chủ cơ sở",
            "Họ và tên chủ cơ sở",
            "Chủ doanh nghiệp",
        ),
    ),
    Column(
        "phone",
        "phone number",
        ("Điện thoại", "Số điện thoại", "Điện thoại liên hệ", "Điện thoại di động"),
    ),
    Column("email", "email address", ("Email", "E-mail", "Thư điện tử", "Địa chỉ email")),
    Column(
        "address",
        "address; the commune, district and province are read from it when they have no columns",
        ("Địa chỉ", "Địa chỉ cơ sở", "Địa chỉ trụ sở", "Địa chỉ sản xuất", "Địa điểm"),
    ),
    Column(
        "hamlet",
        "hamlet or street (added to the address)",
        ("Thôn/xóm", "Thôn", "Xóm", "Ấp", "Thôn/xóm/tổ dân phố", "Thôn/tổ dân phố", "Tổ dân phố"),
    ),
    Column(
        "commune",
        "commune, ward or township, of before or after 1/7/2025",
        (
            "Xã/Phường/Thị trấn",
            "Xã",
            "Phường",
            "Xã/Phường",
            "Phường/Xã",
            "Xã/Thị trấn",
            "Xã/Phường/Đặc khu",
            "Xã/Phường/TT",
            "Xã/TT",
            "Tên xã",
            "Đơn vị hành chính cấp xã",
        ),
    ),
    Column(
        "district",
        "district of before 1/7/2025 (old lists)",
        ("Huyện/Thị xã/Thành phố", "Huyện", "Quận", "Quận/Huyện", "Huyện/Quận", "Huyện/Thị xã", "Huyện/TP"),
    ),
    Column("province", "province", ("Tỉnh", "Tỉnh/Thành phố")),
    Column(
        "commune_code",
        "official code of the commune",
        ("Mã xã", "Mã đơn vị hành chính"),
    ),
    Column(
        "trade",
        "trade",
        (
            "Ngành nghề",
            "Ngành nghề sản xuất",
            "Ngành nghề kinh doanh",
            "Ngành nghề sản xuất kinh doanh",
            "Ngành nghề chính",
            "Ngành sản xuất",
            "Ngành hàng",
            "Nghề",
        ),
    ),
    Column(
        "main_products",
        "main products",
        ("Sản phẩm chính", "Sản phẩm", "Sản phẩm chủ yếu", "Mặt hàng chính", "Mặt hàng sản xuất"),
    ),
    Column(
        "workers",
        "number of workers",
        (
            "Số lao động",
            "Lao động",
            "Tổng số lao động",
            "Số lao động thường xuyên",
            "Lao động thường xuyên",
            "Số người lao động",
        ),
    ),
    Column(
        "year_founded",
        "year founded",
        ("Năm thành lập", "Năm bắt đầu hoạt động", "Năm bắt đầu sản xuất"),
    ),
    Column("craft_village", "craft village (registered first)", ("Làng nghề", "Thuộc làng nghề")),
    Column("notes", "notes (skipped)", ("Ghi chú",), stored=False),
)

# Shortened words of administrative lists → the words they stand for. A written form may be
# several words as folded ("Đ/c" folds to "d c"). Only unambiguous ones: "TT" is "thứ tự" after
# "Số" and "thị trấn" after "Xã/Phường/", so those headings are written out in COLUMNS instead.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("STT", "số thứ tự"),
    ("MST", "mã số thuế"),
    ("SĐT", "số điện thoại"),
    ("ĐT", "điện thoại"),
    ("Đ/c", "địa chỉ"),
    ("ĐC", "địa chỉ"),
    ("CS", "cơ sở"),
    ("DN", "doanh nghiệp"),
    ("HKD", "hộ kinh doanh"),
    ("HTX", "hợp tác xã"),
    ("SX", "sản xuất"),
    ("KD", "kinh doanh"),
    ("SP", "sản phẩm"),
    ("LĐ", "lao động"),
    ("TL", "thành lập"),
    ("ĐVHC", "đơn vị hành chính"),
    ("TX", "thị xã"),
    ("TP", "thành phố"),
    ("H.", "huyện"),
    ("Q.", "quận"),
    ("X.", "xã"),
    ("P.", "phường"),
)

# What an import cannot do without: each entry is satisfied by any one of its columns (the
# commune may be written inside the address, split by registry/addresses.py).
REQUIRED: tuple[tuple[str, ...], ...] = (("name",), ("commune", "address"))

BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}
HEADINGS: dict[str, tuple[str, ...]] = {c.key: c.headings for c in COLUMNS}

# Notes in brackets: "(1)", "(*)", "(người)", "(triệu đồng)", "[2]".
_NOTES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


class HeadingTable:
    """One importer's table of columns, read by words: the registry's below, and any other list
    read the same way (the trainee lists of activities/trainee_headings.py), so that every
    importer reads "Số LĐ (người):" or "Họ và tên (1)" alike.

    `anchor` is the column that tells the heading row (a row naming it and one more column);
    `required` the columns an import needs, each entry satisfied by any one of its keys.
    """

    def __init__(
        self,
        columns: tuple[Column, ...],
        abbreviations: tuple[tuple[str, str], ...],
        required: tuple[tuple[str, ...], ...],
        anchor: str,
    ):
        self.columns = columns
        self.required = required
        self.anchor = anchor
        self.headings: dict[str, tuple[str, ...]] = {c.key: c.headings for c in columns}
        self.expansions: dict[tuple[str, ...], tuple[str, ...]] = {
            tuple(fold_words(short).split()): tuple(fold_words(words).split())
            for short, words in abbreviations
        }
        self.longest = max(len(k) for k in self.expansions)
        self._read = lru_cache(maxsize=4096)(self._read_text)
        self.index, self.clashes = self._index()

    def _expand(self, words: list[str]) -> str:
        out: list[str] = []
        i = 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                expansion = self.expansions.get(tuple(words[i : i + size]))
                if expansion is not None:
                    out.extend(expansion)
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        return " ".join(out)

    def _read_text(self, text: str) -> str:
        without_notes = _NOTES.sub(" ", text)
        # A heading that is all note ("(Tên cơ sở)") is read whole.
        words = fold_words(without_notes).split() or fold_words(text).split()
        return self._expand(words)

    def words(self, value: object) -> str:
        """The words a heading cell is read as: "Số LĐ (người):" → "so lao dong"."""
        return self._read(clean(value))

    def _index(self) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
        index: dict[str, str] = {}
        clashes = []
        for column in self.columns:
            for heading in column.headings:
                words = self.words(heading)
                if index.setdefault(words, column.key) != column.key:
                    clashes.append((heading, index[words], column.key))
        return index, clashes

    def key(self, value: object) -> str | None:
        """The column key of a heading cell, or None when no column is called so."""
        if not isinstance(value, str):
            return None
        return self.index.get(self.words(value))

    def label(self, keys: tuple[str, ...]) -> str:
        """How a message names a required column: its first heading."""
        return self.headings[keys[0]][0]


ESTABLISHMENT_HEADINGS = HeadingTable(COLUMNS, ABBREVIATIONS, REQUIRED, anchor="name")
HEADING_INDEX, CLASHES = ESTABLISHMENT_HEADINGS.index, ESTABLISHMENT_HEADINGS.clashes


def heading_words(value: object) -> str:
    """The words a heading cell is read as: "Số LĐ (người):" → "so lao dong"."""
    return ESTABLISHMENT_HEADINGS.words(value)


def heading_key(value: object) -> str | None:
    """The column key of a heading cell, or None when no column is called so."""
    return ESTABLISHMENT_HEADINGS.key(value)


def requirement_label(keys: tuple[str, ...]) -> str:
    """How a message names a required column: its first heading (the commune: “Xã/Phường/Thị trấn”)."""
    return ESTABLISHMENT_HEADINGS.label(keys)


def markdown() -> str:
    """docs/import-headings.md: the tables above, for the people who prepare the lists."""
    needed = {keys[0]: keys[1:] for keys in REQUIRED}
    lines = [
        "# Headings the establishment import reads",
        "",
        "Written from `khuyencong/registry/headings.py` by `markdown()` (a test keeps this file equal",
        "to it): change the table there, then run",
        "`python -m khuyencong.registry.headings > docs/import-headings.md`.",
        "",
        "The heading row may be anywhere in the first 30 rows (title rows above it are skipped) and",
        "may take two rows: a group heading merged over several columns (“Địa chỉ” over “Thôn”, “Xã”,",
        "“Huyện”) with the columns' headings in the row below. A heading is read by its words: case,",
        "diacritics, Unicode form, line breaks, repeated spaces and punctuation (`:`, `*`, `/`) do",
        "not count; notes in brackets — footnote marks `(1)`, `(*)`, units `(người)`,",
        "`(triệu đồng)` — are left out; each abbreviation of the second table is read as its words,",
        "so “Số LĐ (người):” is “Số lao động” and “Tên DN/HKD” is “Tên doanh nghiệp/hộ kinh doanh”.",
        "Columns with other headings are left out of the import.",
        "",
        "A list without a column the import needs is refused as a whole, with one message that names",
        "the column and the headings read.",
        "",
        "## Columns",
        "",
        "| Column | Holds | Needed | Headings read |",
        "| --- | --- | --- | --- |",
    ]
    for column in COLUMNS:
        if column.key in needed:
            others = needed[column.key]
            need = "yes" + (" (or " + ", ".join(f"`{k}`" for k in others) + " holding it)" if others else "")
        else:
            need = ""
        headings = " · ".join(column.headings)
        lines.append(f"| `{column.key}` | {column.holds} | {need} | {headings} |")
    lines += [
        "",
        "## Abbreviations",
        "",
        "| Written | Read as |",
        "| --- | --- |",
    ]
    lines += [f"| {short} | {words} |" for short, words in ABBREVIATIONS]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
