"""The yearly plan deadlines on the overdue lists: registration before 20/5, submission before 15/6.

Circular 36/2013 Art. 10 (docs/programme.md); the dates are the DeadlineRule rows in force.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import BAC_NINH, HUNG_YEN, province
from khuyencong.audit.models import AuditEntry
from khuyencong.plans.models import DeadlineRule, FundingSource, Plan, PlanDeadlineDone
from khuyencong.projects.supervision import plan_deadlines_for

from .conftest import draft_project

pytestmark = pytest.mark.django_db

AFTER_20_MAY = datetime.date(2026, 5, 25)


def _codes(items):
    return [(item.province.code, item.code, item.due, item.overdue) for item in items]


def test_after_20_may_the_registration_is_overdue_and_the_submission_due_soon_for_the_provinces_plan_managers(
    personas,
):
    hy = province(HUNG_YEN)
    items = plan_deadlines_for(personas["centre_staff"], AFTER_20_MAY)
    assert _codes(items) == [
        (hy.code, "registration", datetime.date(2026, 5, 20), True),
        (hy.code, "submission", datetime.date(2026, 6, 15), False),
    ]
    assert all(item.plan_year == 2027 for item in items)
    assert all("36/2013" in item.basis for item in items)
    assert _codes(plan_deadlines_for(personas["leader"], AFTER_20_MAY)) == _codes(items)
    # Another province's staff see their own province only.
    assert {
        item.province.code for item in plan_deadlines_for(personas["other_province_staff"], AFTER_20_MAY)
    } == {province(BAC_NINH).code}
    # Without the capability over a province: nothing (the Ministry receives, it does not send).
    for persona in ("finance", "ministry", "commune_officer", "establishment_rep", "outsider", "admin"):
        assert plan_deadlines_for(personas[persona], AFTER_20_MAY) == [], persona
    # Long before the deadlines: nothing yet; a month before: due soon.
    assert plan_deadlines_for(personas["centre_staff"], datetime.date(2026, 3, 1)) == []
    assert _codes(plan_deadlines_for(personas["centre_staff"], datetime.date(2026, 4, 25))) == [
        (hy.code, "registration", datetime.date(2026, 5, 20), False)
    ]


def test_a_deadline_marked_met_leaves_the_list_and_the_mark_is_audited(personas):
    hy = province(HUNG_YEN)
    staff = personas["centre_staff"]
    done = PlanDeadlineDone.mark(staff, hy, 2027, "registration", AFTER_20_MAY)
    assert [item.code for item in plan_deadlines_for(staff, AFTER_20_MAY)] == ["submission"]
    assert done.created_by == staff and done.done_on == AFTER_20_MAY
    entry = AuditEntry.objects.get(action="plans.plandeadlinedone.created")
    assert entry.actor == staff and entry.object_id == str(done.pk)
    # Said twice: one record, one entry.
    assert PlanDeadlineDone.mark(personas["leader"], hy, 2027, "registration", AFTER_20_MAY) == done
    assert AuditEntry.objects.filter(action="plans.plandeadlinedone.created").count() == 1
    # Marked for next year's plan only: the year after, the deadline is owed again.
    assert [item.code for item in plan_deadlines_for(staff, datetime.date(2027, 5, 25))] == [
        "registration",
        "submission",
    ]


def test_only_a_plan_manager_over_the_province_may_mark_it(personas):
    from django.core.exceptions import PermissionDenied

    hy = province(HUNG_YEN)
    for persona in ("finance", "other_province_staff", "ministry"):
        with pytest.raises(PermissionDenied):
            PlanDeadlineDone.mark(personas[persona], hy, 2027, "registration", AFTER_20_MAY)
    assert not PlanDeadlineDone.objects.exists()


def test_the_records_say_it_was_done_next_years_plan_and_a_submitted_national_project(personas, programme):
    hy = province(HUNG_YEN)
    staff = personas["centre_staff"]
    today = programme["today"]
    day = datetime.date(today.year, 6, 20)  # both deadlines passed
    assert [item.code for item in plan_deadlines_for(staff, day)] == ["registration", "submission"]

    project = draft_project(programme, personas, 300_000_000, source="KCQG")
    type(project).objects.filter(pk=project.pk).update(year=today.year + 1)
    assert [item.code for item in plan_deadlines_for(staff, day)] == ["registration", "submission"]  # a draft
    type(project).objects.filter(pk=project.pk).update(status="submitted")
    assert [item.code for item in plan_deadlines_for(staff, day)] == ["submission"]

    national = FundingSource.objects.get(code="KCQG")
    Plan.objects.create(province=hy, year=today.year + 1, source=national, title="Kế hoạch KCQG năm sau")
    assert plan_deadlines_for(staff, day) == []


def test_the_dates_are_the_rule_rows_in_force(personas):
    staff = personas["centre_staff"]
    rule = DeadlineRule.objects.get(code="registration", province__isnull=True)
    rule.day, rule.month = 10, 5
    rule.save()
    assert plan_deadlines_for(staff, AFTER_20_MAY)[0].due == datetime.date(2026, 5, 10)
    rule.day, rule.month = 20, 6
    rule.save()
    items = plan_deadlines_for(staff, AFTER_20_MAY)
    assert [(item.code, item.due, item.overdue) for item in items] == [
        ("submission", datetime.date(2026, 6, 15), False),
        ("registration", datetime.date(2026, 6, 20), False),
    ]
    # A province's own row comes first; a rule no longer in force counts no more.
    DeadlineRule.objects.create(
        code="submission",
        kind="yearly",
        day=1,
        month=6,
        source_kind="national",
        province=province(HUNG_YEN),
        legal_basis="Quyết định UBND tỉnh Hưng Yên (giả định)",
        effective_from=datetime.date(2020, 1, 1),
    )
    submission = [item for item in plan_deadlines_for(staff, AFTER_20_MAY) if item.code == "submission"]
    assert submission[0].due == datetime.date(2026, 6, 1) and "Hưng Yên" in submission[0].basis
    rule.effective_to = datetime.date(2026, 1, 1)
    rule.save()
    assert [item.code for item in plan_deadlines_for(staff, AFTER_20_MAY)] == ["submission"]


def _due_near_today():
    """Move the national registration rule so that today's list shows it: overdue since yesterday,
    or on 1 January (yesterday was last year's) due soon, tomorrow."""
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    due = yesterday if yesterday.year == today.year else today + datetime.timedelta(days=1)
    DeadlineRule.objects.filter(code="registration", province__isnull=True).update(
        day=due.day, month=due.month, year_offset=0
    )
    return due


def test_the_overdue_page_and_home_show_it_with_its_basis_and_the_button_marks_it(personas):
    due = _due_near_today()
    rule = DeadlineRule.objects.get(code="registration", province__isnull=True)
    staff = Client()
    staff.force_login(personas["centre_staff"])
    page = staff.get(reverse("projects:overdue")).content.decode()
    assert f"{due:%d/%m/%Y}" in page and rule.legal_basis in page
    hy = province(HUNG_YEN)
    url = reverse("projects:plan_deadline_done", args=[hy.pk, due.year + 1, "registration"])
    assert url in page
    assert f"{due:%d/%m/%Y}" in staff.get(reverse("home")).content.decode()

    finance, other = Client(), Client()
    finance.force_login(personas["finance"])
    other.force_login(personas["other_province_staff"])
    assert finance.post(url).status_code == 403
    assert other.post(url).status_code == 404
    assert staff.get(url).status_code == 405
    assert (
        staff.post(reverse("projects:plan_deadline_done", args=[hy.pk, 1999, "registration"])).status_code
        == 404
    )
    assert not PlanDeadlineDone.objects.exists()

    assert staff.post(url).status_code == 302
    assert PlanDeadlineDone.objects.get().province == hy
    assert url not in staff.get(reverse("projects:overdue")).content.decode()


def test_a_deadline_marked_met_by_mistake_is_undone_after_a_confirmation_and_the_undo_is_audited(personas):
    due = _due_near_today()
    hy = province(HUNG_YEN)
    staff, finance, other = Client(), Client(), Client()
    staff.force_login(personas["centre_staff"])
    finance.force_login(personas["finance"])
    other.force_login(personas["other_province_staff"])
    mark = reverse("projects:plan_deadline_done", args=[hy.pk, due.year + 1, "registration"])
    undo = reverse("projects:plan_deadline_undo", args=[hy.pk, due.year + 1, "registration"])
    assert staff.get(undo).status_code == 404  # nothing marked, nothing to undo
    assert staff.post(mark).status_code == 302
    page = staff.get(reverse("projects:overdue")).content.decode()
    assert undo in page and mark not in page

    # The link asks first; asking changes nothing.
    confirm = staff.get(undo)
    assert confirm.status_code == 200 and 'method="post"' in confirm.content.decode()
    assert PlanDeadlineDone.objects.filter(province=hy, code="registration").exists()
    # The same permission as marking: a plan manager over the province.
    assert finance.get(undo).status_code == 403 and finance.post(undo).status_code == 403
    assert other.get(undo).status_code == 404 and other.post(undo).status_code == 404
    assert PlanDeadlineDone.objects.filter(province=hy, code="registration").exists()

    done = PlanDeadlineDone.objects.get()
    response = staff.post(undo)
    assert response.status_code == 302 and response["Location"] == reverse("projects:overdue")
    assert not PlanDeadlineDone.objects.exists()
    entry = AuditEntry.objects.get(action="plans.plandeadlinedone.deleted")
    assert entry.actor == personas["centre_staff"] and entry.object_id == str(done.pk)
    page = staff.get(reverse("projects:overdue")).content.decode()
    assert mark in page and undo not in page  # owed again, and offered to mark again
    assert staff.post(undo).status_code == 404


def test_only_a_plan_manager_over_the_province_may_undo_a_mark(personas):
    from django.core.exceptions import PermissionDenied

    hy = province(HUNG_YEN)
    done = PlanDeadlineDone.mark(personas["leader"], hy, 2027, "submission", AFTER_20_MAY)
    for persona in ("finance", "other_province_staff", "ministry", "commune_officer"):
        with pytest.raises(PermissionDenied):
            done.undo(personas[persona])
    done.undo(personas["centre_staff"])
    assert not PlanDeadlineDone.objects.exists()


def test_the_day_a_deadline_was_met_is_the_one_entered_not_today(personas):
    """'Mark as met' recorded today whatever day the registration was actually sent; the plan manager
    now says the day (dd/mm/yyyy, today if left empty, never in the future nor before the year began)."""
    from django.core.exceptions import ValidationError

    due = _due_near_today()
    today = timezone.localdate()
    hy = province(HUNG_YEN)
    staff = Client()
    staff.force_login(personas["centre_staff"])
    url = reverse("projects:plan_deadline_done", args=[hy.pk, today.year + 1, "registration"])
    page = staff.get(reverse("projects:overdue")).content.decode()
    assert 'name="on"' in page and f'value="{today:%d/%m/%Y}"' in page and 'placeholder="dd/mm/yyyy"' in page

    tomorrow = today + datetime.timedelta(days=1)
    last_year = datetime.date(today.year - 1, 12, 31)
    for wrong in (tomorrow, last_year):
        staff.post(url, {"on": f"{wrong:%d/%m/%Y}"})
        assert not PlanDeadlineDone.objects.exists(), wrong
        with pytest.raises(ValidationError):
            PlanDeadlineDone.mark(personas["centre_staff"], hy, today.year + 1, "registration", wrong)
    met = datetime.date(today.year, 1, 1)
    assert staff.post(url, {"on": f"{met:%d/%m/%Y}"}).status_code == 302
    assert PlanDeadlineDone.objects.get().done_on == met
    page = staff.get(reverse("projects:overdue")).content.decode()
    assert f"{met:%d/%m/%Y}" in page
    del due


def test_the_ministry_sees_the_provinces_plan_deadlines_it_receives_without_marking_them(personas):
    """Submission before 15/6 is addressed to the Ministry's side (Circular 36/2013 Art. 10.2.b): its
    overdue list shows the provinces' plan deadlines, read-only."""
    due = _due_near_today()
    hy = province(HUNG_YEN)
    ministry = Client()
    ministry.force_login(personas["ministry"])
    page = ministry.get(reverse("projects:overdue")).content.decode()
    assert hy.name in page and f"{due:%d/%m/%Y}" in page
    assert reverse("projects:plan_deadline_done", args=[hy.pk, due.year + 1, "registration"]) not in page
    items = plan_deadlines_for(personas["ministry"], AFTER_20_MAY, reading=True)
    assert (hy.code, "submission") in {(i.province.code, i.code) for i in items}
    assert {i.province.code for i in items} >= {province(BAC_NINH).code}
    assert not any(i.can_mark for i in items)
    # A province's reader sees its own province only; its plan manager may mark.
    assert {i.province.code for i in plan_deadlines_for(personas["finance"], AFTER_20_MAY, reading=True)} == {
        hy.code
    }
    assert all(i.can_mark for i in plan_deadlines_for(personas["centre_staff"], AFTER_20_MAY, reading=True))
