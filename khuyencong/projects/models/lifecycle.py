"""The project's status machine: which step may follow which, who may take it, what it needs.

Each public method is one step of docs/domain.md §3. `_move` does the common part: lock
the row, check the state and the actor's role over this project, apply the step's
changes, then write the timeline event and the audit entry, all in one transaction.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.permissions import Can, ScopeLevel
from khuyencong.accounts.scopes import Place, Scope
from khuyencong.audit.log import action_code, diff, record, save_audited, snapshot
from khuyencong.vnformat import dong

from .states import BEFORE_APPROVAL, RUNNING, ConcurrentEdit, Status, TransitionError


class Step(NamedTuple):
    sources: frozenset
    target: str
    capability: Can


STEPS = {
    "submit": Step(frozenset({Status.DRAFT, Status.NEEDS_DOCUMENTS}), Status.SUBMITTED, Can.APPLY),
    "start_appraisal": Step(frozenset({Status.SUBMITTED}), Status.UNDER_APPRAISAL, Can.RUN_PROJECTS),
    "request_documents": Step(
        frozenset({Status.UNDER_APPRAISAL}), Status.NEEDS_DOCUMENTS, Can.REQUEST_DOCUMENTS
    ),
    "complete_appraisal": Step(frozenset({Status.UNDER_APPRAISAL}), Status.APPRAISED, Can.DECIDE_PROJECTS),
    "propose": Step(frozenset({Status.APPRAISED}), Status.PROPOSED, Can.RUN_PROJECTS),
    "approve": Step(frozenset({Status.PROPOSED}), Status.APPROVED, Can.DECIDE_PROJECTS),
    "contract": Step(frozenset({Status.APPROVED}), Status.CONTRACTED, Can.RUN_PROJECTS),
    "start": Step(frozenset({Status.CONTRACTED}), Status.IN_PROGRESS, Can.RUN_PROJECTS),
    "request_acceptance": Step(frozenset({Status.IN_PROGRESS}), Status.AWAITING_ACCEPTANCE, Can.APPLY),
    "accept": Step(frozenset({Status.AWAITING_ACCEPTANCE}), Status.ACCEPTED, Can.DECIDE_PROJECTS),
    "settle": Step(frozenset({Status.ACCEPTED, Status.STOPPED}), Status.SETTLED, Can.APPRAISE_FINANCE),
    "close": Step(frozenset({Status.SETTLED}), Status.CLOSED, Can.DECIDE_PROJECTS),
    "reject": Step(frozenset(BEFORE_APPROVAL), Status.REJECTED, Can.DECIDE_PROJECTS),
    "withdraw": Step(
        frozenset({Status.DRAFT, Status.SUBMITTED, Status.NEEDS_DOCUMENTS, Status.UNDER_APPRAISAL}),
        Status.WITHDRAWN,
        Can.APPLY,
    ),
    "stop": Step(frozenset(RUNNING), Status.STOPPED, Can.DECIDE_PROJECTS),
}
ADJUSTABLE = frozenset(RUNNING | {Status.ACCEPTED})


class Lifecycle:
    """Mixed into Project: the steps, each a guarded transition."""

    def allowed_steps(self, user) -> list[str]:
        """The steps the user could take now (the view shows these as buttons)."""
        return [
            name
            for name, step in STEPS.items()
            if self.status in step.sources and self.acts_as(user, step.capability)
        ]

    def acts_as(self, user, capability: Can) -> bool:
        """Whether the user holds the capability over this project (the same rule as `visible_to`)."""
        return capability in self.capabilities_of(user)

    def capabilities_of(self, user) -> frozenset[Can]:
        """What the user may do to this project; worked out once per user and project object."""
        cache = self.__dict__.setdefault("_kc_capabilities", {})
        key = getattr(user, "pk", None)
        if key not in cache:
            scope = Scope.of(user)
            # Province and national grants need no query; the establishments are read only for
            # a commune or establishment grant, and then once for the whole page.
            if any(g.level in (ScopeLevel.COMMUNE, ScopeLevel.ESTABLISHMENT) for g in scope.all_grants):
                cache[key] = scope.capabilities_at(self.place())
            else:
                cache[key] = scope.capabilities_at(Place.of(self.current_province_id))
        return cache[key]

    def place(self) -> Place:
        """Today's province, the communes of the project and of the establishments it supports, and those."""
        people = self.supported_establishments()
        return Place.of(
            self.current_province_id,
            [self.current_commune_id, *(c for _, c in people)],
            [e for e, _ in people],
        )

    def forget_access(self) -> None:
        """Drop what `capabilities_of` worked out, after the beneficiaries change."""
        self.__dict__.pop("_kc_capabilities", None)

    def supported_establishments(self) -> set[tuple[int, int | None]]:
        from khuyencong.registry.models import Establishment

        linked = Q(pk=self.applicant_id) | Q(pk__in=self.beneficiary_links.values("establishment_id"))
        return set(Establishment.objects.filter(linked).values_list("pk", "current_commune_id"))

    def _lock(self, by, capability: Can):
        if not self.acts_as(by, capability):
            raise PermissionDenied
        return (
            type(self).objects.select_for_update().select_related("source", "activity_type").get(pk=self.pk)
        )

    def _move(self, name: str, by, *, reason: str = "", decision=None, on=None, check=None, **changes):
        step = STEPS[name]
        with transaction.atomic():
            locked = self._lock(by, step.capability)
            if locked.status not in step.sources:
                raise TransitionError(
                    _("This step is not possible while the project is “%(status)s”.")
                    % {"status": locked.get_status_display()}
                )
            if check:
                check(locked)
            before = snapshot(locked)
            for field, value in changes.items():
                setattr(locked, field, value)
            from_status, locked.status = locked.status, step.target
            locked.version += 1
            locked.save()
            locked.events.create(
                action=name,
                from_status=from_status,
                to_status=step.target,
                actor=by,
                reason=reason,
                decision=decision,
                happened_on=on or timezone.localdate(),
            )
            record(by, locked, action_code(locked, name), diff(before, snapshot(locked)), reason)
        self.refresh_from_db()
        return self

    # ------------------------------------------------------------ application and appraisal

    def submit(self, by, on: datetime.date | None = None):
        on = on or timezone.localdate()

        def check(project):
            project.submitted_on = on  # the rules of the submission date apply from here
            project.clean()
            missing = project.missing_documents("application")
            if missing:
                raise TransitionError(
                    _("Upload these documents first: %(items)s.") % {"items": "; ".join(missing)}
                )
            if project.over_cap() and not project.over_cap_justification.strip():
                raise TransitionError(
                    _(
                        "The support asked (%(asked)s đồng) is over the cap of %(cap)s đồng: "
                        "write a justification or lower the support."
                    )
                    % {"asked": dong(project.support_amount), "cap": dong(project.support_cap())}
                )

        return self._move("submit", by, on=on, check=check, submitted_on=on)

    def start_appraisal(self, by, on=None):
        return self._move("start_appraisal", by, on=on)

    def request_documents(self, by, reason: str, on=None):
        _require(reason, _("Say which documents are needed."))
        return self._move("request_documents", by, reason=reason, on=on)

    def complete_appraisal(self, by, on=None):
        def check(project):
            missing = project.missing_appraisals()
            if missing:
                raise TransitionError(
                    _("These appraisals are missing or not passed: %(steps)s.")
                    % {"steps": ", ".join(missing)}
                )

        return self._move("complete_appraisal", by, on=on, check=check)

    def record_appraisal(self, by, step: str, scores: dict, comments: str, conclusion: str):
        """The Centre's or the finance appraiser's scores and opinion, while under appraisal."""
        from khuyencong.plans.models import AppraisalCriterion

        from .records import Appraisal

        capability = Can.APPRAISE_FINANCE if step == Appraisal.Step.FINANCE else Can.RUN_PROJECTS
        with transaction.atomic():
            locked = self._lock(by, capability)
            if locked.status != Status.UNDER_APPRAISAL:
                raise TransitionError(_("Appraisals are recorded while the project is under appraisal."))
            criteria = {
                str(c.pk): c
                for c in AppraisalCriterion.for_step(step, locked.rule_date, locked.current_province_id)
            }
            if set(scores) != set(criteria):
                raise TransitionError(_("Score every criterion of this appraisal, and only those."))
            for key, score in scores.items():
                if not 0 <= int(score) <= criteria[key].max_score:
                    raise TransitionError(
                        _("“%(criterion)s” is scored out of %(max)s.")
                        % {"criterion": criteria[key].name, "max": criteria[key].max_score}
                    )
            appraisal = Appraisal(
                project=locked,
                step=step,
                scores={key: int(value) for key, value in scores.items()},
                total_score=sum(int(v) for v in scores.values()),
                max_score=sum(c.max_score for c in criteria.values()),
                comments=comments,
                conclusion=conclusion,
                appraiser=by,
            )
            save_audited(appraisal, by)
            locked.events.create(action=f"appraisal_{step}", actor=by, reason=comments)
        return appraisal

    def propose(self, by, on=None):
        return self._move("propose", by, on=on)

    def approve_over_cap(self, by, note: str = ""):
        """A leader accepts support above the cap, on the written justification."""
        with transaction.atomic():
            locked = self._lock(by, Can.DECIDE_PROJECTS)
            if not locked.over_cap():
                raise TransitionError(_("The support is within the cap; nothing to approve."))
            if not locked.over_cap_justification.strip():
                raise TransitionError(_("There is no justification to approve."))
            if locked.status not in BEFORE_APPROVAL:
                raise TransitionError(_("Support over the cap is approved before the project is approved."))
            locked.over_cap_approved_by, locked.over_cap_approved_at = by, timezone.now()
            locked.version += 1
            locked.save()
            locked.events.create(action="approve_over_cap", actor=by, reason=note)
            record(
                by,
                locked,
                action_code(locked, "over_cap_approved"),
                {},
                note or locked.over_cap_justification,
            )
        self.refresh_from_db()
        return self

    def approve(self, by, batch, decision, approved_support: int, on: datetime.date):
        def check(project):
            project.check_approval(batch, approved_support, on)

        return self._move(
            "approve",
            by,
            decision=decision,
            on=on,
            check=check,
            batch=batch,
            approved_support=approved_support,
            approved_on=on,
            approval_decision=decision,
        )

    def check_approval(self, batch, approved_support: int, on: datetime.date) -> None:
        from khuyencong.plans.models import Batch

        batch = Batch.objects.select_for_update().select_related("plan").get(pk=batch.pk)
        plan = batch.plan
        # Today's provinces on both sides: a plan made before 1/7/2025 takes the projects of the one it became.
        here = (self.current_province_id, self.year, self.source_id)
        if (plan.current_province_id, plan.year, plan.source_id) != here:
            raise TransitionError(_("The batch belongs to another province, year or funding source."))
        if approved_support <= 0 or approved_support > self.support_amount:
            raise TransitionError(
                _("The approved support must be more than 0 and at most the %(asked)s đồng asked.")
                % {"asked": dong(self.support_amount)}
            )
        if self.over_cap(approved_support) and not self.over_cap_approved_by_id:
            raise TransitionError(
                _(
                    "%(amount)s đồng is over the cap of %(cap)s đồng; a leader must approve the justification first."
                )
                % {"amount": dong(approved_support), "cap": dong(self.support_cap())}
            )
        if on < batch.approved_on or (self.submitted_on and on < self.submitted_on):
            raise TransitionError(_("The approval date is before the batch or the submission."))
        room = batch.amount - batch.allocated_support()
        if approved_support > room:
            raise TransitionError(
                _("The batch has %(room)s đồng left; %(amount)s đồng does not fit.")
                % {"room": dong(room), "amount": dong(approved_support)}
            )

    # ------------------------------------------------------------ implementation

    def contract(self, by, reason: str = "", on=None):
        return self._move("contract", by, reason=reason, on=on)

    def start(self, by, on=None):
        return self._move("start", by, on=on)

    def request_acceptance(self, by, on=None):
        return self._move("request_acceptance", by, on=on)

    def accept(self, by, acceptance, on: datetime.date | None = None):
        """Accept with the acceptance record (an unsaved Acceptance with its outputs)."""
        on = on or acceptance.accepted_on

        def check(project):
            missing = project.missing_documents("acceptance")
            if missing:
                raise TransitionError(
                    _("The acceptance dossier lacks: %(items)s.") % {"items": "; ".join(missing)}
                )
            acceptance.project = project
            acceptance.full_clean()
            save_audited(acceptance, by)

        return self._move("accept", by, on=on, check=check, accepted_on=on)

    def settle(self, by, amount: int, on: datetime.date, decision=None, reason: str = ""):
        def check(project):
            if amount < 0 or amount > (project.approved_support or 0):
                raise TransitionError(
                    _("The settled amount must be between 0 and the approved %(approved)s đồng.")
                    % {"approved": dong(project.approved_support)}
                )

        return self._move(
            "settle",
            by,
            on=on,
            decision=decision,
            reason=reason,
            check=check,
            settled_amount=amount,
            settled_on=on,
        )

    def close(self, by, on=None):
        def check(project):
            paid = project.disbursed()
            if paid != project.settled_amount:
                raise TransitionError(
                    _(
                        "%(paid)s đồng was disbursed but %(settled)s đồng settled: record the final payment "
                        "or the recovery first."
                    )
                    % {"paid": dong(paid), "settled": dong(project.settled_amount)}
                )

        return self._move("close", by, on=on, check=check)

    # ------------------------------------------------------------ side exits

    def reject(self, by, reason: str, decision=None, on=None):
        _require(reason, _("Give the reason for the rejection."))
        return self._move("reject", by, reason=reason, decision=decision, on=on)

    def withdraw(self, by, reason: str, on=None):
        _require(reason, _("Give the reason for withdrawing."))
        return self._move("withdraw", by, reason=reason, on=on)

    def stop(self, by, reason: str, decision, on=None):
        _require(reason, _("Give the reason for stopping the project."))
        if decision is None:
            raise TransitionError(_("A project is stopped by a decision: choose it."))
        return self._move("stop", by, reason=reason, decision=decision, on=on)

    # ------------------------------------------------------------ adjustments

    def adjust(self, by, kind: str, decision, reason: str, **values):
        """Change amount, content, beneficiaries or schedule by decision, keeping a version of what changed."""
        from .project import ProjectVersion

        _require(reason, _("Give the reason for the adjustment."))
        if decision is None:
            raise TransitionError(_("An adjustment is made by a decision: choose it."))
        with transaction.atomic():
            locked = self._lock(by, Can.DECIDE_PROJECTS)
            if locked.status not in ADJUSTABLE:
                raise TransitionError(_("Only an approved project that is not yet settled can be adjusted."))
            before = snapshot(locked)
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
            ProjectVersion.objects.create(
                project=locked, kind=kind, changes=changes, decision=decision, reason=reason, actor=by
            )
            locked.events.create(action=f"adjust_{kind}", actor=by, reason=reason, decision=decision)
            record(by, locked, action_code(locked, "adjusted"), changes, reason)
        self.refresh_from_db()
        return self

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
        if self.over_cap(new_support) and not self.over_cap_approved_by_id:
            raise TransitionError(
                _("%(amount)s đồng is over the cap of %(cap)s đồng.")
                % {"amount": dong(new_support), "cap": dong(self.support_cap())}
            )
        batch = Batch.objects.select_for_update().get(pk=self.batch_id)
        room = batch.amount - batch.allocated_support() + (self.approved_support or 0)
        if new_support > room:
            raise TransitionError(
                _("The batch has %(room)s đồng left for this project; %(amount)s đồng does not fit.")
                % {"room": dong(room), "amount": dong(new_support)}
            )
        self.approved_support = new_support

    # ------------------------------------------------------------ edits

    def save_edit(self, by, loaded_version: int, beneficiaries=None):
        """Save an edit made on the copy of `loaded_version`; refuse it if someone saved since.
        `beneficiaries`, when given, replace the draft's beneficiaries."""
        with transaction.atomic():
            locked = self._lock(by, Can.APPLY)
            if locked.version != loaded_version:
                raise ConcurrentEdit(
                    _(
                        "Someone else changed this project while you were editing it. Your changes were not saved."
                    ),
                    code="concurrent",
                )
            if locked.status not in (Status.DRAFT, Status.NEEDS_DOCUMENTS):
                raise TransitionError(_("Only a draft or a project waiting for documents can be edited."))
            before = snapshot(locked)
            self.version = locked.version + 1
            self.save()
            changes = diff(before, snapshot(self))
            named = self.replace_beneficiaries(beneficiaries) if beneficiaries is not None else None
            if named:
                changes["beneficiaries"] = named
            if changes:
                record(by, self, action_code(self, "updated"), changes)
        return self


def _require(text: str, message: str) -> None:
    if not (text or "").strip():
        raise TransitionError(message)
