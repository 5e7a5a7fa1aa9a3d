"""The seed's 9-month 2015 report for Hưng Yên (docs/programme.md §2), written by `manage.py report
periodic` from the demo's records: every figure read back from the JSON, none typed in the code."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import legacy_commune, make_user
from khuyencong.accounts.models import Role, ScopeLevel, User
from khuyencong.geo.models import AdminUnit
from khuyencong.reports.periodic import build
from khuyencong.reports.periods import Period

NINE_MONTHS = ("--from", "2015-01-01", "--to", "2015-09-30")


def run_report(tmp_path, *args, name="report.json") -> dict:
    out = tmp_path / name
    call_command("report", "periodic", *args, "--format", "json", "--out", str(out), stdout=io.StringIO())
    return json.loads(out.read_text())


def symbols(decisions) -> list[str]:
    return [d["symbol"] for d in decisions]


@pytest.mark.django_db
def test_the_nine_month_report_of_hung_yen_reads_the_seed_figures(demo, tmp_path):
    data = run_report(tmp_path, "--province", "33", *NINE_MONTHS)
    assert data["schema"] == 1
    assert data["scope"]["kind"] == "province"
    assert data["scope"]["province"]["code"] == 33 and data["scope"]["province"]["name"] == "Hưng Yên"
    assert data["period"]["kind"] == "m9" and data["period"]["previous_to"] == "2014-09-30"

    national = data["national_plan"]
    assert national["planned_display"] == "1.380"
    assert symbols(national["assigned_by"]) == ["11355/QĐ-BCT"]
    titles = [task["title"] for task in national["tasks"]]
    assert any("Hội nghị" in title for title in titles) and any("Hội chợ" in title for title in titles)
    every = set(symbols(national["decisions"]))
    assert {"11355/QĐ-BCT", "125/TB-UBND", "1363/QĐ-UBND", "1675/QĐ-UBND", "1744/QĐ-UBND"} <= every
    fair = next(task for task in national["tasks"] if "Hội chợ" in task["title"])
    assert {"1363/QĐ-UBND", "1675/QĐ-UBND", "1744/QĐ-UBND"} <= set(symbols(fair["decisions"]))
    assert [a["kind"] for a in fair["activities"]] == ["event"]
    assert fair["status"] == "in_progress" and "20/10/2015" in fair["progress"]
    # Both were paid in October: nothing of the national plan was disbursed in the nine months.
    assert national["disbursed"] == 0

    local = data["local_plan"]
    assert local["planned_display"] == "936"
    assert [b["planned_display"] for b in local["batches"]] == ["485", "451"]
    assert local["planned"] == sum(b["planned"] for b in local["batches"])
    assert local["disbursed_display"] == "341,7"
    assert local["change"] == "+57,25%"
    assert local["previous_disbursed_display"] == "217,3"
    assert local["batches"][0]["percent"] == "70,45%"
    assert local["batches"][0]["decision"]["symbol"] == "520/QĐ-UBND"
    # Mainly vocational training and information dissemination (activity types 1 and 6).
    assert [row["activity_type"] for row in local["main_contents"][:2]] == ["1", "6"]
    assert sum(row["disbursed"] for row in local["main_contents"]) == local["disbursed"]


@pytest.mark.django_db
def test_each_figure_is_the_sum_of_the_records_listed_for_it(demo, tmp_path):
    data = run_report(tmp_path, "--province", "33", *NINE_MONTHS)
    records = data["records"]
    payments = [r for r in records["local_plan"] if r["kind"] == "payment"]
    assert sum(r["amount"] for r in payments if r["part"] == "period") == data["local_plan"]["disbursed"]
    assert (
        sum(r["amount"] for r in payments if r["part"] == "previous")
        == data["local_plan"]["previous_disbursed"]
    )
    batches = [r for r in records["local_plan"] if r["kind"] == "batch"]
    assert sum(r["amount"] for r in batches) == data["local_plan"]["planned"]
    assert all(r["date"] <= "2015-09-30" for r in payments if r["part"] == "period")
    assert len(records["projects"]) == data["projects"]["total"]
    assert len(records["establishments"]) == data["establishments"]["total"]
    assert sum(r["amount"] for r in records["establishments"]) == data["establishments"]["amount"]
    assert symbols(data["documents"]) == [r["label"].split(" — ")[0] for r in records["documents"]]
    # The documents issued in the nine months, the central decision of December 2014 not among them.
    assert {"125/TB-UBND", "1363/QĐ-UBND", "1675/QĐ-UBND", "1744/QĐ-UBND"} <= set(symbols(data["documents"]))
    assert "11355/QĐ-BCT" not in symbols(data["documents"])
    media = next(o for o in data["outputs"] if o["key"] == "media_items")
    assert media["value"] == len([r for r in records["outputs"] if r["kind"] == "media"])


@pytest.mark.django_db
def test_a_pre_2025_code_and_the_national_roll_up_give_the_same_figures(demo, tmp_path):
    by_old_code = run_report(tmp_path, "--province", "34", *NINE_MONTHS, name="tb.json")
    assert by_old_code["scope"]["province"]["code"] == 33
    assert by_old_code["local_plan"]["disbursed_display"] == "341,7"
    national = run_report(tmp_path, *NINE_MONTHS, name="national.json")
    assert national["scope"]["kind"] == "national" and national["scope"]["province"] is None
    row = next(p for p in national["local_plan"]["by_province"] if p["code"] == 33)
    assert (row["planned_display"], row["disbursed_display"], row["change"]) == ("936", "341,7", "+57,25%")
    assert national["local_plan"]["planned"] == sum(
        p["planned"] for p in national["local_plan"]["by_province"]
    )
    assert national["national_plan"]["planned"] >= 1_380_000_000


@pytest.mark.django_db
def test_a_quarter_says_what_it_paid_and_what_was_paid_to_its_end(demo):
    province = demo
    data = build(Period.parse("q3", 2015), province)
    local = data["local_plan"]
    assert local["disbursed_to_date_display"] == "341,7"  # from the plans' beginning to 30/9
    assert 0 < local["disbursed"] < local["disbursed_to_date"]  # July to September only
    assert local["disbursed"] == sum(b["disbursed"] for b in local["batches"])


@pytest.mark.django_db
def test_the_command_refuses_what_it_cannot_read(demo, tmp_path):
    out = str(tmp_path / "r.json")
    cases = [
        (["--province", "99", *NINE_MONTHS, "--out", out], "99"),
        (["--province", "33", "--from", "2015-13-01", "--to", "2015-09-30", "--out", out], "2015-13-01"),
        (["--province", "33", "--from", "2015-09-30", "--to", "2015-01-01", "--out", out], "30/09/2015"),
        (["--province", "33", *NINE_MONTHS, "--format", "odt", "--out", out], "odt"),
        (["--province", "33", *NINE_MONTHS, "--out", str(tmp_path / "no" / "such" / "r.json")], "r.json"),
        (["--province", "33", *NINE_MONTHS, "--grouping", "then", "--out", out], "then"),
    ]
    for args, named in cases:
        with pytest.raises(CommandError) as refused:
            call_command("report", "periodic", *args, stdout=io.StringIO())
        assert named in str(refused.value), args
    with pytest.raises(CommandError):
        call_command("report", "yearly", *NINE_MONTHS, "--out", out, stdout=io.StringIO())
    assert not (tmp_path / "r.json").exists()


@pytest.mark.django_db
def test_a_commune_officer_and_another_province_get_only_their_scope(demo, personas):
    province = demo
    period = Period.between(datetime.date(2015, 1, 1), datetime.date(2015, 9, 30))
    whole = build(period, province)
    elsewhere = build(period, province, user=personas["other_province_staff"])
    assert elsewhere["local_plan"]["planned"] == 0 and elsewhere["national_plan"]["tasks"] == []
    assert elsewhere["projects"]["total"] == 0 and elsewhere["establishments"]["total"] == 0
    assert elsewhere["documents"] == [] and all(not rows for rows in elsewhere["records"].values())

    # A commune officer where the 2015 training of Phù Ủng took place (today's commune it went into).
    commune = legacy_commune("Huyện Ân Thi", "Xã Phù Ủng").current_unit()
    officer = make_user("officer_an_thi", Role.COMMUNE_OFFICER, ScopeLevel.COMMUNE, commune)
    mine = build(period, province, user=officer)
    # No plans for a commune officer (docs/permissions.md): no money, no documents.
    assert mine["local_plan"]["planned"] == 0 and mine["local_plan"]["disbursed"] == 0
    assert mine["documents"] == []
    assert 0 < mine["establishments"]["total"] < whole["establishments"]["total"]
    assert 0 < mine["projects"]["total"] < whole["projects"]["total"]
    today = build(period, province, user=officer, grouping="today")
    assert {row["commune_id"] for row in today["establishments"]["by_commune"]} == {commune.pk}
    legacy = AdminUnit.objects.filter(pk__in=[r["commune_id"] for r in mine["establishments"]["by_commune"]])
    assert all(unit.current_unit() == commune for unit in legacy)

    leader = build(period, province, user=User.objects.get(username="lanhdao"))
    assert leader["local_plan"] == whole["local_plan"]
