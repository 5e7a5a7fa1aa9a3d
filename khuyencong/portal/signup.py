"""Sign-up by a one-time code sent to a phone (SMS) or an email address.

docs/self-service.md, "Sign-up and claim". A household owner gives a phone number or an email
address; a 6-digit code goes there through the outbox (accounts/outbox.py). Only a keyed hash of
the code is stored, with its expiry (`SIGNUP_CODE_MINUTES`) and a count of wrong tries (past
`SIGNUP_CODE_MAX_TRIES` the code is dead). Codes are limited per address and per client address
(`SIGNUP_CODES_PER_ADDRESS`, `SIGNUP_CODES_PER_CLIENT`), counted from these rows so that every app
server sees the same count.

An address that already has an account gets no code but a message saying so and how to sign in
or reset the password; the page answers exactly as for a new address, so the form cannot be used
to learn who has an account.
"""

from __future__ import annotations

import datetime
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.phones import normalise_phone
from khuyencong.vntext import clean


def parse_contact(text: object) -> tuple[str, str]:
    """(channel, address) from what was typed: an email address when it has an "@", else a phone."""
    value = clean(text)
    if "@" in value:
        value = value.lower()
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                _("This email address is not complete; check it, for example ten@gmail.com."),
                code="email",
            ) from None
        return "email", value
    return "sms", normalise_phone(value)


def account_for(channel: str, address: str):
    """The existing account with this phone or email, or None."""
    from khuyencong.accounts.models import User

    if channel == "email":
        return User.objects.filter(Q(email__iexact=address) | Q(username__iexact=address)).first()
    return User.objects.filter(Q(phone=address) | Q(username=address)).first()


class RateLimited(Exception):
    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds


class SignupCode(models.Model):
    """One code sent (or, for a known address, a message sent instead of a code)."""

    channel = models.CharField(gettext_lazy("sent by"), max_length=10)
    address = models.CharField(gettext_lazy("phone or email"), max_length=254)
    client = models.CharField(gettext_lazy("asked from address"), max_length=50, blank=True)
    code_hash = models.CharField(gettext_lazy("code (hashed)"), max_length=128)
    created_at = models.DateTimeField(gettext_lazy("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(gettext_lazy("valid until"))
    wrong_tries = models.PositiveSmallIntegerField(gettext_lazy("wrong tries"), default=0)
    used_at = models.DateTimeField(gettext_lazy("used at"), null=True, blank=True)
    # The address already had an account: no code was sent, and no code will do.
    known = models.BooleanField(gettext_lazy("already had an account"), default=False)

    class Meta:
        verbose_name = gettext_lazy("sign-up code")
        verbose_name_plural = gettext_lazy("sign-up codes")
        indexes = [
            models.Index(fields=["address", "created_at"], name="signup_code_address_idx"),
            models.Index(fields=["client", "created_at"], name="signup_code_client_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.address} {self.created_at:%Y-%m-%d %H:%M}"


def _hash(address: str, code: str) -> str:
    # Keyed with the secret key: six digits are quickly guessed from a plain hash.
    return salted_hmac("khuyencong.portal.signup", f"{address}|{code}", algorithm="sha256").hexdigest()


def _check_rate(field: str, value: str, limit: tuple[int, int], now) -> None:
    allowed, window = limit
    since = now - datetime.timedelta(seconds=window)
    times = list(
        SignupCode.objects.filter(**{field: value}, created_at__gte=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    if len(times) >= allowed:
        oldest = times[-allowed]
        raise RateLimited(max(1, int((oldest - since).total_seconds()) + 1))


def issue(channel: str, address: str, client: str = "") -> SignupCode:
    """Send a new code to the address (or, when it has an account, a message saying so).

    Raises `RateLimited` with the seconds to wait when the address or the client asked too often.
    """
    from khuyencong.accounts import outbox

    now = timezone.now()
    _check_rate("address", address, settings.SIGNUP_CODES_PER_ADDRESS, now)
    if client:
        _check_rate("client", client, settings.SIGNUP_CODES_PER_CLIENT, now)
    code = f"{secrets.randbelow(10**6):06d}"
    known = account_for(channel, address) is not None
    with transaction.atomic():
        row = SignupCode.objects.create(
            channel=channel,
            address=address,
            client=client[:50],
            code_hash=_hash(address, code),
            created_at=now,
            expires_at=now + datetime.timedelta(minutes=settings.SIGNUP_CODE_MINUTES),
            known=known,
        )
        if known:
            body = _(
                "This number or address already has an account on the khuyến công site. Sign in with it; "
                "if you forgot the password, use “Forgot your password?” on the sign-in page or ask your "
                "commune officer."
            )
            link = reverse("accounts:login")
        else:
            body = _("Your khuyến công sign-up code is %(code)s. It is valid for %(minutes)s minutes.") % {
                "code": code,
                "minutes": settings.SIGNUP_CODE_MINUTES,
            }
            link = ""
        outbox.send(
            channel=channel,
            address=address,
            subject=_("Khuyến công sign-up"),
            body=body,
            link=link,
            key=f"portal.signup.{row.pk}",
        )
    return row


@dataclass(frozen=True)
class Check:
    ok: bool
    reason: str = ""  # "wrong", "expired", "dead", "used"
    tries_left: int = 0


def check(row_id: int, code: str) -> Check:
    """Try a code against a row; a wrong try is counted (and kept) whatever the caller does next."""
    code = re.sub(r"\s", "", str(code))
    with transaction.atomic():
        row = SignupCode.objects.select_for_update().filter(pk=row_id).first()
        if row is None or row.used_at is not None:
            return Check(False, "used")
        if row.wrong_tries >= settings.SIGNUP_CODE_MAX_TRIES:
            return Check(False, "dead")
        if timezone.now() >= row.expires_at:
            return Check(False, "expired")
        if row.known or not constant_time_compare(row.code_hash, _hash(row.address, code)):
            row.wrong_tries += 1
            row.save(update_fields=["wrong_tries"])
            left = settings.SIGNUP_CODE_MAX_TRIES - row.wrong_tries
            return Check(False, "wrong" if left > 0 else "dead", left)
        return Check(True)


def create_account(row_id: int, code: str, full_name: str, password: str):
    """Check the code once more under a lock, mark it used and create the account; None when the
    code no longer holds (used in between) or the address got an account in between."""
    from khuyencong.accounts.models import User
    from khuyencong.audit.log import record

    with transaction.atomic():
        result = check(row_id, code)
        if not result.ok:
            return None
        row = SignupCode.objects.select_for_update().get(pk=row_id)
        if account_for(row.channel, row.address) is not None:
            return None
        row.used_at = timezone.now()
        row.save(update_fields=["used_at"])
        user = User(
            username=row.address,
            full_name=clean(full_name),
            phone=row.address if row.channel == "sms" else "",
            email=row.address if row.channel == "email" else "",
        )
        user.set_password(password)
        user.save()
        record(
            user,
            user,
            "accounts.user.signed_up",
            {"username": [None, user.username], "full_name": [None, user.full_name]},
            _("Signed up with a code sent by SMS.")
            if row.channel == "sms"
            else _("Signed up with a code sent by email."),
        )
    return user
