"""One province across the reform of 1/7/2025: a province merged that day keeps its figures.

The test builds its own merger — two provinces of before the reform, "Tỉnh Sông Lam" and
"Tỉnh Đồng Cói", merged into today's "Tỉnh Sông Lam" through the crosswalk — with last year's plans
on the two old units and this year's on today's province. The plan page, `plan_figures`, the xlsx
and the roll-up all show last year's same period (both old units' money) and the change.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import make_user
from khuyencong.accounts.permissions import Role
from khuyencong.documents.models import Document
from khuyencong.geo.models import AdminUnit, UnitSuccession
from khuyencong.plans.models import AppraisalCriterion, Batch, FundingSource, Plan
from khuyencong.projects.models import Project
from khuyencong.registry.models import ActivityType
from khuyencong.reports.execution import same_day_year_before
from khuyencong.vnformat import percent

M = 1_000_000
LAST_DAY = datetime.date(2025, 6, 30)
CHANGE = percent(Decimal("0.2"), signed=True)  # 180 million on 150 a year before

pytestmark = pytest.mark.django_db


def page_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _unit(code, name, generation):
    legacy = generation == "legacy"
    return AdminUnit.objects.create(
        code=code,
        level="province",
        generation=generation,
        name=name,
        division_type="tỉnh",
        valid_from=None if legacy else datetime.date(2025, 7, 1),
        valid_to=LAST_DAY if legacy else None,
    )


@pytest.fixture
def merger(db):
    """Two old provinces merged into one of today, their people, and a day a few days back."""
    old_a = _unit(9901, "Tỉnh Sông Lam", "legacy")
    old_b = _unit(9902, "Tỉnh Đồng Cói", "legacy")
    today_unit = _unit(9901, "Tỉnh Sông Lam", "current")
    for old in (old_a, old_b):
        UnitSuccession.objects.create(predecessor=old, successor=today_unit, rank=0)
    people = {
        "staff": make_user("sl_staff", Role.CENTRE_STAFF, "province", today_unit),
        "leader": make_user("sl_leader", Role.LEADER, "province", today_unit),
        "finance": make_user("sl_finance", Role.FINANCE_APPRAISER, "province", today_unit),
        "ministry": make_user("sl_ministry", Role.MINISTRY_VIEWER, "national"),
    }
    today = timezone.localdate()
    # Everything of this year happens on one day no later than today and inside the year; last
    # year's on the same day a year before, so the same period of last year holds it.
    day = max(datetime.date(today.year, 1, 1), today - datetime.timedelta(days=10))
    return {"old_a": old_a, "old_b": old_b, "today": today_unit, "people": people, "day": day, "now": today}


def _plan(unit, year, amount, day, people, symbol):
    decision = Document.objects.create(
        symbol=symbol, issued_on=day, issuer="UBND tỉnh", summary="Phê duyệt kế hoạch", province=None
    )
    source = FundingSource.objects.get(code="KCĐP")
    plan = Plan.objects.create(province=unit, year=year, source=source, title=f"Kế hoạch {unit.name} {year}")
    batch = Batch.objects.create(plan=plan, number=1, amount=amount, approved_on=day, decision=decision)
    return batch


def _walk(batch, unit, support, advance, day, people):
    """A project of the unit approved into the batch and advanced, through the model steps, on the day."""
    project = Project.create_draft(
        people["staff"],
        on=day,
        title=f"Đề án {unit.name} {batch.plan.year}",
        activity_type=ActivityType.in_force(day).get(code="1"),
        source=batch.plan.source,
        year=batch.plan.year,
        province=unit,
        implementing_unit="Trung tâm Khuyến công",
        support_amount=support,
        counterpart_amount=support,
        total_amount=2 * support,
    )
    for item in project.dossier_items.filter(stage="application"):
        item.review("accepted", people["staff"], note="Bản giấy")
    appraise(project, people, day)
    project.approve(people["leader"], batch, batch.decision, support, on=day)
    project.contract(people["staff"], on=day)
    project.start(people["staff"], on=day)
    if advance:
        project.record_payment(people["staff"], "advance", advance, day, f"PC-{project.pk}")
    return project


def appraise(project, people, day):
    project.submit(people["staff"], on=day)
    project.start_appraisal(people["staff"], on=day)
    steps = [("centre", people["staff"])]
    if project.source.finance_appraisal:
        steps.append(("finance", people["finance"]))
    for step, who in steps:
        criteria = AppraisalCriterion.for_step(step, project.rule_date, project.current_province_id)
        scores = {str(c.pk): c.max_score for c in criteria if c.max_score is not None}
        project.record_appraisal(who, step, scores, "Đạt", "pass", on=day)
    project.complete_appraisal(people["leader"], on=day)
    project.propose(people["staff"], on=day)
    return project


@pytest.fixture
def figures_world(merger):
    """Last year: a plan on each old unit, 100 + 50 million advanced. This year: a plan on today's
    province, 180 million advanced — +20% on the same period."""
    people, day = merger["people"], merger["day"]
    last_day = same_day_year_before(day)
    year = day.year
    batch_a = _plan(merger["old_a"], year - 1, 500 * M, last_day, people, "11/QĐ-UBND")
    batch_b = _plan(merger["old_b"], year - 1, 400 * M, last_day, people, "12/QĐ-UBND")
    batch_c = _plan(merger["today"], year, 600 * M, day, people, "13/QĐ-UBND")
    _walk(batch_a, merger["old_a"], 200 * M, 100 * M, last_day, people)
    _walk(batch_b, merger["old_b"], 150 * M, 50 * M, last_day, people)
    _walk(batch_c, merger["today"], 300 * M, 180 * M, day, people)
    return {**merger, "year": year}


def test_the_plan_page_keeps_the_merged_provinces_same_period_and_old_links_lead_to_today(figures_world):
    w = figures_world
    staff = Client()
    staff.force_login(w["people"]["staff"])
    url = reverse("reports:execution", args=[w["today"].pk, w["year"]])
    html = staff.get(url).content.decode()
    text = page_text(html)
    # Opens on today's date (this year), with last year's money of both old units and the change.
    assert w["now"].strftime("%d/%m/%Y") in re.search(r'id="as-of">(.*?)</p>', html, re.S).group(1)
    previous = re.search(r'data-batch="previous">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'data-col="disbursed">150<', previous)
    assert f'data-col="change">{CHANGE}<' in previous
    assert " 180 " in text
    # The old units are named beside today's, with their last day.
    for old in (w["old_a"], w["old_b"]):
        assert f"{old.name} (" in text and "30/6/2025" in text
    # A link keyed by either old unit lands on today's province, the query kept.
    for old in (w["old_a"], w["old_b"]):
        response = staff.get(reverse("reports:execution", args=[old.pk, w["year"]]), {"as_of": "2025-01-02"})
        assert response.status_code == 301
        assert response["Location"] == f"{url}?as_of=2025-01-02"
    json_url = reverse("reports:execution_json", args=[w["old_b"].pk, w["year"]])
    assert staff.get(json_url)["Location"] == reverse(
        "reports:execution_json", args=[w["today"].pk, w["year"]]
    )


def test_plan_figures_and_the_json_give_the_same_period_from_an_old_or_a_new_code(figures_world):
    w = figures_world
    for code in (9901, 9902):  # today's code, and the code of the province merged into it
        out = io.StringIO()
        call_command("plan_figures", province=code, year=w["year"], format="json", stdout=out)
        data = json.loads(out.getvalue())
        assert data["province"]["name"] == "Tỉnh Sông Lam"
        assert {u["code"] for u in data["province"]["before_reform"]} == {9901, 9902}
        (local,) = data["sources"]
        assert local["disbursed"] == 180 * M
        assert local["previous_year_disbursed"] == 150 * M
        assert local["year_on_year_change"] == percent(Decimal("0.2"), signed=True)
        assert len(local["previous_year_made_for"]) == 2
    text = io.StringIO()
    call_command("plan_figures", province=9902, year=w["year"], stdout=text)
    assert "150" in text.getvalue() and percent(Decimal("0.2"), signed=True) in text.getvalue()


def test_the_xlsx_names_the_province_and_the_day_and_puts_the_old_units_beside_today(figures_world):
    w = figures_world
    staff = Client()
    staff.force_login(w["people"]["staff"])
    response = staff.get(reverse("reports:execution_xlsx", args=[w["today"].pk, w["year"]]))
    # The province's name and the day, in Vietnamese with an ASCII fallback (khuyencong/downloads.py).
    disposition = response["Content-Disposition"]
    assert f"Thuc-hien-ke-hoach-{w['year']}-Tinh-Song-Lam-" in disposition
    assert "T%E1%BB%89nh%20S%C3%B4ng%20Lam" in disposition
    rows = [tuple(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert rows[0][0].endswith("Tỉnh Sông Lam")
    header = rows[3]
    disbursed = header.index("Đã giải ngân (đồng)")
    share = header.index("Tỷ lệ giải ngân")
    batch = next(row for row in rows if row[0] == "KCĐP" and row[1] == "Đợt I")
    assert batch[3] == "Tỉnh Sông Lam" and batch[disbursed] == 180 * M
    previous = next(row for row in rows if row[0] == "KCĐP" and str(row[1]).startswith("Cùng kỳ"))
    assert previous[disbursed] == 150 * M and round(previous[share], 4) == 0.2
    assert (
        "Tỉnh Sông Lam (" in previous[3] and "Tỉnh Đồng Cói (" in previous[3] and "30/6/2025" in previous[3]
    )


def test_the_roll_up_counts_the_merger_under_today_lists_every_province_and_adds_up(figures_world):
    w = figures_world
    ministry = Client()
    ministry.force_login(w["people"]["ministry"])
    html = ministry.get(reverse("reports:overview", args=[w["year"]])).content.decode()
    row = re.search(r'<tr data-province="9901">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'data-col="disbursed">180<', row) and re.search(r'data-col="previous">150<', row)
    assert f'data-col="change">{CHANGE}<' in row
    # Every province of today is listed; those without a plan of the year are marked so.
    listed = set(re.findall(r'<tr data-province="(\d+)"', html))
    assert len(listed) == AdminUnit.objects.current().provinces().count()
    assert html.count('class="no-plan"') == len(listed) - 1
    # A year switcher, and totals equal to the lines.
    assert reverse("reports:overview", args=[w["year"] - 1]) in html
    total = re.search(r'data-total="all">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'data-col="disbursed">180<', total) and re.search(r'data-col="previous">150<', total)

    rows = [
        tuple(r)
        for r in load_workbook(
            io.BytesIO(ministry.get(reverse("reports:overview_xlsx", args=[w["year"]])).content)
        ).active.iter_rows(values_only=True)
    ]
    line = next(r for r in rows if r[0] == "Tỉnh Sông Lam" and r[2] == "KCĐP")
    assert line[5] == 180 * M and line[7] == 150 * M and round(line[8], 4) == 0.2
    assert "Tỉnh Đồng Cói (" in line[1]  # the old units beside today's
    body = [r for r in rows[4:] if r[0] and r[0] not in ("Tổng cộng", "Tất cả các nguồn")]
    grand = rows[-1]
    assert grand[5] == sum(r[5] or 0 for r in body) and grand[7] == sum(r[7] or 0 for r in body)
    assert grand[3] == sum(r[3] or 0 for r in body)


def test_the_plan_form_tells_the_two_provinces_of_the_same_name_apart(merger):
    admin = make_user("sl_admin", Role.ADMINISTRATOR, "national")
    client = Client()
    client.force_login(admin)
    html = client.get(reverse("plans:plan_create")).content.decode()
    options = re.findall(r"<option[^>]*>([^<]*Sông Lam[^<]*)</option>", html)
    assert len(options) == 2 and len(set(options)) == 2
    assert "Tỉnh Sông Lam" in options and any("30/6/2025" in o for o in options)
