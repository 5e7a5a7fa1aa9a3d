"""Telling the establishment when its application or project changes status (issue 12 item 5).

Connected to projects.signals.project_moved by PortalConfig.ready: the projects app does not know
the portal. Each representative of an establishment the project was applied for or benefits hears
of it in the app, and by email and SMS where they gave an address (outbox.channels_for); the
key names the timeline event, so one step is told once per person and channel.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from khuyencong.accounts import outbox
from khuyencong.projects.models import Status

from .plainwords import WORDS
from .reminders import representatives


def _asked_for(project) -> str:
    """The papers the Centre asked for and not yet sent, each with its day."""
    items = project.dossier_items.filter(status="requested").order_by("due_on", "pk")
    return "; ".join(
        _("%(paper)s (by %(day)s)") % {"paper": item.name, "day": item.due_on.strftime("%d/%m/%Y")}
        if item.due_on
        else item.name
        for item in items
    )


def text(project, step: str, reason: str, on) -> tuple[str, str]:
    """The subject and body, in plain words; a request for papers quotes the Centre and lists what it
    asked for, with the day; sending the application is acknowledged to the sender too."""
    values = {"project": project.title}
    meaning, next_step, _who = WORDS[project.status]
    if step == "request_documents":
        subject = _("More papers are needed for “%(project)s”") % values
        body = _("The Centre asks for more papers for “%(project)s”.") % values
        body += " " + _("Papers to send: %(items)s.") % {"items": _asked_for(project)}
        body += " " + _("Note from the Centre: %(reason)s") % {"reason": reason.strip()}
        return subject, body
    if step == "submit":
        subject = _("“%(project)s” was sent to the Centre") % values
        body = _("Your application “%(project)s” was sent to the Centre on %(day)s.") % {
            **values,
            "day": on.strftime("%d/%m/%Y"),
        }
        return subject, f"{body} {meaning}"
    subject = _("News about “%(project)s”") % values
    body = f"“{project.title}”: {meaning}"
    if reason and project.status in (Status.REJECTED, Status.WITHDRAWN, Status.STOPPED):
        body += " " + _("Reason: %(reason)s") % {"reason": reason}
    if next_step:
        body += " " + _("Next: %(step)s") % {"step": next_step}
    return subject, body


def on_project_moved(sender, project, step, event, actor, reason="", **kwargs):
    # The representative who took the step hears of it too: for sending, it is the receipt.
    people = list(representatives(project))
    if not people:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = text(project, step, reason, event.happened_on)
    link = reverse("portal:my_project", args=[project.pk])
    for user in people:
        outbox.tell(user, subject=subject, body=body, link=link, key=f"notice:{event.pk}:{user.pk}")
