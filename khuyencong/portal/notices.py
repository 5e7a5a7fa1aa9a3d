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


def text(project, step: str, reason: str) -> tuple[str, str]:
    """The subject and body, in plain words; a request for papers quotes the Centre and lists what is missing."""
    values = {"project": project.title}
    meaning, next_step, _who = WORDS[project.status]
    if step == "request_documents":
        subject = _("More papers are needed for “%(project)s”") % values
        body = _("The Centre asks for more papers for “%(project)s”: “%(reason)s”.") % {
            **values,
            "reason": reason,
        }
        missing = project.missing_documents("application")
        if missing:
            body += " " + _("Still missing: %(items)s.") % {"items": "; ".join(missing)}
        return subject, body
    subject = _("News about “%(project)s”") % values
    body = f"“{project.title}”: {meaning}"
    if reason and project.status in (Status.REJECTED, Status.WITHDRAWN, Status.STOPPED):
        body += " " + _("Reason: %(reason)s") % {"reason": reason}
    if next_step:
        body += " " + _("Next: %(step)s") % {"step": next_step}
    return subject, body


def on_project_moved(sender, project, step, event, actor, reason="", **kwargs):
    people = [user for user in representatives(project) if user.pk != getattr(actor, "pk", None)]
    if not people:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = text(project, step, reason)
    link = reverse("portal:my_project", args=[project.pk])
    for user in people:
        outbox.tell(user, subject=subject, body=body, link=link, key=f"notice:{event.pk}:{user.pk}")
