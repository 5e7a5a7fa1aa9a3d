"""A province programme to run projects in: this year's local and national plans, a batch each, a decision."""

import datetime

import pytest
from django.utils import timezone

from conftest import HUNG_YEN, province
from khuyencong.documents.models import Document
from khuyencong.plans.models import Batch, FundingSource, Plan

M = 1_000_000


@pytest.fixture
def programme(db, personas):
    today = timezone.localdate()
    hy = province(HUNG_YEN)
    decision = Document.objects.create(
        symbol="15/QĐ-UBND",
        issued_on=today - datetime.timedelta(days=40),
        issuer="UBND tỉnh Hưng Yên",
        summary="Phê duyệt kế hoạch khuyến công",
        province=hy,
    )
    batches = {}
    for code in ("KCĐP", "KCQG"):
        source = FundingSource.objects.get(code=code)
        plan = Plan.objects.create(province=hy, year=today.year, source=source, title=f"Kế hoạch {code}")
        batches[code] = Batch.objects.create(
            plan=plan,
            number=1,
            amount=2_000 * M,
            approved_on=today - datetime.timedelta(days=30),
            decision=decision,
        )
    return {"province": hy, "decision": decision, "batches": batches, "today": today}


def draft_project(
    programme, personas, support, counterpart=0, *, source="KCĐP", activity="1", item="", **extra
):
    from khuyencong.projects.models import Project
    from khuyencong.registry.models import ActivityType

    project = Project.create_draft(
        personas["centre_staff"],
        title=extra.pop("title", f"Đề án {support}"),
        activity_type=ActivityType.in_force().get(code=activity),
        support_item=item,
        source=programme["batches"][source].plan.source,
        year=programme["today"].year,
        province=programme["province"],
        implementing_unit="Trung tâm Khuyến công",
        support_amount=support,
        counterpart_amount=counterpart,
        total_amount=support + counterpart,
        **extra,
    )
    for dossier_item in project.dossier_items.filter(stage="application"):
        dossier_item.review("accepted", personas["centre_staff"], note="Bản giấy")
    return project


def appraise(project, personas, on=None):
    """Submit and appraise through the real steps, all dated `on` (today by default)."""
    from khuyencong.plans.models import AppraisalCriterion

    staff, leader = personas["centre_staff"], personas["leader"]
    project.submit(staff, on=on)
    project.start_appraisal(staff, on=on)
    steps = [("centre", staff)] + (
        [("finance", personas["finance"])] if project.source.finance_appraisal else []
    )
    for step, who in steps:
        criteria = AppraisalCriterion.in_force(project.rule_date).filter(step=step)
        project.record_appraisal(who, step, {str(c.pk): c.max_score for c in criteria}, "Đạt", "pass", on=on)
    project.complete_appraisal(leader, on=on)
    project.propose(staff, on=on)
    return project


def running_project(programme, personas, support, counterpart=0, *, source="KCĐP", on=None, **extra):
    """A project approved into this year's batch of the source and in progress, through the real steps,
    each dated `on` (today by default; the batch was approved 30 days ago)."""
    on = on or programme["today"]
    project = appraise(
        draft_project(programme, personas, support, counterpart, source=source, **extra), personas, on=on
    )
    batch = programme["batches"][source]
    project.approve(personas["leader"], batch, programme["decision"], support, on=on)
    project.contract(personas["centre_staff"], on=on)
    project.start(personas["centre_staff"], on=on)
    return project
