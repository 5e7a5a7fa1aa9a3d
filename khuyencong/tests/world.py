"""A small two-province world for the scope matrix and the input fuzzer.

Places are named by key: "home" and "other" are two communes of today's Hưng Yên, "far" one of
Bắc Ninh. Each place has an establishment (the conftest `registry` fixture: "far" has a 12-digit
personal ID), a product, a need, a craft village and a running project with a dossier file, a
payment, a milestone and a visit with a photo; each province has a document, a plan with a batch,
an import job and its own support rule; a central document and a national rule sit above both.
Everything is made through the model steps the screens use, so the records are what users make.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from conftest import BAC_NINH, HUNG_YEN, make_user, province
from khuyencong.accounts.permissions import Role, ScopeLevel
from khuyencong.activities.models import (
    BoardMember,
    Booth,
    Contest,
    ContestCertificate,
    ContestEntry,
    Course,
    CourseSession,
    Event,
    Exhibitor,
    JuryMember,
    MediaItem,
    Participant,
    TenderPackage,
    Trainee,
    TraineeImport,
)
from khuyencong.documents.models import Document
from khuyencong.plans.models import (
    AppraisalCriterion,
    Batch,
    FundingSource,
    Plan,
    PlanDeadlineDone,
    SupportRule,
)
from khuyencong.portal.claims import Claim
from khuyencong.projects.models import Milestone, MonitoringVisit, Project, VisitPhoto
from khuyencong.registry.models import ActivityType, Certification, CraftVillage, ImportJob, Product
from khuyencong.registry.tests.workbooks import workbook_bytes
from khuyencong.reports import periodic
from khuyencong.reports.models import PeriodicReport, ReportRun
from khuyencong.reports.periods import Period
from khuyencong.reports.runs import make_run, report_stamp
from khuyencong.tests.samples import image_bytes

M = 1_000_000
PLACES = ("home", "other", "far")
PROVINCE_OF = {"home": "HY", "other": "HY", "far": "BN"}


def png_bytes() -> bytes:
    return image_bytes("PNG")


def pdf_bytes() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@dataclass
class World:
    personas: dict
    registry: dict
    provinces: dict = field(default_factory=dict)
    villages: dict = field(default_factory=dict)
    products: dict = field(default_factory=dict)
    needs: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    plans: dict = field(default_factory=dict)
    batches: dict = field(default_factory=dict)
    projects: dict = field(default_factory=dict)
    jobs: dict = field(default_factory=dict)
    rules: dict = field(default_factory=dict)
    members: dict = field(default_factory=dict)
    # Activities on each place's project (activities app).
    courses: dict = field(default_factory=dict)
    trainees: dict = field(default_factory=dict)
    sessions: dict = field(default_factory=dict)
    media: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)
    contests: dict = field(default_factory=dict)
    reports: dict = field(default_factory=dict)
    # A pending claim on each place's establishment (portal/claims.py), by someone who signed up.
    claims: dict = field(default_factory=dict)
    # The portal: a published open call per province, an application per place's establishment.
    calls: dict = field(default_factory=dict)
    applications: dict = field(default_factory=dict)

    # Names and titles that must never reach someone outside the record's scope.
    def secrets(self, family: str, key: str) -> str:
        return {
            "establishment": lambda: self.registry[key].name,
            "village": lambda: self.villages[key].name,
            "project": lambda: self.projects[key].title,
            "plan": lambda: self.plans[key].title,
            "document": lambda: self.documents[key].summary,
            "job": lambda: self.jobs[key].original_name,
            "member": lambda: self.members[key].username,
            "course": lambda: self.courses[key].title,
            "trainee": lambda: self.trainees[key].full_name,
            "media": lambda: self.media[key].title,
            "contest": lambda: self.contests[key].title,
            "event": lambda: self.events[key].title,
            "report": lambda: self.reports[key].latest_version().achievements,
            "claim": lambda: self.claims[key].claimant.full_name,
            "application": lambda: self.applications[key].answers["proposal"]["title"],
        }[family]()


def _running_project(key, applicant, commune, batch, decision, staff, leader, finance, today):
    project = Project.create_draft(
        staff,
        title=f"Đề án bí mật {key}",
        activity_type=ActivityType.in_force().get(code="1"),
        source=batch.plan.source,
        year=today.year,
        province=batch.plan.province,
        commune=commune,
        applicant=applicant,
        implementing_unit="Trung tâm Khuyến công",
        support_amount=100 * M,
        counterpart_amount=0,
        total_amount=100 * M,
    )
    for item in project.dossier_items.filter(stage="application"):
        item.review("accepted", staff, note="Bản giấy")
    project.submit(staff)
    project.start_appraisal(staff)
    steps = [("centre", staff)] + ([("finance", finance)] if project.source.finance_appraisal else [])
    for step, who in steps:
        criteria = AppraisalCriterion.in_force(project.rule_date).filter(step=step)
        project.record_appraisal(who, step, {str(c.pk): c.max_score for c in criteria}, "Đạt", "pass")
    project.complete_appraisal(leader)
    project.propose(staff)
    project.approve(leader, batch, decision, 100 * M, on=today)
    project.contract(staff)
    project.start(staff)
    item = project.dossier_items.filter(stage="acceptance").first()
    item.attach(ContentFile(pdf_bytes(), name="bien-ban.pdf"), staff)
    project.record_payment(staff, "advance", 10 * M, today, f"PC-{key}")
    Milestone.objects.create(
        project=project, name=f"Khai giảng {key}", due_on=today + datetime.timedelta(days=20)
    )
    visit = MonitoringVisit.objects.create(
        project=project,
        visited_on=today,
        visitors="Cán bộ",
        findings=f"Đang thực hiện {key}",
        follow_up="Kiểm tra lại sổ sách",
        follow_up_due=today + datetime.timedelta(days=10),
        created_by=staff,
    )
    VisitPhoto.objects.create(visit=visit, image=ContentFile(png_bytes(), name="anh.png"))
    project.refresh_from_db()
    return project


def build_world(personas, registry, hy_communes) -> World:
    today = timezone.localdate()
    world = World(personas=personas, registry=registry)
    hy, bn = province(HUNG_YEN), province(BAC_NINH)
    world.provinces = {"HY": hy, "BN": bn}
    communes = {"home": hy_communes["home"], "other": hy_communes["other"], "far": hy_communes["far"]}
    # Who acts in Bắc Ninh to build its records (not personas of the matrix).
    bn_leader = make_user("leader_bn", Role.LEADER, ScopeLevel.PROVINCE, bn)
    bn_finance = make_user("finance_bn", Role.FINANCE_APPRAISER, ScopeLevel.PROVINCE, bn)
    actors = {
        "HY": (personas["centre_staff"], personas["leader"], personas["finance"]),
        "BN": (personas["other_province_staff"], bn_leader, bn_finance),
    }

    world.villages = {"home": registry["village"]}
    for key in ("other", "far"):
        world.villages[key] = CraftVillage.objects.create(
            name=f"Làng nghề bí mật {key}", craft="Mây tre đan", commune=communes[key]
        )
    for key in PLACES:
        world.products[key] = Product.objects.create(
            establishment=registry[key], name=f"Sản phẩm {key}", group=Product.Group.HANDICRAFT
        )
        world.needs[key] = registry[key].needs.get()

    for code, unit in (("HY", hy), ("BN", bn), ("central", None)):
        world.documents[code] = Document.objects.create(
            symbol=f"{ {'HY': 21, 'BN': 22, 'central': 23}[code] }/QĐ-UBND",
            issued_on=today - datetime.timedelta(days=60),
            issuer="UBND tỉnh" if unit else "Bộ Công Thương",
            summary=f"Văn bản bí mật {code}",
            province=unit,
            file=ContentFile(pdf_bytes(), name="quyet-dinh.pdf"),
        )
    source = FundingSource.objects.get(code="KCĐP")
    for code, unit in (("HY", hy), ("BN", bn)):
        world.plans[code] = Plan.objects.create(
            province=unit, year=today.year, source=source, title=f"Kế hoạch bí mật {code}"
        )
        world.batches[code] = Batch.objects.create(
            plan=world.plans[code],
            number=1,
            amount=2_000 * M,
            approved_on=today - datetime.timedelta(days=30),
            decision=world.documents[code],
        )
    for key in PLACES:
        code = PROVINCE_OF[key]
        staff, leader, finance = actors[code]
        world.projects[key] = _running_project(
            key,
            registry[key],
            communes[key],
            world.batches[code],
            world.documents[code],
            staff,
            leader,
            finance,
            today,
        )

    for code, uploader, unit in (
        ("HY", personas["centre_staff"], hy),
        ("BN", personas["other_province_staff"], bn),
    ):
        job = ImportJob(
            created_by=uploader,
            original_name=f"nhap-bi-mat-{code}.xlsx",
            default_province=unit,
            status=ImportJob.Status.READY,
            counts={"new": 1, "updated": 0, "unchanged": 0, "invalid": 1},
        )
        data = workbook_bytes([["Tên cơ sở", "Xã/Phường/Thị trấn"], [f"Cơ sở nhập {code}", "Xã Không Có"]])
        job.file.save("upload.xlsx", ContentFile(data), save=False)
        job.invalid_file.save("invalid.xlsx", ContentFile(data), save=False)
        job.save()
        world.jobs[code] = job

    for unit, (staff, _leader, _finance) in ((hy, actors["HY"]), (bn, actors["BN"])):
        PlanDeadlineDone.mark(staff, unit, today.year + 1, "submission", today)

    national = SupportRule.objects.filter(province__isnull=True).order_by("pk").first()
    world.rules = {"national": national}
    for code, unit in (("HY", hy), ("BN", bn)):
        world.rules[code] = SupportRule.objects.create(
            province=unit,
            activity_code="1",
            item_name=f"Định mức riêng {code}",
            max_percent=50,
            legal_basis=f"Nghị quyết HĐND {code}",
            effective_from=datetime.date(2024, 1, 1),
        )

    for key in PLACES:
        _activities(world, key, communes[key], actors[PROVINCE_OF[key]][0], today)

    # Each province's report of the year, and the country's, each with a version (its file).
    period = Period.parse("year", today.year)
    for code, unit, writer in (
        ("HY", hy, personas["centre_staff"]),
        ("BN", bn, personas["other_province_staff"]),
        ("national", None, None),
    ):
        report = PeriodicReport.objects.create(
            province=unit, period_from=period.start, period_to=period.end, kind=period.kind, created_by=writer
        )
        figures = periodic.build(period, province=unit)
        report.write_version(writer, {"achievements": f"Báo cáo bí mật {code}"}, figures)
        make_run(ReportRun.objects.create(report=report, stamp=report_stamp(report)).pk)
        world.reports[code] = report

    world.members = {
        "HY": make_user("member_hy", Role.COMMUNE_OFFICER, ScopeLevel.COMMUNE, communes["other"]),
        "BN": make_user("member_bn", Role.CENTRE_STAFF, ScopeLevel.PROVINCE, bn),
        "national": make_user("member_national", Role.MINISTRY_VIEWER, ScopeLevel.NATIONAL),
    }
    for key in PLACES:
        claimant = make_user(f"claimant_{key}")
        claimant.full_name = f"Người nhận bí mật {key}"
        claimant.save()
        world.claims[key] = Claim.make(claimant, establishment=registry[key], note="Tôi là chủ")
    _portal(world, today)
    return world


def _activities(world: World, key: str, commune, staff, today) -> None:
    """Each place's project runs a course (a trainee of the place, a session) and a media item."""
    project = world.projects[key]
    course = Course.objects.create(
        project=project,
        title=f"Lớp bí mật {key}",
        trade="Mây tre đan",
        venue_commune=commune,
        start_on=today - datetime.timedelta(days=10),
        end_on=today + datetime.timedelta(days=20),
        planned_trainees=30,
        created_by=staff,
    )
    world.courses[key] = course
    world.trainees[key] = Trainee.objects.create(
        course=course,
        full_name=f"Học viên bí mật {key}",
        sex="female",
        birth_year=1990,
        commune=commune,
        establishment=world.registry[key],
    )
    world.sessions[key] = CourseSession.objects.create(
        course=course, held_on=today - datetime.timedelta(days=9), topic="Khai giảng"
    )
    # A checked trainee list with an invalid row, for the import's preview and its download.
    trainee_list = TraineeImport(
        course=course,
        created_by=staff,
        original_name=f"hoc-vien-bi-mat-{key}.xlsx",
        status=TraineeImport.Status.READY,
        counts={"new": 1, "updated": 0, "unchanged": 0, "invalid": 1},
    )
    data = workbook_bytes([["Họ và tên", "Năm sinh"], [f"Học viên nhập {key}", "không rõ"]])
    trainee_list.file.save("upload.xlsx", ContentFile(data), save=False)
    trainee_list.invalid_file.save("invalid.xlsx", ContentFile(data), save=False)
    trainee_list.save()
    world.media[key] = MediaItem.objects.create(
        project=project,
        kind=MediaItem.Kind.TV,
        channel="Đài PT-TH",
        published_on=today - datetime.timedelta(days=5),
        title=f"Phóng sự bí mật {key}",
        file=ContentFile(pdf_bytes(), name="phong-su.pdf"),
        created_by=staff,
    )
    # A provincial product contest on the place's project, with a juror and the place's product entered.
    contest = Contest.objects.create(
        project=project,
        level="province",
        title=f"Bình chọn bí mật {key}",
        organiser="UBND tỉnh",
        held_on=today - datetime.timedelta(days=3),
        created_by=staff,
    )
    world.contests[key] = contest
    JuryMember.objects.create(contest=contest, full_name=f"Giám khảo {key}")
    entry = ContestEntry.objects.create(
        contest=contest,
        product=world.products[key],
        photo=ContentFile(png_bytes(), name="anh.png"),
        dossier=ContentFile(pdf_bytes(), name="ho-so.pdf"),
    )
    # A certificate of an earlier round on the entry, for the certificate's download.
    earlier = today - datetime.timedelta(days=400)
    certification = Certification.objects.create(
        product=world.products[key], kind="typical_province", year=earlier.year, decision_number="9/QĐ-UBND"
    )
    ContestCertificate.objects.create(
        entry=entry,
        number=f"001/9/QĐ-UBND-{key}",
        issued_on=earlier,
        valid_until=datetime.date(earlier.year + 2, 12, 31),
        certification=certification,
    )
    world.events[key] = _fair(project, commune, staff, key, today)


