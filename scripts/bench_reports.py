"""make bench, part four: the periodic report and the dashboards over the national programme.

Reads the synthetic programme of bench_projects (34 provinces × 6 years, 200,000 × BENCH_SCALE
projects, five payments each) and the training records of bench_activities when they are there.
Nothing is built here but the stamps: the programme is written by COPY, which sends no signal, so the
stamps of its (province, year) are moved here as any bulk write must (docs/adr/0014). Then, for the
bench's year, bench.py times:

* the province report (9 months) of the measured province, in-process: `reports.periodic.build`,
  `periodic_docx`, `periodic_xlsx`, a few runs, median and slowest (target: ≤ 2 s in all);
* the national roll-up (the same period, every province), run as the background task runs it
  (`reports.runs.start_run` on a country report; the task backend of the settings runs it), with the
  time of each step (target: ≤ 20 s);
* the dashboard over HTTP for the province's leader and Centre staff and for the Ministry (every
  province): the first request after the data changed (it computes the figures and caches them;
  each worker process has its own cache, so it is timed after a stamp moved, a few times), then the
  warm page against the user's floor and the raw SQL of the plan page's (or the overview's)
  execution figures (bench_projects.PLAN_SQL / OVERVIEW_SQL) (target: p95 ≤ 200 ms, ≤ 1.5× floor + SQL).
"""

from __future__ import annotations

import itertools
import statistics
import time
import urllib.parse

import bench_projects  # scripts/ is on the path: bench.py puts it there
from django.db import connection
from django.utils import translation

from khuyencong.accounts.models import Role, RoleAssignment, ScopeLevel, User
from khuyencong.plans.models import Plan
from khuyencong.projects.models import Project
from khuyencong.reports import documents, periodic, runs
from khuyencong.reports.models import PeriodicReport, ReportRun, SummaryStamp
from khuyencong.reports.periods import Period

PERIOD_KIND = "m9"
PROVINCE_RUNS = 5
COLD_RUNS = 3


def log(message: str) -> None:
    print(f"· {message}", flush=True)


def stamp_programme() -> int:
    """Move the stamp of every (today's province, year) holding plans or projects: the COPY that wrote
    them moved none, and with no stamp the dashboard caches nothing (dashboard.stamp_key)."""
    pairs = set(Plan.objects.values_list("current_province_id", "year").distinct())
    pairs |= set(Project.objects.values_list("current_province_id", "year").distinct())
    for province_id, year in sorted(pairs, key=lambda pair: (pair[0] or 0, pair[1])):
        SummaryStamp.bump(province_id, year)
    return len(pairs)


def user_with(username: str, role: str, level: str, unit=None) -> User:
    user, _ = User.objects.get_or_create(username=username)
    RoleAssignment.objects.get_or_create(user=user, role=role, scope_level=level, unit=unit)
    return user


def province_report(province, period: Period) -> dict:
    """The province's report made in-process as the page and the command make it, a few times."""
    steps = {"build": [], "docx": [], "xlsx": [], "total": []}
    size = {}
    with translation.override("vi"):
        for _ in range(PROVINCE_RUNS):
            started = time.perf_counter()
            figures = periodic.build(period, province=province)
            built = time.perf_counter()
            docx = documents.periodic_docx(figures)
            written = time.perf_counter()
            xlsx = documents.periodic_xlsx(figures)
            done = time.perf_counter()
            steps["build"].append(built - started)
            steps["docx"].append(written - built)
            steps["xlsx"].append(done - written)
            steps["total"].append(done - started)
            size = {
                "docx_kb": len(docx) // 1024,
                "xlsx_kb": len(xlsx) // 1024,
                "tasks": len(figures["national_plan"]["tasks"]),
                "records": sum(len(group) for group in figures["records"].values()),
            }
    return {
        **{f"{step}_median_s": round(statistics.median(times), 2) for step, times in steps.items()},
        **{f"{step}_max_s": round(max(times), 2) for step, times in steps.items()},
        "runs": PROVINCE_RUNS,
        **size,
    }


