"""Pre-filled papers of a project: the request letter, the đề án and the cost estimate (issue 12,
item 4), laid out by the Decree 30/2020 module (khuyencong/decree30.py).

Every value comes from the record as it is; a field the record lacks is a dotted line the
applicant writes by hand, never "None". The sections follow the annexed forms of Circular
36/2013/TT-BCT (the đề án and the request for national projects); the province's own forms for
local projects could not be checked, so docs/self-service.md ("Pre-filled papers") marks the
section list "chưa đối chiếu được" where it follows common practice.
"""

from __future__ import annotations

import datetime

from django.utils import timezone, translation

from khuyencong import decree30
from khuyencong.decree30 import Document, Heading, Paragraph, Signer, Table
from khuyencong.vnformat import grouped, millions

DOTS = "…" * 20
KINDS = ("request-letter", "proposal", "estimate")


def _text(value) -> str:
    """A filled value, or a dotted line for the applicant to write by hand."""
    if value is None:
        return DOTS
    text = str(value).strip()
    return text or DOTS


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else DOTS


def _unit(unit) -> str:
    return unit.full_name() if unit is not None else DOTS


def _dong(amount: int | None) -> str:
    return DOTS if amount is None else f"{grouped(amount)} đồng"


def _millions(amount: int | None) -> str:
    return DOTS if amount is None else f"{millions(amount)} triệu đồng"


def establishment_lines(project) -> list[tuple[str, str]]:
    est = project.applicant
    if est is None:
        return [("Tên cơ sở", _text(project.implementing_unit))]
    products = ", ".join(p.name for p in est.products.all()) or est.main_products
    commune_now = est.current_commune or est.commune
    return [
        ("Tên cơ sở", _text(est.name)),
        ("Loại hình", _text(est.get_legal_form_display())),
        ("Địa chỉ", _text(est.address)),
        ("Xã/phường (hiện nay)", _unit(commune_now)),
        ("Xã/phường (theo hồ sơ)", _unit(est.commune)),
        ("Tỉnh/thành phố", _unit(est.province)),
        ("Người đại diện", _text(est.representative)),
        ("Điện thoại", _text(est.phone)),
        ("Mã số thuế", _text(est.tax_code)),
        ("Ngành nghề", _text(est.trade)),
        ("Sản phẩm chính", _text(products)),
    ]


def project_lines(project) -> list[tuple[str, str]]:
    return [
        ("Tên đề án", _text(project.title)),
        ("Nội dung", _text(project.description)),
        ("Hoạt động khuyến công", _text(project.activity_type.name)),
        ("Nguồn kinh phí", _text(project.source.name)),
        ("Năm kế hoạch", _text(project.year)),
        ("Địa điểm thực hiện", _unit(project.commune) if project.commune_id else _unit(project.province)),
        ("Thời gian bắt đầu", _date(project.start_on)),
        ("Thời gian kết thúc", _date(project.end_on)),
        ("Tổng kinh phí", f"{_dong(project.total_amount)} ({_millions(project.total_amount)})"),
        (
            "Kinh phí khuyến công hỗ trợ",
            f"{_dong(project.support_amount)} ({_millions(project.support_amount)})",
        ),
        ("Vốn đối ứng", f"{_dong(project.counterpart_amount)} ({_millions(project.counterpart_amount)})"),
    ]


def _pairs(lines) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(f"{label}: {value}") for label, value in lines)


def _signer(project) -> Signer:
    est = project.applicant
    name = est.representative if est is not None else ""
    return Signer(title="ĐẠI DIỆN CƠ SỞ", name=_text(name))


def _place(project) -> str:
    province = project.province
    if province is None:
        return DOTS
    for prefix in ("Tỉnh ", "Thành phố "):
        if province.name.startswith(prefix):
            return province.name[len(prefix) :]
    return province.name


def estimate_table(project) -> Table:
    """The lines with the total and the split; the total row is the sum of the lines (the one
    line here is the project's own amounts until the estimate is itemised)."""
    lines = [(project.title, project.total_amount, project.support_amount, project.counterpart_amount)]
    rows = tuple(
        (str(n), _text(name), grouped(total), grouped(support), grouped(counterpart), millions(total))
        for n, (name, total, support, counterpart) in enumerate(lines, 1)
    )
    total = (
        "",
        "Tổng cộng",
        grouped(sum(line[1] for line in lines)),
        grouped(sum(line[2] for line in lines)),
        grouped(sum(line[3] for line in lines)),
        millions(sum(line[1] for line in lines)),
    )
    return Table(
        header_rows=(
            (
                "TT",
                "Nội dung chi",
                "Tổng kinh phí (đồng)",
                "Khuyến công hỗ trợ (đồng)",
                "Đối ứng (đồng)",
                "Tổng (triệu đồng)",
            ),
        ),
        rows=rows,
        total=total,
        numeric=frozenset({2, 3, 4, 5}),
        caption="DỰ TOÁN KINH PHÍ",
        unit="Đơn vị: đồng",
        widths=(10, 45, 30, 30, 25, 25),
    )


def build(project, kind: str, today: datetime.date | None = None) -> Document:
    """The paper, in Vietnamese whatever the reader's language: it is an official paper."""
    with translation.override("vi"):
        return _build(project, kind, today)


def _build(project, kind: str, today: datetime.date | None) -> Document:
    today = today or timezone.localdate()
    issuer = _text(project.applicant.name if project.applicant else project.implementing_unit).upper()
    common = {"issuer": issuer, "place": _place(project), "date": today, "signer": _signer(project)}
    if kind == "request-letter":
        # Circular 36/2013/TT-BCT, annexed request form (docs/self-service.md).
        return Document(
            kind="ĐƠN ĐỀ NGHỊ",
            summary="Hỗ trợ kinh phí khuyến công",
            blocks=(
                Paragraph(f"Kính gửi: Trung tâm Khuyến công {_unit(project.province)}", bold=True),
                *_pairs(establishment_lines(project)),
                Paragraph(f"Đề nghị được hỗ trợ kinh phí khuyến công năm {project.year} cho đề án sau:"),
                *_pairs(project_lines(project)),
                Paragraph("Cơ sở cam kết các thông tin trên là đúng sự thật."),
            ),
            **common,
        )
    if kind == "proposal":
        # Circular 36/2013/TT-BCT, annexed đề án form; the section list is in docs/self-service.md.
        return Document(
            kind="ĐỀ ÁN",
            summary=_text(project.title),
            blocks=(
                Heading(1, "Thông tin chung"),
                *_pairs(establishment_lines(project)),
                Heading(1, "Sự cần thiết và mục tiêu"),
                Paragraph(DOTS * 3),
                Heading(1, "Nội dung đề án"),
                *_pairs(project_lines(project)),
                Heading(1, "Kinh phí thực hiện"),
                estimate_table(project),
                Heading(1, "Hiệu quả dự kiến"),
                Paragraph(DOTS * 3),
            ),
            **common,
        )
    if kind == "estimate":
        return Document(
            kind="DỰ TOÁN",
            summary=f"Kinh phí đề án: {_text(project.title)}",
            blocks=(*_pairs(establishment_lines(project)[:1]), estimate_table(project)),
            **common,
        )
    raise ValueError(kind)


def to_docx(project, kind: str) -> bytes:
    return decree30.to_docx(build(project, kind))


def to_pdf(project, kind: str) -> bytes:
    return decree30.to_pdf(build(project, kind))
