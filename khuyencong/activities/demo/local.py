"""Demo activities behind Hưng Yên's 2015 local projects: training courses and information work.

The 2015 report (docs/programme.md §2) says only that the local money went mainly to vocational
training and information dissemination ("đào tạo nghề, thông tin tuyên truyền"). Everything here —
the courses, their dates, venues, teachers, trainees, attendance, results, certificate numbers and
employment, and the media items — is illustrative: no report gives it. Each course and each media
item says so in its title (`ILLUSTRATIVE`), and its history says it was made by the demo loader.

The records are made through the same model methods the screens use (`mark_attendance`,
`Trainee.record_completion`), audited. `load_local_activities` runs as each demo project starts
(projects/demo.py `ProgrammeDemo(on_start=...)`), so a project accepted later finds its courses:
its acceptance record takes the counts from them (projects/outputs.py), and the accepted 2015
projects keep the figures the demo always stated (35 trainees; 31 and 33 employed). Money is not
touched: the 2015 figures (936 = 485 + 451, 341,7 by 30/9/2015) stay as they were.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction

from khuyencong.audit.log import save_audited
from khuyencong.geo.models import AdminUnit
from khuyencong.registry.demo import DEMO_NOTE, GIVEN, SURNAMES
from khuyencong.registry.models import Establishment

from ..models import Course, CourseSession, MediaItem, Sex, Trainee, mark_attendance

D = datetime.date
SEED = 2015_10
ILLUSTRATIVE = " (số liệu minh họa)"
CENTRE = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hưng Yên"
TV = "Đài Phát thanh và Truyền hình Hưng Yên"
NEWSPAPER = "Báo Hưng Yên"
BULLETIN = "Bản tin Công Thương Hưng Yên"
WEBSITE = "Trang thông tin điện tử Sở Công Thương Hưng Yên"
FEMALE_GIVEN = ["Hoa", "Lan", "Mai", "Nga", "Thảo", "Yến", "Hà", "Giang", "Hằng", "Huyền", "Liên", "Nhung"]
MALE_GIVEN = [name for name in GIVEN if name not in FEMALE_GIVEN]


@dataclass
class DemoCourse:
    """One course behind a training project; `results` None leaves the results unrecorded."""

    project: str
    title: str
    trade: str
    venue: str
    commune: str  # a 2015 commune of the project's district
    start_on: datetime.date
    end_on: datetime.date
    teachers: tuple[str, ...]
    planned: int
    trainees: int
    female_share: float
    certificate_prefix: str
    # (completed, employed) or None while the results are not in
    results: tuple[int, int] | None
    employers: tuple[str, ...] = ()
    topics: tuple[str, ...] = field(default_factory=tuple)


COURSES = [
    DemoCourse(
        "Đào tạo nghề mây tre đan tại làng nghề Phú Ủng",
        "Lớp đào tạo nghề mây tre đan xuất khẩu",
        "Mây tre đan",
        "Nhà văn hóa thôn Phù Ủng",
        "Xã Phù Ủng",
        D(2015, 4, 13),
        D(2015, 7, 10),
        ("Nghệ nhân Đỗ Văn Hải", "Nguyễn Thị Lan"),
        35,
        35,
        0.7,
        "MTĐ-2015",
        (34, 31),  # the demo's acceptance of 10/8/2015 has always said 35 trainees, 31 employed
        ("Hợp tác xã mây tre đan Phù Ủng", "Làm tại hộ gia đình"),
        ("Khai giảng, an toàn lao động", "Kỹ thuật vót nan", "Đan giỏ, khay", "Kiểm tra cuối khóa"),
    ),
    DemoCourse(
        "Đào tạo nghề may công nghiệp cho lao động nông thôn",
        "Lớp đào tạo nghề may công nghiệp",
        "May công nghiệp",
        "Hội trường UBND thị trấn Như Quỳnh",
        "Thị trấn Như Quỳnh",
        D(2015, 6, 1),
        D(2015, 8, 28),
        ("Trần Thị Hoa", "Phạm Văn Long"),
        35,
        35,
        0.85,
        "MCN-2015",
        (35, 33),  # acceptance of 15/9/2015: 35 trainees, 33 employed
        ("Công ty may mặc tại Như Quỳnh", "Làm tại hộ gia đình"),
        ("Khai giảng, sử dụng máy may công nghiệp", "May áo sơ mi", "May quần âu", "Kiểm tra cuối khóa"),
    ),
    DemoCourse(
        "Đào tạo nghề thêu ren xuất khẩu",
        "Lớp đào tạo nghề thêu ren xuất khẩu",
        "Thêu ren",
        "Nhà văn hóa thôn Thiện Phiến",
        "Xã Thiện Phiến",
        D(2015, 7, 6),
        D(2015, 9, 25),
        ("Nghệ nhân Vũ Thị Mai",),
        30,
        30,
        0.9,
        "TR-2015",
        (29, 24),
        ("Cơ sở thêu ren Thiện Phiến", "Làm tại hộ gia đình"),
        ("Khai giảng, vật liệu thêu", "Thêu tranh", "Thêu khăn", "Kiểm tra cuối khóa"),
    ),
    DemoCourse(
        "Đào tạo nghề chế biến nông sản",
        "Lớp đào tạo nghề chế biến long nhãn",
        "Chế biến nông sản",
        "Nhà văn hóa xã Đông Tảo",
        "Xã Đông Tảo",
        D(2015, 10, 12),
        D(2015, 12, 11),
        ("Lê Văn Tuấn", "Ngô Thị Yến"),
        35,
        35,
        0.6,
        "CBNS-2015",
        (35, 30),
        ("Cơ sở chế biến long nhãn Đông Tảo", "Làm tại hộ gia đình"),
        ("Khai giảng, vệ sinh an toàn thực phẩm", "Sơ chế, bóc nhãn", "Sấy long nhãn", "Kiểm tra cuối khóa"),
    ),
    DemoCourse(
        "Đào tạo nghề mộc dân dụng",
        "Lớp đào tạo nghề mộc dân dụng",
        "Mộc dân dụng",
        "Xưởng mộc thôn Huệ Lai",
        "Xã Ngọc Long",
        D(2015, 10, 19),
        D(2015, 12, 18),
        ("Bùi Văn Sơn",),
        30,
        30,
        0.1,
        "MDD-2015",
        None,  # the results of this course are not recorded yet: the screens show a course awaiting them
        (),
        ("Khai giảng, an toàn lao động", "Dụng cụ và vật liệu gỗ", "Đóng bàn ghế", "Kiểm tra cuối khóa"),
    ),
]

# project title -> [(kind, channel, date, title, reach, episodes)]
MEDIA = {
    "Phóng sự truyền hình khuyến công trên Đài PT-TH Hưng Yên": [
        ("tv", TV, D(2015, 5, 15), "Phóng sự: Nghề mây tre đan Phù Ủng vào mùa đào tạo", None, 2),
        ("tv", TV, D(2015, 6, 19), "Phóng sự: Khuyến công đồng hành cùng làng nghề tương Bần", None, 2),
        ("radio", TV, D(2015, 7, 10), "Chuyên mục Công Thương: Chính sách khuyến công năm 2015", None, 4),
        ("tv", TV, D(2015, 8, 14), "Phóng sự: Dạy nghề may cho lao động nông thôn Như Quỳnh", None, 2),
    ],
    "Bản tin và trang thông tin điện tử khuyến công": [
        ("bulletin", BULLETIN, D(2015, 6, 30), "Bản tin Công Thương Hưng Yên số 2/2015", 500, 1),
        (
            "website",
            WEBSITE,
            D(2015, 6, 25),
            "Thông báo mở lớp đào tạo nghề thêu ren tại xã Thiện Phiến",
            None,
            1,
        ),
        ("newspaper", NEWSPAPER, D(2015, 7, 22), "Khuyến công tiếp sức cho làng nghề", 12_000, 1),
        ("website", WEBSITE, D(2015, 7, 15), "Bế giảng lớp đào tạo nghề mây tre đan Phù Ủng", None, 1),
        ("newspaper", NEWSPAPER, D(2015, 9, 8), "Đào tạo nghề gắn với việc làm ở nông thôn", 12_000, 1),
        ("bulletin", BULLETIN, D(2015, 9, 30), "Bản tin Công Thương Hưng Yên số 3/2015", 500, 1),
    ],
    "Tờ rơi, pano tuyên truyền chính sách khuyến công": [
        ("leaflet", CENTRE, D(2015, 11, 10), "Tờ rơi: Chính sách khuyến công của tỉnh Hưng Yên", 3_000, 1),
        (
            "other",
            CENTRE,
            D(2015, 11, 25),
            "Pano tuyên truyền chính sách khuyến công tại các huyện",
            None,
            10,
        ),
    ],
}


@transaction.atomic
def load_local_activities(project, by) -> None:
    """The illustrative courses and media items behind one of the demo's 2015 local projects."""
    if project.year != 2015 or project.source.code != "KCĐP":
        return
    rng = random.Random(f"{SEED}-{project.title}")
    for spec in COURSES:
        if spec.project == project.title:
            _course(project, spec, by, rng)
    for kind, channel, published, title, reach, episodes in MEDIA.get(project.title, []):
        item = MediaItem(
            project=project,
            created_by=by,
            kind=kind,
            channel=channel,
            published_on=published,
            title=title + ILLUSTRATIVE,
            reach=reach,
            episodes=episodes,
        )
        item.full_clean()
        save_audited(item, by, note=DEMO_NOTE)


