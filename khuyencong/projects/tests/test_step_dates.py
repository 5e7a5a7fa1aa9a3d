"""Dates users record (issue 9, point 3): steps and appraisals carry the day they happened, and an
amount adjustment counts in the figures from its decision's date only."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from khuyencong.audit.models import AuditEntry
from khuyencong.documents.models import Document
from khuyencong.plans.models import AppraisalCriterion
from khuyencong.projects.models import Project, TransitionError
from khuyencong.projects.presenting import timeline

from .conftest import M, appraise, draft_project, running_project

DAY = datetime.timedelta(days=1)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def full_scores(project, step: str) -> dict[str, int]:
    criteria = AppraisalCriterion.for_step(step, project.rule_date, project.current_province_id)
    return {str(c.pk): c.max_score for c in criteria if c.max_score is not None}


@pytest.mark.django_db
def test_a_step_dated_in_the_future_is_refused_by_the_model_and_the_form(personas, programme):
    staff, today = personas["centre_staff"], programme["today"]
    project = draft_project(programme, personas, 30 * M)
    with pytest.raises(TransitionError):
        project.submit(staff, on=today + DAY)
    response = client_for(staff).post(
        reverse("projects:step", args=[project.pk, "submit"]), {"on": (today + DAY).isoformat()}
    )
    assert response.status_code == 400
    assert "on" in response.context["form"].errors
    project.refresh_from_db()
    assert project.status == "draft" and not project.events.exclude(action="created").exists()


@pytest.mark.django_db
def test_a_step_dated_before_the_previous_step_is_refused(personas, programme):
    staff, today = personas["centre_staff"], programme["today"]
    project = draft_project(programme, personas, 30 * M)
    project.submit(staff, on=today - 5 * DAY)
    with pytest.raises(TransitionError):
        project.start_appraisal(staff, on=today - 6 * DAY)
    page = client_for(staff).get(reverse("projects:step", args=[project.pk, "start_appraisal"]))
    # The date picker itself offers nothing before the submission or after today.
    assert f'min="{(today - 5 * DAY).isoformat()}"' in page.content.decode()
    assert f'max="{today.isoformat()}"' in page.content.decode()
    response = client_for(staff).post(
        reverse("projects:step", args=[project.pk, "start_appraisal"]),
        {"on": (today - 6 * DAY).isoformat()},
    )
    assert response.status_code == 400 and "on" in response.context["form"].errors
    # The same day as the previous step, or an empty date (today), is fine.
    ok = client_for(staff).post(
        reverse("projects:step", args=[project.pk, "start_appraisal"]), {"on": (today - 5 * DAY).isoformat()}
    )
    assert ok.status_code == 302
    project.refresh_from_db()
    assert project.status == "under_appraisal"
    assert project.events.get(action="start_appraisal").happened_on == today - 5 * DAY


@pytest.mark.django_db
def test_an_appraisal_records_its_date_and_cannot_precede_the_appraisal_start(personas, programme):
    staff, today = personas["centre_staff"], programme["today"]
    project = draft_project(programme, personas, 30 * M)
    project.submit(staff, on=today - 10 * DAY)
    project.start_appraisal(staff, on=today - 9 * DAY)
    with pytest.raises(TransitionError):
        project.record_appraisal(
            staff, "centre", full_scores(project, "centre"), "Đạt", "pass", on=today - 10 * DAY
        )
    url = reverse("projects:appraisal", args=[project.pk, "centre"])
    data = {f"score_{key}": value for key, value in full_scores(project, "centre").items()}
    data.update(comments="Đạt yêu cầu", conclusion="pass", on=(today - 8 * DAY).isoformat())
    assert client_for(staff).post(url, data).status_code == 302
    appraisal = project.appraisals.get()
    assert appraisal.appraised_on == today - 8 * DAY
    assert project.events.get(action="appraisal_centre").happened_on == today - 8 * DAY


@pytest.mark.django_db
def test_a_file_entered_afterwards_keeps_its_timeline_in_the_order_things_happened(personas, programme):
    """A Centre enters a file's history today, each step with its own past day: the timeline follows the days."""
    today = programme["today"]
    days = [today - n * DAY for n in (25, 24, 22, 20, 18)]  # submit .. propose
    project = draft_project(programme, personas, 30 * M)
    staff, leader = personas["centre_staff"], personas["leader"]
    project.submit(staff, on=days[0])
    project.start_appraisal(staff, on=days[1])
    project.record_appraisal(staff, "centre", full_scores(project, "centre"), "Đạt", "pass", on=days[2])
    project.record_appraisal(
        personas["finance"], "finance", full_scores(project, "finance"), "Đạt", "pass", on=days[2]
    )
    project.complete_appraisal(leader, on=days[3])
    project.propose(staff, on=days[4])
    project.approve(leader, programme["batches"]["KCĐP"], programme["decision"], 30 * M, on=today - 15 * DAY)
    events = [item for item in timeline(project, leader) if item.kind == "event"]
    assert [item.day for item in events] == sorted(item.day for item in events)
    assert events[0].day == days[0] and events[-1].day == today - 15 * DAY
    page = client_for(leader).get(reverse("projects:timeline", args=[project.pk])).content.decode()
    shown = [f"{day:%d/%m/%Y}" for day in [*days, today - 15 * DAY]]
    positions = [page.index(day) for day in shown]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_an_amount_adjustment_changes_the_figures_only_from_its_date(personas, programme):
    """Approved 20 days ago at 100 million, raised to 150 million by a decision of 10 days ago: the plan's
    figures as of the day before the decision show 100, from its day 150; the batch's room follows today."""
    today, leader = programme["today"], personas["leader"]
    project = running_project(programme, personas, 100 * M, 100 * M, on=today - 20 * DAY)
    decided = today - 10 * DAY
    decision = Document.objects.create(
        symbol="77/QĐ-UBND",
        issued_on=decided,
        issuer="UBND tỉnh Hưng Yên",
        summary="Điều chỉnh kinh phí đề án",
        province=programme["province"],
    )
    project.adjust(leader, "amount", decision, "Tăng quy mô", approved_support=150 * M)
    version = project.versions.get()
    assert (version.effective_on, version.support_before, version.support_after) == (
        decided,
        100 * M,
        150 * M,
    )

    client = client_for(leader)
    url = reverse("reports:execution_json", args=[programme["province"].pk, today.year])

    def allocated(day: datetime.date) -> int:
        figures = client.get(url, {"as_of": day.isoformat()}).json()
        return next(s for s in figures["sources"] if s["code"] == "KCĐP")["allocated"]

    assert allocated(today - 21 * DAY) == 0  # not yet approved
    assert allocated(decided - DAY) == 100 * M
    assert allocated(decided) == 150 * M
    assert allocated(today) == 150 * M
    batch = programme["batches"]["KCĐP"]
    page = client.get(
        reverse("reports:batch_detail", args=[batch.pk]), {"as_of": (decided - DAY).isoformat()}
    )
    assert [row.allocated_then for row in page.context["rows"]] == [100 * M]
    assert batch.allocated_support() == 150 * M