def national_report(period: Period, by: User) -> dict:
    """The country's report made by its task, as the Ministry's "make" button starts it; each step
    timed from the progress the task reports (ReportRun.advance / finish)."""
    marks: list[tuple[str, float]] = []
    advance, finish = ReportRun.advance, ReportRun.finish

    def timed_advance(run, progress, step):
        marks.append((step, time.perf_counter()))
        return advance(run, progress, step)

    def timed_finish(run, figures, files):
        marks.append(("save", time.perf_counter()))
        return finish(run, figures, files)

    report = PeriodicReport.objects.create(
        province=None, period_from=period.start, period_to=period.end, kind=period.kind, created_by=by
    )
    ReportRun.advance, ReportRun.finish = timed_advance, timed_finish
    try:
        started = time.perf_counter()
        run = runs.start_run(report, by)
        run.refresh_from_db()
        while run.working:  # a queued backend (a worker process): wait for it
            time.sleep(0.5)
            run.refresh_from_db()
        ended = time.perf_counter()
    finally:
        ReportRun.advance, ReportRun.finish = advance, finish
    result = {"status": run.status, "error": run.error, "total_s": round(ended - started, 2)}
    bounds = [*marks, ("end", ended)]
    for (step, at), (_next, then) in itertools.pairwise(bounds):
        result[f"{step}_s"] = round(then - at, 2)
    if run.status == ReportRun.Status.DONE:
        result["docx_kb"] = run.docx.size // 1024
        result["xlsx_kb"] = run.xlsx.size // 1024
        result["csv_kb"] = run.csv.size // 1024
        figures = run.figures  # summarised per province (reports/country.py): counts, not lists
        result["tasks"] = figures["national_plan"]["tasks_total"]
        result["records"] = sum(
            line["count"] for lines in figures["record_counts"].values() for line in lines
        )
        for stored in (run.docx, run.xlsx, run.csv):
            stored.delete(save=False)
    report.delete()  # the bench database keeps no report between runs
    return result


def bump_year(province_id: int, year: int) -> None:
    """A change of the province's year, as any saved record of it makes: the next page is cold."""
    SummaryStamp.bump(province_id, year)


def dashboard_pages(province, staff_cookie: str, session_for, timing, repeat: int, year: int, day) -> dict:
    """The dashboard of each reader: cold (after a change), then warm against floor + raw SQL."""
    get_once, time_with_floor, percentile = timing
    leader = user_with("bench-leader", Role.LEADER, ScopeLevel.PROVINCE, province)
    ministry = user_with("bench-ministry", Role.MINISTRY_VIEWER, ScopeLevel.NATIONAL)
    as_of = day.isoformat()
    province_query = urllib.parse.urlencode({"year": year, "province": province.pk, "as_of": as_of})
    national_query = urllib.parse.urlencode({"year": year, "as_of": as_of})
    readers = {
        "leader": (session_for(leader), f"/reports/dashboard/?{province_query}", "plan"),
        "staff": (staff_cookie, f"/reports/dashboard/?{province_query}", "plan"),
        "ministry": (session_for(ministry), f"/reports/dashboard/?{national_query}", "overview"),
    }
    sql = {
        "plan": bench_projects.time_plan_sql(province.pk, year, day, repeat),
        "overview": bench_projects.time_overview_sql(year, day, repeat),
    }
    results = {}
    for label, (cookie, path, comparator) in readers.items():
        cold = []
        for _ in range(COLD_RUNS):
            bump_year(province.pk, year)  # moves the key of the province's and of the country's page
            cold.append(get_once(path, cookie))
        page, floor_times = time_with_floor(path, cookie)
        floor = statistics.median(floor_times)
        sql_median = statistics.median(sql[comparator])
        results[label] = {
            "path": path,
            "cold_ms": [round(value, 1) for value in cold],
            "cold_median_ms": round(statistics.median(cold), 1),
            "page_median_ms": round(statistics.median(page), 2),
            "page_p95_ms": round(percentile(page, 0.95), 2),
            "floor_median_ms": round(floor, 2),
            "sql": comparator,
            "sql_median_ms": round(sql_median, 2),
            "page_to_floor_sql": round(statistics.median(page) / (floor + sql_median), 2),
            "cold_to_floor_sql": round(statistics.median(cold) / (floor + sql_median), 2),
            "requests": len(page),
        }
    return results


