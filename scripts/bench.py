"""make bench: a synthetic national registry in PostgreSQL, and the figures of issue 2.

Builds (once, deterministically) 1,000,000 × BENCH_SCALE establishments over today's
34 provinces in the database named by DATABASE_URL, serves the app with gunicorn, and
measures in one run:

* the registry list filtered by province and searched by a diacritic-free term, over HTTP;
* the raw SQL that fetches the same rows;
* a plain Django-admin changelist doing the same search over the same table;
* the import of a 100,000-row xlsx (throughput and peak memory of the import process);
* the projects' pages (bench_projects.py) and the trainee list and a course page over 1,000,000
  trainees (bench_activities.py), each against the raw SQL of the same rows;
* the periodic report of a province and of the country, and the dashboards (bench_reports.py);
* the commune officer's page of the busiest commune (bench_portal.py).

BENCH_ONLY=training (or registry, projects, reports, portal, import; comma-separated) runs only those parts,
saying so.

Prints a table and writes bench-results.json.
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from khuyencong.accounts.models import Role, RoleAssignment, ScopeLevel, User  # noqa: E402
from khuyencong.activities.models import Course, Trainee  # noqa: E402
from khuyencong.geo.models import AdminUnit  # noqa: E402
from khuyencong.projects.models import Payment, Project  # noqa: E402
from khuyencong.registry.demo import GIVEN, SURNAMES  # noqa: E402
from khuyencong.registry.demo import TRADES as DEMO_TRADES  # noqa: E402
from khuyencong.registry.models import Establishment  # noqa: E402
from khuyencong.vntext import fold  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
import bench_activities  # noqa: E402
import bench_portal  # noqa: E402
import bench_projects  # noqa: E402
import bench_reports  # noqa: E402

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
TARGET = int(1_000_000 * SCALE)
PROJECTS = int(200_000 * SCALE)
TRAINEES = int(1_000_000 * SCALE)
PARTS = ("registry", "projects", "training", "reports", "portal", "import")
ONLY = [part.strip() for part in os.environ.get("BENCH_ONLY", "").split(",") if part.strip()]
PLAN_YEAR = 2024
PLAN_DAY = "2024-09-30"
SEARCH_TERM = "dao tao nghe"
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "60"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SEED = 20151
HUNG_YEN = 33
TERMS = {"common": "may tre", "rare": "duc dong lam"}
# A signed-in page that renders the base template and runs no query of its own (its form is static).
FLOOR_PATH = "/accounts/password/change/"
# Trades not in the demo data too, so the synthetic registry has a wider mix.
TRADES = [trade for trade, _group, _products in DEMO_TRADES] + ["Gốm sứ", "Dệt may", "Sơn mài", "Làm hương"]
COLUMNS = (
    "name",
    "legal_form",
    "tax_code",
    "representative",
    "phone",
    "email",
    "address",
    "trade",
    "vsic_code",
    "workers",
    "year_founded",
    "main_products",
    "source",
    "name_key",
    "search_key",
    "created_at",
    "updated_at",
    "commune_id",
    "current_commune_id",
    "province_id",
    "version",
)


def log(message: str) -> None:
    print(f"· {message}", flush=True)


def synthetic_rows(count: int, communes: list[tuple[int, int]], rng: random.Random):
    now = "2026-01-01 00:00:00+07"
    for i in range(count):
        commune_id, province_id = communes[rng.randrange(len(communes))]
        owner = f"{rng.choice(SURNAMES)} {rng.choice(['Văn', 'Thị', 'Đức', 'Minh'])} {rng.choice(GIVEN)}"
        trade = rng.choice(TRADES)
        roll = rng.random()
        if roll < 0.6:
            name, form, tax = f"Hộ kinh doanh {owner} {i}", "household", None
        elif roll < 0.85:
            name, form, tax = (
                f"Công ty TNHH {trade} {owner.split()[-1]} {i}",
                "enterprise",
                f"{1000000000 + i}",
            )
        else:
            name, form, tax = f"Hợp tác xã {trade} số {i}", "cooperative", None
        search_key = fold(" ".join(filter(None, [name, tax, owner, trade])))
        yield (
            name,
            form,
            tax,
            owner,
            "",
            "",
            "",
            trade,
            "",
            rng.randrange(1, 200),
            rng.randrange(1980, 2025),
            "",
            "manual",
            fold(name),
            search_key,
            now,
            now,
            commune_id,
            commune_id,
            province_id,
            1,
        )


def build_registry() -> None:
    have = Establishment.objects.filter(source="manual").count()
    if have == TARGET:
        log(f"registry already holds {have:,} synthetic establishments")
        return
    log(f"building {TARGET:,} establishments (had {have:,})")
    Establishment.objects.all().delete()
    communes = list(AdminUnit.objects.current().communes().order_by("id").values_list("id", "province_id"))
    rng = random.Random(SEED)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        copy_sql = f"COPY registry_establishment ({', '.join(COLUMNS)}) FROM STDIN"
        with cursor.connection.cursor().copy(copy_sql) as copy:
            for row in synthetic_rows(TARGET, communes, rng):
                copy.write_row(row)
    vacuum()
    log(f"built in {time.perf_counter() - started:.0f} s")


def vacuum() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE registry_establishment")


def bench_users() -> tuple[User, str]:
    user, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    RoleAssignment.objects.get_or_create(user=user, role=Role.ADMINISTRATOR, scope_level=ScopeLevel.NATIONAL)
    return user, session_for(user)


def province_staff(province: AdminUnit) -> str:
    """A session of a Centre staff member of the province: the project pages go through that scope."""
    user, _ = User.objects.get_or_create(username="bench-staff")
    RoleAssignment.objects.get_or_create(
        user=user, role=Role.CENTRE_STAFF, scope_level=ScopeLevel.PROVINCE, unit=province
    )
    return session_for(user)


def session_for(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def get_once(path: str, cookie: str) -> float:
    """Milliseconds for one GET of the path on a new connection, as a browser's first visit."""
    headers = {"Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookie}"
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", PORT)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise RuntimeError(f"GET {path} → {response.status} {response.getheader('Location')}")
    assert body
    return elapsed


def time_http(path: str, cookie: str) -> list[float]:
    """Milliseconds for each GET of the path, a new connection each time."""
    times = [get_once(path, cookie) for _ in range(REPEAT + 5)]
    return times[5:]  # the first requests warm the worker processes


def time_with_floor(path: str, cookie: str) -> tuple[list[float], list[float]]:
    """The page and the same user's floor, one request of each in turn: both meet the same load, so
    their ratio holds on a shared machine whose load changes during the run."""
    page, floor = [], []
    for attempt in range(REPEAT + 5):
        page_ms = get_once(path, cookie)
        floor_ms = get_once(FLOOR_PATH, cookie) if cookie else 0.0
        if attempt >= 5:  # the first requests warm the worker processes
            page.append(page_ms)
            floor.append(floor_ms)
    return page, floor


def time_sql(province_id: int, term: str) -> list[float]:
    conditions = " AND ".join("e.search_key LIKE %s" for _ in term.split())
    sql = f"""
        SELECT e.id, e.name, e.legal_form, e.tax_code, e.trade, e.workers, c.name, p.name
        FROM registry_establishment e
        LEFT JOIN geo_adminunit c ON c.id = e.current_commune_id
        LEFT JOIN geo_adminunit p ON p.id = e.province_id
        WHERE e.province_id = %s AND {conditions}
        ORDER BY e.search_key, e.id LIMIT 51"""
    params = [province_id, *[f"%{word}%" for word in term.split()]]
    times = []
    with connection.cursor() as cursor:
        for attempt in range(REPEAT + 5):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            if attempt >= 5:
                times.append((time.perf_counter() - started) * 1000)
    return times


def start_server(env: dict) -> subprocess.Popen:
    static = tempfile.mkdtemp(prefix="kc-static-")
    env = {**env, "STATIC_ROOT": static}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "khuyencong.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/accounts/login/")
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def write_import_file(path: Path, province: AdminUnit) -> None:
    communes = list(
        AdminUnit.objects.current().communes().filter(province=province).values_list("name", flat=True)
    )
    rng = random.Random(SEED + 1)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cơ sở")
    sheet.append(["DANH SÁCH CƠ SỞ CÔNG NGHIỆP NÔNG THÔN"])
    sheet.append(
        [
            "STT",
            "Tên cơ sở",
            "Loại hình",
            "Mã số thuế",
            "Người đại diện",
            "Điện thoại",
            "Xã/Phường/Thị trấn",
            "Tỉnh",
            "Ngành nghề",
            "Số lao động",
            "Năm thành lập",
        ]
    )
    stamp = int(time.time())
    for i in range(IMPORT_ROWS):
        owner = f"{rng.choice(SURNAMES)} Văn {rng.choice(GIVEN)}"
        tax = f"{3000000000 + (stamp % 1000) * 1_000_000 + i}" if i % 3 == 0 else None
        sheet.append(
            [
                i + 1,
                f"Hộ kinh doanh {owner} nhập {stamp}-{i}",
                "Hộ kinh doanh",
                tax,
                owner,
                f"09{rng.randrange(10**8):08d}",
                rng.choice(communes),
                province.name,
                rng.choice(TRADES),
                rng.randrange(1, 100),
                rng.randrange(1990, 2025),
            ]
        )
    book.save(path)


