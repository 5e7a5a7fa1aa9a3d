"""Every status change tells the establishment's representatives, and only them (issue 12 item 5)."""

import datetime

import pytest
from django.core import mail

from conftest import make_user
from khuyencong.accounts.models import Message
from khuyencong.accounts.permissions import Role, ScopeLevel
from khuyencong.projects.models import TransitionError
from khuyencong.projects.tests.conftest import M, draft_project

DUE = datetime.date.today() + datetime.timedelta(days=14)


@pytest.fixture
def people(personas, registry):
    owner = personas["establishment_rep"]
    owner.email, owner.phone = "owner@example.vn", "0912345678"
    owner.save()
    stranger = make_user(
        "stranger", Role.ESTABLISHMENT_REP, ScopeLevel.ESTABLISHMENT, establishment=registry["other"]
    )
    stranger.email, stranger.phone = "stranger@example.vn", "0987654321"
    stranger.save()
    return {"owner": owner, "stranger": stranger, "staff": personas["centre_staff"]}


@pytest.fixture
def application(programme, personas, registry):
    return draft_project(programme, personas, 50 * M, applicant=registry["home"], title="Lò sấy chè")


def test_a_request_for_papers_quotes_the_centre_and_lists_what_is_missing(
    people, application, django_capture_on_commit_callbacks
):
    staff, owner = people["staff"], people["owner"]
    with django_capture_on_commit_callbacks(execute=True):
        application.submit(staff)
        application.start_appraisal(staff)
        returned = application.dossier_items.filter(stage="application").first()
        returned.review("rejected", staff, note="Bản chụp bị mờ")
        application.request_documents(
            staff,
            "Cần bản chụp rõ nét của giấy đăng ký hộ kinh doanh.",
            papers=[returned],
            due_on=DUE,
        )
    event = application.events.get(action="request_documents")
    keys = set(Message.objects.filter(key__startswith=f"notice:{event.pk}:").values_list("key", flat=True))
    assert keys == {f"notice:{event.pk}:{owner.pk}:{channel}" for channel in ("in_app", "email", "sms")}
    notice = Message.objects.get(key=f"notice:{event.pk}:{owner.pk}:in_app")
    assert "Cần bản chụp rõ nét của giấy đăng ký hộ kinh doanh." in notice.body
    assert returned.name in notice.body and f"{DUE:%d/%m/%Y}" in notice.body
    assert ".”." not in notice.body and ".." not in notice.body  # the Centre's full stop is not doubled
    assert notice.link == f"/portal/projects/{application.pk}/"
    # Each step told the owner once on each channel; the other establishment's representative heard nothing.
    assert Message.objects.filter(recipient=owner, channel="in_app").count() == 3
    assert not Message.objects.filter(recipient=people["stranger"]).exists()
    assert {tuple(m.to) for m in mail.outbox} == {("owner@example.vn",)}
    assert len(mail.outbox) == 3


def test_a_step_rolled_back_tells_no_one(people, application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionError):
        paper = application.dossier_items.first()  # asking is not possible while it is a draft
        application.request_documents(people["staff"], "Thiếu giấy tờ", papers=[paper], due_on=DUE)
    assert not Message.objects.exists()


def test_the_representative_who_sends_the_application_gets_a_receipt(
    people, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application.submit(people["owner"])
    event = application.events.get(action="submit")
    receipt = Message.objects.get(recipient=people["owner"], channel="in_app")
    assert application.title in receipt.subject
    assert event.happened_on.strftime("%d/%m/%Y") in receipt.body
    assert receipt.key == f"notice:{event.pk}:{people['owner'].pk}:in_app"
