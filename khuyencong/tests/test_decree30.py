"""Documents in the Decree 30/2020/NĐ-CP layout (khuyencong/decree30.py): the Word file parsed back
(page, margins, fonts, the header, bold and italic where Appendix I puts them), and the PDF's text."""

import datetime
import io
import time
import unicodedata

from docx import Document as WordDocument
from docx.shared import Mm, Pt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from khuyencong import decree30
from khuyencong.decree30 import Bullets, Document, Heading, Paragraph, Signer, Table
from khuyencong.tests.wordfiles import all_paragraphs, texts

DOC = Document(
    parent="UBND tỉnh Hưng Yên",
    issuer="Sở Công Thương",
    number="5",
    symbol="BC-SCT",
    place="Hưng Yên",
    date=datetime.date(2015, 9, 30),
    kind="Báo cáo",
    summary="Kết quả hoạt động khuyến công 9 tháng đầu năm 2015",
    blocks=(
        Heading(1, "Kết quả thực hiện"),
        Heading(2, "Về kế hoạch khuyến công quốc gia"),
        Paragraph("Kinh phí hỗ trợ là 1.380 triệu đồng."),
        Heading(3, "Hội chợ"),
        Heading(3, "Hội nghị"),
        Heading(2, "Về kế hoạch khuyến công địa phương"),
        Bullets(("Đợt I: 485 triệu đồng", "Đợt II: 451 triệu đồng")),
        Table(
            header_rows=(("Đợt", "Kinh phí", None), ("", "Kế hoạch", "Thực hiện")),
            rows=(("Đợt I", "485", "341,7"), ("Đợt II", "451", "0")),
            total=("Cộng", "936", "341,7"),
            numeric=frozenset({1, 2}),
            caption="Kinh phí theo đợt",
            unit="Đơn vị: triệu đồng",
        ),
        Heading(1, "Đánh giá chung"),
        Heading(2, "Kết quả đạt được"),
    ),
    recipients=("Bộ Công Thương", "- UBND tỉnh;", "Lưu: VT, QLCN"),
    signer=Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"),
)


def parse(data: bytes):
    return WordDocument(io.BytesIO(data))


def find(word, text):
    matches = [paragraph for paragraph in all_paragraphs(word) if paragraph.text == text]
    assert matches, f"{text!r} not found"
    return matches[0]


def style_of(paragraph):
    run = paragraph.runs[0]
    return run.font.size, bool(run.bold), bool(run.italic), bool(run.underline)


