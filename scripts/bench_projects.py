"""make bench, part two: a national synthetic programme and the project list and plan page over it.

Builds (once, deterministically) 200,000 × BENCH_SCALE projects in 34 provinces × 6 years × 2 funding
sources × 2 batches, with five payments each (1,000,000 × BENCH_SCALE), by COPY; then bench.py times:

* the project list of one province and year, over HTTP, against the raw SQL of the same page of rows;
* the plan page (execution figures of a province and year on a date), over HTTP, against the raw SQL
  of the same aggregates (batch amounts, commitments, payments by kind, same period a year before).
"""

from __future__ import annotations

import datetime
import random
import time

from django.db import connection

from khuyencong.plans.models import Batch, FundingSource, Plan
from khuyencong.projects.models import Payment, Project
from khuyencong.registry.models import ActivityType
from khuyencong.vntext import fold

YEARS = range(2020, 2026)
SOURCES = ("KCQG", "KCĐP")
BATCHES = (1, 2)
TITLES = [
    "Đào tạo nghề",
    "Mô hình trình diễn kỹ thuật",
    "Hội chợ triển lãm",
    "Tuyên truyền khuyến công",
    "Hỗ trợ máy móc thiết bị",
    "Tư vấn thiết kế mẫu mã",
]
PAYMENT_SHARES = [("advance", 40), ("payment", 20), ("payment", 20), ("payment", 15), ("recovery", -5)]
PROJECT_COLUMNS = (
    "code",
    "title",
    "description",
    "activity_type_id",
    "support_item",
    "source_id",
    "year",
    "province_id",
    "current_province_id",
    "implementing_unit",
    "beneficiaries_later",
    "start_on",
    "end_on",
    "support_amount",
    "counterpart_amount",
    "total_amount",
    "batch_id",
    "approved_support",
    "approved_on",
    "settled_amount",
    "settled_on",
    "accepted_on",
    "status",
    "submitted_on",
    "version",
    "search_key",
    "created_at",
    "updated_at",
)
PAYMENT_COLUMNS = (
    "project_id",
    "batch_id",
    "kind",
    "amount",
    "paid_on",
    "voucher_number",
    "note",
    "created_at",
)


def log(message: str) -> None:
    print(f"· {message}", flush=True)


def build_programme(provinces, target_projects: int, seed: int) -> None:
    have, paid = Project.objects.filter(code__startswith="B-").count(), Payment.objects.count()
    if have == target_projects and paid == target_projects * len(PAYMENT_SHARES):
        log(f"programme already holds {have:,} synthetic projects and {paid:,} payments")
        return
    log(f"building {target_projects:,} projects and {target_projects * len(PAYMENT_SHARES):,} payments")
    started = time.perf_counter()
    with connection.cursor() as cursor:  # bench database only: start the programme afresh
        cursor.execute("TRUNCATE projects_payment, projects_project, plans_batch, plans_plan CASCADE")
    rng = random.Random(seed)
    activities = list(ActivityType.in_force(datetime.date(2024, 1, 1)).values_list("pk", flat=True))
    sources = {s.code: s for s in FundingSource.objects.filter(code__in=SOURCES)}
    slots = [(p, y, s, b) for p in provinces for y in YEARS for s in SOURCES for b in BATCHES]
    per_slot, extra = divmod(target_projects, len(slots))
    batches = []
    for index, (province, year, code, number) in enumerate(slots):
        plan, _ = Plan.objects.get_or_create(
            province=province, year=year, source=sources[code], defaults={"title": f"Kế hoạch {code} {year}"}
        )
        count = per_slot + (1 if index < extra else 0)
        supports = [rng.randrange(500, 5000) * 100_000 for _ in range(count)]
        batch = Batch.objects.create(
            plan=plan,
            number=number,
            amount=sum(supports) * 11 // 10,
            approved_on=datetime.date(year, 3 if number == 1 else 8, 15),
        )
        batches.append((batch, supports))
    with connection.cursor() as cursor:
        copy_sql = f"COPY projects_project ({', '.join(PROJECT_COLUMNS)}) FROM STDIN"
        with cursor.connection.cursor().copy(copy_sql) as copy:
            serial = 0
            for batch, supports in batches:
                for support in supports:
                    serial += 1
                    copy.write_row(project_row(serial, batch, support, rng, activities))
    log(f"projects written in {time.perf_counter() - started:.0f} s")
    write_payments(rng)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE projects_project")
        cursor.execute("VACUUM ANALYZE projects_payment")
    log(f"programme built in {time.perf_counter() - started:.0f} s")


