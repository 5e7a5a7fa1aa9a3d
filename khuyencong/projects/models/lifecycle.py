"""The project's status machine: which step may follow which, who may take it, what it needs.

Each public method is one step of docs/programme.md §3. `_move` does the common part: lock
the row, check the state and the actor's role over this project, apply the step's
changes, then write the timeline event and the audit entry, all in one transaction.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.accounts.permissions import Can, ScopeLevel
from khuyencong.accounts.scopes import Place, Scope
from khuyencong.audit.log import action_code, diff, record, save_audited, snapshot
from khuyencong.vnformat import dong

from ..outputs import recorded_outputs_of
from ..signals import project_moved
from .adjustments import Adjustments
from .states import (
    BEFORE_APPROVAL,
    EDITABLE,
    RUNNING,
    WITHDRAWABLE,
    ConcurrentEdit,
    Status,
    TransitionError,
    require_text,
)


class Step(NamedTuple):
    """One step: the states it starts from, where it leads, who may take it, and how the screens offer it.

    `form` names the form class in projects/forms.py that asks for the step's data (the forms
    import the models, so the name is looked up there); `destructive` steps end the application or
    the project and are shown in red with their `confirm` text.
    """

    sources: frozenset
    target: str
    capability: Can
    label: str
    form: str = "StepForm"
    destructive: bool = False
    confirm: str = ""


STEPS = {
    "submit": Step(EDITABLE, Status.SUBMITTED, Can.APPLY, gettext_lazy("Submit")),
    "start_appraisal": Step(
        frozenset({Status.SUBMITTED}),
        Status.UNDER_APPRAISAL,
        Can.RUN_PROJECTS,
        gettext_lazy("Start appraisal"),
    ),
    "request_documents": Step(
        frozenset({Status.UNDER_APPRAISAL}),
        Status.NEEDS_DOCUMENTS,
        Can.REQUEST_DOCUMENTS,
        gettext_lazy("Ask for more documents"),
        form="DocumentRequestForm",
    ),
    "complete_appraisal": Step(
        frozenset({Status.UNDER_APPRAISAL}),
        Status.APPRAISED,
        Can.DECIDE_PROJECTS,
        gettext_lazy("Approve the appraisal"),
    ),
    "propose": Step(
        frozenset({Status.APPRAISED}), Status.PROPOSED, Can.RUN_PROJECTS, gettext_lazy("Propose for approval")
    ),
    "approve": Step(
        frozenset({Status.PROPOSED}),
        Status.APPROVED,
        Can.DECIDE_PROJECTS,
        gettext_lazy("Approve into a batch"),
        form="ApprovalForm",
    ),
    "contract": Step(
        frozenset({Status.APPROVED}), Status.CONTRACTED, Can.RUN_PROJECTS, gettext_lazy("Contract signed")
    ),
    "start": Step(
        frozenset({Status.CONTRACTED}), Status.IN_PROGRESS, Can.RUN_PROJECTS, gettext_lazy("Start work")
    ),
    "request_acceptance": Step(
        frozenset({Status.IN_PROGRESS}),
        Status.AWAITING_ACCEPTANCE,
        Can.APPLY,
        gettext_lazy("Ask for acceptance"),
    ),
    "accept": Step(
        frozenset({Status.AWAITING_ACCEPTANCE}),
        Status.ACCEPTED,
        Can.DECIDE_PROJECTS,
        gettext_lazy("Accept"),
        form="AcceptanceForm",
    ),
    "settle": Step(
        frozenset({Status.ACCEPTED, Status.STOPPED}),
        Status.SETTLED,
        Can.APPRAISE_FINANCE,
        gettext_lazy("Settle"),
        form="SettlementForm",
    ),
    "close": Step(
        frozenset({Status.SETTLED}), Status.CLOSED, Can.DECIDE_PROJECTS, gettext_lazy("Close the file")
    ),
    "reject": Step(
        BEFORE_APPROVAL,
        Status.REJECTED,
        Can.DECIDE_PROJECTS,
        gettext_lazy("Reject"),
        form="ReasonForm",
        destructive=True,
        confirm=gettext_lazy("The application ends here and cannot be taken up again."),
    ),
    "withdraw": Step(
        WITHDRAWABLE,
        Status.WITHDRAWN,
        Can.APPLY,
        gettext_lazy("Withdraw"),
        form="ReasonForm",
        destructive=True,
        confirm=gettext_lazy("The application is taken back and cannot be submitted again."),
    ),
    "stop": Step(
        RUNNING,
        Status.STOPPED,
        Can.DECIDE_PROJECTS,
        gettext_lazy("Stop"),
        form="StopForm",
        destructive=True,
        confirm=gettext_lazy("The work stops by this decision; only the settlement remains."),
    ),
}


class Lifecycle(Adjustments):
    """Mixed into Project: the steps, each a guarded transition (adjustments by decision: adjustments.py)."""

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

    def last_step_on(self) -> datetime.date | None:
        """The date of the latest step or appraisal recorded; the next one cannot be dated before it."""
        steps = Q(action__in=list(STEPS)) | Q(action__startswith="appraisal_")
        return self.events.filter(steps).aggregate(day=Max("happened_on"))["day"]

    def check_step_date(self, on: datetime.date) -> None:
        """A step is dated when it happened, so a Centre can enter a file's history: never in the future,
        never before the step before it, so the timeline keeps its order."""
        if on > timezone.localdate():
            raise TransitionError(_("The date cannot be in the future."))
        last = self.last_step_on()
        if last and on < last:
            raise TransitionError(
                _("The date cannot be before %(day)s, the date of the previous step.")
                % {"day": last.strftime("%d/%m/%Y")}
            )

    def _lock(self, by, capability: Can):
        if not self.acts_as(by, capability):
            raise PermissionDenied
        return (
            type(self).objects.select_for_update().select_related("source", "activity_type").get(pk=self.pk)
        )

    def _move(self, name: str, by, *, reason: str = "", decision=None, on=None, check=None, **changes):
        step = STEPS[name]
        on = on or timezone.localdate()
        with transaction.atomic():
            locked = self._lock(by, step.capability)
            if locked.status not in step.sources:
                raise TransitionError(
                    _("This step is not possible while the project is “%(status)s”.")
                    % {"status": locked.get_status_display()}
                )
            locked.check_step_date(on)
            if check:
                check(locked)
            before = snapshot(locked)
            for field, value in changes.items():
                setattr(locked, field, value)
            from_status, locked.status = locked.status, step.target
            locked.version += 1
            locked.save()
            event = locked.events.create(
                action=name,
                from_status=from_status,
                to_status=step.target,
                actor=by,
                reason=reason,
                decision=decision,
                happened_on=on,
            )
            record(by, locked, action_code(locked, name), diff(before, snapshot(locked)), reason)
            # Told after commit, so that no one hears of a step that was rolled back.
            transaction.on_commit(
                lambda: project_moved.send(
                    sender=type(locked), project=locked, step=name, event=event, actor=by, reason=reason
                )
            )
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
            limit = project.priority_cap() or project.support_cap()
            if limit is not None and project.support_amount > limit:
                # Over the cap is only ever priority support, and never past its multiple of the cap.
                raise TransitionError(
                    _("The support asked (%(asked)s đồng) is over the most the rules allow, %(cap)s đồng.")
                    % {"asked": dong(project.support_amount), "cap": dong(limit)}
                )

        return self._move("submit", by, on=on, check=check, submitted_on=on)

    def start_appraisal(self, by, on=None):
        return self._move("start_appraisal", by, on=on)

    def request_documents(self, by, reason: str, on=None, *, papers=(), other: str = "", due_on=None):
        """Ask the establishment for papers by a day: some of the application's papers (again), or
        one the checklist does not name (`other`). The status page and the reminders list exactly
        these, with their day (docs/self-service.md, "Status and messages")."""
        from .records import DossierItem

        on = on or timezone.localdate()
        require_text(reason, _("Say which documents are needed."))
        other = (other or "").strip()
        if not papers and not other:
            raise TransitionError(_("Choose the papers needed, or name another one."))
        if due_on is None or due_on < on:
            raise TransitionError(
                _("Give the day the papers must be sent by, not before the day of the request.")
            )

        def check(project):
            items = list(project.dossier_items.filter(pk__in=[p.pk for p in papers], stage="application"))
            if len(items) != len(papers):
                raise TransitionError(_("Only the application's own papers can be asked for."))
            note = reason[:300]
            if other:
                items.append(
                    DossierItem(project=project, stage=DossierItem.Stage.APPLICATION, name=other[:250])
                )
            for item in items:
                item.ask_for(by, note, due_on)

        return self._move("request_documents", by, reason=reason, on=on, check=check)

    def complete_appraisal(self, by, on=None):
        def check(project):
            missing = project.missing_appraisals()
            if missing:
                raise TransitionError(
                    _("These appraisals are missing or not passed: %(steps)s.")
                    % {"steps": ", ".join(missing)}
                )

        return self._move("complete_appraisal", by, on=on, check=check)

    def record_appraisal(
        self, by, step: str, scores: dict, comments: str, conclusion: str, on: datetime.date | None = None
    ):
        """The Centre's or the finance appraiser's scores and opinion, while under appraisal, on the day given."""
        from khuyencong.plans.models import AppraisalCriterion

        from .records import Appraisal

        capability = Can.APPRAISE_FINANCE if step == Appraisal.Step.FINANCE else Can.RUN_PROJECTS
        with transaction.atomic():
            locked = self._lock(by, capability)
            if locked.status != Status.UNDER_APPRAISAL:
                raise TransitionError(_("Appraisals are recorded while the project is under appraisal."))
            on = on or timezone.localdate()
            locked.check_step_date(on)
            if conclusion not in Appraisal.Conclusion.values:
                raise TransitionError(_("Choose the conclusion of the appraisal."))
            in_force = AppraisalCriterion.for_step(step, locked.rule_date, locked.current_province_id)
            # The national contents carry no score (no text gives one): they are assessed in the
            # comments; only a province's scored criteria take a score.
            criteria = {str(c.pk): c for c in in_force if c.max_score is not None}
            unscored = {str(c.pk) for c in in_force if c.max_score is None}
            scores = {key: value for key, value in scores.items() if key not in unscored}
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
                appraised_on=on,
            )
            save_audited(appraisal, by)
            locked.events.create(action=f"appraisal_{step}", actor=by, reason=comments, happened_on=on)
        return appraisal

    def propose(self, by, on=None):
        return self._move("propose", by, on=on)

    def record_priority_decision(self, by, decision, amount: int):
        """Record the competent authority's decision granting priority support over the cap.

        The amount is what the decision allows; it must be over the cap (else no decision is needed)
        and at most the priority multiple of the cap that the rule in force sets.
        """
        with transaction.atomic():
            locked = self._lock(by, Can.DECIDE_PROJECTS)
            if locked.status not in BEFORE_APPROVAL:
                raise TransitionError(_("Priority support is decided before the project is approved."))
            cap, limit = locked.support_cap(), locked.priority_cap()
            if cap is None or amount <= cap:
                raise TransitionError(_("The amount is within the cap; no priority decision is needed."))
            if limit is None:
                raise TransitionError(_("No rule in force allows priority support over this cap."))
            if amount > limit:
                raise TransitionError(
                    _("Priority support is at most %(limit)s đồng for this project.") % {"limit": dong(limit)}
                )
            before = snapshot(locked)
            locked.priority_decision, locked.priority_support = decision, amount
            locked.version += 1
            locked.save()
            locked.events.create(
                action="priority_decision", actor=by, decision=decision, reason=str(decision)
            )
            record(
                by,
                locked,
                action_code(locked, "priority_decision_recorded"),
                diff(before, snapshot(locked)),
                "",
            )
        self.refresh_from_db()
        return self

    def approve(self, by, batch, decision, approved_support: int, on: datetime.date):
        def check(project):
            project.check_decision(by, decision, on, also=batch.decision_id if batch else None)
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
        refusal = self.cap_refusal(approved_support)
        if refusal:
            raise TransitionError(refusal)
        if on < batch.approved_on or (self.submitted_on and on < self.submitted_on):
            raise TransitionError(_("The approval date is before the batch or the submission."))
        room = batch.amount - batch.allocated_support()
        if approved_support > room:
            raise TransitionError(
                _("The batch has %(room)s đồng left; %(amount)s đồng does not fit.")
                % {"room": dong(room), "amount": dong(approved_support)}
            )

    # ------------------------------------------------------------ deciding documents

    def _deciding_q(self, on: datetime.date | None) -> Q:
        """Decisions that can decide this project (approve or stop it) on `on`.

        A decision (QĐ) of the body that runs the project's source: for a local project the
        province's (today's, or one merged into it in 2025), for a national one a central body's
        (a document with no province: the Ministry), docs/programme.md; dated on or before the
        day and not before the project was submitted (it cannot decide what it had not seen).
        """
        from khuyencong.plans.models import FundingSource

        condition = Q(doc_type="QĐ")
        if self.source.kind == FundingSource.Kind.NATIONAL:
            condition &= Q(province__isnull=True)
        else:
            province = self.current_province_id
            condition &= Q(province_id=province) | Q(
                province__successions__rank=0, province__successions__successor_id=province
            )
        if on is not None:
            condition &= Q(issued_on__lte=on)
        if self.submitted_on:
            condition &= Q(issued_on__gte=self.submitted_on)
        return condition

    def deciding_documents(self, user, on: datetime.date | None = None, *, also=()):
        """The decisions the user may choose to decide this project (`_deciding_q`), with `also`:
        the decisions of the batches that can take it (a batch's decision approves its projects)."""
        from khuyencong.documents.models import Document

        condition = self._deciding_q(on)
        also = [pk for pk in also if pk is not None]
        if also:
            condition |= Q(pk__in=also)
        return (
            Document.objects.visible_to(user).filter(condition).distinct().order_by("-issued_on", "-number")
        )

    def decision_refusal(self, user, decision, on: datetime.date, *, also=None) -> str | None:
        """Why the decision cannot decide this project on `on`, naming it; None when it can."""
        from khuyencong.documents.models import Document
        from khuyencong.plans.models import FundingSource

        if decision is None or decision.pk == also:
            return None
        why = None
        if not Document.objects.visible_to(user).filter(pk=decision.pk).exists():
            why = _("it is not among the documents of your scope")
        elif decision.doc_type != "QĐ":
            why = _("it is a %(type)s, not a decision") % {"type": str(decision.type_label).lower()}
        elif self.source.kind == FundingSource.Kind.NATIONAL and decision.province_id is not None:
            why = _("a project on the national source is decided by the Ministry, not by %(issuer)s") % {
                "issuer": decision.issuer or decision.province
            }
        elif self.source.kind != FundingSource.Kind.NATIONAL and not self._issued_here(decision):
            why = _("a project on the local source is decided by %(province)s, not by %(issuer)s") % {
                "province": self.current_province,
                "issuer": decision.issuer or decision.province or _("a central body"),
            }
        elif decision.issued_on > on:
            why = _("it is dated %(day)s, after the day of this step (%(on)s)") % {
                "day": f"{decision.issued_on:%d/%m/%Y}",
                "on": f"{on:%d/%m/%Y}",
            }
        elif self.submitted_on and decision.issued_on < self.submitted_on:
            why = _("it is dated %(day)s, before the project was submitted on %(submitted)s") % {
                "day": f"{decision.issued_on:%d/%m/%Y}",
                "submitted": f"{self.submitted_on:%d/%m/%Y}",
            }
        if why is None:
            return None
        return _("Decision %(decision)s cannot decide this project: %(why)s.") % {
            "decision": decision,
            "why": why,
        }

    def _issued_here(self, decision) -> bool:
        province = decision.province
        if province is None:
            return False
        today = province.current_unit() if province.is_legacy else province
        return today is not None and today.pk == self.current_province_id

    def check_decision(self, user, decision, on: datetime.date, *, also=None) -> None:
        refusal = self.decision_refusal(user, decision, on, also=also)
        if refusal:
            raise TransitionError(refusal)

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
            # What the records hold (a course's trainees, a fair's booths) is counted, not typed:
            # the record states the counts as of the acceptance day (projects/outputs.py).
            for key, count in recorded_outputs_of(project, on).items():
                if hasattr(acceptance, key):
                    setattr(acceptance, key, count)
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
        require_text(reason, _("Give the reason for the rejection."))
        return self._move("reject", by, reason=reason, decision=decision, on=on)

    def withdraw(self, by, reason: str, on=None):
        require_text(reason, _("Give the reason for withdrawing."))
        return self._move("withdraw", by, reason=reason, on=on)

    def stop(self, by, reason: str, decision, on=None):
        require_text(reason, _("Give the reason for stopping the project."))
        if decision is None:
            raise TransitionError(_("A project is stopped by a decision: choose it."))

        def check(project):
            project.check_decision(by, decision, on or timezone.localdate())

        return self._move("stop", by, reason=reason, decision=decision, on=on, check=check)

    # ------------------------------------------------------------ documents on the file

    def note_document(self, by, document, on: datetime.date | None = None, reason: str = ""):
        """Put a document on the file's timeline (a notice, a decision setting up the work), dated the
        day it was issued unless told otherwise; audited like a step, but the status stays.

        It is not a step: a document may predate the last step (a notice issued before the work
        started is entered afterwards), so only a future date is refused."""
        if document is None:
            raise TransitionError(_("Choose the document."))
        on = on or document.issued_on
        if on > timezone.localdate():
            raise TransitionError(_("The date cannot be in the future."))
        with transaction.atomic():
            locked = self._lock(by, Can.RUN_PROJECTS)
            event = locked.events.create(
                action="document",
                actor=by,
                decision=document,
                reason=reason or document.summary,
                happened_on=on,
            )
            record(
                by,
                locked,
                action_code(locked, "document_noted"),
                {"decision": [None, str(document)]},
                reason,
            )
        return event

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
