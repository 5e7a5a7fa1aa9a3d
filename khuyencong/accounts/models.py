"""Users, their roles and the scope each role is held in.

A user may hold several role assignments; each one names a role and a scope
(the whole country, one province, one commune, or one establishment). What a user
may see or change is always worked out from these rows: see `scopes.py`.
"""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .permissions import ROLE_LEVELS, Role, ScopeLevel


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    scope_level = models.CharField(_("scope"), max_length=20, choices=ScopeLevel.choices)
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province or commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    establishment = models.ForeignKey(
        "registry.Establishment",
        verbose_name=_("establishment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("granted by")
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user_id", "role"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.scope_label()}"

    def scope_label(self) -> str:
        if self.scope_level == ScopeLevel.NATIONAL:
            return str(_("Whole country"))
        if self.scope_level == ScopeLevel.ESTABLISHMENT:
            return str(self.establishment) if self.establishment_id else "—"
        return self.unit.full_name() if self.unit_id else "—"

    def place(self):
        """Where this grant reaches, to check that whoever grants or revokes it may reach there too."""
        from .scopes import Place

        if self.scope_level == ScopeLevel.PROVINCE:
            return Place.of(self.unit_id)
        if self.scope_level == ScopeLevel.COMMUNE and self.unit_id:
            return Place.of(self.unit.province_id, [self.unit_id])
        if self.scope_level == ScopeLevel.ESTABLISHMENT and self.establishment_id:
            est = self.establishment
            return Place.of(est.province_id, [est.current_commune_id], [est.pk])
        return Place()

    def clean(self):
        errors = {}
        allowed = ROLE_LEVELS.get(self.role, set())
        if self.scope_level not in allowed:
            errors["scope_level"] = _("This role cannot be held at this scope.")
        needs_unit = self.scope_level in (ScopeLevel.PROVINCE, ScopeLevel.COMMUNE)
        if needs_unit and not self.unit_id:
            errors["unit"] = _("Choose the province or commune of this scope.")
        if needs_unit and self.unit_id:
            unit = self.unit
            if unit.is_legacy:
                errors["unit"] = _("Choose a unit of today's geography (from 1/7/2025).")
            elif unit.level != self.scope_level:
                errors["unit"] = _("The unit must be a %(level)s.") % {
                    "level": ScopeLevel(self.scope_level).label
                }
        if self.scope_level == ScopeLevel.ESTABLISHMENT and not self.establishment_id:
            errors["establishment"] = _("Choose the establishment of this scope.")
        if errors:
            raise ValidationError(errors)

    def grant(self, by, note: str = "") -> None:
        """Save this new role and log it on the user's history, in one transaction: the one way a role
        is given (the administrators' screens and the demo loader alike)."""
        from khuyencong.audit.log import record

        with transaction.atomic():
            self.save()
            record(by, self.user, "accounts.role.granted", {"role": [None, str(self)]}, note)

    def revoke(self, by, note: str = "") -> None:
        """Remove this role and log it on the user's history, in one transaction."""
        from khuyencong.audit.log import record

        with transaction.atomic():
            record(by, self.user, "accounts.role.revoked", {"role": [str(self), None]}, note)
            self.delete()


def users_managed_by(user):
    """The users an administrator may see and grant roles to: everyone for a national administrator;
    for a province's administrator, the users whose every role lies inside that province (a user with
    a role anywhere else, or a superuser, is out of reach)."""
    from .permissions import Can
    from .scopes import Scope

    scope = Scope.of(user)
    if scope.is_national(Can.MANAGE_USERS):
        return User.objects.all()
    provinces = scope.province_ids(Can.MANAGE_USERS)
    if not provinces:
        return User.objects.none()
    inside = (
        models.Q(scope_level=ScopeLevel.PROVINCE, unit_id__in=provinces)
        | models.Q(scope_level=ScopeLevel.COMMUNE, unit__province_id__in=provinces)
        | models.Q(scope_level=ScopeLevel.ESTABLISHMENT, establishment__province_id__in=provinces)
    )
    outside = RoleAssignment.objects.exclude(inside).values("user_id")
    within = RoleAssignment.objects.filter(inside).values("user_id")
    return User.objects.filter(is_superuser=False, pk__in=within).exclude(pk__in=outside)


class LoginThrottle(models.Model):
    """The failed sign-ins counted against one throttling key, shared by every app server.

    A key is a user name with an address (``pair``), an address alone (``address``) or a
    user name alone (``user``); the unused part is "". A pair row also remembers when that
    user last signed in from that address, which makes the address known for the user. The
    rules are in `throttle.py` and docs/adr/0007-sign-in-throttling.md.
    """

    class Kind(models.TextChoices):
        # Never shown to anyone, so not translated.
        PAIR = "pair"
        ADDRESS = "address"
        USER = "user"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    username = models.CharField(max_length=150, blank=True)
    # An IPv4 or IPv6 address, or an IPv6 /64 network, as text.
    address = models.CharField(max_length=50, blank=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "username", "address"], name="login_throttle_key"),
        ]
        # Pruning finds old rows by these two.
        indexes = [
            models.Index(fields=["last_failure_at"], name="login_throttle_failure_at"),
            models.Index(fields=["signed_in_at"], name="login_throttle_signed_in_at"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.username} {self.address} ×{self.failures}"


class Message(models.Model):
    """One message to one person: shown in the app, or sent by email or SMS (`outbox.py`).

    A message that answers an event carries that event's `key` (unique): whoever sends it again,
    from any process, finds the row already there, so nobody is told the same thing twice.
    """

    class Channel(models.TextChoices):
        IN_APP = "in_app", _("In the app")
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")

    recipient = models.ForeignKey(
        User,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # The email address or phone number it goes to (a sign-up code goes to someone with no account yet).
    address = models.CharField(_("address"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    key = models.CharField(_("event key"), max_length=200, unique=True, null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "channel", "read_at"], name="message_inbox_idx"),
            models.Index(fields=["status", "created_at"], name="message_pending_idx"),
        ]

    def __str__(self) -> str:
        return self.subject or self.body[:60]
