"""make bench, part three: national-scale training records and the trainee list and course page over them.

Builds (once, deterministically) 1,000,000 × BENCH_SCALE trainees in courses of ~30 (20–40) behind the
synthetic training projects of bench_projects (34 provinces × 6 years), by COPY; the trainees are
numbered in the order their courses began, as they would be entered. The courses of the measured
province also get four sessions each with their attendance, which the course page counts. Then
bench.py times, as the province's Centre staff:

* the trainee list (activities:trainee_list: newest first, 50 a page, in the province's scope), with
  each of its filters, against the raw SQL of the same page of rows and the joins it shows;
* a course page (activities:course_detail: the course's facts, its counts and its first 50 trainees
  with their attendance), against the raw SQL of the same;
* the Django admin's changelist of the same trainees (the superuser's session), for scale.

The national scale is 2·10⁶ trainees and participants (docs/activities.md, "Speed"): half of them trainees.
"""

from __future__ import annotations

import datetime
import random
import time

from django.db import connection
from django.urls import NoReverseMatch, reverse

from khuyencong.activities.models import Course, CourseSession, Trainee
from khuyencong.geo.models import AdminUnit
from khuyencong.projects.models import Project
from khuyencong.registry.demo import GIVEN, MIDDLES, SURNAMES
from khuyencong.vntext import fold

TRADES = ["Mây tre đan", "May công nghiệp", "Thêu ren", "Chế biến nông sản", "Mộc dân dụng", "Cơ khí nhỏ"]
COURSE_COLUMNS = (
    "id",
    "version",
    "created_at",
    "updated_at",
    "title",
    "trade",
    "venue",
    "start_on",
    "end_on",
    "teachers",
    "planned_trainees",
    "project_id",
    "venue_commune_id",
    "current_venue_commune_id",
)
TRAINEE_COLUMNS = (
    "version",
    "full_name",
    "name_key",
    "sex",
    "birth_year",
    "ethnicity",
    "completed",
    "certificate_number",
    "employed_after_training",
    "employed_at",
    "created_at",
    "updated_at",
    "commune_id",
    "current_commune_id",
    "course_id",
    "establishment_id",
)
NOW = "2026-01-01 00:00:00+07"
SESSIONS = 4
LIST_YEAR = 2021
# Search terms of the list: a name shared by many, and a full name few people have.
TERMS = {"search_common": "nguyen thi", "search_rare": "luong xuan vinh"}


def log(message: str) -> None:
    print(f"· {message}", flush=True)


def build_training(target_trainees: int, province_id: int, seed: int) -> None:
    """Courses and trainees behind the synthetic training projects; nothing when they are there."""
    have = Trainee.objects.count()
    if have == target_trainees and Course.objects.exists():
        log(f"training already holds {have:,} trainees in {Course.objects.count():,} courses")
        if not CourseSession.objects.filter(course__project__current_province_id=province_id).exists():
            _attendance(province_id)
            _vacuum()
        return
    log(f"building {target_trainees:,} trainees (had {have:,})")
    started = time.perf_counter()
    with connection.cursor() as cursor:  # bench database only: the training records afresh
        cursor.execute(
            # CASCADE: whatever hangs on a course (trainee list imports …) goes with it.
            "TRUNCATE activities_attendance, activities_coursesession, activities_trainee, activities_course CASCADE"
        )
    rng = random.Random(seed)
    projects = list(
        Project.objects.filter(code__startswith="B-", title__startswith="Đào tạo nghề")
        .order_by("pk")
        .values_list("pk", "current_province_id", "start_on", "end_on")
    )
    if not projects:
        raise RuntimeError("no synthetic training projects: bench_projects.build_programme first")
    communes: dict[int, list[int]] = {}
    for pk, province in (
        AdminUnit.objects.current().communes().order_by("pk").values_list("pk", "province_id")
    ):
        communes.setdefault(province, []).append(pk)
    establishments = _establishments_by_province(list(communes))
    courses = _courses(projects, communes, target_trainees, rng)
    # Numbered in the order the courses began: the newest trainees are those of the latest courses.
    courses.sort(key=lambda course: (course["start_on"], course["n"]))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('activities_course', 'id')) FROM generate_series(1, %s)",
            [len(courses)],
        )
        for course, (pk,) in zip(courses, cursor.fetchall(), strict=True):
            course["id"] = pk
        with cursor.connection.cursor().copy(
            f"COPY activities_course ({', '.join(COURSE_COLUMNS)}) FROM STDIN"
        ) as copy:
            for course in courses:
                copy.write_row(_course_row(course))
    log(f"{len(courses):,} courses written in {time.perf_counter() - started:.0f} s")
    keys: dict[str, str] = {}
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(
            f"COPY activities_trainee ({', '.join(TRAINEE_COLUMNS)}) FROM STDIN"
        ) as copy,
    ):
        for course in courses:
            for row in _trainee_rows(course, communes, establishments, keys, rng):
                copy.write_row(row)
    log(f"trainees written in {time.perf_counter() - started:.0f} s")
    _attendance(province_id)
    _vacuum()
    log(f"training built in {time.perf_counter() - started:.0f} s")


