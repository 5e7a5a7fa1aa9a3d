"""The outbox: each message stored once, delivered after commit, a failed send retried, never twice."""

import pytest
from django.core import mail

from conftest import make_user
from khuyencong.accounts import outbox
from khuyencong.accounts.models import Message


class GatewayDown:
    """An SMS gateway that refuses every message (the outside world, not our code)."""

    def send(self, message):
        raise ConnectionError("gateway unreachable")


@pytest.fixture
def person(db):
    user = make_user("person")
    user.email, user.phone = "person@example.vn", "0912345678"
    user.save()
    return user


def test_an_in_app_message_is_in_the_inbox_unread_until_marked(person):
    message, created = outbox.send(channel=Message.Channel.IN_APP, recipient=person, body="Hồ sơ đã nhận")
    assert created and message.status == Message.Status.SENT
    assert list(outbox.inbox(person)) == [message]
    assert outbox.unread_count(person) == 1
    assert outbox.mark_read(person, [message.pk]) == 1
    assert outbox.unread_count(person) == 0


def test_a_message_with_a_key_is_stored_and_sent_once(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, created = outbox.send(
            channel="email", recipient=person, subject="Nhắc", body="Còn thiếu", key="k1"
        )
        again, created_again = outbox.send(
            channel="email", recipient=person, subject="Nhắc", body="x", key="k1"
        )
    assert created and not created_again and first.pk == again.pk
    assert Message.objects.filter(key="k1").count() == 1
    assert [m.to for m in mail.outbox] == [["person@example.vn"]]
    first.refresh_from_db()
    assert first.status == Message.Status.SENT and first.attempts == 1


def test_a_failed_send_is_kept_and_retried_without_a_duplicate(
    person, settings, django_capture_on_commit_callbacks
):
    settings.MESSAGE_SENDERS = {**settings.MESSAGE_SENDERS, "email": f"{__name__}.GatewayDown"}
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = outbox.send(
            channel="email", recipient=person, subject="Nhắc", body="Còn thiếu", key="k2"
        )
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        Message.Status.PENDING,
        1,
        "gateway unreachable",
    )
    assert mail.outbox == []
    settings.MESSAGE_SENDERS = {**settings.MESSAGE_SENDERS, "email": "khuyencong.accounts.outbox.EmailSender"}
    assert outbox.retry_unsent() == 1
    assert outbox.retry_unsent() == 0  # sent: a second retry sends nothing
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (Message.Status.SENT, 2, "")


def test_a_message_that_keeps_failing_is_given_up(person, settings):
    settings.MESSAGE_SENDERS = {**settings.MESSAGE_SENDERS, "sms": f"{__name__}.GatewayDown"}
    settings.MESSAGE_MAX_ATTEMPTS = 2
    message, _ = outbox.send(channel="sms", recipient=person, body="Mã xác nhận 123456")
    assert message.address == "0912345678"
    outbox.retry_unsent()
    outbox.retry_unsent()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.FAILED, 2)
    assert outbox.retry_unsent() == 0


def test_a_message_with_no_address_is_not_sent(person, django_capture_on_commit_callbacks):
    person.phone = ""
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = outbox.send(channel="sms", recipient=person, body="Mã xác nhận 123456")
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING and message.last_error == "no address to send to"


def test_the_console_sms_sender_prints_the_text(person, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.send(channel="sms", recipient=person, body="Mã xác nhận 123456", link="/portal/")
    assert "[SMS → 0912345678] Mã xác nhận 123456\n/portal/" in capsys.readouterr().out


def test_telling_a_person_uses_every_channel_they_have_once(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.tell(person, subject="Nhắc", body="Còn thiếu", key="event-1") == 3
        assert outbox.tell(person, subject="Nhắc", body="Còn thiếu", key="event-1") == 0
    keys = set(Message.objects.values_list("key", flat=True))
    assert keys == {"event-1:in_app", "event-1:email", "event-1:sms"}
    person.phone = ""
    assert outbox.channels_for(person) == ["in_app", "email"]