def project_row(serial, batch, support, rng, activities):
    plan = batch.plan
    approved = batch.approved_on + datetime.timedelta(days=rng.randrange(0, 60))
    finished = plan.year < 2025
    title = f"{rng.choice(TITLES)} {serial}"
    counterpart = rng.randrange(0, 2000) * 100_000
    code = f"B-{plan.year}-{plan.source_id}-{serial:06d}"
    return (
        code,
        title,
        "",
        rng.choice(activities),
        "",
        plan.source_id,
        plan.year,
        plan.province_id,
        plan.province_id,
        "Trung tâm Khuyến công",
        True,
        approved,
        datetime.date(plan.year, 12, 31),
        support,
        counterpart,
        support + counterpart,
        batch.pk,
        support,
        approved,
        support * 9 // 10 if finished else None,
        datetime.date(plan.year, 12, 20) if finished else None,
        datetime.date(plan.year, 12, 1) if finished else None,
        "closed" if finished else "in_progress",
        approved - datetime.timedelta(days=20),
        1,
        fold(f"{code} {title} Trung tâm Khuyến công"),
        "2026-01-01 00:00:00+07",
        "2026-01-01 00:00:00+07",
    )


def write_payments(rng) -> None:
    # Read first: the connection cannot fetch rows while it streams a COPY.
    projects = list(
        Project.objects.filter(code__startswith="B-").values_list(
            "pk", "batch_id", "approved_support", "approved_on"
        )
    )
    with connection.cursor() as cursor:
        copy_sql = f"COPY projects_payment ({', '.join(PAYMENT_COLUMNS)}) FROM STDIN"
        with cursor.connection.cursor().copy(copy_sql) as copy:
            for pk, batch_id, support, approved_on in projects:
                day = approved_on
                for step, (kind, share) in enumerate(PAYMENT_SHARES):
                    day = day + datetime.timedelta(days=rng.randrange(10, 70))
                    copy.write_row(
                        (
                            pk,
                            batch_id,
                            kind,
                            support * share // 100,
                            day,
                            f"PC-{pk}-{step}",
                            "",
                            "2026-01-01 00:00:00+07",
                        )
                    )


def batch_ids(province_id: int, year: int) -> list[int]:
    return list(
        Batch.objects.filter(plan__province_id=province_id, plan__year=year).values_list("pk", flat=True)
    )


LIST_SQL = """
    SELECT p.id, p.code, p.title, p.status, p.support_amount, p.approved_support, s.code, b.number, a.name
    FROM projects_project p
    JOIN plans_fundingsource s ON s.id = p.source_id
    JOIN registry_activitytype a ON a.id = p.activity_type_id
    LEFT JOIN plans_batch b ON b.id = p.batch_id
    WHERE p.current_province_id = %s AND p.year = %s
    ORDER BY p.year DESC, p.id DESC LIMIT 51"""

SEARCH_SQL = """
    SELECT p.id, p.code, p.title, p.status, p.support_amount, p.approved_support, s.code, b.number, a.name
    FROM projects_project p
    JOIN plans_fundingsource s ON s.id = p.source_id
    JOIN registry_activitytype a ON a.id = p.activity_type_id
    LEFT JOIN plans_batch b ON b.id = p.batch_id
    WHERE {conditions}
    ORDER BY p.year DESC, p.id DESC LIMIT 51"""

# What the page computes per batch, whatever the batches: planned (adjustments), committed, money by kind.
# A project's support on a past day: the amount before its first adjustment after that day, else today's;
# summed as today's, then the projects adjusted after the day read apart (plans.figures.committed_by_batch).
# A batch's amount on the day: its latest adjustment in force, else the amount first approved.
AMOUNT_THEN = """CASE WHEN b.approved_on > %(day)s THEN 0 ELSE COALESCE(
       (SELECT a.new_amount FROM plans_batchadjustment a WHERE a.batch_id = b.id AND a.effective_on <= %(day)s
        ORDER BY a.effective_on DESC, a.id DESC LIMIT 1), b.original_amount) END"""

