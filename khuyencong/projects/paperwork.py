"""Pre-filled papers of a project, laid out by the Decree 30/2020 module (khuyencong/decree30.py):
the request letter, the đề án and the cost estimate of the application, and the two reports of the
acceptance dossier (Circular 36/2013/TT-BCT Art. 14): the report of the results and the report of
the work completed and its money (Form 3b).

Every value comes from the record as it is; a field the record lacks is a dotted line the
applicant writes by hand, never "None". The sections follow the annexed forms of Circular
36/2013/TT-BCT (the đề án and the request for national projects); the province's own forms for
local projects could not be checked, so docs/self-service.md ("Pre-filled papers") marks the
section list "chưa đối chiếu được" where it follows common practice.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from khuyencong import decree30
from khuyencong.decree30 import Document, Heading, Paragraph, Signer, Table
from khuyencong.vnformat import grouped, millions

DOTS = "…" * 20
# Each paper, by the stage of the dossier it is part of (DossierItem.Stage): the applicant is offered
# a paper while that stage's documents may be sent.
STAGES = {
    "request-letter": "application",
    "proposal": "application",
    "estimate": "application",
    "result-report": "acceptance",
    "completion-report": "acceptance",
}
KINDS = tuple(STAGES)
NAMES = {
    "request-letter": gettext_lazy("Request letter"),
    "proposal": gettext_lazy("Proposal (đề án)"),
    "estimate": gettext_lazy("Cost estimate"),
    "result-report": gettext_lazy("Report of the project's results"),
    "completion-report": gettext_lazy("Report of the work completed and its money (Form 3b)"),
}


def links(project, kinds) -> list[dict]:
    """Each paper's name with its Word and PDF addresses (projects:paper, projects:paper_pdf)."""
    return [
        {
            "kind": kind,
            "name": NAMES[kind],
            "docx": reverse("projects:paper", args=[project.pk, kind]),
            "pdf": reverse("projects:paper_pdf", args=[project.pk, kind]),
        }
        for kind in kinds
        if kind in NAMES
    ]


def links_for_item(project, item) -> list[dict]:
    """The papers offered next to a paper of the dossier, from its row (DossierRequirement.prefilled)."""
    return links(project, item.requirement.prefilled_kinds() if item.requirement_id else [])


def open_now(project) -> list[str]:
    """The papers of the stages whose documents may be sent in the project's state."""
    from .models.states import PAPERS_OPEN

    return [kind for kind, stage in STAGES.items() if project.status in PAPERS_OPEN[stage]]


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


def _to_the_centre(project) -> Paragraph:
    """The address line. Inside a name the unit's kind is written in lower case: "Tỉnh Hưng Yên" on
    its own, "Kính gửi: Trung tâm Khuyến công tỉnh Hưng Yên"."""
    province = _unit(project.province)
    return Paragraph(f"Kính gửi: Trung tâm Khuyến công {province[:1].lower()}{province[1:]}", bold=True)


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


def estimated_lines(project) -> list[tuple[str, int | None]]:
    """The estimate's lines (CostLine), else the project as one line of its total cost."""
    return [(line.content, line.amount) for line in project.cost_lines.all()] or [
        (project.title, project.total_amount)
    ]


def _lines_total(lines) -> int:
    """The sum of the lines with an amount (a project without a total yet adds nothing)."""
    return sum(amount for _name, amount in lines if amount is not None)


def estimate_table(project) -> Table:
    """The estimate's lines (CostLine) with their total row, the sum of the lines; a project without
    lines is one line, its own amounts. How the total is shared between the support and the
    establishment's own money is said of the whole project (estimate_split), as the applicant gave it."""
    lines = estimated_lines(project)
    rows = tuple(
        (str(n), _text(name), _amount(amount), _millions_only(amount))
        for n, (name, amount) in enumerate(lines, 1)
    )
    total = ("", "Tổng cộng", grouped(_lines_total(lines)), millions(_lines_total(lines)))
    return Table(
        header_rows=(("TT", "Nội dung chi", "Thành tiền (đồng)", "Thành tiền (triệu đồng)"),),
        rows=rows,
        total=total,
        numeric=frozenset({2, 3}),
        caption="DỰ TOÁN KINH PHÍ",
        unit="Đơn vị: đồng",
        widths=(10, 85, 40, 30),
    )