def test_the_page_is_a4_portrait_with_the_decrees_margins():
    section = parse(decree30.to_docx(DOC)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    # Appendix I, Part I, Section I, item 3: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20


def test_every_run_is_times_new_roman_in_the_decrees_sizes():
    word = parse(decree30.to_docx(DOC))
    assert word.styles["Normal"].font.name == "Times New Roman"
    runs = [run for paragraph in all_paragraphs(word) for run in paragraph.runs if run.text]
    assert runs
    for run in runs:
        assert run.font.name == "Times New Roman", run.text
        assert run.font.size in (Pt(11), Pt(12), Pt(13), Pt(14)), run.text
        # The Vietnamese letters take their font from the other slots too.
        fonts = run._element.rPr.rFonts
        assert {
            fonts.get(f"{{{fonts.nsmap['w']}}}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")
        } == {"Times New Roman"}


def test_the_header_holds_the_issuer_the_national_title_the_number_and_the_date():
    word = parse(decree30.to_docx(DOC))
    header = word.tables[0]
    left, right = (cell.text.splitlines() for cell in header.rows[0].cells)
    assert left == ["UBND TỈNH HƯNG YÊN", "SỞ CÔNG THƯƠNG", "", "Số: 05/BC-SCT"]
    assert right == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hưng Yên, ngày 30 tháng 9 năm 2015",
    ]
    # Appendix I, Part I, Section V: size, bold, italic of each part.
    assert style_of(find(word, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")) == (Pt(12), True, False, False)
    assert style_of(find(word, "Độc lập - Tự do - Hạnh phúc")) == (Pt(13), True, False, True)
    assert style_of(find(word, "UBND TỈNH HƯNG YÊN")) == (Pt(13), False, False, False)
    assert style_of(find(word, "SỞ CÔNG THƯƠNG")) == (Pt(13), True, False, False)
    assert style_of(find(word, "Số: 05/BC-SCT")) == (Pt(13), False, False, False)
    assert style_of(find(word, "Hưng Yên, ngày 30 tháng 9 năm 2015")) == (Pt(14), False, True, False)
    assert style_of(find(word, "BÁO CÁO")) == (Pt(14), True, False, False)
    assert style_of(find(word, DOC.summary)) == (Pt(14), True, False, False)


def test_headings_are_numbered_by_level_and_the_body_is_justified():
    word = parse(decree30.to_docx(DOC))
    lines = texts(word)
    for heading in (
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Về kế hoạch khuyến công quốc gia",
        "a) Hội chợ",
        "b) Hội nghị",
        "2. Về kế hoạch khuyến công địa phương",
        "II. ĐÁNH GIÁ CHUNG",
        "1. Kết quả đạt được",
    ):
        assert heading in lines
    assert style_of(find(word, "I. KẾT QUẢ THỰC HIỆN"))[1:3] == (True, False)
    paragraph = find(word, "Kinh phí hỗ trợ là 1.380 triệu đồng.")
    assert paragraph.alignment == 3  # justified
    assert paragraph.paragraph_format.space_after >= Pt(6)
    assert paragraph.paragraph_format.first_line_indent == Mm(decree30.FIRST_LINE_INDENT)
    assert "- Đợt I: 485 triệu đồng" in lines


def test_tables_have_their_header_rows_a_bold_total_and_numbers_on_the_right():
    word = parse(decree30.to_docx(DOC))
    table = word.tables[1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Đợt", "Kinh phí", "Kinh phí"]  # the merged cell spans two columns
    assert rows[1:] == [
        ["", "Kế hoạch", "Thực hiện"],
        ["Đợt I", "485", "341,7"],
        ["Đợt II", "451", "0"],
        ["Cộng", "936", "341,7"],
    ]
    total = table.rows[-1].cells[1].paragraphs[0]
    assert total.runs[0].bold and total.alignment == 2  # right
    assert not table.rows[2].cells[1].paragraphs[0].runs[0].bold
    assert "Đơn vị: triệu đồng" in texts(word)


def test_a_tables_caption_and_unit_are_kept_with_the_table():
    word = parse(decree30.to_docx(DOC))
    kept = {p.text: p.paragraph_format.keep_with_next for p in word.paragraphs}
    assert kept["Kinh phí theo đợt"] is True and kept["Đơn vị: triệu đồng"] is True
    html = decree30.to_html(DOC)
    assert ".caption {" in html and "page-break-after: avoid" in html.split(".caption {")[1].split("}")[0]


def test_recipients_and_signer():
    word = parse(decree30.to_docx(DOC))
    closing = word.tables[-1]
    left, right = (cell.text.splitlines() for cell in closing.rows[0].cells)
    assert left == ["Nơi nhận:", "- Bộ Công Thương;", "- UBND tỉnh;", "- Lưu: VT, QLCN."]
    assert [line for line in right if line] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]
    assert style_of(find(word, "Nơi nhận:")) == (Pt(12), True, True, False)
    assert style_of(find(word, "- Bộ Công Thương;")) == (Pt(11), False, False, False)
    assert style_of(find(word, "KT. GIÁM ĐỐC"))[1] is True
    assert style_of(find(word, "Nguyễn Văn An"))[1] is True


def test_the_page_number_is_in_the_header_from_page_two():
    word = parse(decree30.to_docx(DOC))
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_numbers_and_dates_take_the_leading_zeros_the_decree_asks_for():
    assert decree30.number_line("5", "BC-SCT") == "Số: 05/BC-SCT"
    assert decree30.number_line("125", "BC-SCT") == "Số: 125/BC-SCT"
    assert decree30.number_line("", "BC-SCT") == "Số:       /BC-SCT"
    assert (
        decree30.place_and_date("Hưng Yên", datetime.date(2015, 2, 5))
        == "Hưng Yên, ngày 05 tháng 02 năm 2015"
    )
    assert (
        decree30.place_and_date("Hưng Yên", datetime.date(2015, 11, 20))
        == "Hưng Yên, ngày 20 tháng 11 năm 2015"
    )
    assert [decree30.heading_label(1, n) for n in (1, 4, 9)] == ["I.", "IV.", "IX."]
    assert [decree30.heading_label(3, n) for n in (1, 5, 6)] == ["a)", "đ)", "e)"]


def test_the_pdf_is_a4_and_carries_the_text():
    pdf = PdfReader(io.BytesIO(decree30.to_pdf(DOC)))
    page = pdf.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = unicodedata.normalize("NFC", "".join(page.extract_text() for page in pdf.pages))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hưng Yên, ngày 30 tháng 9 năm 2015",
        "Số: 05/BC-SCT",
        "I. KẾT QUẢ THỰC HIỆN",
        "1.380 triệu đồng",
        "341,7",
        "Nơi nhận:",
        "- Lưu: VT, QLCN.",
        "Nguyễn Văn An",
    ):
        assert expected in text, expected


def test_the_html_is_one_page_with_the_layout_in_it():
    html = decree30.to_html(DOC)
    assert "size: A4 portrait" in html
    assert "margin: 20mm 15mm 20mm 30mm" in html
    assert "Times New Roman" in html
    assert '<th colspan="2">Kinh phí</th>' in html


VIETNAMESE = st.text(
    alphabet="aăâđêôơưAĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậềểễếệồổỗốộờởỡớợừửữứựỳỷỹýỵ <>&\"'=-+@", min_size=1, max_size=40
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(VIETNAMESE.map(str.strip).filter(bool), min_size=1, max_size=5))
def test_any_text_comes_back_from_the_word_file_as_written(words):
    document = Document(
        issuer=words[0],
        kind="Báo cáo",
        summary=words[-1],
        place="Hưng Yên",
        date=datetime.date(2015, 9, 30),
        blocks=tuple(Paragraph(word) for word in words),
        recipients=tuple(words),
    )
    lines = texts(parse(decree30.to_docx(document)))
    for word in words:
        assert word in lines
    assert words[0].upper() in lines


def test_a_long_table_comes_back_whole_in_order_and_styled_in_linear_time():
    # The country's report has a row per task of every province (tens of thousands): the rows are
    # walked once and each run's properties copied from the first run of its style (decree30._run),
    # where python-docx re-listed every row per row and set each property one by one (n², then
    # ~1 ms a cell: 12 minutes for the national roll-up of the bench).
    lines = tuple((f"Đề án {n}", f"{n:,}".replace(",", "."), "0") for n in range(1, 3001))
    doc = Document(
        parent="",
        issuer="Bộ Công Thương",
        number="",
        symbol="BC-BCT",
        place="Hà Nội",
        date=datetime.date(2024, 9, 30),
        kind="Báo cáo",
        summary="Bảng dài",
        blocks=(
            Table(header_rows=(("Đề án", "Kế hoạch", "Thực hiện"),), rows=lines, numeric=frozenset({1, 2})),
        ),
    )
    started = time.perf_counter()
    data = decree30.to_docx(doc)
    assert time.perf_counter() - started < 20  # seconds; about 1 s here, a minute when quadratic
    table = parse(data).tables[1]
    rows = [tuple(cell.text for cell in row.cells) for row in table.rows]
    assert rows == [("Đề án", "Kế hoạch", "Thực hiện"), *lines]
    first, last = table.rows[1].cells[1].paragraphs[0], table.rows[-1].cells[1].paragraphs[0]
    for paragraph in (first, last):
        assert paragraph.alignment == 2 and not paragraph.runs[0].bold  # right, plain
        assert paragraph.runs[0].font.name == "Times New Roman"
    assert table.rows[0].cells[0].paragraphs[0].runs[0].bold
    # Each run holds its own properties: changing one changes no other.
    first.runs[0].bold = True
    assert not last.runs[0].bold