def bench(province, staff_cookie: str, session_for, timing, repeat: int, year: int, day) -> dict:
    """Everything this part measures; `timing` is bench.py's (get_once, time_with_floor, percentile)."""
    period = Period.parse(PERIOD_KIND, year)
    if period.end != day:
        raise ValueError(f"the bench's day {day} is not the end of {period.label}")
    log(f"stamps moved for {stamp_programme()} (province, year) pairs written by COPY")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reports_summarystamp")
    ministry = user_with("bench-ministry", Role.MINISTRY_VIEWER, ScopeLevel.NATIONAL)
    log(f"province report of {province.name}, {period.label}: {PROVINCE_RUNS} runs")
    province_figures = province_report(province, period)
    log("national roll-up, as its task")
    national = national_report(period, ministry)
    log("dashboards over HTTP")
    pages = dashboard_pages(province, staff_cookie, session_for, timing, repeat, year, day)
    return {
        "period": period.label,
        "province_report": province_figures,
        "national_report": national,
        "dashboard": pages,
        "admin": "none fits: no changelist shows these figures (the nearest, the project changelist, "
        "is in the projects part)",
    }


def report(results: dict, province: str) -> None:
    data = results["reports"]
    one, every = data["province_report"], data["national_report"]
    print(f"\nReports: {data['period']}, in-process (build + docx + xlsx)")
    print(f"{'report':<22}{'build':>9}{'docx':>9}{'xlsx':>9}{'total':>9}{'slowest':>9}  size")
    print(
        f"{province:<22}{one['build_median_s']:>8.2f}s{one['docx_median_s']:>8.2f}s{one['xlsx_median_s']:>8.2f}s"
        f"{one['total_median_s']:>8.2f}s{one['total_max_s']:>8.2f}s  median of {one['runs']}; "
        f"{one['tasks']:,} tasks, {one['records']:,} records, docx {one['docx_kb']:,} kB, xlsx {one['xlsx_kb']:,} kB"
    )
    if every["status"] == "done":
        print(
            f"{'national (task)':<22}{every.get('figures_s', 0):>8.2f}s{every.get('docx_s', 0):>8.2f}s"
            f"{every.get('xlsx_s', 0):>8.2f}s{every['total_s']:>8.2f}s{'':>9}  one run, list of records "
            f"{every.get('records_s', 0):.2f}s, saving {every.get('save_s', 0):.2f}s; {every['tasks']:,} tasks, "
            f"{every['records']:,} records, docx {every['docx_kb']:,} kB, xlsx {every['xlsx_kb']:,} kB, "
            f"csv {every['csv_kb']:,} kB"
        )
    else:
        print(f"{'national (task)':<22}{every['status']} after {every['total_s']:.1f}s: {every['error']}")
    print(
        f"\n{'dashboard':<12}{'cold med':>10}{'page med':>10}{'page p95':>10}{'floor':>10}{'raw SQL':>10}"
        f"{'page/(floor+SQL)':>18}{'cold/(floor+SQL)':>18}  path"
    )
    for label, row in data["dashboard"].items():
        print(
            f"{label:<12}{row['cold_median_ms']:>8.1f}ms{row['page_median_ms']:>8.1f}ms{row['page_p95_ms']:>8.1f}ms"
            f"{row['floor_median_ms']:>8.1f}ms{row['sql_median_ms']:>8.1f}ms{row['page_to_floor_sql']:>17.2f}×"
            f"{row['cold_to_floor_sql']:>17.2f}×  {row['path']}"
        )
        print(
            f"{'':<12}cold requests: {', '.join(f'{ms:.0f} ms' for ms in row['cold_ms'])}; raw SQL: {row['sql']}"
        )
    print(f"admin changelist: {data['admin']}")
    print(
        "targets: province report (docx + xlsx) ≤ 2 s; national roll-up ≤ 20 s as a task; "
        "dashboard p95 ≤ 200 ms and ≤ 1.5× (floor + raw SQL)"
    )
