"""The project's states and the errors its steps raise (who may take a step: accounts/permissions.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khuyencong.concurrency import ConcurrentEdit

__all__ = [
    "ACCEPTANCE_OPEN",
    "ADJUSTABLE",
    "APPLICATION_OPEN",
    "BEFORE_APPROVAL",
    "COMMITTED",
    "EDITABLE",
    "ENDED",
    "OPEN",
    "PAPERS_OPEN",
    "PAYABLE",
    "RUNNING",
    "SOUGHT_OR_GRANTED",
    "WITHDRAWABLE",
    "ConcurrentEdit",
    "Status",
    "TransitionError",
    "require_text",
]


class TransitionError(ValidationError):
    """A status change that is not allowed now; the message says why."""


def require_text(text: str, message: str) -> None:
    """A step that needs words (a reason, a message) is refused without them."""
    if not (text or "").strip():
        raise TransitionError(message)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_APPRAISAL = "under_appraisal", _("Under appraisal")
    NEEDS_DOCUMENTS = "needs_documents", _("Needs more documents")
    APPRAISED = "appraised", _("Appraised")
    PROPOSED = "proposed", _("Proposed for approval")
    APPROVED = "approved", _("Approved")
    CONTRACTED = "contracted", _("Contracted")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_ACCEPTANCE = "awaiting_acceptance", _("Awaiting acceptance")
    ACCEPTED = "accepted", pgettext_lazy("project status", "Accepted")
    SETTLED = "settled", pgettext_lazy("project status", "Settled")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    STOPPED = "stopped", _("Stopped")


# The named sets of states: every other module takes its set from here, so a new state is placed once.
BEFORE_APPROVAL = frozenset(
    {
        Status.SUBMITTED,
        Status.UNDER_APPRAISAL,
        Status.NEEDS_DOCUMENTS,
        Status.APPRAISED,
        Status.PROPOSED,
    }
)
# Approved and not yet accepted: the work is under way, so milestones and monthly reports apply.
RUNNING = frozenset({Status.APPROVED, Status.CONTRACTED, Status.IN_PROGRESS, Status.AWAITING_ACCEPTANCE})
# States in which money has been committed to the project (it counts against its batch).
COMMITTED = RUNNING | {Status.ACCEPTED, Status.SETTLED, Status.CLOSED, Status.STOPPED}
# The applicant may still change the application.
EDITABLE = frozenset({Status.DRAFT, Status.NEEDS_DOCUMENTS})
# The applicant may still take the application back.
WITHDRAWABLE = frozenset({Status.DRAFT, Status.SUBMITTED, Status.NEEDS_DOCUMENTS, Status.UNDER_APPRAISAL})
# Application documents may be uploaded until the appraisal ends.
APPLICATION_OPEN = WITHDRAWABLE
# Acceptance documents are gathered while the work is done.
ACCEPTANCE_OPEN = frozenset({Status.IN_PROGRESS, Status.AWAITING_ACCEPTANCE})
# The states in which each stage's documents (DossierItem.Stage) may be sent.
PAPERS_OPEN = {"application": APPLICATION_OPEN, "acceptance": ACCEPTANCE_OPEN}
# Amount, content, beneficiaries or schedule may be adjusted by decision until the settlement.
ADJUSTABLE = RUNNING | {Status.ACCEPTED}
# Money may move: approved and not closed (a settled or stopped file still takes its final payment or recovery).
PAYABLE = COMMITTED - {Status.CLOSED}
# Approved and not closed: the supervision lists follow these.
OPEN = PAYABLE
# Nothing more happens to the project.
ENDED = frozenset({Status.CLOSED, Status.REJECTED, Status.WITHDRAWN})
# Submitted and neither rejected nor withdrawn: support asked for or given. An establishment's page
# lists these as the support it had (a draft was never asked for; a refused file gave nothing).
SOUGHT_OR_GRANTED = BEFORE_APPROVAL | COMMITTED
