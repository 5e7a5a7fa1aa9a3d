"""The project's states and the errors its steps raise (who may take a step: accounts/permissions.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khuyencong.concurrency import ConcurrentEdit

__all__ = [
    "BEFORE_APPROVAL",
    "COMMITTED",
    "EDITABLE",
    "RUNNING",
    "ConcurrentEdit",
    "Status",
    "TransitionError",
]


class TransitionError(ValidationError):
    """A status change that is not allowed now; the message says why."""


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


BEFORE_APPROVAL = {
    Status.SUBMITTED,
    Status.UNDER_APPRAISAL,
    Status.NEEDS_DOCUMENTS,
    Status.APPRAISED,
    Status.PROPOSED,
}
RUNNING = {Status.APPROVED, Status.CONTRACTED, Status.IN_PROGRESS, Status.AWAITING_ACCEPTANCE}
# States in which money has been committed to the project (it counts against its batch).
COMMITTED = RUNNING | {Status.ACCEPTED, Status.SETTLED, Status.CLOSED, Status.STOPPED}
EDITABLE = {Status.DRAFT, Status.NEEDS_DOCUMENTS}
