"""Messages to people: in the app, by email or by SMS, each sent once.

`send(...)` stores a `Message` and, once the caller's transaction commits, hands it to a task that
delivers it through the sender configured for its channel (`settings.MESSAGE_SENDERS`: Django's
email backend for email, the console for SMS in development). A message with a `key` is stored at
most once: a reminder computed twice, or by two workers, finds its row already there.

A send that raises leaves the message pending with the error and one more attempt counted;
`retry_unsent()` (run on a schedule by the worker) hands pending messages back to the task until
`MESSAGE_MAX_ATTEMPTS`, then marks them failed. Delivery takes the row under a lock and skips a
message already sent, so a retry never sends twice what went through.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Message

log = logging.getLogger(__name__)


class EmailSender:
    """Through Django's email backend (SMTP in production, the console in development)."""

    def send(self, message: Message) -> None:
        send_mail(message.subject, _with_link(message), None, [message.address], fail_silently=False)


class ConsoleSmsSender:
    """Development's SMS gateway: writes the text where the person running the server sees it."""

    def send(self, message: Message) -> None:
        sys.stdout.write(f"[SMS → {message.address}] {_with_link(message)}\n")
        sys.stdout.flush()


def _with_link(message: Message) -> str:
    if not message.link:
        return message.body
    base = settings.SITE_URL.rstrip("/")
    return f"{message.body}\n{base}{message.link}"


def sender_for(channel: str):
    return import_string(settings.MESSAGE_SENDERS[channel])()


def send(
    *,
    channel: str,
    body: str,
    subject: str = "",
    recipient=None,
    address: str = "",
    link: str = "",
    key: str | None = None,
) -> tuple[Message, bool]:
    """Store a message and have it delivered after commit; returns it and whether it is new.

    An in-app message needs no delivery: it is in the recipient's inbox as soon as it is stored.
    """
    if channel == Message.Channel.EMAIL and not address and recipient is not None:
        address = recipient.email
    if channel == Message.Channel.SMS and not address and recipient is not None:
        address = recipient.phone
    values = {
        "recipient": recipient,
        "channel": channel,
        "address": address,
        "subject": subject[:200],
        "body": body,
        "link": link,
    }
    if channel == Message.Channel.IN_APP:
        values.update(status=Message.Status.SENT, sent_at=timezone.now())
    if key is None:
        message, created = Message.objects.create(**values), True
    else:
        try:
            # A savepoint: a key already taken must not spoil the caller's transaction.
            with transaction.atomic():
                message, created = Message.objects.get_or_create(key=key, defaults=values)
        except IntegrityError:  # another process stored the same key in between
            message, created = Message.objects.get(key=key), False
    if created and message.status == Message.Status.PENDING:
        transaction.on_commit(lambda: deliver_message.enqueue(message.pk))
    return message, created


def channels_for(user) -> list[str]:
    """In the app always; by email and by SMS where the person gave an address."""
    found = [Message.Channel.IN_APP]
    if user.email:
        found.append(Message.Channel.EMAIL)
    if user.phone:
        found.append(Message.Channel.SMS)
    return found


def tell(user, *, subject: str, body: str, key: str, link: str = "") -> int:
    """Tell one person of one event on every channel they have (`channels_for`), each message keyed
    `<key>:<channel>` so the event is told once per channel whoever tells it again; returns how many
    messages are new."""
    return sum(
        send(channel=channel, recipient=user, subject=subject, body=body, link=link, key=f"{key}:{channel}")[
            1
        ]
        for channel in channels_for(user)
    )


def deliver(message_id: int) -> bool:
    """Send one pending message; True when it went out now."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=Message.Status.PENDING)
            .first()
        )
        if message is None:  # sent already, given up, or being sent by another worker
            return False
        message.attempts += 1
        try:
            if not message.address:
                raise ValueError("no address to send to")
            sender_for(message.channel).send(message)
        except Exception as error:  # any gateway's failure: keep it, try again later
            log.warning("message %s not sent (attempt %s): %s", message.pk, message.attempts, error)
            message.last_error = str(error)[:2000]
            if message.attempts >= settings.MESSAGE_MAX_ATTEMPTS:
                message.status = Message.Status.FAILED
            message.save(update_fields=["attempts", "last_error", "status"])
            return False
        message.status = Message.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "last_error", "status", "sent_at"])
        return True


@task()
def deliver_message(message_id: int) -> bool:
    return deliver(message_id)


def retry_unsent() -> int:
    """Try every pending message again, here and now; returns how many went out."""
    pending = Message.objects.filter(status=Message.Status.PENDING).values_list("pk", flat=True)
    return sum(deliver(pk) for pk in list(pending))


def inbox(user):
    """The user's in-app messages, newest first."""
    return Message.objects.filter(recipient=user, channel=Message.Channel.IN_APP)


def unread_count(user) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def mark_read(user, message_ids) -> int:
    return inbox(user).filter(pk__in=message_ids, read_at__isnull=True).update(read_at=timezone.now())