def _fair(project, commune, staff, key, today) -> Event:
    """A fair with each of its parts: a board member, a tender, a participant, an exhibitor, a booth."""
    event = Event.objects.create(
        project=project,
        kind=Event.Kind.FAIR,
        title=f"Hội chợ bí mật {key}",
        organiser="Sở Công Thương",
        venue_commune=commune,
        start_on=today - datetime.timedelta(days=3),
        end_on=today + datetime.timedelta(days=3),
        created_by=staff,
    )
    BoardMember.objects.create(board=event.board_for(staff), name=f"Trưởng ban {key}", role="head")
    TenderPackage.objects.create(event=event, name=f"Gói thầu {key}")
    Participant.objects.create(event=event, person_name=f"Khách {key}", commune=commune, registered_on=today)
    exhibitor = Exhibitor.objects.create(event=event, name=f"Gian hàng {key}", commune=commune)
    Booth(event=event, exhibitor=exhibitor, number="A01", rent=10 * M).save_with_support(staff)
    return event


def _portal(world: World, today) -> None:
    """A published call open today in each province, and an application of each place's establishment."""
    from khuyencong.plans.models import FundingSource
    from khuyencong.portal.applying import Application
    from khuyencong.portal.calls import Call

    for code, unit in world.provinces.items():
        call = Call.objects.create(
            province=unit,
            title=f"Kêu gọi {code}",
            description="Hỗ trợ cơ sở nông thôn",
            source=FundingSource.objects.get(code="KCĐP"),
            opens_on=today - datetime.timedelta(days=5),
            closes_on=today + datetime.timedelta(days=30),
            published=True,
        )
        call.activity_types.set(ActivityType.in_force().filter(code__in=["1", "3"]))
        world.calls[code] = call
    for key in PLACES:
        world.applications[key] = Application.objects.create(
            call=world.calls[PROVINCE_OF[key]],
            establishment=world.registry[key],
            user=world.personas["establishment_rep"],
            eligibility_day=today,
            answers={"eligibility": {"activity_type": "1"}, "proposal": {"title": f"Đơn bí mật {key}"}},
        )