def estimate_split(project) -> tuple[Paragraph, ...]:
    return (
        Paragraph("Trong đó:", bold=True),
        Paragraph(
            f"Kinh phí khuyến công hỗ trợ: {_dong(project.support_amount)} ({_millions(project.support_amount)})"
        ),
        Paragraph(
            f"Vốn đối ứng của cơ sở: {_dong(project.counterpart_amount)} ({_millions(project.counterpart_amount)})"
        ),
    )


def _millions_only(amount: int | None) -> str:
    return DOTS if amount is None else millions(amount)


def outputs_table(project) -> Table | Paragraph:
    """What the records hold of the project's results (activities/outputs.py: courses, events,
    contests, media, else the acceptance record); the applicant writes what they do not hold."""
    from khuyencong.activities.outputs import OUTPUTS, outputs_by_project

    counts = outputs_by_project([project.pk])[project.pk]
    shown = [output for output in OUTPUTS if counts[output.key]]
    if not shown:
        return Paragraph(f"Kết quả đạt được: {DOTS * 3}")
    return Table(
        header_rows=(("TT", "Kết quả", "Số lượng"),),
        rows=tuple((str(n), str(o.label), grouped(counts[o.key])) for n, o in enumerate(shown, 1)),
        numeric=frozenset({2}),
        caption="KẾT QUẢ ĐẠT ĐƯỢC",
        widths=(10, 110, 45),
    )


def visits_table(project) -> Table | Paragraph:
    visits = list(project.visits.order_by("visited_on", "pk"))
    if not visits:
        return Paragraph("Đề án chưa có lần kiểm tra nào được ghi nhận.")
    return Table(
        header_rows=(("TT", "Ngày", "Người kiểm tra", "Nội dung ghi nhận"),),
        rows=tuple(
            (str(n), _date(v.visited_on), _text(v.visitors), _text(v.findings))
            for n, v in enumerate(visits, 1)
        ),
        caption="CÁC LẦN KIỂM TRA, GIÁM SÁT",
        widths=(10, 25, 45, 85),
    )


def _step_day(project, action: str) -> datetime.date | None:
    event = project.events.filter(action=action).order_by("-happened_on", "-pk").first()
    return event.happened_on if event else None


def _basis_lines(project) -> tuple[Paragraph, ...]:
    decision = project.approval_decision
    approved = f"{decision}" if decision is not None else DOTS
    return (
        Paragraph(f"Căn cứ quyết định phê duyệt đề án: {approved};"),
        Paragraph(f"Căn cứ hợp đồng thực hiện đề án ký ngày {_date(_step_day(project, 'contract'))}."),
    )


