"""Demo data of the programme: Hưng Yên's 2014 and 2015 plans, decisions, projects and payments.

The figures of the 2015 report (docs/programme.md §2) come out of these records; nothing is
stored as a total. Every project is walked through the same model steps the screens use
(submit, appraise, approve, pay, accept, settle), so the demo obeys the rules in force.
Decision numbers the report names are real; the others are marked as illustrative.

It also holds this year's plans of today's Hưng Yên (the province as it stands since 1/7/2025),
with batches that have room left, so that the whole journey — an establishment applies, the
Centre and the Department of Finance appraise, the leader approves into a batch — works on the
day the demo is loaded. Their dates are counted back from that day and their amounts and decision
numbers are illustrative (no report gives them): every such record says so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from khuyencong.accounts.models import Role, RoleAssignment, User
from khuyencong.audit.log import save_audited
from khuyencong.documents.models import Document
from khuyencong.geo.models import AdminUnit
from khuyencong.plans.models import AppraisalCriterion, Batch, FundingSource, Plan
from khuyencong.registry.demo import DEMO_NOTE, PROVINCE_CODE
from khuyencong.registry.models import ActivityType, Establishment

from .models import Acceptance, Appraisal, DossierItem, Milestone, Project

D = datetime.date
M = 1_000_000
ILLUSTRATIVE = " (số hiệu minh họa)"
ILLUSTRATIVE_FIGURES = (
    "Số liệu minh họa của dữ liệu mẫu: ngày tính từ ngày nạp, số tiền không lấy từ báo cáo."
)

# This year's plans of today's Hưng Yên: (source code, title, decision number, issuer, central,
# [(batch number, amount, days after the plan's decision)]). Amounts and numbers are illustrative.
THIS_YEAR_PLANS = [
    (
        "KCĐP",
        "Kế hoạch kinh phí khuyến công địa phương năm {year}",
        "215/QĐ-UBND",
        "UBND tỉnh Hưng Yên",
        False,
        [(1, 1_200 * M, 0), (2, 800 * M, 45)],
    ),
    (
        "KCQG",
        "Kế hoạch kinh phí khuyến công quốc gia năm {year}",
        "3120/QĐ-BCT",
        "Bộ Công Thương",
        True,
        [(1, 1_500 * M, 0)],
    ),
]

# (symbol, date, issuer, summary, signer, central)
DOCUMENTS = [
    (
        "11355/QĐ-BCT",
        D(2014, 12, 15),
        "Bộ Công Thương",
        "Về việc giao kế hoạch kinh phí khuyến công quốc gia năm 2015",
        "Thứ trưởng",
        True,
    ),
    (
        "125/TB-UBND",
        D(2015, 6, 29),
        "UBND tỉnh Hưng Yên",
        "Thông báo về việc tổ chức Hội nghị khuyến công và Hội chợ hàng CNNT tiêu biểu khu vực phía Bắc năm 2015",
        "",
        False,
    ),
    (
        "1363/QĐ-UBND",
        D(2015, 7, 20),
        "UBND tỉnh Hưng Yên",
        "Về việc thành lập Ban tổ chức Hội chợ hàng CNNT tiêu biểu khu vực phía Bắc năm 2015",
        "",
        False,
    ),
    (
        "1675/QĐ-UBND",
        D(2015, 9, 7),
        "UBND tỉnh Hưng Yên",
        "Phê duyệt dự toán gói dịch vụ tổ chức Hội chợ hàng CNNT tiêu biểu khu vực phía Bắc năm 2015",
        "",
        False,
    ),
    (
        "1744/QĐ-UBND",
        D(2015, 9, 11),
        "UBND tỉnh Hưng Yên",
        "Phê duyệt kế hoạch lựa chọn nhà thầu tổ chức Hội chợ hàng CNNT tiêu biểu khu vực phía Bắc năm 2015",
        "",
        False,
    ),
    (
        "410/QĐ-UBND",
        D(2014, 4, 25),
        "UBND tỉnh Hưng Yên",
        "Phê duyệt kế hoạch kinh phí khuyến công địa phương năm 2014, đợt I" + ILLUSTRATIVE,
        "",
        False,
    ),
    (
        "1620/QĐ-UBND",
        D(2014, 8, 28),
        "UBND tỉnh Hưng Yên",
        "Phê duyệt kế hoạch kinh phí khuyến công địa phương năm 2014, đợt II" + ILLUSTRATIVE,
        "",
        False,
    ),
    (
        "520/QĐ-UBND",
        D(2015, 3, 20),
        "UBND tỉnh Hưng Yên",
        "Phê duyệt kế hoạch kinh phí khuyến công địa phương năm 2015, đợt I" + ILLUSTRATIVE,
        "",
        False,
    ),
    (
        "1600/QĐ-UBND",
        D(2015, 8, 25),
        "UBND tỉnh Hưng Yên",
        "Phê duyệt kế hoạch kinh phí khuyến công địa phương năm 2015, đợt II" + ILLUSTRATIVE,
        "",
        False,
    ),
]

# (year, source code, title, [(batch number, amount, approved on, decision symbol)])
PLANS = [
    (
        2014,
        "KCĐP",
        "Kế hoạch kinh phí khuyến công địa phương năm 2014",
        [(1, 335 * M, D(2014, 4, 25), "410/QĐ-UBND"), (2, 380 * M, D(2014, 8, 28), "1620/QĐ-UBND")],
    ),
    (
        2015,
        "KCQG",
        "Kế hoạch kinh phí khuyến công quốc gia năm 2015",
        [(1, 1380 * M, D(2014, 12, 15), "11355/QĐ-BCT")],
    ),
    (
        2015,
        "KCĐP",
        "Kế hoạch kinh phí khuyến công địa phương năm 2015 (thẩm định với Sở Tài chính)",
        [(1, 485 * M, D(2015, 3, 20), "520/QĐ-UBND"), (2, 451 * M, D(2015, 8, 25), "1600/QĐ-UBND")],
    ),
]


@dataclass
class DemoProject:
    title: str
    activity: str
    item: str
    source: str
    year: int
    batch: int
    support: int
    counterpart: int
    place: tuple[str, str] | None
    submitted: datetime.date
    approved: datetime.date
    started: datetime.date
    # (kind, amount, date) in the order they happened
    payments: list = field(default_factory=list)
    accepted: datetime.date | None = None
    settled: datetime.date | None = None
    outputs: dict = field(default_factory=dict)
    documents: tuple = ()
    applicant_is_demo_owner: bool = False


def tr(value: float) -> int:
    """Millions (as the report writes them) to whole đồng, exactly."""
    return round(value * 10) * 100_000


PROJECTS = [
    # ---- 2014, local batch I: what the same period of 2014 executed
    DemoProject(
        "Đào tạo nghề mây tre đan xuất khẩu năm 2014",
        "1",
        "",
        "KCĐP",
        2014,
        1,
        tr(85),
        tr(10),
        ("Huyện Ân Thi", "Xã Phù Ủng"),
        D(2014, 4, 10),
        D(2014, 4, 28),
        D(2014, 5, 5),
        [("advance", tr(59.5), D(2014, 5, 12)), ("payment", tr(25.5), D(2014, 8, 15))],
        accepted=D(2014, 8, 5),
        settled=D(2014, 9, 20),
        outputs={"trainees": 35, "employed_after_training": 30},
    ),
    DemoProject(
        "Đào tạo nghề may công nghiệp năm 2014",
        "1",
        "",
        "KCĐP",
        2014,
        1,
        tr(75),
        tr(8),
        ("Huyện Văn Lâm", "Thị trấn Như Quỳnh"),
        D(2014, 4, 12),
        D(2014, 4, 28),
        D(2014, 6, 1),
        [("advance", tr(52.5), D(2014, 6, 10)), ("payment", tr(22.5), D(2014, 11, 20))],
        accepted=D(2014, 11, 5),
        settled=D(2014, 12, 10),
        outputs={"trainees": 35, "employed_after_training": 32},
    ),
    DemoProject(
        "Phóng sự truyền hình về khuyến công năm 2014",
        "6",
        "",
        "KCĐP",
        2014,
        1,
        tr(55),
        0,
        None,
        D(2014, 4, 15),
        D(2014, 4, 28),
        D(2014, 5, 15),
        [("advance", tr(38.5), D(2014, 5, 20)), ("payment", tr(16.5), D(2014, 9, 12))],
        accepted=D(2014, 9, 5),
        settled=D(2014, 10, 15),
        outputs={"participants": 0},
    ),
    DemoProject(
        "Mô hình trình diễn kỹ thuật sấy long nhãn năm 2014",
        "3",
        "demo-model",
        "KCĐP",
        2014,
        1,
        tr(120),
        tr(280),
        ("Huyện Khoái Châu", "Xã Đông Tảo"),
        D(2014, 4, 18),
        D(2014, 4, 28),
        D(2014, 9, 1),
        [("advance", tr(24.8), D(2014, 9, 26)), ("payment", tr(95.2), D(2014, 12, 18))],
        accepted=D(2014, 12, 5),
        settled=D(2014, 12, 30),
        outputs={"models_built": 1, "participants": 60},
    ),
    # ---- 2015, national plan (11355/QĐ-BCT): paid in the last quarter
    DemoProject(
        "Hội nghị khuyến công các tỉnh phía Bắc năm 2015",
        "9",
        "",
        "KCQG",
        2015,
        1,
        tr(380),
        0,
        None,
        D(2014, 11, 20),
        D(2014, 12, 15),
        D(2015, 7, 1),
        [("advance", tr(266), D(2015, 10, 5))],
        documents=("125/TB-UBND",),
    ),
    DemoProject(
        "Hội chợ hàng CNNT tiêu biểu khu vực phía Bắc năm 2015",
        "4",
        "fair",
        "KCQG",
        2015,
        1,
        tr(1000),
        tr(150),
        None,
        D(2014, 11, 20),
        D(2014, 12, 15),
        D(2015, 7, 20),
        [("advance", tr(700), D(2015, 10, 12))],
        documents=("125/TB-UBND", "1363/QĐ-UBND", "1675/QĐ-UBND", "1744/QĐ-UBND"),
    ),
    # ---- 2015, local batch I (485): mainly vocational training and information dissemination
    DemoProject(
        "Đào tạo nghề mây tre đan tại làng nghề Phú Ủng",
        "1",
        "",
        "KCĐP",
        2015,
        1,
        tr(95),
        tr(12),
        ("Huyện Ân Thi", "Xã Phù Ủng"),
        D(2015, 3, 5),
        D(2015, 3, 25),
        D(2015, 4, 1),
        [("advance", tr(66.5), D(2015, 5, 10)), ("payment", tr(28.5), D(2015, 8, 20))],
        accepted=D(2015, 8, 10),
        settled=D(2015, 9, 20),
        outputs={"trainees": 35, "employed_after_training": 31},
    ),
    DemoProject(
        "Đào tạo nghề may công nghiệp cho lao động nông thôn",
        "1",
        "",
        "KCĐP",
        2015,
        1,
        tr(90),
        tr(10),
        ("Huyện Văn Lâm", "Thị trấn Như Quỳnh"),
        D(2015, 3, 6),
        D(2015, 3, 25),
        D(2015, 5, 20),
        [("advance", tr(63), D(2015, 6, 5)), ("payment", tr(27), D(2015, 9, 25))],
        accepted=D(2015, 9, 15),
        outputs={"trainees": 35, "employed_after_training": 33},
    ),
    DemoProject(
        "Đào tạo nghề thêu ren xuất khẩu",
        "1",
        "",
        "KCĐP",
        2015,
        1,
        tr(80),
        tr(9),
        ("Huyện Tiên Lữ", "Xã Thiện Phiến"),
        D(2015, 3, 8),
        D(2015, 3, 25),
        D(2015, 6, 20),
        [("advance", tr(56), D(2015, 7, 1))],
    ),
    DemoProject(
        "Phóng sự truyền hình khuyến công trên Đài PT-TH Hưng Yên",
        "6",
        "",
        "KCĐP",
        2015,
        1,
        tr(60),
        0,
        None,
        D(2015, 3, 9),
        D(2015, 3, 25),
        D(2015, 4, 10),
        [("advance", tr(42), D(2015, 4, 15)), ("payment", tr(18), D(2015, 9, 10))],
        accepted=D(2015, 9, 5),
        outputs={"participants": 0},
    ),
    DemoProject(
        "Bản tin và trang thông tin điện tử khuyến công",
        "6",
        "",
        "KCĐP",
        2015,
        1,
        tr(45),
        0,
        None,
        D(2015, 3, 10),
        D(2015, 3, 25),
        D(2015, 5, 15),
        [("advance", tr(31.5), D(2015, 5, 20))],
    ),
    DemoProject(
        "Mô hình trình diễn máy sấy long nhãn tiết kiệm năng lượng",
        "3",
        "demo-model",
        "KCĐP",
        2015,
        1,
        tr(115),
        tr(270),  # illustrative: the support stays within the model's 30% cap (docs/legal-rules.md)
        ("Huyện Khoái Châu", "Xã Đông Tảo"),
        D(2015, 3, 12),
        D(2015, 3, 25),
        D(2015, 9, 1),
        [("advance", tr(9.2), D(2015, 9, 28))],
        applicant_is_demo_owner=True,
    ),
    # ---- 2015, local batch II (451): approved late August, paid from October
    DemoProject(
        "Đào tạo nghề chế biến nông sản",
        "1",
        "",
        "KCĐP",
        2015,
        2,
        tr(120),
        tr(15),
        ("Huyện Khoái Châu", "Xã Đông Tảo"),
        D(2015, 8, 1),
        D(2015, 8, 28),
        D(2015, 10, 1),
        [("advance", tr(84), D(2015, 10, 8))],
    ),
    DemoProject(
        "Đào tạo nghề mộc dân dụng",
        "1",
        "",
        "KCĐP",
        2015,
        2,
        tr(100),
        tr(12),
        ("Huyện Yên Mỹ", "Xã Ngọc Long"),
        D(2015, 8, 2),
        D(2015, 8, 28),
        D(2015, 10, 5),
        [("advance", tr(70), D(2015, 10, 15))],
    ),
    DemoProject(
        "Tờ rơi, pano tuyên truyền chính sách khuyến công",
        "6",
        "",
        "KCĐP",
        2015,
        2,
        tr(71),
        0,
        None,
        D(2015, 8, 3),
        D(2015, 8, 28),
        D(2015, 10, 10),
        [("advance", tr(49.7), D(2015, 10, 20))],
    ),
    DemoProject(
        "Tham gia hội chợ triển lãm hàng CNNT khu vực",
        "4",
        "fair",
        "KCĐP",
        2015,
        2,
        tr(160),
        tr(40),
        None,
        D(2015, 8, 4),
        D(2015, 8, 28),
        D(2015, 10, 12),
        [("advance", tr(112), D(2015, 10, 25))],
    ),
]


class ProgrammeDemo:
    """Loads the plans, documents and projects; skips everything when the 2015 plans are there."""

    def __init__(self, on_start=None):
        # What runs as each project starts (on_start(project, by)): the activities behind it, from
        # an app above this one (activities/demo.py), before any acceptance counts them.
        self.on_start = on_start
        self.province = AdminUnit.objects.legacy().provinces().get(code=PROVINCE_CODE)
        self.province_today = AdminUnit.objects.current().provinces().get(code=PROVINCE_CODE)
        self.staff = User.objects.get(username="canbo")
        self.leader = User.objects.get(username="lanhdao")
        self.finance = User.objects.get(username="taichinh")
        self.documents: dict[str, Document] = {}
        self.batches: dict[tuple, Batch] = {}

    @transaction.atomic
    def load(self, today: datetime.date | None = None) -> bool:
        """Loads the 2014–2015 records once, and this year's plans when they are not there yet."""
        loaded_this_year = self.load_this_year(today or timezone.localdate())
        if Plan.objects.filter(province=self.province, year=2015).exists():
            return loaded_this_year
        for symbol, issued, issuer, summary, signer, central in DOCUMENTS:
            document = Document(
                symbol=symbol,
                issued_on=issued,
                issuer=issuer,
                summary=summary,
                signer=signer,
                province=None if central else self.province_today,
                created_by=self.staff,
            )
            save_audited(document, self.staff, note=DEMO_NOTE)
            self.documents[symbol] = document
        for year, source_code, title, batches in PLANS:
            source = FundingSource.objects.get(code=source_code)
            plan = Plan(province=self.province, year=year, source=source, title=title)
            save_audited(plan, self.staff, note=DEMO_NOTE)
            for number, amount, approved_on, symbol in batches:
                batch = Batch(
                    plan=plan,
                    number=number,
                    amount=amount,
                    approved_on=approved_on,
                    decision=self.documents[symbol],
                )
                save_audited(batch, self.staff, note=DEMO_NOTE)
                self.batches[(year, source_code, number)] = batch
        for spec in PROJECTS:
            self._project(spec)
        return True

    def load_this_year(self, today: datetime.date) -> bool:
        """This year's plans of today's Hưng Yên, decided some weeks before `today`, with batches that
        have room; nothing when they exist. Dates never fall after today nor before 1 January."""
        if Plan.objects.filter(current_province=self.province_today, year=today.year).exists():
            return False
        decided = min(today, max(D(today.year, 1, 5), today - datetime.timedelta(days=75)))
        for source_code, title, symbol, issuer, central, batches in THIS_YEAR_PLANS:
            document = Document(
                symbol=symbol,
                issued_on=decided,
                issuer=issuer,
                summary=f"Phê duyệt {title.format(year=today.year).lower()}{ILLUSTRATIVE}",
                province=None if central else self.province_today,
                created_by=self.staff,
            )
            save_audited(document, self.staff, note=DEMO_NOTE)
            plan = Plan(
                province=self.province_today,
                year=today.year,
                source=FundingSource.objects.get(code=source_code),
                title=title.format(year=today.year),
                decision=document,
                note=ILLUSTRATIVE_FIGURES,
            )
            save_audited(plan, self.staff, note=DEMO_NOTE)
            for number, amount, days in batches:
                batch = Batch(
                    plan=plan,
                    number=number,
                    amount=amount,
                    approved_on=min(today, decided + datetime.timedelta(days=days)),
                    decision=document,
                )
                save_audited(batch, self.staff, note=DEMO_NOTE)
        return True

    def _commune(self, district: str, commune: str) -> AdminUnit:
        return (
            AdminUnit.objects.legacy()
            .communes()
            .get(parent__parent=self.province, parent__name=district, name=commune)
        )

    def _project(self, spec: DemoProject) -> Project:
        commune = self._commune(*spec.place) if spec.place else None
        applicant = None
        if spec.applicant_is_demo_owner:
            owner = RoleAssignment.objects.filter(user__username="coso", role=Role.ESTABLISHMENT_REP).first()
            applicant = owner.establishment if owner else None
        source = FundingSource.objects.get(code=spec.source)
        if applicant:
            others = []
        elif commune:
            others = list(Establishment.objects.filter(commune=commune)[:3])
        else:
            others = []
        project = Project.create_draft(
            self.staff,
            note=DEMO_NOTE,
            on=spec.submitted,  # the dossier checklist in force when the file was made
            beneficiaries=others,
            title=spec.title,
            activity_type=ActivityType.in_force(spec.submitted).get(code=spec.activity),
            support_item=spec.item,
            source=source,
            year=spec.year,
            province=self.province,
            commune=commune,
            implementing_unit="Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hưng Yên",
            applicant=applicant,
            beneficiaries_later=applicant is None,
            start_on=spec.started,
            end_on=D(spec.year, 12, 31),
            support_amount=spec.support,
            counterpart_amount=spec.counterpart,
            total_amount=spec.support + spec.counterpart,
        )
        self._walk(project, spec)
        return project

    def _received_on_paper(self, project: Project, stage: str) -> None:
        for item in project.dossier_items.filter(stage=stage):
            item.review(DossierItem.ItemStatus.ACCEPTED, self.staff, note="Bản giấy lưu tại Trung tâm")

    def _appraise(self, project: Project, step: str, on: datetime.date) -> None:
        criteria = AppraisalCriterion.for_step(step, project.rule_date, project.current_province_id)
        who = self.staff if step == Appraisal.Step.CENTRE else self.finance
        scores = {str(c.pk): c.max_score * 8 // 10 for c in criteria if c.max_score is not None}
        project.record_appraisal(who, step, scores, "Đạt yêu cầu", Appraisal.Conclusion.PASS, on=on)

    def _walk(self, project: Project, spec: DemoProject) -> None:
        submitted, approved = spec.submitted, spec.approved
        self._received_on_paper(project, "application")
        project.submit(self.staff, on=submitted)
        project.start_appraisal(self.staff, on=submitted)
        self._appraise(project, Appraisal.Step.CENTRE, submitted)
        if project.source.finance_appraisal:
            self._appraise(project, Appraisal.Step.FINANCE, submitted)
        project.complete_appraisal(self.leader, on=submitted)
        project.propose(self.staff, on=submitted)
        batch = self.batches[(spec.year, spec.source, spec.batch)]
        project.approve(self.leader, batch, batch.decision, spec.support, on=approved)
        project.contract(self.staff, on=approved)
        project.start(self.staff, on=spec.started)
        if self.on_start:
            self.on_start(project, self.staff)
        for symbol in spec.documents:
            project.note_document(self.staff, self.documents[symbol])
        milestone = Milestone(project=project, name="Hoàn thành nội dung chính", due_on=D(spec.year, 11, 30))
        save_audited(milestone, self.staff, note=DEMO_NOTE)
        for kind, amount, paid_on in spec.payments:
            if spec.accepted and paid_on > spec.accepted and project.status != "accepted":
                self._accept(project, spec)
            project.record_payment(self.staff, kind, amount, paid_on, f"PC-{paid_on:%y%m%d}-{project.pk}")
        if spec.accepted and project.status != "accepted":
            self._accept(project, spec)
        if spec.accepted:
            milestone.mark_done(self.staff, on=spec.accepted)
        if spec.settled:
            project.settle(self.finance, project.disbursed(), on=spec.settled)
            project.close(self.leader, on=spec.settled)

    def _accept(self, project: Project, spec: DemoProject) -> None:
        project.request_acceptance(self.staff, on=spec.accepted)
        self._received_on_paper(project, "acceptance")
        acceptance = Acceptance(accepted_on=spec.accepted, record_number=f"BB-{project.pk}", **spec.outputs)
        project.accept(self.leader, acceptance, on=spec.accepted)
