"""The demo: written through the audited methods, loaded twice without doubling, and holding this year's
plans of today's Hưng Yên, so that a project applied for today can be approved."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from khuyencong.accounts.models import RoleAssignment, User
from khuyencong.audit.models import AuditEntry
from khuyencong.plans.models import AppraisalCriterion, Plan
from khuyencong.plans.room import openings_for
from khuyencong.projects.demo import ILLUSTRATIVE, ILLUSTRATIVE_FIGURES
from khuyencong.projects.models import Project, ProjectEvent
from khuyencong.registry.models import ActivityType

M = 1_000_000


@pytest.mark.django_db
def test_the_demo_writes_its_roles_and_documents_through_the_audited_methods(demo):
    documents = ProjectEvent.objects.filter(action="document")
    assert documents.count() == 5  # the conference's notice, and the fair's four documents
    noted = AuditEntry.objects.filter(action="projects.project.document_noted")
    assert noted.count() == documents.count()
    # Every demo role was granted with its entry on the user's history.
    granted = AuditEntry.objects.filter(action="accounts.role.granted")
    assert granted.count() == RoleAssignment.objects.count() == 8
    assert set(granted.values_list("object_id", flat=True)) == {
        str(pk) for pk in RoleAssignment.objects.values_list("user_id", flat=True)
    }


@pytest.mark.django_db
def test_the_demo_journey_of_today_ends_in_a_batch_of_this_years_plan(demo):
    # Loaded a second time, the demo finds everything and makes nothing twice.
    call_command("load_demo", stdout=io.StringIO())
    assert AuditEntry.objects.filter(action="accounts.role.granted").count() == 8
    assert ProjectEvent.objects.filter(action="document").count() == 5
    today = timezone.localdate()
    hy = demo
    plans = Plan.objects.filter(current_province=hy, year=today.year)
    assert sorted(plans.values_list("source__code", flat=True)) == ["KCQG", "KCĐP"]
    for plan in plans:
        assert plan.province == hy and plan.note == ILLUSTRATIVE_FIGURES
        assert plan.decision.summary.endswith(ILLUSTRATIVE)
        assert all(b.approved_on <= today and b.approved_on.year == today.year for b in plan.batches.all())

    staff, leader, finance = (User.objects.get(username=n) for n in ("canbo", "lanhdao", "taichinh"))
    local = plans.get(source__code="KCĐP")
    project = Project(
        title="Đề án trình hôm nay",
        activity_type=ActivityType.in_force(today).get(code="1"),
        source=local.source,
        year=today.year,
        province=hy,
        implementing_unit="Trung tâm Khuyến công",
        support_amount=100 * M,
        counterpart_amount=100 * M,
        total_amount=200 * M,
    )
    project.save()
    project.create_dossier()
    for item in project.dossier_items.filter(stage="application"):
        item.review("accepted", staff, note="Bản giấy")
    project.submit(staff)
    project.start_appraisal(staff)
    for step, who in [("centre", staff)] + ([("finance", finance)] if local.source.finance_appraisal else []):
        criteria = AppraisalCriterion.for_step(step, project.rule_date, project.current_province_id)
        project.record_appraisal(who, step, {str(c.pk): c.max_score for c in criteria}, "Đạt", "pass")
    project.complete_appraisal(leader)
    project.propose(staff)
    openings = openings_for(project)
    assert openings.open and all(o.room > 0 for o in openings.open)
    batch = openings.open[0].batch
    project.approve(leader, batch, batch.decision, 100 * M, on=today)
    assert project.status == "approved" and project.batch.plan == local
