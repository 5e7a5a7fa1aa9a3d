"""make bench, the portal part: the commune officer's phone page over the national registry.

The busiest commune of the province (the most establishments of the synthetic registry) is given,
once and deterministically, projects of its own among the province's synthetic ones (by place, by
applicant and by beneficiary, the three ways a project belongs to a commune) and needs waiting for
the Centre. Then bench.py times, as the commune's officer:

* the commune page (`portal:commune`): the first page of its establishments, its open needs, its
  projects under way and the visits due, against the raw SQL of the same rows;
* the same page searched by a name.
"""

from __future__ import annotations

import datetime
import random
import statistics
import urllib.parse

from django.conf import settings
from django.db import connection

from khuyencong.accounts.models import Role, ScopeLevel
from khuyencong.projects.models import Project, ProjectBeneficiary
from khuyencong.projects.models.states import ENDED
from khuyencong.registry.models import ActivityType, Establishment, Need

# How many of the province's synthetic projects become the commune's, in each of the three ways.
BY_PLACE, BY_APPLICANT, BY_BENEFICIARY = 120, 120, 60
NEEDS = 150


def log(message: str) -> None:
    print(f"· {message}", flush=True)


def busiest_commune(province_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_commune_id FROM registry_establishment WHERE province_id = %s "
            "GROUP BY current_commune_id ORDER BY count(*) DESC, current_commune_id LIMIT 1",
            [province_id],
        )
        return cursor.fetchone()[0]


