"""Adjusting an approved project by decision: its amount, content, beneficiaries or schedule
(docs/programme.md §3), each change kept as a version of what it was. Mixed into Project through
Lifecycle, whose `_lock` it uses."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.permissions import Can
from khuyencong.audit.log import action_code, diff, record, snapshot
from khuyencong.vnformat import dong

from .states import ADJUSTABLE, Status, TransitionError, require_text


class Adjustments:
    def adjust(self, by, kind: str, decision, reason: str, on: datetime.date | None = None, **values):
        """Change amount, content, beneficiaries or schedule by decision, keeping a version of what changed.

        The change takes effect on `on`, by default the decision's date: figures of an earlier day keep
        the amount before (`Project.approved_support_on`).
        """
        from .project import ProjectVersion

        require_text(reason, _("Give the reason for the adjustment."))
        if decision is None:
            raise TransitionError(_("An adjustment is made by a decision: choose it."))
        on = on or decision.issued_on
        with transaction.atomic():
            locked = self._lock(by, Can.DECIDE_PROJECTS)
            if locked.status not in ADJUSTABLE:
                raise TransitionError(_("Only an approved project that is not yet settled can be adjusted."))
            locked.check_adjustment_date(on, kind)
            before = snapshot(locked)
            support_before = locked.approved_support
            named = None
            if kind == ProjectVersion.Kind.AMOUNT:
                locked.apply_amount_adjustment(values["approved_support"])
            elif kind == ProjectVersion.Kind.BENEFICIARY:
                named = locked.replace_beneficiaries(values["beneficiaries"])
            else:
                fields = {"content": ("title", "description"), "schedule": ("start_on", "end_on")}[kind]
                for name in fields:
                    setattr(locked, name, values[name])
                locked.clean()
            locked.version += 1
            locked.save()
            changes = diff(before, snapshot(locked))
            if named:
                changes["beneficiaries"] = named
            if not changes:
                raise TransitionError(_("The adjustment changes nothing."))
            amount = kind == ProjectVersion.Kind.AMOUNT
            ProjectVersion.objects.create(
                project=locked,
                kind=kind,
                changes=changes,
                decision=decision,
                reason=reason,
                actor=by,
                effective_on=on,
                support_before=support_before if amount else None,
                support_after=locked.approved_support if amount else None,
            )
            locked.events.create(
                action=f"adjust_{kind}", actor=by, reason=reason, decision=decision, happened_on=on
            )
            record(by, locked, action_code(locked, "adjusted"), changes, reason)
        self.refresh_from_db()
        return self

    def check_adjustment_date(self, on: datetime.date, kind: str) -> None:
        """An adjustment takes effect between the approval and today, and amounts change in date order
        (the amount in force on a day is read from that order)."""
        if on > timezone.localdate():
            raise TransitionError(_("The date cannot be in the future."))
        if self.approved_on and on < self.approved_on:
            raise TransitionError(
                _("An adjustment cannot take effect before the approval on %(day)s.")
                % {"day": self.approved_on.strftime("%d/%m/%Y")}
            )
        last = self.versions.filter(kind=kind).aggregate(day=Max("effective_on"))["day"]
        if last and on < last:
            raise TransitionError(
                _("An adjustment cannot take effect before %(day)s, the date of the previous one.")
                % {"day": last.strftime("%d/%m/%Y")}
            )

    def replace_beneficiaries(self, establishments) -> list[str] | None:
        """Make these establishments the beneficiaries; [names before, names after] if that changed.

        Called inside the transaction of the step that owns the change (creating or editing a
        draft, an adjustment), which audits it.
        """
        from .project import ProjectBeneficiary

        before = sorted(str(e) for e in self.beneficiaries.all())
        wanted = {e.pk: e for e in establishments}
        self.beneficiary_links.exclude(establishment_id__in=list(wanted)).delete()
        ProjectBeneficiary.objects.bulk_create(
            [ProjectBeneficiary(project=self, establishment=e) for e in wanted.values()],
            ignore_conflicts=True,
        )
        after = sorted(str(e) for e in wanted.values())
        self.forget_access()
        return ["; ".join(before), "; ".join(after)] if after != before else None

    def apply_amount_adjustment(self, new_support: int) -> None:
        from khuyencong.plans.models import Batch

        paid = self.disbursed()
        if new_support < max(paid, 1):
            raise TransitionError(
                _("The support cannot go below the %(paid)s đồng already disbursed.") % {"paid": dong(paid)}
            )
        rule = self.support_rule()
        advance_cap = rule.advance_cap(new_support)
        if (
            self.status not in (Status.ACCEPTED,)
            and advance_cap is not None
            and self.advanced() > advance_cap
        ):
            raise TransitionError(
                _(
                    "%(advanced)s đồng is already advanced, more than the %(percent)s%% allowed of %(amount)s đồng."
                )
                % {
                    "advanced": dong(self.advanced()),
                    "percent": f"{rule.advance_percent.normalize():f}",
                    "amount": dong(new_support),
                }
            )
        if new_support > self.support_amount:
            # More support than asked: the budget grows by the difference; the counterpart stays.
            self.total_amount += new_support - self.support_amount
            self.support_amount = new_support
        refusal = self.cap_refusal(new_support)
        if refusal:
            raise TransitionError(refusal)
        batch = Batch.objects.select_for_update().get(pk=self.batch_id)
        room = batch.amount - batch.allocated_support() + (self.approved_support or 0)
        if new_support > room:
            raise TransitionError(
                _("The batch has %(room)s đồng left for this project; %(amount)s đồng does not fit.")
                % {"room": dong(room), "amount": dong(new_support)}
            )
        self.approved_support = new_support
