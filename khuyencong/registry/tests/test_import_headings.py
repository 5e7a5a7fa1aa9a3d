"""Real provincial lists: headings as people write them, a needed column missing, the preview.

The headings the importer knows are one table (registry/headings.py); every variant a list may
use of them — abbreviated, in any case, without diacritics, broken over lines, with footnote
marks or units, in any order, under title rows or a group heading — imports the same records.
"""

import io
import re
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from conftest import BAC_NINH, HUNG_YEN, legacy_commune, province
from khuyencong.registry.establishment_import import EstablishmentImporter, ImportFileError
from khuyencong.registry.headings import ABBREVIATIONS, CLASHES, HEADINGS, heading_key, markdown
from khuyencong.registry.models import Establishment, ImportJob

from .test_import import MESSY_MERGES, MESSY_ROWS
from .workbooks import as_file, workbook_bytes

ROOT = Path(django_settings.BASE_DIR)


def test_the_doc_is_the_table():
    assert (ROOT / "docs" / "import-headings.md").read_text(encoding="utf-8") == markdown()


def test_no_heading_reads_as_two_columns():
    assert CLASHES == []


# The headings of the issue, as Vietnamese administrative lists write them.
WRITTEN = {
    "STT": "row_no",
    "TT": "row_no",
    "Tên cơ sở": "name",
    "Tên CS": "name",
    "Tên DN": "name",
    "Tên doanh nghiệp/HKD": "name",
    "Chủ cơ sở": "representative",
    "Người đại diện": "representative",
    "Họ tên chủ hộ": "representative",
    "Địa chỉ": "address",
    "Đ/c": "address",
    "Xã/phường": "commune",
    "Xã (phường, thị trấn)": "commune",
    "Huyện/TX/TP": "district",
    "H.": "district",
    "MST": "tax_code",
    "Mã số thuế": "tax_code",
    "Mã số DN": "tax_code",
    "SĐT": "phone",
    "ĐT": "phone",
    "Điện thoại": "phone",
    "Số ĐT": "phone",
    "Ngành nghề": "trade",
    "Ngành SX": "trade",
    "Sản phẩm chính": "main_products",
    "SP chính": "main_products",
    "Số LĐ": "workers",
    "Lao động (người)": "workers",
    "Làng nghề": "craft_village",
    "Ghi chú": "notes",
    "Tên cơ\nsở  (1):": "name",
    "Mã số thuế (*)": "tax_code",
    "Vốn (triệu đồng)": None,
    "DANH SÁCH CƠ SỞ NĂM 2024": None,
}


@pytest.mark.parametrize(("written", "key"), WRITTEN.items())
def test_headings_of_real_lists_are_read(written, key):
    assert heading_key(written) == key


# ---------------------------------------------------------------- the same records, however headed

# key → the cells of the three rows. Row 3 is of Thái Bình, merged into today's Hưng Yên.
DATA = {
    "row_no": [1, 2, 3],
    "name": ["Hộ kinh doanh Nguyễn Văn An", "Công ty TNHH Mây tre Phú Ủng", "HTX Gốm Vũ Hội"],
    "legal_form": ["Hộ kinh doanh", "Doanh nghiệp", "HTX"],
    "tax_code": [None, "0900123456", "0900123457-001"],
    "representative": ["Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường"],
    "phone": ["0912 345 678", "0221 3861 234", None],
    "email": [None, "maytre@example.vn", None],
    "hamlet": ["Thôn Đông", "Thôn Tây", "Xóm Gốm"],
    "commune": ["Xã Liêu Xá", "Xã Phù Ủng", "Xã Vũ Hội"],
    "district": ["Huyện Yên Mỹ", "Huyện Ân Thi", "Huyện Vũ Thư"],
    "province": ["Hưng Yên", "Hưng Yên", "Thái Bình"],
    "trade": ["Mây tre đan", "Mây tre đan", "Gốm"],
    "main_products": ["Rổ rá", "Bàn ghế mây", "Bình gốm"],
    "workers": [12, "25", 40],
    "year_founded": [1999, 2008, None],
    "notes": ["mới", None, "HTX kiểu mới"],
}
ADDRESS_PARTS = ("hamlet", "commune", "district")  # under one "Địa chỉ" when the heading takes two rows
RECORD_FIELDS = (
    "name",
    "legal_form",
    "tax_code",
    "representative",
    "phone",
    "email",
    "address",
    "trade",
    "main_products",
    "workers",
    "year_founded",
    "commune_id",
    "current_commune_id",
    "province_id",
)
TITLES = [
    "UỶ BAN NHÂN DÂN TỈNH HƯNG YÊN",
    "DANH SÁCH CƠ SỞ CÔNG NGHIỆP NÔNG THÔN NĂM 2024",
    "(Kèm theo Báo cáo số 12/BC-SCT ngày 10/3/2024 của Sở Công Thương)",
    "Đơn vị tính: người",
]
NOTES = ["", " (1)", "(*)", " *", ":", " :", " (người)", " (triệu đồng)", "\n(2)", " [3]"]
SPACES = [" ", "  ", "\n", " \n", "\u00a0"]


