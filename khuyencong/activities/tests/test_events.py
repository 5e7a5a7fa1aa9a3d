"""Events: screens through the project's scope, booth support under the rule in force on the event's
date, the events' outputs, and the demo's 2015 national conference and fair."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from conftest import HUNG_YEN, province
from khuyencong.activities.models import BoardMember, Booth, Event, Exhibitor, Participant, TenderPackage
from khuyencong.activities.outputs import event_counts, outputs_by_project
from khuyencong.audit.models import AuditEntry
from khuyencong.documents.models import Document
from khuyencong.legal_texts import TT_28_2018, TT_28_2018_FROM
from khuyencong.plans.models import FundingSource, SupportRule
from khuyencong.projects.models import Project
from khuyencong.registry.models import ActivityType

M = 1_000_000
D = datetime.date


def make_project(personas, *, source="KCQG", year=2015, title="Hội chợ thử") -> Project:
    return Project.create_draft(
        personas["centre_staff"],
        title=title,
        activity_type=ActivityType.in_force(D(year, 3, 1)).get(code="4"),
        source=FundingSource.objects.get(code=source),
        year=year,
        province=province(HUNG_YEN),
        implementing_unit="Trung tâm Khuyến công",
        support_amount=100 * M,
        counterpart_amount=0,
        total_amount=100 * M,
    )


def make_event(project, staff, *, kind=Event.Kind.FAIR, start=None, title="Hội chợ thử") -> Event:
    start = start or D(2015, 10, 20)
    event = Event(
        project=project,
        kind=kind,
        title=title,
        organiser="Sở Công Thương",
        start_on=start,
        end_on=start + datetime.timedelta(days=3),
        created_by=staff,
    )
    event.full_clean()
    event.save()
    return event


def booth_at(event, staff, *, rent=10 * M, number="A1", paid_by=Booth.PaidBy.PROGRAMME) -> Booth:
    exhibitor = Exhibitor.objects.create(event=event, name=f"Cơ sở {number}")
    booth = Booth(event=event, exhibitor=exhibitor, number=number, rent=rent, paid_by=paid_by)
    booth.save_with_support(staff)
    return booth


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------- booth support under the dated rules


@pytest.mark.django_db
def test_a_2015_fair_booth_is_supported_in_full_and_another_fairs_booth_at_80_percent(personas):
    staff = personas["centre_staff"]
    project = make_project(personas)
    organised = booth_at(make_event(project, staff), staff, rent=12 * M)
    assert organised.support == 12 * M
    assert "Điều 6 khoản 2 điểm d" in organised.support_basis and "26/2014" in organised.support_basis
    assert organised.support_rule.item_code == "fair"
    attended = make_event(project, staff, kind=Event.Kind.FAIR_ATTENDANCE, title="Tham gia hội chợ Hà Nội")
    booth = booth_at(attended, staff, rent=12 * M)
    assert booth.support == 9_600_000
    assert booth.support_rule.item_code == "fair-participation"
    paid_alone = booth_at(attended, staff, rent=12 * M, number="A2", paid_by=Booth.PaidBy.EXHIBITOR)
    assert paid_alone.support == 0
    assert attended.booth_totals() | {"area": 0} == {
        "booths": 2,
        "standard": 2,
        "area": 0,
        "rent": 24 * M,
        "support": 9_600_000,
        "unknown": 0,
    }


@pytest.mark.django_db
def test_a_2024_fair_follows_the_rows_in_force_then_and_a_row_entered_later_applies(personas):
    """Circular 28/2018 holds a fair row with no rate entered (its text could not be read): the
    support is unknown, never the 2014 rate; once an administrator enters the rate it applies."""
    staff = personas["centre_staff"]
    project = make_project(personas, year=2024)
    fair = make_event(project, staff, start=D(2024, 5, 10))
    booth = booth_at(fair, staff, rent=12 * M)
    assert booth.support is None and "10/05/2024" in booth.support_basis
    assert fair.booth_totals()["unknown"] == 1
    attended = make_event(project, staff, kind=Event.Kind.FAIR_ATTENDANCE, start=D(2024, 5, 10))
    assert booth_at(attended, staff, rent=12 * M).support is None

    SupportRule.objects.create(
        activity_code="4",
        item_code="fair-participation",
        item_name="Hỗ trợ tham gia hội chợ (dòng thử)",
        source_kind="national",
        max_percent=70,
        max_amount=8 * M,
        legal_basis=f"{TT_28_2018}, Điều thử",
        effective_from=TT_28_2018_FROM,
    )
    fresh = booth_at(attended, staff, rent=12 * M, number="B2")
    assert fresh.support == 8 * M  # 70% of 12 triệu is 8,4: the amount cap is lower
    assert "Điều thử" in fresh.support_basis

    # Moving the event back to 2015 works every booth out again under the 2014 row, audited.
    attended.start_on, attended.end_on = D(2015, 10, 20), D(2015, 10, 22)
    attended.save_changes(staff, attended.version)
    assert sorted(attended.booths.values_list("support", flat=True)) == [9_600_000, 9_600_000]
    assert AuditEntry.objects.filter(action="activities.booth.support_recomputed").count() == 2


@pytest.mark.django_db
def test_a_local_fair_falls_back_on_the_national_row_and_says_so(personas):
    staff = personas["centre_staff"]
    fair = make_event(make_project(personas, source="KCĐP"), staff)
    booth = booth_at(fair, staff, rent=10 * M)
    assert booth.support == 10 * M
    assert "national row" in booth.support_basis or "dòng quốc gia" in booth.support_basis


# ---------------------------------------------------------------- steps


@pytest.fixture
def english():
    """The refusals are matched by their English words."""
    with translation.override("en"):
        yield


@pytest.mark.django_db
def test_results_and_cancelling_are_guarded_steps(personas, english):
    staff = personas["centre_staff"]
    today = timezone.localdate()
    project = make_project(personas, year=today.year)  # events of today are of this year's plan
    conference = make_event(project, staff, kind=Event.Kind.CONFERENCE, start=today)
    with pytest.raises(Exception, match="fairs and exhibitions"):
        conference.report_results(staff, visitors=100, sales=5 * M)
    future = make_event(conference.project, staff, start=today + datetime.timedelta(days=5))
    with pytest.raises(Exception, match="not begun"):
        future.report_results(staff, visitors=100)
    future.cancel(staff, "Hoãn do mưa bão")
    assert future.status == Event.Status.CANCELLED
    with pytest.raises(Exception, match="cancelled"):
        future.report_results(staff, visitors=1)
    conference.report_results(staff, visitors=150)
    assert conference.status == Event.Status.HELD
    assert AuditEntry.objects.filter(action="activities.event.results_reported").exists()
    assert AuditEntry.objects.filter(action="activities.event.cancelled").exists()


# ---------------------------------------------------------------- outputs


@pytest.mark.django_db
def test_event_counts_booths_exhibitors_and_attended_participants_of_events_begun_by_the_day(personas):
    staff = personas["centre_staff"]
    project = make_project(personas)
    fair = make_event(project, staff, start=D(2015, 10, 20))
    booth_at(fair, staff, number="A1")
    booth_at(fair, staff, number="A2")
    came = Participant.objects.create(event=fair, person_name="Khách A", registered_on=D(2015, 10, 1))
    Participant.objects.create(event=fair, person_name="Khách B", registered_on=D(2015, 10, 1))
    came.mark_attended(staff)
    conference = make_event(project, staff, kind=Event.Kind.CONFERENCE, start=D(2015, 11, 5))
    Participant.objects.create(event=conference, person_name="Khách C", registered_on=D(2015, 10, 1))
    assert event_counts([project.pk]) == {project.pk: {"booths": 2, "exhibitors": 2, "participants": 1}}
    assert event_counts([project.pk], D(2015, 10, 19)) == {}
    assert outputs_by_project([project.pk], D(2015, 10, 31))[project.pk]["booths"] == 2


# ---------------------------------------------------------------- screens, through the project's scope


@pytest.mark.django_db
def test_centre_staff_record_a_fair_with_its_board_tender_registration_exhibitor_and_booth(personas):
    staff = personas["centre_staff"]
    project = make_project(personas)
    decision = Document.objects.create(
        symbol="1363/QĐ-UBND",
        issued_on=D(2015, 7, 20),
        issuer="UBND tỉnh Hưng Yên",
        summary="Thành lập Ban tổ chức hội chợ",
        province=province(HUNG_YEN),
    )
    client = client_of(staff)
    response = client.post(
        reverse("activities:event_create", args=[project.pk]),
        {
            "kind": "fair",
            "title": "Hội chợ thử",
            "organiser": "Sở Công Thương",
            "start_on": "20/10/2015",
            "end_on": "19/10/2015",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Hội chợ thử" in page  # what was typed is kept
    response = client.post(
        reverse("activities:event_create", args=[project.pk]),
        {
            "kind": "fair",
            "title": "Hội chợ thử",
            "organiser": "Sở Công Thương",
            "start_on": "20/10/2015",
            "end_on": "26/10/2015",
        },
    )
    event = Event.objects.get(project=project)
    assert response.status_code == 302 and response["Location"] == reverse(
        "activities:event_detail", args=[event.pk]
    )

    response = client.post(reverse("activities:event_board", args=[event.pk]), {"decision": decision.pk})
    assert response.status_code == 302 and event.board.decision == decision
    client.post(
        reverse("activities:event_member_create", args=[event.pk]),
        {"name": "Trưởng ban thử", "position": "Phó Chủ tịch", "role": "head"},
    )
    assert BoardMember.objects.get(board__event=event).role == "head"
    response = client.post(
        reverse("activities:event_tender_create", args=[event.pk]),
        {
            "name": "Gói dịch vụ",
            "estimate_value": "900 triệu",
            "contract_value": "950 triệu",
            "selection_method": "open",
        },
    )
    assert response.status_code == 400  # over the estimate, and no contractor named
    assert not TenderPackage.objects.exists()
    client.post(
        reverse("activities:event_participant_create", args=[event.pk]),
        {"person_name": "Nguyễn Thị Thử", "organisation": "HTX mây tre", "registered_on": "01/10/2015"},
    )
    client.post(
        reverse("activities:event_exhibitor_create", args=[event.pk]),
        {
            "establishment": personas["establishment_rep"].role_assignments.get().establishment_id,
            "products": "Giỏ mây",
        },
    )
    exhibitor = Exhibitor.objects.get(event=event)
    response = client.post(
        reverse("activities:event_booth_create", args=[event.pk]),
        {
            "exhibitor": exhibitor.pk,
            "number": "A01",
            "standard": "on",
            "size_m2": "9",
            "rent": "12.000.000",
            "paid_by": "programme",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("activities:event_detail", args=[event.pk])).content.decode()
    for shown in (
        "1363/QĐ-UBND",
        "Trưởng ban thử",
        "Nguyễn Thị Thử",
        "Cơ sở home",
        "12.000.000",
        "Điều 6 khoản 2 điểm d",
    ):
        assert shown in page, shown
    workbook = load_workbook(io.BytesIO(client.get(reverse("activities:event_export")).content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert any("Hội chợ thử" in row for row in rows)


@pytest.mark.django_db
def test_others_are_refused_and_nothing_is_written(personas):
    staff = personas["centre_staff"]
    event = make_event(make_project(personas), staff)
    booth = booth_at(event, staff)
    create = reverse("activities:event_participant_create", args=[event.pk])
    data = {"person_name": "X", "registered_on": "01/10/2015"}
    for persona, status in [
        ("leader", 403),
        ("finance", 403),
        ("ministry", 403),
        ("other_province_staff", 404),
        ("commune_officer", 404),
        ("outsider", 404),
    ]:
        assert client_of(personas[persona]).post(create, data).status_code == status, persona
    assert not Participant.objects.exists()
    leader = client_of(personas["leader"])
    assert leader.get(reverse("activities:event_detail", args=[event.pk])).status_code == 200
    delete = reverse("activities:event_booth_delete", args=[event.pk, booth.pk])
    assert leader.post(delete).status_code == 403
    other_event = make_event(make_project(personas, title="Khác"), staff)
    # A part is found only under its own event.
    wrong = reverse("activities:event_booth_delete", args=[other_event.pk, booth.pk])
    assert client_of(staff).post(wrong).status_code == 404
    assert Booth.objects.filter(pk=booth.pk).exists()


@pytest.mark.django_db
def test_a_stale_edit_of_a_booth_is_refused_and_keeps_what_was_typed(personas):
    staff = personas["centre_staff"]
    event = make_event(make_project(personas), staff)
    booth = booth_at(event, staff)
    url = reverse("activities:event_booth_edit", args=[event.pk, booth.pk])
    data = {
        "exhibitor": booth.exhibitor_id,
        "number": "A1",
        "standard": "on",
        "size_m2": "12",
        "rent": "15.000.000",
        "paid_by": "programme",
        "version": booth.version,
    }
    booth.rent = 11 * M
    booth.save_with_support(staff, booth.version)
    response = client_of(staff).post(url, data)
    assert response.status_code == 409 and "15.000.000" in response.content.decode()
    booth.refresh_from_db()
    assert (booth.rent, booth.support) == (11 * M, 11 * M)


# ---------------------------------------------------------------- the demo


@pytest.mark.django_db
def test_the_demo_holds_the_2015_national_conference_and_fair_with_the_four_decisions(demo):
    conference = Event.objects.get(
        title__startswith="Hội nghị công tác khuyến công thường niên khu vực phía Bắc"
    )
    fair = Event.objects.get(title="Hội chợ hàng CNNT khu vực phía Bắc năm 2015")
    for event in (conference, fair):
        assert event.project.source.code == "KCQG" and event.project.year == 2015
        assert event.project.batch.decision.symbol == "11355/QĐ-BCT"
        assert event.notice.symbol == "125/TB-UBND" and event.notice.issued_on == D(2015, 6, 29)
        assert "minh họa" in event.note
    assert conference.kind == Event.Kind.CONFERENCE and fair.kind == Event.Kind.FAIR
    assert (fair.board.decision.symbol, fair.board.decision.issued_on) == ("1363/QĐ-UBND", D(2015, 7, 20))
    assert fair.board.members.count() == 3
    tender = fair.tenders.get()
    assert (tender.estimate_decision.symbol, tender.estimate_decision.issued_on) == (
        "1675/QĐ-UBND",
        D(2015, 9, 7),
    )
    assert (tender.selection_plan_decision.symbol, tender.selection_plan_decision.issued_on) == (
        "1744/QĐ-UBND",
        D(2015, 9, 11),
    )
    assert "minh họa" in tender.note
    booths = list(fair.booths.all())
    assert booths and all(b.support == b.rent and "Điều 6 khoản 2 điểm d" in b.support_basis for b in booths)
    assert event_counts([fair.project_id])[fair.project_id]["booths"] == len(booths)
    client = client_of(demo_user("canbo"))
    page = client.get(reverse("projects:detail", args=[fair.project_id])).content.decode()
    assert "Hội chợ hàng CNNT khu vực phía Bắc năm 2015" in page


def demo_user(username):
    from khuyencong.accounts.models import User

    return User.objects.get(username=username)