BATCH_SQL = [
    """SELECT batch_id,
              SUM(CASE WHEN settled_on <= %(day)s THEN settled_amount ELSE approved_support END),
              COALESCE(SUM(settled_amount) FILTER (WHERE settled_on <= %(day)s), 0)
       FROM projects_project WHERE batch_id = ANY(%(batches)s) AND approved_on <= %(day)s GROUP BY batch_id""",
    """SELECT v.project_id, p.batch_id, p.approved_support, v.support_before
       FROM projects_projectversion v JOIN projects_project p ON p.id = v.project_id
       WHERE v.kind = 'amount' AND v.effective_on > %(day)s AND p.batch_id = ANY(%(batches)s)
         AND p.approved_on <= %(day)s AND NOT (p.settled_on IS NOT NULL AND p.settled_on <= %(day)s)
       ORDER BY v.project_id, v.effective_on, v.id""",
    """SELECT batch_id, kind, SUM(amount) FROM projects_payment
       WHERE batch_id = ANY(%(batches)s) AND paid_on <= %(day)s GROUP BY batch_id, kind""",
]

OVERVIEW_SQL = [
    f"""SELECT b.id, {AMOUNT_THEN}, pl.province_id, pl.source_id, u.name, s.code
       FROM plans_batch b JOIN plans_plan pl ON pl.id = b.plan_id
       JOIN geo_adminunit u ON u.id = pl.province_id JOIN plans_fundingsource s ON s.id = pl.source_id
       WHERE pl.year = %(year)s ORDER BY u.name, s."order" """,
    *BATCH_SQL,
    """SELECT pl.province_id, pl.source_id, SUM(pay.amount) FROM projects_payment pay
       JOIN plans_batch b ON b.id = pay.batch_id JOIN plans_plan pl ON pl.id = b.plan_id
       WHERE pl.year = %(previous)s AND pay.paid_on <= %(previous_day)s GROUP BY pl.province_id, pl.source_id""",
]

PLAN_SQL = [
    f"""SELECT b.id, {AMOUNT_THEN}, pl.source_id FROM plans_batch b
       JOIN plans_plan pl ON pl.id = b.plan_id WHERE pl.province_id = %(province)s AND pl.year = %(year)s""",
    *BATCH_SQL,
    """SELECT pl.source_id, SUM(pay.amount) FROM projects_payment pay
       JOIN plans_batch b ON b.id = pay.batch_id JOIN plans_plan pl ON pl.id = b.plan_id
       WHERE pl.province_id = %(province)s AND pl.year = %(previous)s AND pay.paid_on <= %(previous_day)s
       GROUP BY pl.source_id""",
]


def time_list_sql(province_id: int, year: int, repeat: int) -> list[float]:
    return _time(lambda cursor: _run(cursor, LIST_SQL, [province_id, year]), repeat)


def time_plan_sql(province_id: int, year: int, day: datetime.date, repeat: int) -> list[float]:
    params = {
        "province": province_id,
        "year": year,
        "day": day,
        "batches": batch_ids(province_id, year),
        "previous": year - 1,
        "previous_day": day.replace(year=year - 1),
    }

    def run(cursor):
        for sql in PLAN_SQL:
            _run(cursor, sql, params)

    return _time(run, repeat)


def time_search_sql(term: str, repeat: int) -> list[float]:
    words = [f"%{word}%" for word in fold(term).split()]
    sql = SEARCH_SQL.format(conditions=" AND ".join("p.search_key LIKE %s" for _ in words))
    return _time(lambda cursor: _run(cursor, sql, words), repeat)


def time_overview_sql(year: int, day: datetime.date, repeat: int) -> list[float]:
    params = {
        "year": year,
        "day": day,
        "batches": list(Batch.objects.filter(plan__year=year).values_list("pk", flat=True)),
        "previous": year - 1,
        "previous_day": day.replace(year=year - 1),
    }

    def run(cursor):
        for sql in OVERVIEW_SQL:
            _run(cursor, sql, params)

    return _time(run, repeat)


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
