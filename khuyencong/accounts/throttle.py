"""Sign-in throttling: delays that grow with each failure, never a lock on the right password.

Three keys count failed sign-ins (docs/adr/0007-sign-in-throttling.md):

- the **pair** of user name and client address: a few free failures (``LOGIN_THROTTLE_PAIR_FREE``,
  3), then the next attempt is accepted only ``BASE`` seconds after the last failure, twice that
  after the next failure, and so on up to ``LOGIN_THROTTLE_MAX_DELAY_SECONDS`` (1 s, 2 s, 4 s …
  15 min);
- the **address** alone, against one client trying many names (credential stuffing); it has more
  free failures (``LOGIN_THROTTLE_ADDRESS_FREE``, 20) because an office signs in from one address
  behind NAT;
- the **user name** alone, against many addresses guessing one account; it has a higher threshold
  (``LOGIN_THROTTLE_USER_FREE``, 10) and a short cap (``LOGIN_THROTTLE_USER_MAX_DELAY_SECONDS``,
  5 min).

Someone failing from other addresses cannot keep a user out of their own address: once a user
has signed in from an address (the pair's ``signed_in_at``, remembered for
``LOGIN_THROTTLE_KNOWN_DAYS``), that pair answers to its own failures only — the address-wide and
user-wide keys neither hold it back nor count its typos. An attacker cannot make a pair known
without the password. From an address not yet known the user-wide delay applies, but with a
short cap; should someone keep renewing it, a password reset signs the user in and makes the
address known.

An attempt inside a delay is refused before the password is checked and is not counted. An
attempt after it is checked normally; the right password signs in and clears the pair's failures
(the address and user-name counts stay: the owner's success does not wipe out someone else's
guessing). A key's failures are forgotten after ``LOGIN_THROTTLE_FORGET_SECONDS`` without a new
one. The rows live in the database so every app server sees them; each attempt locks its rows,
so parallel requests cannot all slip through the moment a delay ends. "Now" is
``django.utils.timezone.now``.
"""

import datetime
import ipaddress
import math
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from khuyencong.clientaddress import client_address, parse_address

from .models import LoginThrottle

Kind = LoginThrottle.Kind
PRUNE_BATCH = 1000


class Throttled(Exception):
    """An attempt made inside a delay: the password was not checked."""

    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds


def attempt(request: HttpRequest | None, username: str, check: Callable[[], bool]) -> bool:
    """Run ``check`` (the password check) unless a delay holds, and record how it went.

    Raises `Throttled` with the seconds left to wait; otherwise returns what ``check`` returned.
    """
    name, place = _name(username), address_key(client_address(request) if request else None)
    with transaction.atomic():
        pair = _locked(Kind.PAIR, name, place)
        now = timezone.now()
        rows = [pair]
        if not _known(pair, now):
            rows += [_locked(Kind.ADDRESS, "", place), _locked(Kind.USER, name, "")]
        wait = max(_wait(row, now) for row in rows)
        if wait > 0:
            raise Throttled(math.ceil(wait))
        succeeded = check()
        if succeeded:
            _signed_in(pair, rows[1:], timezone.now())
        else:
            _failed(rows, timezone.now())
    if not succeeded:
        prune()
    return succeeded


def note_sign_in(request: HttpRequest, username: str) -> None:
    """Record a sign-in made another way (a password reset link): the pair becomes known."""
    name, place = _name(username), address_key(client_address(request))
    with transaction.atomic():
        _signed_in(_locked(Kind.PAIR, name, place), [], timezone.now())


def address_key(address: str | None) -> str:
    """The address a key counts: the address itself, or an IPv6 client's /64 network, since
    one subscriber is handed a whole /64 and could otherwise take a fresh address per attempt."""
    parsed = parse_address(address or "")
    if parsed is None:
        return ""
    if parsed.version == 6:
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def delay_seconds(failures: int, kind: str) -> int:
    """How long after the last failure the next attempt is accepted, for this many failures."""
    free, cap = _rule(kind)
    if failures < free:
        return 0
    return min(cap, settings.LOGIN_THROTTLE_BASE_DELAY_SECONDS * 2 ** min(failures - free, 40))


