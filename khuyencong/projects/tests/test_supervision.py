"""Overdue lists in the user's scope: milestones, monthly progress reports by the 25th, settlement deadlines."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from khuyencong.projects.models import Acceptance, Milestone, ProgressReport
from khuyencong.projects.supervision import overdue_for

from .conftest import M, running_project


@pytest.mark.django_db
def test_late_milestones_reports_and_settlements_are_listed_for_the_province_only(personas, programme):
    today = programme["today"]
    local = running_project(programme, personas, 50 * M, title="Đào tạo nghề chậm tiến độ")
    Milestone.objects.create(project=local, name="Khai giảng", due_on=today - datetime.timedelta(days=3))
    Milestone.objects.create(project=local, name="Bế giảng", due_on=today + datetime.timedelta(days=30))
    national = running_project(programme, personas, 300 * M, source="KCQG", title="Hội nghị khuyến công")

    overdue = overdue_for(personas["centre_staff"], today)
    assert [(late.project, late.what) for late in overdue["milestones"]] == [(local, "Khai giảng")]
    # The monthly report is a national rule (Circular 36/2013): only the national project owes it.
    assert [late.project for late in overdue["reports"]] == [national]
    assert "36/2013" in overdue["reports"][0].basis

    due = overdue["reports"][0].due
    ProgressReport.objects.create(
        project=national, month=due.replace(day=1), percent_done=40, text="Đúng tiến độ"
    )
    assert overdue_for(personas["centre_staff"], today)["reports"] == []

    nothing = overdue_for(personas["other_province_staff"], today)
    assert nothing == {"milestones": [], "follow_ups": [], "reports": [], "settlements": []}


@pytest.mark.django_db
def test_a_national_project_accepted_more_than_15_days_ago_without_settlement_is_late(personas, programme):
    today = programme["today"]
    # The file's history is entered with the days things happened: the work began 20 days ago.
    started = today - datetime.timedelta(days=20)
    project = running_project(programme, personas, 300 * M, source="KCQG", on=started)
    project.request_acceptance(personas["centre_staff"], on=started)
    for item in project.dossier_items.filter(stage="acceptance"):
        item.review("accepted", personas["centre_staff"], note="Bản giấy")
    accepted_on = today - datetime.timedelta(days=16)
    project.accept(personas["leader"], Acceptance(accepted_on=accepted_on, participants=120), on=accepted_on)
    late = overdue_for(personas["leader"], today)["settlements"]
    assert [(item.project, item.due) for item in late] == [
        (project, accepted_on + datetime.timedelta(days=15))
    ]
    page = Client()
    page.force_login(personas["leader"])
    assert project.code in page.get(reverse("projects:overdue")).content.decode()


@pytest.mark.django_db
def test_a_provinces_own_monthly_report_deadline_brings_its_local_projects_under_watch(personas, programme):
    from conftest import BAC_NINH, HUNG_YEN, province
    from khuyencong.plans.models import DeadlineRule

    today = programme["today"]
    local = running_project(programme, personas, 50 * M, title="Đào tạo nghề địa phương")
    assert overdue_for(personas["centre_staff"], today)["reports"] == []
    DeadlineRule.objects.create(
        code="monthly_report",
        kind="monthly",
        day=20,
        source_kind="local",
        province=province(HUNG_YEN),
        legal_basis="Quyết định UBND tỉnh Hưng Yên (giả định)",
        effective_from=today - datetime.timedelta(days=400),
    )
    late = overdue_for(personas["centre_staff"], today)["reports"]
    assert [(item.project, item.due.day) for item in late] == [(local, 20)]
    assert "Hưng Yên" in late[0].basis
    other = DeadlineRule.find("monthly_report", "local", today, province(BAC_NINH).pk)
    assert other is None


def _deadline_form(rule, **changes) -> dict:
    fields = ["code", "kind", "day", "month", "year_offset", "days", "source_kind", "legal_basis"]
    data = {name: "" if getattr(rule, name) is None else str(getattr(rule, name)) for name in fields}
    data.update(effective_from=f"{rule.effective_from:%Y-%m-%d}", effective_to="", version=str(rule.version))
    return {**data, **changes}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "changes"),
    [
        ("monthly_report", {"day": "0"}),  # the 0th of a month
        ("closure", {"day": "31", "month": "2", "year_offset": "0"}),  # 31 February
        ("closure", {"year_offset": "-30000"}),  # a year before year 1
        (
            "settlement_dossier",
            {"kind": "yearly", "day": "1", "month": "1", "days": ""},
        ),  # counted in days, given none
    ],
)
def test_a_deadline_no_day_can_meet_is_refused_and_the_overdue_list_still_opens(
    personas, programme, code, changes
):
    """Each of these was saved, and then the overdue list of every project it applied to was a
    server error (a date that cannot exist, or days that are None)."""
    from khuyencong.plans.models import DeadlineRule

    running_project(programme, personas, 300 * M, source="KCQG", title="Hội nghị khuyến công")
    accepted = running_project(programme, personas, 300 * M, source="KCQG", title="Đã nghiệm thu")
    Acceptance.objects.create(project=accepted, accepted_on=programme["today"])
    type(accepted).objects.filter(pk=accepted.pk).update(
        status="accepted", accepted_on=programme["today"] - datetime.timedelta(days=40)
    )
    rule = DeadlineRule.objects.get(code=code, province__isnull=True)
    admin, staff = Client(), Client()
    admin.force_login(personas["admin"])
    staff.force_login(personas["centre_staff"])
    response = admin.post(
        reverse("plans:rule_edit", args=["deadlines", rule.pk]), _deadline_form(rule, **changes)
    )
    assert response.status_code == 400
    assert DeadlineRule.objects.get(pk=rule.pk).version == rule.version
    assert staff.get(reverse("projects:overdue")).status_code == 200


@pytest.mark.django_db
def test_a_yearly_deadline_on_29_february_falls_on_the_28th_in_other_years():
    from khuyencong.plans.models import DeadlineRule

    rule = DeadlineRule(code="closure", kind="yearly", day=29, month=2, year_offset=1)
    assert rule.due_in_year(2023) == datetime.date(2024, 2, 29)
    assert rule.due_in_year(2024) == datetime.date(2025, 2, 28)
