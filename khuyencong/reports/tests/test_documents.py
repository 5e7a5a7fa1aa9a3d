"""The periodic report's Word file, PDF and Excel annex (reports/documents/), from the report's
dict alone: parsed back, they carry the dict's figures — the seed's for the demo-shaped report,
every figure of any report of the contract's shape (hypothesis)."""

import datetime
import io
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from pypdf import PdfReader

from khuyencong.reports import documents
from khuyencong.reports.documents import PLACEHOLDER, periodic_docx, periodic_pdf, periodic_xlsx
from khuyencong.tests.wordfiles import docx_text

from .report_samples import (
    demo_report,
    displays,
    in_millions,
    read_millions,
    reports,
    rows_after_headings,
    sheets,
)

SEED_FIGURES = ("1.380", "936", "485", "451", "341,7", "+57,25%", "70,45%")


def test_the_word_file_states_the_seeds_figures_in_trieu_dong():
    report = demo_report()
    text = docx_text(periodic_docx(report))
    for figure in SEED_FIGURES:
        assert figure in text, figure
    assert "Kinh phí khuyến công quốc gia năm 2015 giao thực hiện là 1.380 triệu đồng" in text
    assert "Kế hoạch kinh phí khuyến công địa phương năm 2015 là 936 triệu đồng" in text
    assert "kinh phí Đợt I là 485 triệu đồng" in text and "kinh phí Đợt II là 451 triệu đồng" in text
    assert (
        "kinh phí thực hiện đạt 341,7 triệu đồng, tăng 57,25% so với cùng kỳ năm 2014 (217,3 triệu đồng)"
        in text
    )
    assert "70,45% kế hoạch Đợt I" in text
    assert (
        "Thực hiện Quyết định số 11355/QĐ-BCT ngày 15/12/2014 của Bộ Công Thương về việc giao kế hoạch"
        in text
    )
    for symbol in ("125/TB-UBND", "1363/QĐ-UBND", "1675/QĐ-UBND", "1744/QĐ-UBND"):
        assert symbol in text
    assert "Thông báo số 125/TB-UBND ngày 29/06/2015" in text
    assert "Đơn vị: triệu đồng" in text
    for figure in displays(report):
        assert figure in text, figure


def test_the_word_file_follows_the_seeds_structure():
    text = docx_text(periodic_docx(demo_report())).splitlines()
    headings = [line for line in text if line[:3] in ("I. ", "II.", "III", "IV.")]
    assert headings == [
        "I. KẾT QUẢ THỰC HIỆN 9 THÁNG ĐẦU NĂM 2015",
        "II. ĐÁNH GIÁ CHUNG",
        "III. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI",
        "IV. KIẾN NGHỊ, ĐỀ XUẤT",
    ]
    for line in (
        "1. Về thực hiện kế hoạch khuyến công quốc gia",
        "2. Về thực hiện kế hoạch khuyến công địa phương",
        "3. Đề án khuyến công theo nội dung hoạt động và tình trạng",
        "4. Kết quả đầu ra của các hoạt động",
        "5. Cơ sở công nghiệp nông thôn được hỗ trợ",
        "6. Văn bản đã ban hành trong kỳ",
        "1. Kết quả đạt được",
        "2. Tồn tại, hạn chế và nguyên nhân",
        "UBND TỈNH HƯNG YÊN",
        "SỞ CÔNG THƯƠNG",
        "Số:       /BC-SCT",
        "Hưng Yên, ngày 30 tháng 9 năm 2015",
        "BÁO CÁO",
        "Kết quả hoạt động khuyến công 9 tháng đầu năm 2015 và nhiệm vụ, giải pháp thời gian tới",
        "Nơi nhận:",
        "- Lưu: VT, QLCN.",
    ):
        assert line in text, line
    # Sections II-IV are written by staff: nothing written shows a placeholder, never a gap.
    assert text.count(PLACEHOLDER) == 4


def test_what_staff_wrote_fills_sections_two_to_four_and_the_frame():
    written = {
        "achievements": "Các đề án phát huy hiệu quả.\n- Tạo việc làm cho lao động nông thôn",
        "shortcomings": "Chưa có cán bộ khuyến công cấp xã.",
        "next_tasks": "- Tăng cường hướng dẫn lập hồ sơ đề án",
        "recommendations": "Đề nghị Bộ Công Thương đơn giản hóa thủ tục.",
        "number": "125",
        "date": "2015-10-05",
        "signer_authority": "KT. GIÁM ĐỐC",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn An",
    }
    text = docx_text(periodic_docx(demo_report(), written))
    for line in (
        "Các đề án phát huy hiệu quả.",
        "- Tạo việc làm cho lao động nông thôn",
        "Chưa có cán bộ khuyến công cấp xã.",
        "- Tăng cường hướng dẫn lập hồ sơ đề án",
        "Đề nghị Bộ Công Thương đơn giản hóa thủ tục.",
        "Số: 125/BC-SCT",
        "Hưng Yên, ngày 05 tháng 10 năm 2015",
        "KT. GIÁM ĐỐC",
        "Nguyễn Văn An",
    ):
        assert line in text
    assert PLACEHOLDER not in text