@pytest.mark.django_db
def test_after_two_adjustments_the_figures_of_each_day_use_the_amount_then_in_force(personas, programme):
    """100 million approved, 150 from ten days ago, 120 from five days ago: each day's batch figure is the
    amount then in force, and equals the sum of each project's own amount on that day."""
    from django.db.models import Sum

    from khuyencong.reports.execution import allocated_on, committed_by_batch

    today, leader = programme["today"], personas["leader"]
    project = running_project(programme, personas, 100 * M, 100 * M, on=today - 20 * DAY)
    for days_ago, amount in ((10, 150 * M), (5, 120 * M)):
        decision = Document.objects.create(
            symbol=f"{days_ago}/QĐ-UBND",
            issued_on=today - days_ago * DAY,
            issuer="UBND tỉnh Hưng Yên",
            summary="Điều chỉnh kinh phí đề án",
            province=programme["province"],
        )
        project.adjust(leader, "amount", decision, "Điều chỉnh", approved_support=amount)
    batch = programme["batches"]["KCĐP"]
    expected = {11: 100 * M, 10: 150 * M, 7: 150 * M, 5: 120 * M, 1: 120 * M, 0: 120 * M}
    for days_ago, amount in expected.items():
        day = today - days_ago * DAY
        [(batch_id, allocated, _settled)] = committed_by_batch(Q(batch_id=batch.pk), day)
        each = Project.objects.filter(batch=batch, approved_on__lte=day).aggregate(s=Sum(allocated_on(day)))[
            "s"
        ]
        assert (batch_id, allocated, each) == (batch.pk, amount, amount), days_ago


