"""The 2015 report's figures come out of the demo records: on the plan page, in `plan_figures`, in a browser."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from khuyencong.accounts.models import User

SEED_FIGURES = ["1.380", "936", "485", "451", "341,7", "70,45%", "+57,25%"]


def page_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_plan_figures_prints_the_seed_figures_from_the_records(demo):
    out = io.StringIO()
    call_command("plan_figures", province=33, year=2015, as_of="2015-09-30", format="json", stdout=out)
    data = json.loads(out.getvalue())
    national, local = data["sources"]
    assert (national["code"], national["planned_display"]) == ("KCQG", "1.380")
    assert (local["code"], local["planned_display"]) == ("KCĐP", "936")
    assert [b["planned_display"] for b in local["batches"]] == ["485", "451"]
    assert local["disbursed"] == 341_700_000 and local["disbursed_display"] == "341,7"
    assert local["batches"][0]["percent_of_plan"] == "70,45%"
    assert local["previous_year_disbursed_display"] == "217,3"
    assert local["year_on_year_change"] == "+57,25%"
    assert national["batches"][0]["decision"] == "11355/QĐ-BCT"


@pytest.mark.django_db
def test_the_plan_page_shows_the_same_figures_and_the_command_reads_dd_mm_yyyy(demo):
    province = demo
    client = Client()
    client.force_login(User.objects.get(username="canbo"))
    response = client.get(f"/plans/execution/{province.pk}/2015/", {"as_of": "2015-09-30"})
    text = page_text(response.content.decode())
    for figure in SEED_FIGURES:
        assert f" {figure} " in text, figure
    out = io.StringIO()
    call_command("plan_figures", province=33, year=2015, as_of="30/09/2015", stdout=out)
    assert "341,7" in out.getvalue() and "+57,25%" in out.getvalue()


@pytest.mark.django_db
def test_a_day_earlier_the_figures_move_and_a_later_batch_is_not_yet_planned(demo):
    province = demo
    client = Client()
    client.force_login(User.objects.get(username="lanhdao"))
    data = client.get(f"/plans/execution/{province.pk}/2015/figures.json", {"as_of": "2015-08-01"}).json()
    local = data["sources"][1]
    assert local["batches"][1]["planned"] == 0  # batch II was approved on 25/8/2015
    assert local["disbursed"] < 341_700_000


@pytest.mark.django_db
def test_other_provinces_and_readers_without_plans_get_nothing(demo, personas):
    province = demo
    # Another province's staff may read plans, but not these (404); the others read no plans (403).
    for persona, refusal in (
        ("other_province_staff", 404),
        ("commune_officer", 403),
        ("establishment_rep", 403),
    ):
        client = Client()
        client.force_login(personas[persona])
        response = client.get(f"/plans/execution/{province.pk}/2015/")
        assert response.status_code == refusal, persona
        assert "341,7" not in response.content.decode()


@pytest.mark.django_db
def test_the_ministry_overview_rolls_up_provinces_with_the_same_figures(demo, personas):
    ministry = Client()
    ministry.force_login(User.objects.get(username="bocongthuong"))
    text = page_text(ministry.get("/plans/overview/2015/", {"as_of": "2015-09-30"}).content.decode())
    assert "Tỉnh Hưng Yên" in text
    for figure in ("1.380", "936", "341,7", "217,3", "+57,25%"):
        assert f" {figure} " in text, figure
    elsewhere = Client()
    elsewhere.force_login(personas["other_province_staff"])
    assert "341,7" not in elsewhere.get("/plans/overview/2015/", {"as_of": "2015-09-30"}).content.decode()


def sheet_rows(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    return [tuple(row) for row in workbook.active.iter_rows(values_only=True)]


def row_starting(rows, *start):
    return next(row for row in rows if row[: len(start)] == start)


@pytest.mark.django_db
def test_the_plan_and_the_overview_export_the_same_figures_in_dong(demo, personas):
    province = demo
    staff = Client()
    staff.force_login(User.objects.get(username="canbo"))
    rows = sheet_rows(staff.get(f"/plans/execution/{province.pk}/2015/figures.xlsx", {"as_of": "2015-09-30"}))
    assert rows[0][0] == "Thực hiện kế hoạch năm 2015 — Tỉnh Hưng Yên"
    assert "30/09/2015" in rows[1][0]
    header = rows[3]
    column = {
        name: header.index(name) for name in ("Kế hoạch (đồng)", "Đã giải ngân (đồng)", "Tỷ lệ giải ngân")
    }
    batch_one = row_starting(rows, "KCĐP", "Đợt I")
    assert batch_one[column["Kế hoạch (đồng)"]] == 485_000_000
    assert batch_one[column["Đã giải ngân (đồng)"]] == 341_700_000
    assert round(batch_one[column["Tỷ lệ giải ngân"]], 4) == 0.7045
    local_total = row_starting(rows, "KCĐP", "Tổng cộng")
    assert local_total[column["Kế hoạch (đồng)"]] == 936_000_000
    previous = next(row for row in rows if row[0] == "KCĐP" and str(row[1]).startswith("Cùng kỳ"))
    assert previous[column["Đã giải ngân (đồng)"]] == 217_300_000
    assert round(previous[column["Tỷ lệ giải ngân"]], 4) == 0.5725
    assert row_starting(rows, "KCQG", "Tổng cộng")[column["Kế hoạch (đồng)"]] == 1_380_000_000
    # Money shows with grouped digits and shares as percentages in the reader's Excel.
    response = staff.get(f"/plans/execution/{province.pk}/2015/figures.xlsx", {"as_of": "2015-09-30"})
    cells = next(
        r for r in load_workbook(io.BytesIO(response.content)).active.iter_rows() if r[1].value == "Đợt I"
    )
    assert cells[column["Kế hoạch (đồng)"]].number_format == "#,##0"
    assert cells[column["Tỷ lệ giải ngân"]].number_format == "0.00%"

    ministry = Client()
    ministry.force_login(User.objects.get(username="bocongthuong"))
    rows = sheet_rows(ministry.get("/plans/overview/2015/figures.xlsx", {"as_of": "2015-09-30"}))
    local = next(row for row in rows if row[0] == "Tỉnh Hưng Yên" and row[2] == "KCĐP")
    assert local[1].startswith("Tỉnh Hưng Yên (") and "30/6/2025" in local[1]  # the unit made for, beside
    assert local[3:6] == (936_000_000, 936_000_000, 341_700_000) and local[7] == 217_300_000

    # Another province's staff get no figures of Hưng Yên in either export.
    elsewhere = Client()
    elsewhere.force_login(personas["other_province_staff"])
    assert elsewhere.get(f"/plans/execution/{province.pk}/2015/figures.xlsx").status_code == 404
    rows = sheet_rows(elsewhere.get("/plans/overview/2015/figures.xlsx", {"as_of": "2015-09-30"}))
    assert not any(row[0] == "Tỉnh Hưng Yên" for row in rows)


@pytest.mark.django_db
def test_batch_one_is_traced_to_its_projects_and_every_entry_with_the_same_total(demo, personas):
    from khuyencong.plans.models import Batch
    from khuyencong.projects.models import Payment

    province = demo
    batch = Batch.objects.get(
        plan__current_province=province, plan__year=2015, plan__source__code="KCĐP", number=1
    )
    staff = Client()
    staff.force_login(User.objects.get(username="canbo"))
    plan_page = staff.get(f"/plans/execution/{province.pk}/2015/", {"as_of": "2015-09-30"}).content.decode()
    assert f'href="/plans/batches/{batch.pk}/?as_of=2015-09-30"' in plan_page

    html = staff.get(f"/plans/batches/{batch.pk}/", {"as_of": "2015-09-30"}).content.decode()
    line = page_text(re.search(r'id="batch-line">(.*?)</p>', html, re.S).group(1))
    assert " 485 " in line and " 341,7 " in line and "70,45%" in line
    total = re.search(r'data-row="total">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'data-col="disbursed">341,7<', total)
    entries = Payment.objects.filter(batch=batch, paid_on__lte="2015-09-30")
    assert entries.exists()
    for entry in entries:
        assert entry.voucher_number in html
    later = Payment.objects.filter(batch=batch, paid_on__gt="2015-09-30").first()
    if later:
        assert later.voucher_number not in html

    for persona, refusal in (
        ("other_province_staff", 404),
        ("commune_officer", 403),
        ("establishment_rep", 403),
    ):
        client = Client()
        client.force_login(personas[persona])
        response = client.get(f"/plans/batches/{batch.pk}/", {"as_of": "2015-09-30"})
        assert response.status_code == refusal, persona
