"""The approval form offers the batches that can take the project, with the room left in each,
and says why when none can; a project on today's province goes into a plan made before 1/7/2025."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from khuyencong.geo.models import AdminUnit
from khuyencong.plans.models import Batch, FundingSource, Plan
from khuyencong.projects.forms import ApprovalForm

from .conftest import M, appraise, draft_project

pytestmark = pytest.mark.django_db


def approval_page(user, project) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("projects:step", args=[project.pk, "approve"]))
    assert response.status_code == 200
    return response.content.decode()


def batch_options(html: str) -> list[str]:
    select = re.search(r'<select name="batch".*?</select>', html, re.S).group(0)
    return [
        label for value, label in re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select) if value
    ]


def test_a_project_on_todays_province_is_approved_through_the_form_listing_the_room_left(programme, personas):
    project = appraise(draft_project(programme, personas, 300 * M, 300 * M), personas)
    batch = programme["batches"]["KCĐP"]
    # Another project already holds 1.650 million of the 2.000: 350 million are left.
    other = appraise(draft_project(programme, personas, 1_650 * M, 1_650 * M, title="Đề án lớn"), personas)
    other.approve(personas["leader"], batch, programme["decision"], 1_650 * M, on=programme["today"])

    options = batch_options(approval_page(personas["leader"], project))
    assert len(options) == 1
    assert options[0].startswith("Đợt I — ") and "350.000.000" in options[0]

    leader = Client()
    leader.force_login(personas["leader"])
    response = leader.post(
        reverse("projects:step", args=[project.pk, "approve"]),
        {
            "step": "approve",
            "batch": batch.pk,
            "decision": programme["decision"].pk,
            "approved_support": "300.000.000",
            "on": programme["today"].isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project.refresh_from_db()
    assert (project.status, project.batch_id, project.approved_support) == ("approved", batch.pk, 300 * M)


def test_a_plan_made_before_the_reform_takes_the_projects_of_the_province_it_became(programme, personas):
    """Today's Hưng Yên took in Thái Bình: a plan on the old Thái Bình takes a project on today's Hưng Yên."""
    today_hy = programme["province"]
    old = (
        AdminUnit.objects.legacy()
        .provinces()
        .filter(successions__successor=today_hy)
        .exclude(code=33)
        .first()
    )
    assert old is not None and old.current_unit() == today_hy
    local = FundingSource.objects.get(code="KCĐP")
    Plan.objects.filter(current_province=today_hy, year=programme["today"].year, source=local).delete()
    plan = Plan.objects.create(province=old, year=programme["today"].year, source=local, title="Kế hoạch cũ")
    batch = Batch.objects.create(
        plan=plan,
        number=2,
        amount=500 * M,
        approved_on=programme["today"] - datetime.timedelta(days=5),
        decision=programme["decision"],
    )
    project = appraise(draft_project(programme, personas, 200 * M, 200 * M), personas)
    assert project.province == today_hy
    options = batch_options(approval_page(personas["leader"], project))
    assert len(options) == 1 and "500.000.000" in options[0] and old.name in options[0]
    project.approve(personas["leader"], batch, programme["decision"], 200 * M, on=programme["today"])
    assert project.status == "approved" and project.batch == batch


def _why(project, leader) -> tuple[list[str], str]:
    form = ApprovalForm(project=project, user=leader)
    return [str(label) for _value, label in form.fields["batch"].choices if _value], str(
        form.fields["batch"].help_text
    )


def test_when_no_batch_can_take_the_project_the_form_says_why_and_where_to_fix_it(programme, personas):
    leader = personas["leader"]
    batch = programme["batches"]["KCĐP"]
    plan = batch.plan
    project = appraise(draft_project(programme, personas, 300 * M, 300 * M), personas)

    # Every batch full: a link to the plan page, where a batch is adjusted or added.
    other = appraise(draft_project(programme, personas, 2_000 * M, 2_000 * M, title="Đề án lớn"), personas)
    other.approve(leader, batch, programme["decision"], 2_000 * M, on=programme["today"])
    choices, why = _why(project, leader)
    assert choices == [] and reverse("reports:execution", args=[plan.current_province_id, plan.year]) in why

    # A batch with room but no decision: a link to the batch, to record it.
    new = Batch.objects.create(plan=plan, number=2, amount=100 * M, approved_on=programme["today"])
    choices, why = _why(project, leader)
    assert choices == [] and reverse("plans:batch_edit", args=[new.pk]) in why

    # A plan with no batch: a link to add one.
    national = programme["batches"]["KCQG"]
    project = appraise(draft_project(programme, personas, 300 * M, 300 * M, source="KCQG"), personas)
    national_plan = national.plan
    national.delete()
    choices, why = _why(project, leader)
    assert choices == [] and reverse("plans:batch_create", args=[national_plan.pk]) in why

    # No plan of the year and source in the province: a link to a new plan, filled in.
    national_plan.delete()
    choices, why = _why(project, leader)
    assert choices == [] and reverse("plans:plan_create") + "?" in why
    assert f"year={plan.year}" in why and f"province={programme['province'].pk}" in why
    # The page says it under the batch field.
    assert reverse("plans:plan_create") in approval_page(leader, project)