def without_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@st.composite
def written_heading(draw, key: str) -> str:
    """One way a list may head the column: any heading of the table, abbreviated or not, in any case,
    with or without diacritics, spaced and broken anyhow, with a footnote mark or a unit."""
    text = draw(st.sampled_from(HEADINGS[key]))
    for short, words in ABBREVIATIONS:
        pattern = re.compile(rf"(?<!\w){re.escape(words)}(?!\w)", re.IGNORECASE)
        if pattern.search(text) and draw(st.booleans()):
            text = pattern.sub(short, text)
    rnd = draw(st.randoms(use_true_random=False))
    case = draw(st.sampled_from(["as is", "upper", "lower", "random"]))
    if case == "upper":
        text = text.upper()
    elif case == "lower":
        text = text.lower()
    elif case == "random":
        text = "".join(c.upper() if rnd.random() < 0.5 else c.lower() for c in text)
    if draw(st.booleans()):
        text = without_diacritics(text)
    text = "".join(rnd.choice(SPACES) if c == " " else c for c in text)
    text = draw(st.sampled_from(["", " ", "\n"])) + text + draw(st.sampled_from(NOTES))
    return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), text)


@st.composite
def sheets(draw):
    keys = list(DATA)
    grouped = draw(st.booleans())  # "Địa chỉ" merged over "Thôn | Xã | Huyện", their headings below
    units = [k for k in keys if not (grouped and k in ADDRESS_PARTS)] + (["address-group"] if grouped else [])
    order = []
    for unit in draw(st.permutations(units)):
        order += list(ADDRESS_PARTS) if unit == "address-group" else [unit]
    headings = {key: draw(written_heading(key)) for key in keys}
    titles = draw(st.lists(st.sampled_from(TITLES), max_size=3, unique=True))
    lines: list[list] = [[t] for t in titles]
    merges = [f"A{n}:{get_column_letter(len(order))}{n}" for n in range(1, len(titles) + 1)]
    if titles and draw(st.booleans()):
        lines.append([None])
    header_at = len(lines) + 1
    width = len(order)
    if grouped:
        group = draw(written_heading("address"))
        first = order.index(ADDRESS_PARTS[0]) + 1
        top = [group if key in ADDRESS_PARTS else headings[key] for key in order]
        merged_down = draw(st.booleans())  # the other headings span both rows
        lower = [headings[key] if key in ADDRESS_PARTS else None for key in order]
        lines += [top, lower]
        merges.append(f"{get_column_letter(first)}{header_at}:{get_column_letter(first + 2)}{header_at}")
        if merged_down:
            merges += [
                f"{get_column_letter(c)}{header_at}:{get_column_letter(c)}{header_at + 1}"
                for c, key in enumerate(order, start=1)
                if key not in ADDRESS_PARTS
            ]
    else:
        lines.append([headings[key] for key in order])
    if draw(st.booleans()):
        lines.append([f"({n})" for n in range(1, width + 1)])
    for i in range(3):
        lines.append([DATA[key][i] for key in order])
    return workbook_bytes(lines, merges)


def records() -> list[tuple]:
    return sorted(Establishment.objects.filter(name__in=DATA["name"]).values_list(*RECORD_FIELDS))


_expected: list[tuple] = []


def expected_records() -> list[tuple]:
    """The records of the three rows under the headings the export writes, in the table's order."""
    if not _expected:
        order = list(DATA)
        lines = [[HEADINGS[key][0] for key in order], *([DATA[key][i] for key in order] for i in range(3))]
        with transaction.atomic():
            report = EstablishmentImporter(as_file(workbook_bytes(lines))).commit()
            assert report.counts["new"] == 3, report.invalid
            _expected.extend(records())
            transaction.set_rollback(True)
    return _expected


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=sheets())
def test_any_way_of_heading_the_columns_imports_the_same_records(data):
    expected = expected_records()
    assert len(expected) == 3 and all(r[11] for r in expected)
    with transaction.atomic():
        report = EstablishmentImporter(as_file(data)).commit()
        assert [r.reasons for r in report.invalid] == []
        assert report.counts["new"] == 3
        assert records() == expected
        transaction.set_rollback(True)


