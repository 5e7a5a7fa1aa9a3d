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
    project = running_project(programme, personas, 300 * M, source="KCQG")
    project.request_acceptance(personas["centre_staff"])
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
