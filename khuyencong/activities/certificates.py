"""Certificates as Word (docx) and PDF files: one renderer for every activity that grants them.

A certificate is a `CertificateText` — what it says, already in Vietnamese, since it is an official
paper and not a screen: the issuer, the national title and motto, the title ("CHỨNG CHỈ ĐÀO TẠO
NGHỀ", "GIẤY CHỨNG NHẬN SẢN PHẨM CÔNG NGHIỆP NÔNG THÔN TIÊU BIỂU"), the holder, the body lines, the
number, the place and date, the validity and the signer. `to_docx` and `to_pdf` lay out a list of
them one per A4 landscape page. The layout follows the form of administrative papers (Decree
30/2020/NĐ-CP, Appendix I): the issuer top left, the national title and motto top right, the place
and date above the signature, in Times New Roman (the PDF falls back to Liberation Serif or DejaVu
Serif, which carry every Vietnamese letter, where Times New Roman is not installed).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.template.loader import render_to_string

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"


def place_and_date(place: str, day: datetime.date) -> str:
    """ "Hưng Yên, ngày 30 tháng 9 năm 2015": a day below 10 and the months 1 and 2 take a leading
    zero, as Decree 30/2020/NĐ-CP (Appendix I) writes the date of a paper ("ngày 05 tháng 02")."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_date(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@dataclass(frozen=True)
class CertificateText:
    issuer: tuple[str, ...]  # lines, the superior body first: ("SỞ CÔNG THƯƠNG HƯNG YÊN", "TRUNG TÂM …")
    title: str
    holder: str
    place_date: str
    body: tuple[str, ...] = ()
    number: str = ""
    valid_to: datetime.date | None = None
    signer_title: str = "GIÁM ĐỐC"
    signer_name: str = ""
    holder_label: str = "Cấp cho:"
    national: tuple[str, str] = field(default=(NATIONAL_TITLE, MOTTO))

    @property
    def number_line(self) -> str:
        return f"Số: {self.number}" if self.number else ""

    @property
    def validity_line(self) -> str:
        return f"Có giá trị đến ngày {vn_date(self.valid_to)}" if self.valid_to else ""


# ------------------------------------------------------------------ Word