# ---------------------------------------------------------------- a needed column missing

NO_COMMUNE = [
    ["DANH SÁCH CƠ SỞ CÔNG NGHIỆP NÔNG THÔN"],
    ["STT", "Tên cơ sở", "MST", "Huyện", "Tỉnh"],
    *([n, f"Cơ sở {n}", None, "Huyện Yên Mỹ", "Hưng Yên"] for n in range(1, 8)),
]


@pytest.mark.django_db
def test_a_list_without_the_commune_column_is_refused_with_one_message_naming_it():
    with pytest.raises(ImportFileError) as refused:
        EstablishmentImporter(as_file(workbook_bytes(NO_COMMUNE))).analyse()
    message = str(refused.value)
    assert message.count("“Xã/Phường/Thị trấn”") == 1
    assert "row 2" in message or "dòng 2" in message
    for seen in ("“STT”", "“Tên cơ sở”", "“MST”", "“Huyện”", "“Tỉnh”"):
        assert seen in message


@pytest.mark.django_db
def test_on_the_web_the_missing_commune_column_is_the_one_error(
    personas, client, django_capture_on_commit_callbacks
):
    client.force_login(personas["centre_staff"])
    upload = io.BytesIO(workbook_bytes(NO_COMMUNE))
    upload.name = "thieu-cot-xa.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_upload"), {"file": upload})
    page = client.get(response.url)
    job = page.context["job"]
    assert job.status == ImportJob.Status.FAILED
    assert job.invalid_preview == [] and job.valid_preview == [] and not job.invalid_file
    body = page.content.decode()
    assert body.count('class="alert alert-danger"') == 1
    assert body.count("Xã/Phường/Thị trấn") == 1
    assert reverse("registry:import_confirm", args=[job.pk]) not in body


@pytest.mark.django_db
def test_a_list_without_a_name_column_says_so_with_the_headings_it_has():
    data = workbook_bytes(
        [["STT", "Họ và tên", "Xã", "Huyện"], [1, "Nguyễn Văn An", "Xã Liêu Xá", "Huyện Yên Mỹ"]]
    )
    with pytest.raises(ImportFileError) as refused:
        EstablishmentImporter(as_file(data)).analyse()
    message = str(refused.value)
    assert "“Tên cơ sở”" in message and "“Họ và tên”" in message and "“Xã/Phường/Thị trấn”" not in message


@pytest.mark.django_db
def test_the_commune_may_be_in_the_address_column():
    data = workbook_bytes(
        [["Tên CS", "Đ/c"], ["Cơ sở B", "Thôn Đông, xã Liêu Xá, huyện Yên Mỹ, tỉnh Hưng Yên"]]
    )
    assert EstablishmentImporter(as_file(data)).analyse()[0].counts["new"] == 1


# ---------------------------------------------------------------- the preview


