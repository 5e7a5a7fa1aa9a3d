"""The dashboard's figures are the plan page's, are cached until a record behind them changes, stay in
the user's scope, and each chart's xlsx holds its table (issue 11, item 8)."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from khuyencong.accounts.models import User
from khuyencong.plans.models import Plan
from khuyencong.projects.models import Payment, Project, Status
from khuyencong.reports.dashboard import Filters, compute, stamp_key
from khuyencong.reports.execution import execution, overview
from khuyencong.reports.models import ProgrammeTarget, SummaryStamp

AS_OF = datetime.date(2015, 9, 30)
QUERY = "?year=2015&as_of=2015-09-30"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def cells(html: str, table_id: str) -> dict[str, dict[str, str]]:
    """The page's table as {row label: {data-col: text}} (the body and foot rows marked data-line)."""
    table = html[html.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    rows = {}
    for label, body in re.findall(r'<tr[^>]*data-line="([^"]+)"[^>]*>(.*?)</tr>', table, re.S):
        rows[label] = {col: value for col, value in re.findall(r'data-col="(\w+)"[^>]*>([^<]*)<', body)}
    return rows


@pytest.mark.django_db
def test_the_dashboard_shows_the_plan_pages_figures_for_the_leader(demo):
    leader = User.objects.get(username="lanhdao")
    response = client_of("lanhdao").get(f"/reports/dashboard/{QUERY}")
    assert response.status_code == 200
    html = response.content.decode()
    figures = execution(demo.pk, 2015, AS_OF, plans=Plan.objects.visible_to(leader))
    shown = cells(html, "execution-table")
    for item in figures.sources:
        for row in item.batches:
            line = shown[f"{item.source.code} · {row.batch.label}"]
            plan_page = client_of("lanhdao").get(f"/plans/execution/{demo.pk}/2015/?as_of=2015-09-30")
            assert plan_page.status_code == 200
            assert line["disbursed"] in text(plan_page.content.decode())
    local = shown["KCĐP · Đợt I"]
    assert (local["planned"], local["disbursed"], local["percent"]) == ("485", "341,7", "70,45%")
    assert shown["KCĐP · Đợt II"]["planned"] == "451"
    assert shown["KCQG · Đợt I"]["planned"] == "1.380"
    # The month by month figures end on the plan's: each batch's and the total's last point.
    data = compute(Filters(2015, AS_OF, demo), leader)["execution"]
    assert [end.month for end in data["months"]] == list(range(1, 10))
    assert data["months"][-1] == AS_OF
    for series, line in zip(data["series"], data["lines"], strict=True):
        assert series["values"][-1] == line["disbursed"]
    assert data["cumulative"][-1] == figures.total.disbursed == 341_700_000
    assert data["total"]["planned"] == figures.total.planned


@pytest.mark.django_db
def test_a_link_that_leaves_filters_out_gets_their_defaults_without_a_warning(demo):
    html = client_of("lanhdao").get("/reports/dashboard/?year=2015").content.decode()
    assert "không hiểu" not in html
    assert 'value="30/09/2015"' in html or 'value="31/12/2015"' in html


@pytest.mark.django_db
def test_wrong_filters_are_named_and_the_boxes_show_the_values_used(demo):
    html = (
        client_of("lanhdao").get("/reports/dashboard/?year=2015&as_of=99/99/9999&source=x").content.decode()
    )
    warning = text(html[html.index('class="alert alert-warning"') :].split("</div>")[0])
    assert "Tính đến" in warning and "Nguồn" in warning and "Năm" not in warning
    assert 'value="99/99/9999"' not in html  # the box; the language switcher keeps the address
    assert 'value="31/12/2015"' in html  # the year's last day: the default of a past year


@pytest.mark.django_db
def test_a_source_filter_shows_that_sources_batches_only(demo):
    local = Plan.objects.get(current_province=demo, year=2015, source__code="KCĐP").source
    html = client_of("lanhdao").get(f"/reports/dashboard/{QUERY}&source={local.pk}").content.decode()
    shown = cells(html, "execution-table")
    assert set(shown) == {"KCĐP · Đợt I", "KCĐP · Đợt II", "total"}
    assert shown["total"]["planned"] == "936"


@pytest.mark.django_db
def test_the_ministry_sees_every_province_rolled_up_as_the_overview(demo):
    ministry = User.objects.get(username="bocongthuong")
    response = client_of("bocongthuong").get(f"/reports/dashboard/{QUERY}&province=all")
    assert response.status_code == 200
    html = response.content.decode()
    from khuyencong.accounts.permissions import Can
    from khuyencong.accounts.scopes import Scope

    provinces = Scope.of(ministry).provinces(Can.READ_PLANS).current()
    rolled = overview(2015, AS_OF, Plan.objects.visible_to(ministry), provinces)
    data = compute(Filters(2015, AS_OF, None), ministry)["execution"]
    assert data["total"]["disbursed"] == rolled.grand_total.line.disbursed
    assert data["cumulative"][-1] == rolled.grand_total.line.disbursed
    assert cells(html, "execution-table")["KCĐP"]["disbursed"] == "341,7"
    # The Ministry may also open one province.
    one = client_of("bocongthuong").get(f"/reports/dashboard/{QUERY}&province={demo.pk}").content.decode()
    assert cells(one, "execution-table")["KCĐP · Đợt I"]["percent"] == "70,45%"


@pytest.mark.django_db
def test_booking_a_payment_moves_the_stamp_and_the_cached_figures_follow(
    demo, django_capture_on_commit_callbacks
):
    leader = User.objects.get(username="lanhdao")
    staff = User.objects.get(username="canbo")
    day = datetime.date(2015, 12, 31)
    filters = Filters(2015, day, demo)
    SummaryStamp.bump(demo.pk, 2015)  # as a change of the demo's would have
    key = stamp_key(filters)
    assert key is not None
    url = "/reports/dashboard/?year=2015&as_of=2015-12-31"
    before = cells(client_of("lanhdao").get(url).content.decode(), "execution-table")
    assert cache.get(key) is not None  # the figures are kept under the stamp
    project = (
        Project.objects.filter(current_province=demo, year=2015, status=Status.IN_PROGRESS)
        .exclude(batch=None)
        .order_by("pk")
        .first()
    )
    version = SummaryStamp.objects.get(province=demo, year=2015).version
    with django_capture_on_commit_callbacks(execute=True):
        project.record_payment(staff, Payment.Kind.PAYMENT, 1_000_000, datetime.date(2015, 12, 1), "DB-1")
    assert SummaryStamp.objects.get(province=demo, year=2015).version > version  # the payment and its project
    assert stamp_key(filters) != key
    after = compute(filters, leader)["execution"]
    expected = execution(demo.pk, 2015, day, plans=Plan.objects.visible_to(leader))
    assert after["total"]["disbursed"] == expected.total.disbursed
    shown = cells(client_of("lanhdao").get(url).content.decode(), "execution-table")
    label = f"{project.source.code} · {project.batch.label}"
    assert shown[label]["disbursed"] != before[label]["disbursed"]
    # Without a stamp the old key still holds the old figures: it is the stamp that made them move.
    assert cache.get(key)["execution"]["total"]["disbursed"] == after["total"]["disbursed"] - 1_000_000


@pytest.mark.django_db
def test_commune_officers_establishments_and_strangers_are_refused(demo):
    for username in ("canboxa", "coso"):
        assert client_of(username).get(f"/reports/dashboard/{QUERY}").status_code == 403
        assert client_of(username).get(f"/reports/dashboard/execution.xlsx{QUERY}").status_code == 403
    assert Client().get(f"/reports/dashboard/{QUERY}").status_code == 302
    # A province's leader asking for every province, or for another one, gets their own.
    from khuyencong.geo.models import AdminUnit

    other = AdminUnit.objects.current().provinces().exclude(pk=demo.pk).first()
    for province in ("all", str(other.pk)):
        html = client_of("lanhdao").get(f"/reports/dashboard/{QUERY}&province={province}").content.decode()
        assert demo.name in text(html[: html.index("</h1>")])
        assert other.name not in text(html[: html.index("</h1>")])
    assert client_of("lanhdao").get(f"/reports/dashboard/nothing.xlsx{QUERY}").status_code == 404


@pytest.mark.django_db
def test_each_charts_xlsx_holds_its_table(demo):
    client = client_of("lanhdao")
    html = client.get(f"/reports/dashboard/{QUERY}").content.decode()
    shown = cells(html, "execution-table")
    response = client.get(f"/reports/dashboard/execution.xlsx{QUERY}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0]]
    lines = {row[0]: row for row in rows[3:]}  # after the caption and the headings
    from khuyencong.vnformat import millions

    for label, line in shown.items():
        name = "Tổng cộng" if label == "total" else label
        row = lines[name]
        assert millions(row[2]) == line["planned"]
        assert millions(row[4]) == line["disbursed"]
        assert row[5] == line["percent"]
    for chart in ("months", "projects", "outputs", "communes", "overdue"):
        response = client.get(f"/reports/dashboard/{chart}.xlsx{QUERY}")
        assert response.status_code == 200, chart
        assert load_workbook(io.BytesIO(response.content)).active.max_row >= 3


@pytest.mark.django_db
def test_the_captions_say_money_only_on_money_and_overdue_counts_today(demo):
    client = client_of("lanhdao")

    def caption(chart: str) -> str:
        sheet = load_workbook(
            io.BytesIO(client.get(f"/reports/dashboard/{chart}.xlsx{QUERY}").content)
        ).active
        return " ".join(str(row[0]) for row in sheet.iter_rows(max_row=3, values_only=True) if row[0])

    assert "đồng" in caption("execution") and "đồng" in caption("communes")
    for chart in ("projects", "outputs", "overdue"):
        assert "đồng" not in caption(chart), chart
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert today in caption("overdue") and "30/09/2015" not in caption("overdue")


@pytest.mark.django_db
def test_the_programme_targets_are_seeded_unverified_and_without_invented_numbers(demo):
    rows = ProgrammeTarget.objects.all()
    assert rows.count() == 12
    assert all(row.target is None and not row.verified for row in rows)
    assert {row.effective_from for row in rows} == {datetime.date(2026, 1, 1)}
    assert all("2646/QĐ-BCT" in row.legal_basis for row in rows)
    html = client_of("lanhdao").get("/plans/rules/").content.decode()
    assert "2646/QĐ-BCT" in html
