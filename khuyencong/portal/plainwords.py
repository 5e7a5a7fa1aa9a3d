"""A project's status as an owner understands it: what it means, what is missing, what comes next,
who acts, and by when when a rule or the project's own schedule sets a date.

The statuses are those of projects/models/states.py; the sentences avoid the legal vocabulary
(docs/self-service.md). The dates come from the same dated rows as the reminders (portal/reminders.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from khuyencong.projects.models import Project, Status

from . import reminders

YOU = _("You")
CENTRE = _("The Centre")
LEADERS = _("The provincial leaders")
NOBODY = ""

# status: (what it means, the next step, who acts)
WORDS = {
    Status.DRAFT: (
        _("Your application is being prepared and has not been sent yet."),
        _("Add the missing papers and send the application."),
        YOU,
    ),
    Status.SUBMITTED: (
        _("Your application has been sent and is waiting for the Centre to look at it."),
        _("The Centre looks at the application."),
        CENTRE,
    ),
    Status.UNDER_APPRAISAL: (
        _("The Centre is looking at your application."),
        _("The Centre finishes looking at it and tells you the result."),
        CENTRE,
    ),
    Status.NEEDS_DOCUMENTS: (
        _("The Centre needs more papers from you before it can go on."),
        _("Send the papers listed below."),
        YOU,
    ),
    Status.APPRAISED: (
        _("Your application passed the Centre's check."),
        _("The Centre puts it forward for a decision on the support."),
        CENTRE,
    ),
    Status.PROPOSED: (
        _("Your application has been put forward and is waiting for the decision on the support."),
        _("The leaders decide whether to give the support."),
        LEADERS,
    ),
    Status.APPROVED: (
        _("The support has been granted."),
        _("Sign the contract with the Centre."),
        _("You and the Centre"),
    ),
    Status.CONTRACTED: (
        _("The contract is signed."),
        _("The Centre records the start of the work."),
        CENTRE,
    ),
    Status.IN_PROGRESS: (
        _("The work is under way."),
        _("Send a progress report every month. When the work is done, ask the Centre to check it."),
        YOU,
    ),
    Status.AWAITING_ACCEPTANCE: (
        _("You asked the Centre to check the finished work."),
        _("The Centre checks the work and signs the record of it."),
        CENTRE,
    ),
    Status.ACCEPTED: (
        _("The finished work was checked and accepted."),
        _("Send the papers to settle the money of the support."),
        YOU,
    ),
    Status.SETTLED: (
        _("The money of the support has been settled."),
        _("The Centre pays what remains and closes the file."),
        CENTRE,
    ),
    Status.CLOSED: (_("The file is closed. Thank you for taking part."), "", NOBODY),
    Status.REJECTED: (_("The application was not accepted."), "", NOBODY),
    Status.WITHDRAWN: (_("The application was withdrawn."), "", NOBODY),
    Status.STOPPED: (
        _("The work was stopped by a decision."),
        _("Send the papers to settle the money for the work done."),
        YOU,
    ),
}


@dataclass
class Plain:
    sentence: str
    next_step: str
    who: str
    deadline: datetime.date | None = None
    deadline_what: str = ""
    missing: list = field(default_factory=list)


def sentence(status: str) -> str:
    return str(WORDS[status][0])


def explain(project: Project, on: datetime.date) -> Plain:
    """The project's status in plain words, with its missing papers and the next date it must meet."""
    meaning, next_step, who = WORDS[project.status]
    plain = Plain(str(meaning), str(next_step), str(who))
    if project.status in (Status.DRAFT, Status.NEEDS_DOCUMENTS):
        plain.missing = project.missing_documents("application")
        plain.deadline = reminders.documents_due(project, on)
        plain.deadline_what = str(_("Last day to send the papers"))
    elif project.status in (Status.IN_PROGRESS, Status.AWAITING_ACCEPTANCE):
        plain.missing = project.missing_documents("acceptance")
        report = reminders.next_report_due(project, on) if project.status == Status.IN_PROGRESS else None
        if report:
            plain.deadline, plain.deadline_what = report, str(_("Next monthly progress report"))
        elif project.end_on:
            plain.deadline, plain.deadline_what = project.end_on, str(_("Planned end of the work"))
    elif project.status == Status.ACCEPTED:
        plain.deadline = reminders.settlement_due(project, on)
        plain.deadline_what = str(_("Last day to send the settlement papers"))
    if plain.deadline and plain.deadline < on and plain.deadline_what:
        plain.deadline_what = str(_("%(what)s (the day has passed)") % {"what": plain.deadline_what})
    return plain