@pytest.mark.django_db
def test_an_adjustment_cannot_take_effect_before_the_approval_the_previous_one_or_in_the_future(
    personas, programme
):
    today, leader = programme["today"], personas["leader"]
    project = running_project(programme, personas, 100 * M, 100 * M, on=today - 20 * DAY)
    decision = programme["decision"]  # dated 40 days ago, before the approval
    with pytest.raises(TransitionError):
        project.adjust(leader, "amount", decision, "Tăng", approved_support=120 * M)
    with pytest.raises(TransitionError):
        project.adjust(leader, "amount", decision, "Tăng", on=today + DAY, approved_support=120 * M)
    project.adjust(leader, "amount", decision, "Tăng", on=today - 5 * DAY, approved_support=120 * M)
    with pytest.raises(TransitionError):
        project.adjust(leader, "amount", decision, "Giảm", on=today - 6 * DAY, approved_support=110 * M)
    project.refresh_from_db()
    assert project.approved_support == 120 * M


@pytest.mark.django_db
def test_create_draft_is_the_one_way_in_audited_with_its_beneficiaries_and_dossier(
    personas, programme, registry
):
    staff = personas["centre_staff"]
    project = draft_project(programme, personas, 30 * M, applicant=registry["home"])
    assert project.status == "draft" and project.created_by == staff and project.code
    assert list(project.beneficiaries.all()) == [registry["home"]]
    assert project.dossier_items.exists()
    actions = set(AuditEntry.objects.filter(object_id=str(project.pk)).values_list("action", flat=True))
    assert "projects.project.created" in actions


@pytest.mark.django_db
def test_appraisal_and_review_forms_start_with_no_conclusion_chosen(personas, programme):
    staff = personas["centre_staff"]
    project = draft_project(programme, personas, 30 * M)
    project.submit(staff)
    project.start_appraisal(staff)
    url = reverse("projects:appraisal", args=[project.pk, "centre"])
    page = client_for(staff).get(url).content.decode()
    assert 'type="radio"' in page and 'name="conclusion"' in page and "checked" not in page
    data = {f"score_{key}": value for key, value in full_scores(project, "centre").items()}
    response = client_for(staff).post(url, {**data, "comments": "Đạt"})
    assert response.status_code == 400 and "conclusion" in response.context["form"].errors
    assert not project.appraisals.exists()
    # The dossier review list starts on "choose", not on "accepted".
    detail = client_for(staff).get(reverse("projects:detail", args=[project.pk])).content.decode()
    review = detail[detail.index('name="status"') :]
    assert review.index('<option value="" selected disabled>') < review.index('value="accepted"')