def upload_and_check(client, data: bytes, callbacks, **fields):
    upload = io.BytesIO(data)
    upload.name = "danh-sach.xlsx"
    with callbacks(execute=True):
        response = client.post(reverse("registry:import_upload"), {"file": upload, **fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response.url)


@pytest.mark.django_db
def test_the_preview_lists_the_valid_rows_with_their_unit_then_and_today(
    personas, client, django_capture_on_commit_callbacks
):
    client.force_login(personas["centre_staff"])
    page = upload_and_check(
        client, workbook_bytes(MESSY_ROWS, MESSY_MERGES), django_capture_on_commit_callbacks
    )
    job = page.context["job"]
    assert job.status == ImportJob.Status.READY
    assert [item["row"] for item in job.valid_preview] == [7, 8, 9, 12, 15]
    by_row = {item["row"]: item for item in job.valid_preview}
    lieu_xa = legacy_commune("Huyện Yên Mỹ", "Xã Liêu Xá")
    # Today's unit is the crosswalk's (geo: AdminUnit.current_unit).
    assert by_row[7]["then"] == lieu_xa.label()
    assert by_row[7]["today"] == lieu_xa.current_unit().label()
    assert "Nguyễn Văn Linh" in by_row[7]["today"] and "Yên Mỹ" in by_row[7]["then"]
    assert "Thái Bình" in by_row[12]["then"] and "Hưng Yên" in by_row[12]["today"]
    assert all(item["outcome"] == "new" for item in job.valid_preview)
    body = page.content.decode()
    assert 'id="valid-rows"' in body and lieu_xa.current_unit().label() in body
    assert reverse("registry:import_confirm", args=[job.pk]) in body


@pytest.mark.django_db
def test_no_import_is_offered_when_no_row_is_valid(personas, client, django_capture_on_commit_callbacks):
    client.force_login(personas["centre_staff"])
    data = workbook_bytes([["Tên cơ sở", "Xã", "Tỉnh"], ["Cơ sở A", "Xã Không Có", "Hưng Yên"]])
    page = upload_and_check(client, data, django_capture_on_commit_callbacks)
    job = page.context["job"]
    assert job.status == ImportJob.Status.READY and job.counts["invalid"] == 1
    body = page.content.decode()
    confirm = reverse("registry:import_confirm", args=[job.pk])
    assert confirm not in body
    assert "Ready to import" not in body and "Sẵn sàng nhập" not in body
    # Nor can it be confirmed by posting anyway.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY and job.confirmed_by is None


@pytest.mark.django_db
def test_a_national_user_chooses_the_province_of_the_list(
    personas, client, django_capture_on_commit_callbacks
):
    data = workbook_bytes([["Tên cơ sở", "Xã/Phường"], ["Cơ sở của tỉnh chọn", "Phường Phố Hiến"]])
    client.force_login(personas["admin"])
    form = client.get(reverse("registry:import_upload")).context["form"]
    choices = {unit.code for unit in form.fields["province"].queryset}
    assert {HUNG_YEN, BAC_NINH} <= choices and len(choices) == 34
    page = upload_and_check(client, data, django_capture_on_commit_callbacks, province=province(HUNG_YEN).pk)
    job = page.context["job"]
    assert job.default_province == province(HUNG_YEN)
    assert job.counts["new"] == 1


@pytest.mark.django_db
def test_a_province_user_imports_into_their_province_whatever_is_posted(
    personas, client, django_capture_on_commit_callbacks
):
    data = workbook_bytes([["Tên cơ sở", "Xã/Phường"], ["Cơ sở của tỉnh mình", "Phường Phố Hiến"]])
    client.force_login(personas["centre_staff"])
    form_page = client.get(reverse("registry:import_upload"))
    assert "province" not in form_page.context["form"].fields
    assert province(HUNG_YEN).name in form_page.content.decode()
    page = upload_and_check(client, data, django_capture_on_commit_callbacks, province=province(BAC_NINH).pk)
    assert page.context["job"].default_province == province(HUNG_YEN)


@pytest.mark.django_db
def test_the_failed_import_page_offers_to_try_another_file(
    personas, client, django_capture_on_commit_callbacks
):
    client.force_login(personas["centre_staff"])
    page = upload_and_check(client, workbook_bytes(NO_COMMUNE), django_capture_on_commit_callbacks)
    assert page.context["job"].status == ImportJob.Status.FAILED
    body = page.content.decode()
    alert = body[body.index('class="alert alert-danger"') :]
    alert = alert[: alert.index("</div>")]
    assert f'href="{reverse("registry:import_upload")}"' in alert


@pytest.mark.django_db
def test_without_a_legal_form_column_it_is_read_from_the_name_and_the_preview_says_so(
    personas, client, django_capture_on_commit_callbacks
):
    """'HTX Dệt may Tân Hưng' was imported as a household business when the list had no legal-form column."""
    client.force_login(personas["centre_staff"])
    data = workbook_bytes(
        [
            ["Tên cơ sở", "Xã", "Huyện", "Tỉnh"],
            ["HTX Dệt may Tân Hưng", "Xã Liêu Xá", "Huyện Yên Mỹ", "Hưng Yên"],
            ["Cty TNHH Gốm Liêu Xá", "Xã Liêu Xá", "Huyện Yên Mỹ", "Hưng Yên"],
            ["Nguyễn Văn An", "Xã Liêu Xá", "Huyện Yên Mỹ", "Hưng Yên"],
        ]
    )
    page = upload_and_check(client, data, django_capture_on_commit_callbacks)
    job = page.context["job"]
    forms = {item["name"]: (item["legal_form"], item["legal_form_from"]) for item in job.valid_preview}
    assert forms == {
        "HTX Dệt may Tân Hưng": ("cooperative", "name"),
        "Cty TNHH Gốm Liêu Xá": ("enterprise", "name"),
        "Nguyễn Văn An": ("household", "default"),
    }
    body = page.content.decode()
    assert "read from the name" in body or "suy ra từ tên" in body