def bench_import(env: dict, province: AdminUnit) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "import.xlsx"
        write_import_file(path, province)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "manage.py", "import_establishments", str(path), "--commit"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        elapsed = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    summary = result.stdout.strip().splitlines()[-1]
    # Leave the synthetic registry as it was for the next run, dead rows vacuumed away.
    Establishment.objects.filter(source="import").delete()
    vacuum()
    return {
        "rows": IMPORT_ROWS,
        "seconds": round(elapsed, 2),
        "rows_per_second": round(IMPORT_ROWS / elapsed),
        "peak_memory_mb": round(max(peak_kb, before) / 1024),
        "summary": summary,
    }


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("make bench needs PostgreSQL (DATABASE_URL=postgres://…)")
    unknown = set(ONLY) - set(PARTS)
    if unknown:
        sys.exit(
            f"BENCH_ONLY: unknown part(s) {', '.join(sorted(unknown))}; the parts are {', '.join(PARTS)}"
        )
    parts = ONLY or list(PARTS)
    if ONLY:
        log(
            f"BENCH_ONLY={','.join(ONLY)}: the other parts ({', '.join(p for p in PARTS if p not in ONLY)}) are not run"
        )
    build_registry()
    vacuum()  # measure a settled table, whatever an earlier interrupted run left behind
    _user, cookie = bench_users()
    province = AdminUnit.objects.current().provinces().get(code=HUNG_YEN)
    bench_projects.build_programme(list(AdminUnit.objects.current().provinces()), PROJECTS, SEED)
    if "training" in parts:
        bench_activities.build_training(TRAINEES, province.pk, SEED)
    staff_cookie = province_staff(province)
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    server = start_server(env)
    results = {
        "scale": SCALE,
        "parts": parts,
        "establishments": Establishment.objects.count(),
        "province": province.name,
        "repeat": REPEAT,
        "list": {},
    }
    try:
        if "registry" in parts:
            results.update(bench_registry(province, cookie))
        if "projects" in parts:
            results["projects"] = bench_project_pages(province, staff_cookie, cookie)
        if "training" in parts:
            results["training"] = bench_training_pages(province, staff_cookie, cookie)
        if "reports" in parts:
            results["reports"] = bench_reports.bench(
                province,
                staff_cookie,
                session_for,
                (get_once, time_with_floor, percentile),
                REPEAT,
                PLAN_YEAR,
                datetime.date.fromisoformat(PLAN_DAY),
            )
        if "portal" in parts:
            results["portal"] = bench_portal.bench(
                province,
                session_for,
                bench_reports.user_with,
                (time_with_floor, figures, bench_projects._time),
                REPEAT,
                SEED,
            )
    finally:
        server.terminate()
        server.wait()
    if "import" in parts:
        results["import"] = bench_import(env, province)
    report(results)
    (ROOT / "bench-results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


def bench_registry(province: AdminUnit, cookie: str) -> dict:
    # The floor: a signed-in page rendering the base template with no query of its own, timed
    # in turn with each page (time_with_floor).
    floors, found = [], {}
    for label, term in TERMS.items():
        query = urllib.parse.urlencode({"province": province.pk, "q": term})
        page, floor_times = time_with_floor(f"/registry/establishments/?{query}", cookie)
        floors += floor_times
        floor = statistics.median(floor_times)
        admin_query = urllib.parse.urlencode({"province": province.pk, "q": term})
        admin = time_http(f"/admin/registry/establishment/?{admin_query}", cookie)
        sql = time_sql(province.pk, term)
        found[label] = {
            "term": term,
            "page_median_ms": round(statistics.median(page), 2),
            "page_p95_ms": round(percentile(page, 0.95), 2),
            "sql_median_ms": round(statistics.median(sql), 2),
            "admin_median_ms": round(statistics.median(admin), 2),
            "admin_p95_ms": round(percentile(admin, 0.95), 2),
            "page_to_sql": round(statistics.median(page) / statistics.median(sql), 2),
            "floor_median_ms": round(floor, 2),
            "page_to_floor_sql": round(statistics.median(page) / (floor + statistics.median(sql)), 2),
            "admin_to_page": round(statistics.median(admin) / statistics.median(page), 2),
        }
    return {"list": found, "floor_median_ms": round(statistics.median(floors), 2)}


def figures(page: list[float], sql: list[float], floor: float) -> dict:
    return {
        "page_median_ms": round(statistics.median(page), 2),
        "page_p95_ms": round(percentile(page, 0.95), 2),
        "floor_median_ms": round(floor, 2),
        "sql_median_ms": round(statistics.median(sql), 2),
        "sql_p95_ms": round(percentile(sql, 0.95), 2),
        "page_to_sql": round(statistics.median(page) / statistics.median(sql), 2),
        "page_to_floor_sql": round(statistics.median(page) / (floor + statistics.median(sql)), 2),
    }


def bench_project_pages(province: AdminUnit, staff_cookie: str, national_cookie: str) -> dict:
    """The province's Centre staff on their list and plan page; the Ministry on a national search and
    the roll-up of every province; and three floors, for scale: the login form (no session, no
    query), a signed-in JSON answer (session, user and roles, one indexed query that finds
    nothing, no template) and a signed-in form page."""
    day = datetime.date.fromisoformat(PLAN_DAY)
    pages = {
        # Floors, for scale: what any page costs here before it shows any data.
        "floor_anonymous": ("", "/accounts/login/", None),
        "floor_json": (staff_cookie, "/registry/establishments/pick/?q=zzzz", None),
        "floor": (staff_cookie, "/accounts/password/change/", None),
        "list": (
            staff_cookie,
            f"/projects/?year={PLAN_YEAR}",
            lambda: bench_projects.time_list_sql(province.pk, PLAN_YEAR, REPEAT),
        ),
        "search": (
            national_cookie,
            f"/projects/?{urllib.parse.urlencode({'q': SEARCH_TERM})}",
            lambda: bench_projects.time_search_sql(SEARCH_TERM, REPEAT),
        ),
        "plan": (
            staff_cookie,
            f"/plans/execution/{province.pk}/{PLAN_YEAR}/?as_of={PLAN_DAY}",
            lambda: bench_projects.time_plan_sql(province.pk, PLAN_YEAR, day, REPEAT),
        ),
        "overview": (
            national_cookie,
            f"/plans/overview/{PLAN_YEAR}/?as_of={PLAN_DAY}",
            lambda: bench_projects.time_overview_sql(PLAN_YEAR, day, REPEAT),
        ),
    }
    results = {"projects": Project.objects.count(), "payments": Payment.objects.count()}
    for label, (cookie, path, sql) in pages.items():
        if sql is None:
            page = time_http(path, cookie)
            results[label] = {
                "path": path,
                "page_median_ms": round(statistics.median(page), 2),
                "page_p95_ms": round(percentile(page, 0.95), 2),
            }
        else:  # against the user's own floor (their session, roles and menu), timed in turn
            page, floor = time_with_floor(path, cookie)
            results[label] = {"path": path, **figures(page, sql(), statistics.median(floor))}
    # The Django admin's changelist of the same projects (the superuser's session), for scale.
    admin = time_http(f"/admin/projects/project/?year={PLAN_YEAR}", national_cookie)
    results["admin_list"] = {
        "path": f"/admin/projects/project/?year={PLAN_YEAR}",
        "page_median_ms": round(statistics.median(admin), 2),
        "page_p95_ms": round(percentile(admin, 0.95), 2),
        "admin_to_page": round(statistics.median(admin) / results["list"]["page_median_ms"], 2),
    }
    return results


def bench_training_pages(province: AdminUnit, staff_cookie: str, national_cookie: str) -> dict:
    """The province's Centre staff on the trainee list (with each filter) and on a course page, each
    against the raw SQL of the same rows; the admin's changelist of the trainees, for scale. A page
    not built on this branch is reported so, with its SQL still timed."""
    course, commune, year = bench_activities.bench_course(province.pk)
    results = {
        "trainees": Trainee.objects.count(),
        "courses": Course.objects.count(),
        "course": course,
        "pages": {},
        "explain": {},
    }
    cases = bench_activities.list_cases(province.pk, course, commune, year)
    for label, (query, conditions, order, params) in cases.items():
        sql = bench_activities.list_sql(conditions, order)
        query = urllib.parse.urlencode(query)
        path = bench_activities.page_path("activities:trainee_list", query=query)
        results["pages"][f"list_{label}"] = time_page(
            path or f"/activities/trainees/?{query}",
            path is not None,
            staff_cookie,
            bench_activities.time_list_sql(sql, params, REPEAT),
        )
        results["explain"][f"list_{label}"] = bench_activities.explain(sql, params)
    path = bench_activities.page_path("activities:course_detail", course)
    results["pages"]["course"] = time_page(
        path or f"/activities/courses/{course}/",
        path is not None,
        staff_cookie,
        bench_activities.time_course_sql(course, province.pk, REPEAT),
    )
    for label, query in (("admin_list", ""), ("admin_search", "?q=luong+xuan+vinh")):
        admin = time_http(f"/admin/activities/trainee/{query}", national_cookie)
        results["pages"][label] = {
            "path": f"/admin/activities/trainee/{query}",
            "page_median_ms": round(statistics.median(admin), 2),
            "page_p95_ms": round(percentile(admin, 0.95), 2),
        }
    listed = results["pages"]["list_all"].get("page_median_ms")
    if listed:
        results["admin_to_page"] = round(results["pages"]["admin_list"]["page_median_ms"] / listed, 2)
    return results


def time_page(path: str, built: bool, cookie: str, sql: list[float]) -> dict:
    if not built:
        return {
            "path": path,
            "page": "page not built yet",
            "sql_median_ms": round(statistics.median(sql), 2),
            "sql_p95_ms": round(percentile(sql, 0.95), 2),
        }
    page, floor = time_with_floor(path, cookie)
    return {"path": path, **figures(page, sql, statistics.median(floor))}


def report(results: dict) -> None:
    print()
    print(f"Parts run: {', '.join(results['parts'])}; {results['repeat']} requests each")
    if results["list"]:
        report_registry(results)
    if "projects" in results:
        report_projects(results)
    if "training" in results:
        report_training(results)
    if "reports" in results:
        bench_reports.report(results, results["province"])
    if "portal" in results:
        bench_portal.report(results)
    if "import" in results:
        imp = results["import"]
        print(
            f"import: {imp['rows']:,} rows in {imp['seconds']} s = {imp['rows_per_second']:,} rows/s, "
            f"peak memory {imp['peak_memory_mb']} MB ({imp['summary']})"
        )
    print(
        "targets: page p95 ≤ 150 ms; page ≤ 1.5× (floor + SQL); admin ≥ 5× page; import ≥ 2,000 rows/s, ≤ 500 MB"
    )


def report_registry(results: dict) -> None:
    print(
        f"Registry: {results['establishments']:,} establishments; list filtered by {results['province']}; "
        f"{results['repeat']} requests each"
    )
    print(
        f"floor (signed-in page, base template, no query of its own, timed in turn with each page): "
        f"{results['floor_median_ms']:.1f} ms"
    )
    print(
        f"{'search':<22}{'page med':>10}{'page p95':>10}{'floor':>10}{'raw SQL':>10}{'admin med':>11}"
        f"{'page/(floor+SQL)':>18}{'admin/page':>11}"
    )
    for figures in results["list"].values():
        print(
            f"{figures['term']!r:<22}{figures['page_median_ms']:>8.1f}ms{figures['page_p95_ms']:>8.1f}ms"
            f"{figures['floor_median_ms']:>8.1f}ms{figures['sql_median_ms']:>8.1f}ms"
            f"{figures['admin_median_ms']:>9.1f}ms"
            f"{figures['page_to_floor_sql']:>17.2f}×{figures['admin_to_page']:>10.2f}×"
        )


def report_projects(results: dict) -> None:
    projects = results["projects"]
    print(
        f"\nProgramme: {projects['projects']:,} projects, {projects['payments']:,} payments; "
        f"{results['province']} as its Centre staff"
    )
    print(
        f"{'page':<16}{'page med':>10}{'page p95':>10}{'floor':>10}{'raw SQL':>10}{'page/(floor+SQL)':>18}  path"
    )
    for label in (
        "floor_anonymous",
        "floor_json",
        "floor",
        "list",
        "search",
        "plan",
        "overview",
        "admin_list",
    ):
        row = projects[label]
        sql = (
            f"{row['floor_median_ms']:>8.1f}ms{row['sql_median_ms']:>8.1f}ms{row['page_to_floor_sql']:>17.2f}×"
            if "sql_median_ms" in row
            else " " * 37
        )
        print(f"{label:<16}{row['page_median_ms']:>8.1f}ms{row['page_p95_ms']:>8.1f}ms{sql}  {row['path']}")
    print(f"admin changelist / project list: {projects['admin_list']['admin_to_page']:.2f}×")
    print("targets: page ≤ 1.5× (floor + raw SQL) for list, search, plan and overview; their p95 ≤ 200 ms")


def report_training(results: dict) -> None:
    training = results["training"]
    print(
        f"\nTraining: {training['trainees']:,} trainees in {training['courses']:,} courses; "
        f"{results['province']} as its Centre staff; course page of course {training['course']}"
    )
    print(
        f"{'page':<22}{'page med':>10}{'page p95':>10}{'floor':>10}{'SQL med':>10}{'SQL p95':>10}"
        f"{'page/(floor+SQL)':>18}  path"
    )
    for label, row in training["pages"].items():
        if "page" in row:  # not built on this branch: its SQL only
            head = f"{row['page']:>20}"
        else:
            head = f"{row['page_median_ms']:>8.1f}ms{row['page_p95_ms']:>8.1f}ms"
        if "sql_median_ms" in row:
            floor = f"{row['floor_median_ms']:>8.1f}ms" if "floor_median_ms" in row else " " * 10
            ratio = f"{row['page_to_floor_sql']:>17.2f}×" if "page_to_floor_sql" in row else " " * 18
            tail = f"{floor}{row['sql_median_ms']:>8.1f}ms{row['sql_p95_ms']:>8.1f}ms{ratio}"
        else:
            tail = " " * 48
        print(f"{label:<22}{head}{tail}  {row['path']}")
    if "admin_to_page" in training:
        print(f"admin changelist / trainee list: {training['admin_to_page']:.2f}×")
    print("targets: page ≤ 1.5× (floor + raw SQL) for the trainee list and the course page; p95 ≤ 200 ms")


if __name__ == "__main__":
    main()