def _vacuum() -> None:
    with connection.cursor() as cursor:
        for table in ("course", "trainee", "coursesession", "attendance"):
            cursor.execute(f"VACUUM ANALYZE activities_{table}")


def _establishments_by_province(provinces: list[int]) -> dict[int, list[int]]:
    found = {}
    with connection.cursor() as cursor:
        for province in provinces:
            cursor.execute(
                "SELECT id FROM registry_establishment WHERE province_id = %s ORDER BY id LIMIT 2000",
                [province],
            )
            found[province] = [pk for (pk,) in cursor.fetchall()]
    return found


def _courses(projects, communes, target_trainees: int, rng: random.Random) -> list[dict]:
    courses, total, n = [], 0, 0
    while total < target_trainees:
        pk, province, start, end = projects[n % len(projects)]
        size = min(rng.randrange(20, 41), target_trainees - total)
        begins = min(start + datetime.timedelta(days=rng.randrange(0, 120)), end)
        ends = min(begins + datetime.timedelta(days=rng.randrange(30, 90)), end)
        venue = rng.choice(communes[province])
        trade = rng.choice(TRADES)
        courses.append(
            {
                "n": n,
                "project_id": pk,
                "province": province,
                "start_on": begins,
                "end_on": ends,
                "size": size,
                "venue": venue,
                "trade": trade,
            }
        )
        total += size
        n += 1
    return courses


def _course_row(course: dict) -> tuple:
    return (
        course["id"],
        1,
        NOW,
        NOW,
        f"Lớp đào tạo nghề {course['trade'].lower()} {course['n'] + 1}",
        course["trade"],
        "Nhà văn hóa thôn",
        course["start_on"],
        course["end_on"],
        "Nguyễn Văn An\nTrần Thị Hoa",
        course["size"],
        course["project_id"],
        course["venue"],
        course["venue"],
    )


def _trainee_rows(course, communes, establishments, keys, rng: random.Random):
    here = communes[course["province"]]
    works_here = establishments.get(course["province"]) or [None]
    ended = course["end_on"] < datetime.date(2025, 6, 30)
    seen = set()
    while len(seen) < course["size"]:
        female = rng.random() < 0.55
        middle = "Thị" if female else rng.choice(MIDDLES)
        name = f"{rng.choice(SURNAMES)} {middle} {rng.choice(GIVEN)}"
        born = rng.randrange(1965, 2006)
        if (name, born) in seen:  # the natural key of a course's list
            continue
        seen.add((name, born))
        key = keys.get(name)
        if key is None:
            key = keys[name] = fold(name)
        commune = course["venue"] if rng.random() < 0.7 else rng.choice(here)
        completed = ended and rng.random() < 0.92
        employed = completed and rng.random() < 0.75
        yield (
            1,
            name,
            key,
            "female" if female else "male",
            born,
            "Kinh",
            completed,
            f"CC-{course['id']}-{len(seen):03d}" if completed else "",
            employed,
            "Làm tại hộ gia đình" if employed else "",
            NOW,
            NOW,
            commune,
            commune,
            course["id"],
            rng.choice(works_here) if rng.random() < 0.1 else None,
        )


