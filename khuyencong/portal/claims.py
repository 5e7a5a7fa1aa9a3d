"""A person's claim to represent an establishment: an existing registry record, or a new one.

docs/self-service.md, "Sign-up and claim". Whoever signed up asks to represent an establishment;
Centre staff of its province or the officer of its commune (`Can.CONFIRM_CLAIMS`) confirm or
decline. Confirming registers the establishment when it is new and grants the claimant the
establishment representative's role over it; declining needs a reason, which the claimant is told.
The status changes only through `confirm` and `decline`, each audited in its own transaction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.accounts.permissions import Can, Role, ScopeLevel
from khuyencong.accounts.scopes import Place, Scope
from khuyencong.registry.models import Establishment, Placed


class ClaimQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The claims a confirmer may decide: those in the province or commune of their grant."""
        return Scope.of(user).filter(self, Can.CONFIRM_CLAIMS, establishment=None)

    def pending(self):
        return self.filter(status=Claim.Status.PENDING)


class Claim(Placed):
    """The commune (and so today's commune and province, `Placed`) is the establishment's, or the
    proposed new one's: the claim is decided where the establishment is."""

    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("Waiting for confirmation")
        CONFIRMED = "confirmed", gettext_lazy("Confirmed")
        DECLINED = "declined", gettext_lazy("Declined")

    claimant = models.ForeignKey(
        "accounts.User", verbose_name=gettext_lazy("claimant"), on_delete=models.CASCADE, related_name="+"
    )
    establishment = models.ForeignKey(
        Establishment,
        verbose_name=gettext_lazy("establishment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # A new establishment, as proposed (registered when the claim is confirmed).
    name = models.CharField(gettext_lazy("name of the establishment"), max_length=255, blank=True)
    legal_form = models.CharField(
        gettext_lazy("legal form"), max_length=20, choices=Establishment.LegalForm.choices, blank=True
    )
    address = models.CharField(gettext_lazy("address"), max_length=300, blank=True)
    trade = models.CharField(gettext_lazy("trade"), max_length=200, blank=True)
    phone = models.CharField(gettext_lazy("phone"), max_length=30, blank=True)
    note = models.TextField(gettext_lazy("note"), blank=True)
    status = models.CharField(
        gettext_lazy("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(gettext_lazy("reason"), blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=gettext_lazy("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(gettext_lazy("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(gettext_lazy("made at"), default=timezone.now)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("claim")
        verbose_name_plural = gettext_lazy("claims")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "current_commune"], name="claim_status_commune_idx"),
            models.Index(fields=["status", "province"], name="claim_status_province_idx"),
        ]
        constraints = [
            # One pending claim per person: a second waits until the first is decided.
            models.UniqueConstraint(
                fields=["claimant"], condition=models.Q(status="pending"), name="claim_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name()

    def save(self, *args, **kwargs):
        self.derive_place()
        super().save(*args, **kwargs)

    def display_name(self) -> str:
        return self.establishment.name if self.establishment_id else self.name

    def is_new(self) -> bool:
        return self.establishment_id is None

    def place(self) -> Place:
        return Place.of(self.province_id, [self.current_commune_id])

    def rivals(self):
        """Other pending claims on the same establishment (flagged to whoever decides)."""
        if self.is_new():
            return Claim.objects.none()
        return Claim.objects.pending().filter(establishment_id=self.establishment_id).exclude(pk=self.pk)

    # ------------------------------------------------------------ making a claim

    @classmethod
    def make(cls, claimant, *, establishment=None, note: str = "", **proposed) -> Claim:
        """File a claim, audited; ValidationError when the person already has one waiting or
        already represents an establishment."""
        from khuyencong.audit.log import record

        waiting = _("You already have a claim waiting for confirmation.")
        if claimant.role_assignments.exists():
            raise ValidationError(_("Your account already has a role; it cannot claim an establishment."))
        try:
            with transaction.atomic():
                if Claim.objects.pending().filter(claimant=claimant).exists():
                    raise ValidationError(waiting)
                claim = cls(claimant=claimant, establishment=establishment, note=note, **proposed)
                if establishment is not None:
                    claim.commune = establishment.commune
                claim.save()
                record(
                    claimant,
                    claim,
                    "portal.claim.made",
                    {"establishment": [None, claim.display_name()]},
                    note,
                )
        except IntegrityError:  # a second tab's claim got in first (the one-pending constraint)
            raise ValidationError(waiting) from None
        return claim

    # ------------------------------------------------------------ deciding it

    def _lock(self, by) -> Claim:
        locked = Claim.objects.select_for_update().get(pk=self.pk)
        if not Scope.of(by).can_at(Can.CONFIRM_CLAIMS, locked.place()):
            raise PermissionDenied
        if locked.status != Claim.Status.PENDING:
            raise ValidationError(_("This claim was already decided."))
        return locked

    def confirm(self, by) -> Establishment:
        """Register the establishment if new, make the claimant its representative, tell them."""
        from khuyencong.accounts.models import RoleAssignment
        from khuyencong.audit.log import record, save_audited

        with transaction.atomic():
            claim = self._lock(by)
            if claim.is_new():
                establishment = Establishment(
                    name=claim.name,
                    legal_form=claim.legal_form,
                    commune=claim.commune,
                    address=claim.address,
                    trade=claim.trade,
                    phone=claim.phone,
                    representative=claim.claimant.full_name,
                    source=Establishment.Source.SELF,
                    created_by=by,
                )
                save_audited(establishment, by)
                claim.establishment = establishment
            claim.status = Claim.Status.CONFIRMED
            claim.decided_by, claim.decided_at = by, timezone.now()
            claim.save()
            record(
                by,
                claim,
                "portal.claim.confirmed",
                {"status": [str(Claim.Status.PENDING.label), str(Claim.Status.CONFIRMED.label)]},
            )
            RoleAssignment(
                user=claim.claimant,
                role=Role.ESTABLISHMENT_REP,
                scope_level=ScopeLevel.ESTABLISHMENT,
                establishment=claim.establishment,
                granted_by=by,
            ).grant(by, _("Claim no. %(pk)s confirmed.") % {"pk": claim.pk})
            claim._tell(
                _("You now represent “%(name)s” on the khuyến công site.") % {"name": claim.display_name()}
            )
        self.__dict__.update(claim.__dict__)
        return claim.establishment

    def decline(self, by, reason: str) -> None:
        from khuyencong.audit.log import record

        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Say why the claim is declined: the person is told.")})
        with transaction.atomic():
            claim = self._lock(by)
            claim.status = Claim.Status.DECLINED
            claim.reason = reason
            claim.decided_by, claim.decided_at = by, timezone.now()
            claim.save()
            record(
                by,
                claim,
                "portal.claim.declined",
                {
                    "status": [str(Claim.Status.PENDING.label), str(Claim.Status.DECLINED.label)],
                    "reason": [None, reason],
                },
            )
            claim._tell(
                _("Your request to represent “%(name)s” was not accepted. Reason: %(reason)s")
                % {"name": claim.display_name(), "reason": reason}
            )
        self.__dict__.update(claim.__dict__)

    def _tell(self, body: str) -> None:
        """In the app, and by the email or phone the person signed up with."""
        from khuyencong.accounts import outbox

        subject = _("Your establishment on the khuyến công site")
        link = reverse("portal:home")
        outbox.tell(
            self.claimant, subject=subject, body=body, link=link, key=f"portal.claim.{self.pk}.{self.status}"
        )


def claim_of(user) -> Claim | None:
    """The user's latest claim."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Claim.objects.filter(claimant=user).select_related("establishment", "commune").first()
