"""Demo data of the events: Hưng Yên's 2015 national activities (docs/programme.md §2).

The 2015 report names two national activities, assigned by 11355/QĐ-BCT (15/12/2014): the
annual Northern-region khuyến công conference and the Northern-region rural industrial products
fair, and four documents of the provincial People's Committee behind them: 125/TB-UBND
(29/6/2015, notice of both), 1363/QĐ-UBND (20/7/2015, the fair's organising board), 1675/QĐ-UBND
(7/9/2015, the estimate of the fair's service tender package) and 1744/QĐ-UBND (11/9/2015, its
contractor-selection plan). Those are real; the events hang on the national plan's projects that
projects/demo.py makes, and the documents are the ones it registers.

Everything else here is NOT in the report and is illustrative: the dates and venue of the events,
the board members (named by their post only), the estimate's value and the selection method, the
exhibitors and booths and their rent, the registrations. Each such record says so (the event's
and the package's note, "(minh họa)" in names). The report stops on 30/9/2015 with both events still
to be held, so they stay planned and no result is reported.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from khuyencong.accounts.models import User
from khuyencong.audit.log import save_audited
from khuyencong.documents.models import Document
from khuyencong.geo.models import AdminUnit
from khuyencong.projects.models import Project
from khuyencong.registry.demo import DEMO_NOTE, PROVINCE_CODE
from khuyencong.registry.models import Establishment

from ..models import BoardMember, Booth, Event, Exhibitor, Participant, TenderPackage

D = datetime.date
M = 1_000_000
ILLUSTRATIVE = "Số liệu minh họa, không có trong báo cáo"
CONFERENCE_TITLE = "Hội nghị công tác khuyến công thường niên khu vực phía Bắc năm 2015"
FAIR_TITLE = "Hội chợ hàng CNNT khu vực phía Bắc năm 2015"
# The national plan's projects as projects/demo.py titles them.
CONFERENCE_PROJECT = "Hội nghị khuyến công các tỉnh phía Bắc năm 2015"
FAIR_PROJECT = "Hội chợ hàng CNNT tiêu biểu khu vực phía Bắc năm 2015"
ORGANISER = "Sở Công Thương Hưng Yên, phối hợp với Cục Công nghiệp địa phương (Bộ Công Thương)"
VENUE = ("Thành phố Hưng Yên", "Phường Lê Lợi")

# (name, post, role): named by their post only; who held each post is not in the report.
BOARD = [
    ("Lãnh đạo UBND tỉnh (minh họa)", "Phó Chủ tịch UBND tỉnh Hưng Yên", BoardMember.Role.HEAD),
    ("Lãnh đạo Sở Công Thương (minh họa)", "Giám đốc Sở Công Thương Hưng Yên", BoardMember.Role.DEPUTY),
    (
        "Lãnh đạo Trung tâm KC & XTTM (minh họa)",
        "Giám đốc Trung tâm Khuyến công và Xúc tiến thương mại",
        BoardMember.Role.MEMBER,
    ),
]
# (legacy district, legacy commune, products, booth number, rent in đồng, paid by)
EXHIBITORS = [
    ("Huyện Ân Thi", "Xã Phù Ủng", "Giỏ mây, khay tre, đèn mây", "A01", 12 * M, Booth.PaidBy.PROGRAMME),
    ("Huyện Khoái Châu", "Xã Đông Tảo", "Long nhãn sấy, bàn ghế gỗ", "A02", 12 * M, Booth.PaidBy.PROGRAMME),
    ("Thị xã Mỹ Hào", "Phường Bần Yên Nhân", "Tương Bần", "A03", 12 * M, Booth.PaidBy.PROGRAMME),
]
# (organisation, registered on): provinces of the region sending their khuyến công centres.
REGISTRATIONS = [
    ("Trung tâm Khuyến công tỉnh Bắc Ninh", D(2015, 9, 22)),
    ("Trung tâm Khuyến công tỉnh Hải Dương", D(2015, 9, 24)),
]


class NationalActivitiesDemo:
    def __init__(self):
        self.province = AdminUnit.objects.legacy().provinces().get(code=PROVINCE_CODE)
        self.staff = User.objects.get(username="canbo")

    def _project(self, title: str) -> Project:
        return Project.objects.get(province=self.province, year=2015, source__code="KCQG", title=title)

    def _document(self, symbol: str) -> Document:
        return Document.objects.get(symbol=symbol, issued_on__year=2015)

    def _commune(self, district: str, commune: str) -> AdminUnit | None:
        units = AdminUnit.objects.legacy().communes()
        return units.filter(parent__parent=self.province, parent__name=district, name=commune).first()

    def _event(self, project: Project, **fields) -> Event:
        event = Event(project=project, created_by=self.staff, organiser=ORGANISER, **fields)
        event.full_clean()
        save_audited(event, self.staff, note=DEMO_NOTE)
        return event

    @transaction.atomic
    def load(self) -> bool:
        conference_project = self._project(CONFERENCE_PROJECT)
        fair_project = self._project(FAIR_PROJECT)
        if Event.objects.filter(project__in=[conference_project, fair_project]).exists():
            return False
        notice = self._document("125/TB-UBND")
        venue_commune = self._commune(*VENUE)
        conference = self._event(
            conference_project,
            kind=Event.Kind.CONFERENCE,
            title=CONFERENCE_TITLE,
            venue="Thành phố Hưng Yên",
            venue_commune=venue_commune,
            start_on=D(2015, 10, 21),
            end_on=D(2015, 10, 21),
            agenda="Đánh giá công tác khuyến công năm 2015 các tỉnh phía Bắc; phương hướng năm 2016.",
            notice=notice,
            note=f"{ILLUSTRATIVE}: ngày, địa điểm, chương trình và danh sách đăng ký.",
        )
        for organisation, registered_on in REGISTRATIONS:
            participant = Participant(
                event=conference,
                person_name="Cán bộ khuyến công (minh họa)",
                organisation=organisation,
                registered_on=registered_on,
            )
            save_audited(participant, self.staff, note=DEMO_NOTE)
        fair = self._event(
            fair_project,
            kind=Event.Kind.FAIR,
            title=FAIR_TITLE,
            venue="Thành phố Hưng Yên",
            venue_commune=venue_commune,
            start_on=D(2015, 10, 20),
            end_on=D(2015, 10, 26),
            notice=notice,
            note=(
                f"{ILLUSTRATIVE}: ngày, địa điểm, thành viên Ban tổ chức, giá trị dự toán, hình thức lựa chọn "
                "nhà thầu, đơn vị tham gia và gian hàng. Các văn bản 125/TB-UBND, 1363/QĐ-UBND, 1675/QĐ-UBND, "
                "1744/QĐ-UBND là của báo cáo."
            ),
        )
        self._board(fair)
        tender = TenderPackage(
            event=fair,
            name="Gói thầu dịch vụ tổ chức Hội chợ hàng CNNT khu vực phía Bắc năm 2015",
            estimate_decision=self._document("1675/QĐ-UBND"),
            estimate_value=950 * M,
            selection_plan_decision=self._document("1744/QĐ-UBND"),
            selection_method=TenderPackage.Method.OPEN,
            note=f"{ILLUSTRATIVE}: giá trị dự toán và hình thức lựa chọn nhà thầu; hợp đồng chưa ký đến 30/9/2015.",
        )
        tender.full_clean()
        save_audited(tender, self.staff, note=DEMO_NOTE)
        self._booths(fair)
        return True

    def _board(self, fair: Event) -> None:
        board = fair.board_for(self.staff)
        board.decision = self._document("1363/QĐ-UBND")
        save_audited(board, self.staff, note=DEMO_NOTE)
        for name, post, role in BOARD:
            save_audited(
                BoardMember(board=board, name=name, position=post, role=role), self.staff, note=DEMO_NOTE
            )

    def _booths(self, fair: Event) -> None:
        for district, commune, products, number, rent, paid_by in EXHIBITORS:
            place = self._commune(district, commune)
            establishment = Establishment.objects.filter(commune=place).order_by("pk").first()
            if establishment is None:
                continue
            exhibitor = Exhibitor(event=fair, establishment=establishment, products=products)
            exhibitor.full_clean()
            save_audited(exhibitor, self.staff, note=DEMO_NOTE)
            booth = Booth(
                event=fair, exhibitor=exhibitor, number=number, standard=True, rent=rent, paid_by=paid_by
            )
            booth.full_clean(exclude=["support"])
            booth.save_with_support(self.staff)


def load_national_activities() -> bool:
    """The 2015 national conference and fair of the demo, once (False when they are there)."""
    return NationalActivitiesDemo().load()