def _attendance(province_id: int) -> None:
    """Four sessions a course, with everyone's attendance, for the measured province's courses."""
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO activities_coursesession (course_id, held_on, topic, hours)
               SELECT c.id, c.start_on + (s * (c.end_on - c.start_on) / %s), 'Buổi ' || (s + 1), 4
               FROM activities_course c JOIN projects_project p ON p.id = c.project_id
               CROSS JOIN generate_series(0, %s) s
               WHERE p.current_province_id = %s""",
            [SESSIONS - 1, SESSIONS - 1, province_id],
        )
        cursor.execute(
            """INSERT INTO activities_attendance (session_id, trainee_id, present)
               SELECT s.id, t.id, (t.id + s.id) % 10 <> 0
               FROM activities_coursesession s JOIN activities_trainee t ON t.course_id = s.course_id"""
        )


# ------------------------------------------------------------------ what the pages should cost

# The trainee list: one query for the page's rows in the Centre staff's province scope (the course's
# project in the province), the course and the commune it shows, newest first, one row more than a page.
LIST_SQL = """
    SELECT t.id, t.version, t.full_name, t.name_key, t.sex, t.birth_year, t.ethnicity, t.completed,
           t.certificate_number, t.employed_after_training, t.employed_at, t.created_at, t.updated_at,
           t.commune_id, t.current_commune_id, t.establishment_id,
           c.id, c.title, c.trade, c.start_on, c.end_on, c.project_id, cm.id, cm.name, cm.code
    FROM activities_trainee t
    JOIN activities_course c ON c.id = t.course_id
    JOIN projects_project p ON p.id = c.project_id
    LEFT JOIN geo_adminunit cm ON cm.id = t.current_commune_id
    WHERE p.current_province_id = %(province)s {conditions}
    ORDER BY {order} LIMIT 51"""

# The course page: its facts (in the user's scope), sessions, counts, first page of trainees
# in the order of its sheet with their communes, and their attendance.
COURSE_SQL = [
    """SELECT c.*, v.name, p.id, p.code, p.title, p.current_province_id FROM activities_course c
       JOIN projects_project p ON p.id = c.project_id LEFT JOIN geo_adminunit v ON v.id = c.current_venue_commune_id
       WHERE c.id = %(course)s AND p.current_province_id = %(province)s""",
    "SELECT * FROM activities_coursesession WHERE course_id = %(course)s ORDER BY held_on, id",
    """SELECT COUNT(*), COUNT(*) FILTER (WHERE completed), COUNT(*) FILTER (WHERE employed_after_training)
       FROM activities_trainee WHERE course_id = %(course)s""",
    """SELECT t.*, cm.name FROM activities_trainee t LEFT JOIN geo_adminunit cm ON cm.id = t.current_commune_id
       WHERE t.course_id = %(course)s ORDER BY t.name_key, t.id LIMIT 51""",
    """SELECT trainee_id, COUNT(*) FILTER (WHERE present), COUNT(*) FROM activities_attendance
       WHERE trainee_id = ANY(%(page)s) GROUP BY trainee_id""",
]


def list_cases(province_id: int, course_id: int, commune_id: int, year: int) -> dict:
    """The list's filters: (query string, SQL conditions, order, parameters)."""
    newest = "t.id DESC"
    cases = {
        "all": ({}, "", newest, {}),
        "year": (
            {"year": year},
            # The year's courses in scope as an array first, as the page does: through the join the
            # planner walks the newest trainees of every year (1,4 s at 10⁶).
            """AND t.course_id = ANY(ARRAY(
                   SELECT c2.id FROM activities_course c2 JOIN projects_project p2 ON p2.id = c2.project_id
                   WHERE c2.start_on BETWEEN %(from)s AND %(to)s AND p2.current_province_id = %(province)s))""",
            newest,
            {"from": datetime.date(year, 1, 1), "to": datetime.date(year, 12, 31)},
        ),
        "commune": (
            {"commune": commune_id},
            "AND t.current_commune_id = %(commune)s",
            newest,
            {"commune": commune_id},
        ),
        "not_completed": ({"completed": "no"}, "AND NOT t.completed", newest, {}),
        "course": (
            {"course": course_id},
            "AND t.course_id = %(course)s",
            "t.name_key, t.id",
            {"course": course_id},
        ),
    }
    for label, term in TERMS.items():
        words = fold(term).split()
        conditions = " ".join(f"AND t.name_key LIKE %(w{i})s" for i in range(len(words)))
        cases[label] = ({"q": term}, conditions, newest, {f"w{i}": f"%{w}%" for i, w in enumerate(words)})
    for _label, (_query, _conditions, _order, params) in cases.items():
        params["province"] = province_id
    return cases


def list_sql(conditions: str, order: str) -> str:
    return LIST_SQL.format(conditions=conditions, order=order)


def time_list_sql(sql: str, params: dict, repeat: int) -> list[float]:
    return _time(lambda cursor: _run(cursor, sql, params), repeat)


def time_course_sql(course_id: int, province_id: int, repeat: int) -> list[float]:
    params = {"course": course_id, "province": province_id}

    *first, page, attendance = COURSE_SQL

    def run(cursor):
        for sql in first:
            _run(cursor, sql, params)
        cursor.execute(page, params)
        ids = [row[0] for row in cursor.fetchall()][:50]
        _run(cursor, attendance, {"page": ids})

    return _time(run, repeat)


def bench_course(province_id: int) -> tuple[int, int, int]:
    """The course the page is timed on (the province's newest with a full class), a commune with
    trainees in it, and an early year (the list's newest-first order reaches it last)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.id, c.venue_commune_id FROM activities_course c
               JOIN projects_project p ON p.id = c.project_id
               WHERE p.current_province_id = %s AND c.planned_trainees >= 30
               ORDER BY c.start_on DESC, c.id DESC LIMIT 1""",
            [province_id],
        )
        course, commune = cursor.fetchone()
    return course, commune, LIST_YEAR


def page_path(name: str, *args, query: str = "") -> str | None:
    """The page's path, or None while the page is not built on this branch (the bench says so)."""
    try:
        path = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return f"{path}?{query}" if query else path


def explain(sql: str, params: dict) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _run(cursor, sql, params):
    cursor.execute(sql, params)
    cursor.fetchall()


def _time(run, repeat: int) -> list[float]:
    times = []
    with connection.cursor() as cursor:
        for attempt in range(repeat + 5):
            started = time.perf_counter()
            run(cursor)
            if attempt >= 5:
                times.append((time.perf_counter() - started) * 1000)
    return times