def test_the_national_roll_up_is_the_ministrys_paper():
    report = demo_report()
    report["scope"] = {"kind": "national", "province": None, "provinces": [{"code": 33, "name": "Hưng Yên"}]}
    text = docx_text(periodic_docx(report))
    assert "BỘ CÔNG THƯƠNG" in text
    assert "Hà Nội, ngày 30 tháng 9 năm 2015" in text
    assert "trên phạm vi toàn quốc" in text
    assert "Số tỉnh, thành phố được tổng hợp: 1." in text


def test_the_annex_has_the_summary_tables_and_a_sheet_of_records_per_figure_group():
    report = demo_report()
    book = sheets(periodic_xlsx(report))
    for group, title in documents.RECORD_GROUPS.items():
        name = f"Hồ sơ - {title}"
        assert name in book, name
        lines = rows_after_headings(book[name], "Loại")
        assert [(row[1], row[2], read_millions(row[4])) for row in lines] == [
            (record["id"], record["label"], in_millions(record["amount"]))
            for record in report["records"][group]
        ]
        assert [row[3].date() if row[3] else None for row in lines] == [
            datetime.date.fromisoformat(record["date"]) if record["date"] else None
            for record in report["records"][group]
        ]
    # A payment says which side of the figure it is on: the period's or the same period last year's.
    local_records = rows_after_headings(book["Hồ sơ - Kế hoạch KCĐP"], "Loại")
    assert {row[0] for row in local_records} >= {"Thanh toán - Trong kỳ", "Thanh toán - Cùng kỳ năm trước"}
    national = rows_after_headings(book["Kế hoạch KCQG"], "TT")
    assert national[-1][1:6] == ["Tổng cộng", None, 1380, 0, "0,00%"]  # triệu đồng
    local = rows_after_headings(book["Kế hoạch KCĐP theo đợt"], "Đợt")
    assert [row[0] for row in local] == ["Đợt I", "Đợt II", "Cả năm", "Cùng kỳ năm trước"]
    assert local[0][3:6] == [485, 341.7, "70,45%"]
    assert local[1][3] == 451
    assert local[2][3:6] == [936, 341.7, "36,51%"]
    assert local[3][4:6] == [217.3, "+57,25%"]
    assert "Đơn vị: triệu đồng" in book["Kế hoạch KCĐP theo đợt"][2][0]
    decisions = rows_after_headings(book["Quyết định giao KCQG"], "TT")
    assert decisions[0][1] == "11355/QĐ-BCT" and decisions[0][2].date() == datetime.date(2014, 12, 15)
    assert book["Kế hoạch KCQG"][0][0] == "Kế hoạch khuyến công quốc gia"


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(report=reports())
def test_any_report_carries_the_same_figures_in_word_and_excel(report):
    text = docx_text(periodic_docx(report))
    for figure in displays(report):
        assert figure in text, figure
    for line in report["projects"]["by_type"]:
        assert line["name"] in text
    for batch in report["local_plan"]["batches"]:
        if batch["decision"]:
            assert batch["decision"]["symbol"] in text
    book = sheets(periodic_xlsx(report))
    for group, records in report["records"].items():
        lines = rows_after_headings(book[f"Hồ sơ - {documents.RECORD_GROUPS[group]}"], "Loại")
        assert [(row[1], row[2], read_millions(row[4])) for row in lines] == [
            (record["id"], record["label"], in_millions(record["amount"])) for record in records
        ]
    local = rows_after_headings(book["Kế hoạch KCĐP theo đợt"], "Đợt")
    total = next(row for row in local if row[0] == "Cả năm")
    assert [read_millions(cell) for cell in total[3:5]] == [
        in_millions(report["local_plan"]["planned"]),
        in_millions(report["local_plan"]["disbursed"]),
    ]
    assert [read_millions(row[3]) for row in local if row[0] not in ("Cả năm", "Cùng kỳ năm trước")] == [
        in_millions(batch["planned"]) for batch in report["local_plan"]["batches"]
    ]


@pytest.fixture(scope="module")
def pdf_text():
    pdf = PdfReader(io.BytesIO(periodic_pdf(demo_report())))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in pdf.pages))


def test_the_pdf_states_the_seeds_figures(pdf_text):
    for figure in (*SEED_FIGURES, "triệu đồng", "11355/QĐ-BCT", "Độc lập - Tự do - Hạnh phúc"):
        assert figure in pdf_text, figure
    for figure in displays(demo_report()):
        assert figure in pdf_text, figure


def test_the_files_are_named_as_every_download(settings):
    name = documents.periodic_filename(demo_report(), "docx")
    assert name.startswith("Báo cáo khuyến công 9 tháng đầu năm 2015 - Tỉnh Hưng Yên - ")
    assert name.endswith(".docx")
    filename, content_type, content = documents.render(demo_report(), "xlsx")
    assert filename.endswith(".xlsx") and content_type.endswith("spreadsheetml.sheet")
    assert content[:2] == b"PK"
    with pytest.raises(ValueError):
        documents.render(demo_report(), "odt")