def give_commune_its_records(province_id: int, commune_id: int, seed: int) -> dict:
    """The commune's projects and needs, made once (a second run finds them and adds nothing)."""
    rng = random.Random(seed)
    establishments = list(
        Establishment.objects.filter(current_commune_id=commune_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    mine = Project.objects.filter(current_commune_id=commune_id)
    if not mine.exists():
        # Half under way (the lists of work in progress and of visits due), half ended, shuffled.
        wanted = BY_PLACE + BY_APPLICANT + BY_BENEFICIARY
        free = Project.objects.filter(province_id=province_id, current_commune__isnull=True).order_by("pk")
        pool = [
            *free.exclude(status__in=ENDED).values_list("pk", flat=True)[: wanted // 2],
            *free.filter(status__in=ENDED).values_list("pk", flat=True)[: wanted - wanted // 2],
        ]
        rng.shuffle(pool)
        by_place, by_applicant = pool[:BY_PLACE], pool[BY_PLACE : BY_PLACE + BY_APPLICANT]
        by_beneficiary = pool[BY_PLACE + BY_APPLICANT :]
        Project.objects.filter(pk__in=by_place).update(current_commune_id=commune_id)
        for pk in by_applicant:
            Project.objects.filter(pk=pk).update(applicant_id=rng.choice(establishments))
        ProjectBeneficiary.objects.bulk_create(
            ProjectBeneficiary(project_id=pk, establishment_id=rng.choice(establishments))
            for pk in by_beneficiary
        )
    if not Need.objects.filter(current_commune_id=commune_id).exists():
        training = ActivityType.objects.filter(code="1").order_by("-effective_from").first()
        Need.objects.bulk_create(
            Need(
                establishment_id=rng.choice(establishments),
                commune_id=commune_id,
                current_commune_id=commune_id,
                province_id=province_id,
                activity_type=training,
                description=f"Nhu cầu đào tạo nghề số {n}",
                collected_by=Need.Collector.SURVEY,
                status=rng.choice([Need.Status.NEW, Need.Status.REVIEWED, Need.Status.CLOSED]),
            )
            for n in range(NEEDS)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE projects_project; ANALYZE projects_projectbeneficiary; ANALYZE registry_need")
    return {
        "establishments": len(establishments),
        "projects": _commune_projects_count(commune_id),
        "needs": Need.objects.filter(current_commune_id=commune_id).count(),
    }


def _commune_projects_count(commune_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({PROJECTS_OF_COMMUNE}) AS mine", {"commune": commune_id})
        return cursor.fetchone()[0]


# The projects of the commune, by place, applicant or beneficiary (Project.visible_to's rule).
PROJECTS_OF_COMMUNE = """
SELECT p.id FROM projects_project p WHERE p.current_commune_id = %(commune)s
UNION SELECT p.id FROM projects_project p JOIN registry_establishment e ON e.id = p.applicant_id
  WHERE e.current_commune_id = %(commune)s
UNION SELECT b.project_id FROM projects_projectbeneficiary b
  JOIN registry_establishment e ON e.id = b.establishment_id WHERE e.current_commune_id = %(commune)s
"""

# What the page shows, each as one statement: the first page (21 rows, the page's own way of knowing
# there is a next) of each of its lists: establishments, open needs, projects under way, visits due.
ESTABLISHMENTS_SQL = """SELECT e.id, e.name, e.representative FROM registry_establishment e
       WHERE e.current_commune_id = %(commune)s {searched} ORDER BY e.name, e.id LIMIT 21"""
PAGE_SQL = (
    """SELECT n.id, n.status, n.contact_name, n.contact_phone, e.name, a.name
       FROM registry_need n LEFT JOIN registry_establishment e ON e.id = n.establishment_id
       JOIN registry_activitytype a ON a.id = n.activity_type_id
       WHERE n.current_commune_id = %(commune)s AND n.status IN ('new', 'reviewed') ORDER BY n.id DESC LIMIT 21""",
    f"""SELECT p.id, p.title, p.status FROM projects_project p
       WHERE p.id IN ({PROJECTS_OF_COMMUNE}) AND NOT (p.status = ANY(%(ended)s)) ORDER BY p.id DESC LIMIT 21""",
    f"""SELECT p.id, p.title, p.status FROM projects_project p
       WHERE p.id IN ({PROJECTS_OF_COMMUNE}) AND p.status = 'in_progress'
         AND NOT EXISTS (SELECT 1 FROM projects_monitoringvisit v WHERE v.project_id = p.id AND v.visited_on >= %(since)s)
       ORDER BY p.id LIMIT 21""",
)


def time_page_sql(commune_id: int, term: str, repeat: int, timer) -> list[float]:
    from khuyencong.vntext import fold

    params = {
        "commune": commune_id,
        "like": f"%{fold(term)}%",
        "ended": list(ENDED),
        "since": datetime.date.today() - datetime.timedelta(days=settings.VISIT_DUE_AFTER_DAYS),
    }

    searched = "AND e.search_key LIKE %(like)s" if term else ""

    def run(cursor):
        for sql in (ESTABLISHMENTS_SQL.format(searched=searched), *PAGE_SQL):
            cursor.execute(sql, params)
            cursor.fetchall()

    return timer(run, repeat)


def bench(province, session_for, user_with, timing, repeat: int, seed: int) -> dict:
    """`timing` is bench.py's (time_with_floor, figures) and bench_projects' SQL timer."""
    time_with_floor, figures, timer = timing
    commune_id = busiest_commune(province.pk)
    sizes = give_commune_its_records(province.pk, commune_id, seed)
    log(f"commune page of commune {commune_id}: {sizes}")
    from khuyencong.geo.models import AdminUnit

    officer = user_with(
        "bench-officer", Role.COMMUNE_OFFICER, ScopeLevel.COMMUNE, AdminUnit.objects.get(pk=commune_id)
    )
    cookie = session_for(officer)
    term = (
        Establishment.objects.filter(current_commune_id=commune_id)
        .order_by("pk")
        .values_list("name", flat=True)[0]
    )
    term = term.split()[-1]
    results = {"commune": commune_id, **sizes}
    for label, query in (("page", ""), ("search", term)):
        path = "/portal/commune/" + (f"?{urllib.parse.urlencode({'q': query})}" if query else "")
        page, floor = time_with_floor(path, cookie)
        sql = time_page_sql(commune_id, query, repeat, timer)
        results[label] = {"path": path, **figures(page, sql, statistics.median(floor))}
    results["admin"] = (
        "none fits: no changelist shows a commune's establishments, needs and projects together"
    )
    return results


def report(results: dict) -> None:
    data = results["portal"]
    print(
        f"\nCommune page (commune {data['commune']}: {data['establishments']:,} establishments, "
        f"{data['projects']:,} projects, {data['needs']:,} needs), as its officer"
    )
    print(
        f"{'page':<10}{'page med':>10}{'page p95':>10}{'floor':>10}{'raw SQL':>10}{'page/(floor+SQL)':>18}  path"
    )
    for label in ("page", "search"):
        row = data[label]
        print(
            f"{label:<10}{row['page_median_ms']:>8.1f}ms{row['page_p95_ms']:>8.1f}ms{row['floor_median_ms']:>8.1f}ms"
            f"{row['sql_median_ms']:>8.1f}ms{row['page_to_floor_sql']:>17.2f}×  {row['path']}"
        )
    print(f"admin: {data['admin']}")