def prune() -> None:
    """Delete rows whose failures are forgotten and whose sign-in is no longer remembered.

    Rows another attempt holds are skipped (never waited for), so pruning cannot deadlock with
    a sign-in; they go next time.
    """
    now = timezone.now()
    failures_gone = Q(last_failure_at__isnull=True) | Q(last_failure_at__lt=now - _forget())
    sign_in_gone = Q(signed_in_at__isnull=True) | Q(signed_in_at__lt=now - _known_for())
    # Two queries, each led by one indexed column.
    for stale in (
        Q(last_failure_at__lt=now - _forget()) & sign_in_gone,
        Q(signed_in_at__lt=now - _known_for()) & failures_gone,
    ):
        with transaction.atomic():
            rows = LoginThrottle.objects.filter(stale).select_for_update(skip_locked=True)
            ids = list(rows.values_list("pk", flat=True)[:PRUNE_BATCH])
            LoginThrottle.objects.filter(pk__in=ids).delete()


def _name(username: str) -> str:
    # One key for "Lan" and "lan": guessing must not get fresh counts by changing case.
    return username.strip().lower()[:150]


def _rule(kind: str) -> tuple[int, int]:
    """Free failures and the cap on the delay, in seconds, for a kind of key."""
    if kind == Kind.PAIR:
        return settings.LOGIN_THROTTLE_PAIR_FREE, settings.LOGIN_THROTTLE_MAX_DELAY_SECONDS
    if kind == Kind.ADDRESS:
        return settings.LOGIN_THROTTLE_ADDRESS_FREE, settings.LOGIN_THROTTLE_MAX_DELAY_SECONDS
    return settings.LOGIN_THROTTLE_USER_FREE, settings.LOGIN_THROTTLE_USER_MAX_DELAY_SECONDS


def _forget() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.LOGIN_THROTTLE_FORGET_SECONDS)


def _known_for() -> datetime.timedelta:
    return datetime.timedelta(days=settings.LOGIN_THROTTLE_KNOWN_DAYS)


def _known(pair: LoginThrottle, now: datetime.datetime) -> bool:
    return pair.signed_in_at is not None and pair.signed_in_at >= now - _known_for()


def _failures(row: LoginThrottle, now: datetime.datetime) -> int:
    if row.last_failure_at is None or row.last_failure_at < now - _forget():
        return 0
    return row.failures


def _wait(row: LoginThrottle, now: datetime.datetime) -> float:
    delay = delay_seconds(_failures(row, now), row.kind)
    if not delay:
        return 0
    return (row.last_failure_at + datetime.timedelta(seconds=delay) - now).total_seconds()


def _locked(kind: str, username: str, address: str) -> LoginThrottle:
    """The key's row, created if missing, locked until the end of the transaction.

    Keys are always locked in the order pair, address, user, so two attempts never wait on
    each other in a circle.
    """
    key = {"kind": kind, "username": username, "address": address}
    rows = LoginThrottle.objects.select_for_update().filter(**key)
    for _ in range(3):
        row = rows.first()
        if row is not None:
            return row
        # Another attempt may create the same key at the same moment; the loser's insert is
        # ignored and it locks the winner's row. A row pruned in between is created again.
        LoginThrottle.objects.bulk_create([LoginThrottle(**key)], ignore_conflicts=True)
    raise RuntimeError(f"could not lock the sign-in throttle row {key}")


def _failed(rows: list[LoginThrottle], now: datetime.datetime) -> None:
    for row in rows:
        row.failures = _failures(row, now) + 1
        row.last_failure_at = now
        row.save(update_fields=["failures", "last_failure_at"])


def _signed_in(pair: LoginThrottle, others: list[LoginThrottle], now: datetime.datetime) -> None:
    pair.failures, pair.last_failure_at, pair.signed_in_at = 0, None, now
    pair.save(update_fields=["failures", "last_failure_at", "signed_in_at"])
    # A row created only to be locked for this attempt holds nothing: don't keep it.
    LoginThrottle.objects.filter(pk__in=[row.pk for row in others if not row.failures]).delete()