@pytest.mark.django_db
def test_a_closed_project_offers_no_payment_or_milestone_action(personas, programme):
    from khuyencong.projects.models import Acceptance

    staff, leader, finance = personas["centre_staff"], personas["leader"], personas["finance"]
    project = running_project(programme, personas, 30 * M)
    project.record_payment(staff, "payment", 30 * M, programme["today"], "PC-1")
    project.request_acceptance(staff)
    for item in project.dossier_items.filter(stage="acceptance"):
        item.review("accepted", staff, note="Bản giấy")
    project.accept(leader, Acceptance(accepted_on=programme["today"], trainees=10))
    project.settle(finance, 30 * M, on=programme["today"])
    settled = client_for(staff).get(reverse("projects:detail", args=[project.pk])).content.decode()
    # Settled with the books matching: nothing left to pay, and the work is over.
    assert reverse("projects:payment_create", args=[project.pk]) not in settled
    assert reverse("projects:milestone_create", args=[project.pk]) not in settled
    project.close(leader)
    for who in (staff, leader, finance):
        page = client_for(who).get(reverse("projects:detail", args=[project.pk])).content.decode()
        assert reverse("projects:payment_create", args=[project.pk]) not in page
        assert reverse("projects:milestone_create", args=[project.pk]) not in page
        assert reverse("projects:report_create", args=[project.pk]) not in page
    client_for(staff).post(
        reverse("projects:milestone_create", args=[project.pk]),
        {"name": "Muộn", "due_on": programme["today"].isoformat()},
    )
    assert not project.milestones.filter(name="Muộn").exists()
    with pytest.raises(TransitionError):
        project.record_payment(staff, "payment", 1 * M, programme["today"], "PC-2")


@pytest.mark.django_db
def test_each_appraiser_sees_the_others_appraisal_once_their_own_is_recorded(personas, programme):
    staff, finance, leader = personas["centre_staff"], personas["finance"], personas["leader"]
    project = draft_project(programme, personas, 30 * M)
    assert project.source.finance_appraisal
    project.submit(staff)
    project.start_appraisal(staff)
    project.record_appraisal(staff, "centre", full_scores(project, "centre"), "Ý kiến Trung tâm", "pass")

    def page(who) -> str:
        return client_for(who).get(reverse("projects:detail", args=[project.pk])).content.decode()

    assert "Ý kiến Trung tâm" not in page(finance)  # not before their own
    project.record_appraisal(
        finance, "finance", full_scores(project, "finance"), "Ý kiến Sở Tài chính", "pass"
    )
    assert "Ý kiến Trung tâm" in page(finance)
    assert "Ý kiến Sở Tài chính" in page(staff)
    assert "Ý kiến Trung tâm" in page(leader) and "Ý kiến Sở Tài chính" in page(leader)


@pytest.mark.django_db
def test_a_centre_appraiser_does_not_see_the_finance_opinion_before_recording_theirs(personas, programme):
    staff, finance = personas["centre_staff"], personas["finance"]
    project = draft_project(programme, personas, 30 * M)
    project.submit(staff)
    project.start_appraisal(staff)
    project.record_appraisal(
        finance, "finance", full_scores(project, "finance"), "Ý kiến Sở Tài chính", "pass"
    )
    page = client_for(staff).get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "Ý kiến Sở Tài chính" not in page


def test_every_step_says_its_label_form_and_whether_it_is_destructive():
    from khuyencong.projects.forms import STEP_FORM_CLASSES, step_form
    from khuyencong.projects.models import STEPS

    for name, step in STEPS.items():
        assert str(step.label) and step.form in STEP_FORM_CLASSES, name
        assert step_form(name) is STEP_FORM_CLASSES[step.form]
        assert bool(step.confirm) == step.destructive, name
    assert {name for name, step in STEPS.items() if step.destructive} == {"reject", "withdraw", "stop"}


@pytest.mark.django_db
def test_the_project_page_shows_a_destructive_step_as_a_link_to_its_confirmation(personas, programme):
    project = appraise(draft_project(programme, personas, 30 * M), personas)
    page = client_for(personas["leader"]).get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert (
        f'class="btn btn-outline-danger" href="{reverse("projects:step", args=[project.pk, "reject"])}"'
        in page
    )
    confirm = client_for(personas["leader"]).get(reverse("projects:step", args=[project.pk, "reject"]))
    assert 'role="alert"' in confirm.content.decode() and "btn-danger" in confirm.content.decode()
