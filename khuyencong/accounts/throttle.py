"""Login throttling kept in the database, so it holds across every app server."""

import datetime

from django.conf import settings
from django.utils import timezone

from .models import LoginFailure


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _recent():
    since = timezone.now() - datetime.timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    return LoginFailure.objects.filter(at__gte=since)


def is_locked(username: str, address: str | None) -> bool:
    limit = settings.LOGIN_THROTTLE_FAILURES
    recent = _recent()
    if recent.filter(username=username.lower()).count() >= limit:
        return True
    # An address gets more room: an office may share one address behind NAT.
    return bool(address) and recent.filter(address=address).count() >= limit * 4


def note_failure(username: str, address: str | None) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], address=address)


def clear(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()
