"""Every status change tells the establishment's representatives, and only them (issue 12 item 5)."""

import pytest
from django.core import mail

from conftest import make_user
from khuyencong.accounts.models import Message
from khuyencong.accounts.permissions import Role, ScopeLevel
from khuyencong.projects.models import TransitionError
from khuyencong.projects.tests.conftest import M, draft_project


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
        application.request_documents(staff, "Cần bản chụp rõ nét của giấy đăng ký hộ kinh doanh")
    event = application.events.get(action="request_documents")
    keys = set(Message.objects.filter(key__startswith=f"notice:{event.pk}:").values_list("key", flat=True))
    assert keys == {f"notice:{event.pk}:{owner.pk}:{channel}" for channel in ("in_app", "email", "sms")}
    notice = Message.objects.get(key=f"notice:{event.pk}:{owner.pk}:in_app")
    assert "Cần bản chụp rõ nét của giấy đăng ký hộ kinh doanh" in notice.body
    assert returned.name in notice.body
    assert notice.link == f"/portal/projects/{application.pk}/"
    # Each step told the owner once on each channel; the other establishment's representative heard nothing.
    assert Message.objects.filter(recipient=owner, channel="in_app").count() == 3
    assert not Message.objects.filter(recipient=people["stranger"]).exists()
    assert {tuple(m.to) for m in mail.outbox} == {("owner@example.vn",)}
    assert len(mail.outbox) == 3


def test_a_step_rolled_back_tells_no_one(people, application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionError):
        application.request_documents(people["staff"], "Thiếu giấy tờ")  # not possible from a draft
    assert not Message.objects.exists()


def test_the_representative_who_took_the_step_is_not_told_of_it(
    people, application, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application.submit(people["owner"])
    assert not Message.objects.filter(recipient=people["owner"]).exists()