def completion_tables(project) -> tuple[Table, Table]:
    """Form 3b's two parts: the estimate's lines with what was done (the applicant writes the amounts
    spent: the records hold no invoice), and the money received, entry by entry, summed."""
    lines = estimated_lines(project)
    work = Table(
        header_rows=(("TT", "Nội dung công việc", "Dự toán được duyệt (đồng)", "Kinh phí thực hiện (đồng)"),),
        rows=tuple((str(n), _text(name), _amount(amount), "") for n, (name, amount) in enumerate(lines, 1)),
        total=("", "Cộng", grouped(_lines_total(lines)), ""),
        numeric=frozenset({2, 3}),
        caption="KHỐI LƯỢNG HOÀN THÀNH VÀ KINH PHÍ THỰC HIỆN",
        unit="Đơn vị: đồng",
        widths=(10, 85, 40, 40),
    )
    payments = list(project.payments.order_by("paid_on", "pk"))
    received = Table(
        header_rows=(("TT", "Ngày", "Nội dung", "Số chứng từ", "Số tiền (đồng)"),),
        rows=tuple(
            (str(n), _date(p.paid_on), p.get_kind_display(), _text(p.voucher_number), grouped(p.amount))
            for n, p in enumerate(payments, 1)
        ),
        total=("", "", "Cộng", "", grouped(sum(p.amount for p in payments))),
        numeric=frozenset({4}),
        caption="KINH PHÍ KHUYẾN CÔNG ĐÃ NHẬN",
        unit="Đơn vị: đồng",
        widths=(10, 25, 50, 35, 45),
    )
    return work, received


def _approved(project) -> int | None:
    """The support the project may be paid: the settled amount once settled, else the approved one."""
    return project.payment_limit() if project.approved_support is not None else None


def _amount(amount: int | None) -> str:
    return DOTS if amount is None else grouped(amount)


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
                _to_the_centre(project),
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
                *estimate_split(project),
                Heading(1, "Hiệu quả dự kiến"),
                Paragraph(DOTS * 3),
            ),
            **common,
        )
    if kind == "result-report":
        # Circular 36/2013/TT-BCT Art. 14: "Báo cáo tổng hợp kết quả thực hiện đề án" (its layout
        # could not be checked: docs/self-service.md, "Pre-filled papers").
        return Document(
            kind="BÁO CÁO",
            summary=f"Tổng hợp kết quả thực hiện đề án: {_text(project.title)}",
            blocks=(
                _to_the_centre(project),
                *_basis_lines(project),
                Heading(1, "Thông tin chung"),
                *_pairs(establishment_lines(project)),
                *_pairs(project_lines(project)),
                Heading(1, "Kết quả thực hiện"),
                outputs_table(project),
                visits_table(project),
                Heading(1, "Đánh giá hiệu quả"),
                Paragraph(DOTS * 3),
                Heading(1, "Kiến nghị"),
                Paragraph(DOTS * 3),
            ),
            **common,
        )
    if kind == "completion-report":
        # Circular 36/2013/TT-BCT Art. 14, Form 3b: "Báo cáo khối lượng hoàn thành và kinh phí thực
        # hiện hợp đồng" (the form's own layout could not be checked, as above).
        work, received = completion_tables(project)
        return Document(
            kind="BÁO CÁO",
            summary="Khối lượng hoàn thành và kinh phí thực hiện hợp đồng",
            blocks=(
                _to_the_centre(project),
                *_basis_lines(project),
                *_pairs(establishment_lines(project)[:1]),
                Paragraph(f"Tên đề án: {_text(project.title)}"),
                Paragraph(f"Thời gian thực hiện: từ {_date(project.start_on)} đến {_date(project.end_on)}"),
                work,
                Paragraph(f"Kinh phí khuyến công hỗ trợ được duyệt: {_dong(_approved(project))}"),
                Paragraph(f"Kinh phí khuyến công đề nghị thanh toán: {DOTS}"),
                received,
                Paragraph(
                    "Cơ sở cam kết số liệu trên là đúng và chịu trách nhiệm về các chứng từ chi kèm theo."
                ),
            ),
            **common,
        )
    if kind == "estimate":
        return Document(
            kind="DỰ TOÁN",
            summary=f"Kinh phí đề án: {_text(project.title)}",
            blocks=(
                *_pairs(establishment_lines(project)[:1]),
                estimate_table(project),
                *estimate_split(project),
            ),
            **common,
        )
    raise ValueError(kind)


def to_docx(project, kind: str) -> bytes:
    return decree30.to_docx(build(project, kind))


def to_pdf(project, kind: str) -> bytes:
    return decree30.to_pdf(build(project, kind))
