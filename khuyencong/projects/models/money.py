"""Money paid out on a project: advances, payments, settlement adjustments and recoveries.

Amounts are whole đồng, stored signed (a recovery is negative) so that the net
disbursed is one SUM. Every payment is recorded under a lock on its project, so two
accountants entering payments at once can never push the total past the approved support.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.accounts.permissions import Can
from khuyencong.audit.log import save_audited
from khuyencong.modelfields import DongAmountField
from khuyencong.vnformat import dong

from .states import PAYABLE, Status, TransitionError


class Payment(models.Model):
    class Kind(models.TextChoices):
        ADVANCE = "advance", gettext_lazy("Advance")
        PAYMENT = "payment", gettext_lazy("Payment")
        SETTLEMENT = "settlement", gettext_lazy("Settlement adjustment")
        RECOVERY = "recovery", gettext_lazy("Recovery")

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="payments")
    # Copied from the project so the plan page sums a batch's money without joining projects.
    batch = models.ForeignKey(
        "plans.Batch", on_delete=models.PROTECT, related_name="payments", editable=False
    )
    kind = models.CharField(gettext_lazy("kind"), max_length=12, choices=Kind.choices)
    amount = DongAmountField(
        gettext_lazy("amount (đồng)"), help_text=gettext_lazy("Negative for a recovery.")
    )
    paid_on = models.DateField(gettext_lazy("date"))
    voucher_number = models.CharField(gettext_lazy("voucher number"), max_length=50)
    note = models.CharField(gettext_lazy("note"), max_length=300, blank=True)
    # A mistaken entry is never edited or deleted: it is cancelled by a reversing entry of the same kind
    # and opposite amount, with its own voucher, so the books keep both and every sum stays one SUM.
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
        editable=False,
        verbose_name=gettext_lazy("reverses"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("payment")
        verbose_name_plural = gettext_lazy("payments")
        ordering = ["paid_on", "pk"]
        indexes = [
            models.Index(fields=["batch", "paid_on", "kind", "amount"], name="payment_batch_date"),
            models.Index(fields=["project", "paid_on"], name="payment_project_date"),
        ]

    def __str__(self) -> str:
        # The unit goes with the figure wherever the entry is named (timeline, reversal title).
        text = f"{self.get_kind_display()} {dong(self.amount)} đ ({self.voucher_number})"
        if self.reverses_id:
            return _("%(entry)s, reversing voucher %(voucher)s") % {
                "entry": text,
                "voucher": self.reverses.voucher_number,
            }
        return text


class Payments:
    """Mixed into Project: recording money against it, with the rules in force."""

    def record_payment(
        self, by, kind: str, amount: int, paid_on: datetime.date, voucher_number: str, note: str = ""
    ) -> Payment:
        """Record an advance, payment, recovery (amount given positive) or settlement adjustment (signed)."""
        with transaction.atomic():
            locked = self._lock(by, Can.RUN_PROJECTS)
            signed = -abs(amount) if kind == Payment.Kind.RECOVERY else amount
            locked.check_payment(kind, signed, paid_on)
            payment = locked._book(by, locked.batch_id, kind, signed, paid_on, voucher_number, note)
        self.refresh_from_db()
        return payment

    def _book(self, by, batch_id, kind, signed, paid_on, voucher_number, note, reverses=None) -> Payment:
        """Write a checked entry on the locked project, audited, and bump its version."""
        payment = Payment(
            project=self,
            batch_id=batch_id,
            kind=kind,
            amount=signed,
            paid_on=paid_on,
            voucher_number=voucher_number.strip(),
            note=note.strip()[:300],
            reverses=reverses,
            created_by=by,
        )
        save_audited(payment, by)
        self.version += 1
        self.save(update_fields=["version", "updated_at"])
        return payment

    def reverse_payment(
        self, by, payment: Payment, voucher_number: str, reason: str, on: datetime.date | None = None
    ) -> Payment:
        """Cancel a mistaken entry with a reversing one (same kind, opposite amount) on its own voucher."""
        if not (voucher_number or "").strip() or not (reason or "").strip():
            raise TransitionError(_("Give the voucher number and the reason for the reversal."))
        on = on or timezone.localdate()
        with transaction.atomic():
            locked = self._lock(by, Can.RUN_PROJECTS)
            original = locked.payments.select_for_update().filter(pk=payment.pk).first()
            if original is None:
                raise TransitionError(_("This entry is not one of the project's payments."))
            if original.reverses_id or Payment.objects.filter(reverses=original).exists():
                raise TransitionError(_("This entry is a reversal or has already been reversed."))
            if on < original.paid_on or on > timezone.localdate():
                raise TransitionError(_("The reversal date must be between the entry's date and today."))
            if locked.status not in PAYABLE:
                raise TransitionError(_("Money is only paid on an approved project."))
            locked.check_within_limits(-original.amount)
            reversal = locked._book(
                by, original.batch_id, original.kind, -original.amount, on, voucher_number, reason, original
            )
        self.refresh_from_db()
        return reversal

    def check_payment(self, kind: str, signed: int, paid_on: datetime.date) -> None:
        if self.status not in PAYABLE or self.batch_id is None:
            raise TransitionError(_("Money is only paid on an approved project."))
        if kind not in Payment.Kind.values:
            raise TransitionError(_("Unknown kind of payment."))
        if signed == 0 or (kind != Payment.Kind.SETTLEMENT and kind != Payment.Kind.RECOVERY and signed < 0):
            raise TransitionError(_("The amount must be more than 0 đồng."))
        if paid_on < self.approved_on or paid_on > timezone.localdate():
            raise TransitionError(_("The date must be between the approval and today."))
        if kind == Payment.Kind.SETTLEMENT and self.status != Status.SETTLED:
            raise TransitionError(_("A settlement adjustment is recorded after the settlement."))
        if kind == Payment.Kind.ADVANCE:
            self.check_advance(signed)
        self.check_within_limits(signed)

    def check_within_limits(self, signed: int) -> None:
        """Money out never passes the approved (or settled) support; money back never passes what was paid."""
        net = self.disbursed()
        limit = self.payment_limit()
        # Money coming back (a recovery, a lowering adjustment) is always welcome, even above the limit:
        # a settlement may fix less than was already paid.
        if signed > 0 and net + signed > limit:
            raise TransitionError(
                _(
                    "This would bring the money paid to %(total)s đồng, over the %(limit)s đồng "
                    "%(what)s (already paid: %(paid)s đồng)."
                )
                % {
                    "total": dong(net + signed),
                    "limit": dong(limit),
                    "what": _("settled") if self.settled_amount is not None else _("approved"),
                    "paid": dong(net),
                }
            )
        if net + signed < 0:
            raise TransitionError(
                _("Only %(paid)s đồng has been paid; more cannot be recovered.") % {"paid": dong(net)}
            )

    def check_advance(self, amount: int) -> None:
        rule = self.support_rule()
        if rule.advance_after_acceptance_only and self.status not in (Status.ACCEPTED, Status.SETTLED):
            raise TransitionError(
                _("For this support item an advance is only paid after acceptance (%(basis)s).")
                % {"basis": rule.advance_basis}
            )
        if (
            self.status in (Status.ACCEPTED, Status.SETTLED, Status.STOPPED)
            and not rule.advance_after_acceptance_only
        ):
            raise TransitionError(_("After acceptance money is paid, not advanced."))
        cap = rule.advance_cap(self.approved_support)
        if cap is None:
            return
        advanced = self.advanced()
        if advanced + amount > cap:
            raise TransitionError(
                _(
                    "Advances may reach %(percent)s%% of the approved support, %(cap)s đồng (%(basis)s); "
                    "%(advanced)s đồng is already advanced, so at most %(left)s đồng more."
                )
                % {
                    "percent": f"{rule.advance_percent.normalize():f}",
                    "cap": dong(cap),
                    "basis": rule.advance_basis,
                    "advanced": dong(advanced),
                    "left": dong(max(cap - advanced, 0)),
                }
            )