def _font(run, size: float, bold: bool = False, italic: bool = False, underline: bool = False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    # Word takes the font of Vietnamese letters from the East Asian and complex-script slots too.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs", "w:hAnsi", "w:ascii"):
        fonts.set(qn(slot), FONT)
    return run


def _line(container, text: str, size: float = 13, *, align="center", space_after=0, **style):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    _font(paragraph.add_run(text), size, **style)
    return paragraph


def _page(document, cert: CertificateText) -> None:
    from docx.shared import Mm

    head = document.add_table(rows=1, cols=2)
    head.autofit = False
    left, right = head.rows[0].cells
    left.width, right.width = Mm(110), Mm(147)
    left.paragraphs[0].text = ""
    right.paragraphs[0].text = ""
    for n, text in enumerate(cert.issuer):
        target = left.paragraphs[0] if n == 0 else left.add_paragraph()
        target.alignment = 1
        _font(target.add_run(text), 13, bold=n > 0 or len(cert.issuer) == 1)
    right.paragraphs[0].alignment = 1
    _font(right.paragraphs[0].add_run(cert.national[0]), 13, bold=True)
    motto = right.add_paragraph()
    motto.alignment = 1
    _font(motto.add_run(cert.national[1]), 14, bold=True, underline=True)
    if cert.number_line:
        number = left.add_paragraph()
        number.alignment = 1
        _font(number.add_run(cert.number_line), 13)

    _line(document, "", 12)
    _line(document, cert.title, 24, bold=True, space_after=12)
    holder = document.add_paragraph()
    holder.alignment = 1
    _font(holder.add_run(f"{cert.holder_label} "), 15)
    _font(holder.add_run(cert.holder), 18, bold=True)
    for text in cert.body:
        _line(document, text, 14, space_after=3)
    if cert.validity_line:
        _line(document, cert.validity_line, 14, italic=True, space_after=3)
    _line(document, "", 12)
    sign = document.add_table(rows=1, cols=2)
    sign.autofit = False
    blank, signer = sign.rows[0].cells
    blank.width, signer.width = Mm(130), Mm(127)
    signer.paragraphs[0].alignment = 1
    _font(signer.paragraphs[0].add_run(cert.place_date), 14, italic=True)
    title = signer.add_paragraph()
    title.alignment = 1
    _font(title.add_run(cert.signer_title), 14, bold=True)
    if cert.signer_name:
        for _ in range(3):
            signer.add_paragraph()
        name = signer.add_paragraph()
        name.alignment = 1
        _font(name.add_run(cert.signer_name), 14, bold=True)


def to_docx(certificates: Iterable[CertificateText]) -> bytes:
    """The certificates as one Word file, each on its own A4 landscape page."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    for n, cert in enumerate(certificates):
        if n:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _page(document, cert)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------ PDF


def _no_fetching(url: str, *args, **kwargs):
    # Every part of a certificate is in its HTML: nothing is fetched, whatever a text holds.
    raise ValueError(f"certificates fetch nothing ({url[:40]})")


def to_pdf(certificates: Iterable[CertificateText]) -> bytes:
    """The certificates as one PDF, each on its own A4 landscape page (activities/certificate_pdf.html)."""
    from weasyprint import HTML

    html = render_to_string("activities/certificate_pdf.html", {"certificates": list(certificates)})
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf()


# ------------------------------------------------------------------ training


def _province_short(unit) -> str:
    name = unit.name if unit else ""
    for prefix in ("Tỉnh ", "Thành phố "):
        name = name.removeprefix(prefix)
    return name


def trainee_certificate_text(trainee) -> CertificateText:
    """A trainee's certificate of a course, dated on the decision that grants them (or the course's
    last day when none is recorded)."""
    course = trainee.course
    project = course.project
    province = _province_short(project.current_province)
    decision = course.certificate_decision
    issued_on = decision.issued_on if decision else course.end_on
    body = [
        f"Sinh năm: {trainee.birth_year}",
        f"Đã hoàn thành khóa đào tạo nghề: {course.trade}",
        f"Lớp: {course.title}",
        f"Thời gian đào tạo: từ {vn_date(course.start_on)} đến {vn_date(course.end_on)}",
    ]
    if course.venue:
        body.append(f"Địa điểm: {course.venue}")
    if decision:
        body.append(f"Theo Quyết định số {decision.symbol} ngày {vn_date(decision.issued_on)}")
    issuer = [f"SỞ CÔNG THƯƠNG {province.upper()}"] if province else []
    issuer.append((project.implementing_unit or "Trung tâm Khuyến công").upper())
    return CertificateText(
        issuer=tuple(issuer),
        title="CHỨNG CHỈ ĐÀO TẠO NGHỀ",
        holder=trainee.full_name,
        holder_label="Chứng nhận Ông:"
        if trainee.sex == "male"
        else "Chứng nhận Bà:"
        if trainee.sex == "female"
        else "Chứng nhận:",
        body=tuple(body),
        number=trainee.certificate_number,
        place_date=place_and_date(province or "…", issued_on),
    )


# ------------------------------------------------------------------ product contests


LEVEL_WORDS = {
    "district": "CẤP HUYỆN",
    "province": "CẤP TỈNH",
    "region": "CẤP KHU VỰC",
    "national": "CẤP QUỐC GIA",
}


def contest_certificate_text(certificate) -> CertificateText:
    """The certificate of a typical rural industrial product (Circular 26/2014/TT-BCT Art. 17.3),
    dated on the decision recognising the results, with its validity."""
    entry = certificate.entry
    contest = entry.contest
    project = contest.project
    province = _province_short(project.current_province)
    decision = contest.result_decision
    body = [
        f"Sản phẩm: {entry.product.name}",
        f"Đạt danh hiệu sản phẩm công nghiệp nông thôn tiêu biểu {LEVEL_WORDS.get(contest.level, '').lower()}",
        f"Kỳ bình chọn: {contest.title}",
    ]
    if decision:
        body.append(f"Theo Quyết định số {decision.symbol} ngày {vn_date(decision.issued_on)}")
    issuer = [f"ỦY BAN NHÂN DÂN TỈNH {province.upper()}"] if province else []
    return CertificateText(
        issuer=tuple(issuer) or (contest.organiser.upper(),),
        title=f"GIẤY CHỨNG NHẬN SẢN PHẨM CÔNG NGHIỆP NÔNG THÔN TIÊU BIỂU {LEVEL_WORDS.get(contest.level, '')}".strip(),
        holder=entry.establishment.name,
        holder_label="Chứng nhận:",
        body=tuple(body),
        number=certificate.number,
        valid_to=certificate.valid_until,
        signer_title="CHỦ TỊCH",
        place_date=place_and_date(province or "…", certificate.issued_on),
    )