def _course(project, spec: DemoCourse, by, rng: random.Random) -> Course:
    commune = AdminUnit.objects.legacy().communes().get(parent=project.commune.parent, name=spec.commune)
    course = Course(
        project=project,
        created_by=by,
        title=spec.title + ILLUSTRATIVE,
        trade=spec.trade,
        venue=spec.venue,
        venue_commune=commune,
        start_on=spec.start_on,
        end_on=spec.end_on,
        teachers="\n".join(spec.teachers),
        planned_trainees=spec.planned,
    )
    course.full_clean()
    save_audited(course, by, note=DEMO_NOTE)
    trainees = _trainees(course, spec, by, rng)
    sessions = _sessions(course, spec, by)
    # Who completed: everyone but the last few (a drop-out stops coming after the second session).
    completed = trainees[: spec.results[0]] if spec.results else trainees
    for number, session in enumerate(sessions):
        present = {t.pk for t in trainees if t in completed or number < 2}
        # One or two absences a session, as on a real sheet.
        for trainee in rng.sample(trainees, rng.randrange(0, 3)):
            present.discard(trainee.pk)
        mark_attendance(by, session, present)
    if spec.results:
        _results(spec, trainees, completed, by, rng)
    return course


def _trainees(course: Course, spec: DemoCourse, by, rng: random.Random) -> list[Trainee]:
    venue = course.venue_commune
    neighbours = list(AdminUnit.objects.legacy().communes().filter(parent=venue.parent).order_by("code"))
    establishments = list(Establishment.objects.filter(commune__parent=venue.parent).order_by("pk"))
    trainees: list[Trainee] = []
    taken: set[tuple[str, int]] = set()
    while len(trainees) < spec.trainees:
        female = rng.random() < spec.female_share
        middle = "Thị" if female else rng.choice(["Văn", "Đức", "Minh", "Hữu", "Quang"])
        given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
        name = f"{rng.choice(SURNAMES)} {middle} {given}"
        born = rng.randrange(1970, 1998)
        if (name, born) in taken:
            continue
        taken.add((name, born))
        # Most live in the venue's commune, the others in the district around it.
        commune = venue if rng.random() < 0.7 else rng.choice(neighbours)
        works_at = rng.choice(establishments) if establishments and rng.random() < 0.25 else None
        trainee = Trainee(
            course=course,
            full_name=name,
            sex=Sex.FEMALE if female else Sex.MALE,
            birth_year=born,
            ethnicity="Kinh",
            commune=commune,
            establishment=works_at,
        )
        trainee.full_clean()
        save_audited(trainee, by, note=DEMO_NOTE)
        trainees.append(trainee)
    return trainees


def _sessions(course: Course, spec: DemoCourse, by) -> list[CourseSession]:
    days = (spec.end_on - spec.start_on).days
    sessions = []
    for index, topic in enumerate(spec.topics):
        held = spec.start_on + datetime.timedelta(days=days * index // max(1, len(spec.topics) - 1))
        session = CourseSession(course=course, held_on=held, topic=topic, hours=4)
        session.full_clean()
        save_audited(session, by, note=DEMO_NOTE)
        sessions.append(session)
    return sessions


def _results(spec: DemoCourse, trainees, completed, by, rng: random.Random) -> None:
    _completed_count, employed_count = spec.results
    employed = set(t.pk for t in rng.sample(completed, employed_count))
    for number, trainee in enumerate(trainees, start=1):
        done = trainee in completed
        works = trainee.pk in employed
        if works and trainee.establishment:
            where = trainee.establishment.name
        elif works:
            where = rng.choice(spec.employers)
        else:
            where = ""
        trainee.record_completion(
            by,
            completed=done,
            certificate_number=f"{spec.certificate_prefix}/{number:03d}" if done else "",
            employed=works,
            employed_at=where,
        )
