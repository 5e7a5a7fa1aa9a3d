"""Property tests of the importer: whatever the workbook, no row is lost and re-import is a no-op."""

import unicodedata

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khuyencong.registry.establishment_import import EstablishmentImporter
from khuyencong.registry.models import Establishment

from .workbooks import as_file, workbook_bytes

PLACES = [
    ("Phường Phố Hiến", "", "Hưng Yên"),
    ("Xã Tân Hưng", "", "Tỉnh Hưng Yên"),
    ("Xã Liêu Xá", "Huyện Yên Mỹ", "Hưng Yên"),
    ("xã phù ủng", "huyện ân thi", "tinh hung yen"),
    ("Thị trấn Như Quỳnh", "Huyện Văn Lâm", "Hưng Yên"),
    ("Xã Vũ Hội", "Huyện Vũ Thư", "Thái Bình"),
    ("Xã Không Tồn Tại", "", "Hưng Yên"),
]
LETTERS = "abcdeghiklmnopqrstuvxyàáảãạăắằâấầđèéêếềìíòóôốồơớờùúưứừỳýAĐÊÔƠƯ"

names = st.text(alphabet=LETTERS + "   ", min_size=0, max_size=25)
tax_codes = st.one_of(
    st.none(),
    st.from_regex(r"\A09\d{8}\Z"),
    st.from_regex(r"\A09\d{8}-\d{3}\Z"),
    st.from_regex(r"\A0\d{11}\Z"),
    st.from_regex(r"\A[0-9A-Z]{1,9}\Z"),
)
workers = st.one_of(st.none(), st.integers(0, 5000), st.sampled_from(["12", "7 người", "nhiều", "-3"]))
forms = st.sampled_from([None, "Hộ kinh doanh", "DN", "HTX", "Tổ hợp tác", "không rõ"])
row = st.tuples(names, forms, tax_codes, st.sampled_from(PLACES), workers, st.sampled_from(["NFC", "NFD"]))
sheets = st.tuples(
    st.integers(0, 3),
    st.lists(st.one_of(row, st.just(None)), min_size=1, max_size=25),
    st.booleans(),
    st.lists(st.integers(0, 24), max_size=4),  # rows whose place cells merge with the row below
)
HEADER = ["STT", "Tên cơ sở", "Loại hình", "Mã số thuế", "Xã/Phường/Thị trấn", "Huyện", "Tỉnh", "Số lao động"]


def build(title_rows: int, rows: list, padded: bool, merged: list[int]) -> tuple[bytes, int]:
    lines = [[f"DANH SÁCH CƠ SỞ {i}"] for i in range(title_rows)]
    merges = [f"A1:H{title_rows}"] if title_rows == 1 else []
    lines.append([f" {h} " if padded else h.upper() for h in HEADER])
    data_rows = 0
    for number, item in enumerate(rows, start=1):
        if item is None:
            lines.append([None] * len(HEADER))
            continue
        name, form, tax, (commune, district, province), count, form_name = item
        cells = [
            number,
            unicodedata.normalize(form_name, name),
            form,
            tax,
            commune,
            district,
            province,
            count,
        ]
        lines.append(cells)
        data_rows += 1
    first_data = title_rows + 2
    used: set[int] = set()
    for index in sorted(set(merged)):
        top = first_data + index
        if index + 1 < len(rows) and rows[index] and rows[index + 1] and not used & {top, top + 1}:
            merges += [f"E{top}:E{top + 1}", f"F{top}:F{top + 1}", f"G{top}:G{top + 1}"]
            used |= {top, top + 1}
    return workbook_bytes(lines, merges), data_rows


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheet=sheets)
def test_every_row_is_imported_or_reported_and_reimport_changes_nothing(sheet):
    data, data_rows = build(*sheet)
    with transaction.atomic():
        before = Establishment.objects.count()
        first = EstablishmentImporter(as_file(data)).commit()
        assert first.total == data_rows
        assert Establishment.objects.count() - before == first.counts["new"]
        numbers = [r.number for r in first.invalid]
        assert len(numbers) == len(set(numbers))
        assert all(r.reasons for r in first.invalid)
        second = EstablishmentImporter(as_file(data)).analyse()[0]
        assert second.counts["new"] == 0
        assert second.counts["updated"] == 0
        assert second.counts["invalid"] == first.counts["invalid"]
        assert second.counts["unchanged"] == first.total - first.counts["invalid"]
        transaction.set_rollback(True)


@given(value=st.text(max_size=40))
def test_fold_is_idempotent_and_ascii_for_vietnamese(value):
    from khuyencong.vntext import fold

    folded = fold(value)
    assert fold(folded) == folded
    assert folded == folded.lower() or not folded.isascii()
    assert "đ" not in folded


@given(st.text(alphabet=LETTERS, min_size=1, max_size=20))
def test_fold_ignores_unicode_form(value):
    from khuyencong.vntext import fold

    assert fold(unicodedata.normalize("NFD", value)) == fold(unicodedata.normalize("NFC", value))


# ---------------------------------------------------------------- the legal form read from a name

from khuyencong.registry.establishment_import import infer_legal_form  # noqa: E402

LegalForm = Establishment.LegalForm
LEADING = [
    (LegalForm.COOPERATIVE, ["HTX", "H.T.X", "Hợp tác xã", "Hop tac xa", "Liên hiệp hợp tác xã"]),
    (LegalForm.COOPERATIVE_GROUP, ["Tổ hợp tác", "To hop tac", "THT"]),
    (
        LegalForm.ENTERPRISE,
        [
            "Công ty",
            "Cong ty",
            "Cty",
            "Cty.",
            "CT TNHH",
            "Công ty CP",
            "CTCP",
            "DNTN",
            "Doanh nghiệp tư nhân",
        ],
    ),
]
cases = st.sampled_from([(form, word) for form, words in LEADING for word in words])
rests = st.text(alphabet=LETTERS + " ", min_size=1, max_size=20).filter(lambda s: s.strip())
casings = st.sampled_from([str, str.upper, str.lower, str.title])


@given(case=cases, rest=rests, casing=casings, form=st.sampled_from(["NFC", "NFD"]))
def test_a_names_leading_word_gives_its_legal_form(case, rest, casing, form):
    legal_form, word = case
    name = unicodedata.normalize(form, casing(f"{word} {rest.strip()}"))
    assert infer_legal_form(name) == legal_form, name


@given(rest=rests)
def test_a_name_without_such_a_word_gives_none(rest):
    # A person's name (a household business) or a trade: nothing to read, the default applies.
    name = f"Nguyễn {rest.strip()}"
    assert infer_legal_form(name) is None
    assert infer_legal_form("Hộ kinh doanh " + rest) in (None, LegalForm.HOUSEHOLD)
    assert infer_legal_form("Cơ sở " + rest) is None
