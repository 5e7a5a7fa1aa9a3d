"""The sections of a project's page that show its activities and outputs.

`project_panels` is registered with `projects.outputs` (apps.py); each area adds one function to
`AREA_PANELS` returning (template name, context) pairs, or nothing when the project has no such
activity and the user may not add one.
"""

from __future__ import annotations

from khuyencong.accounts.permissions import Can

from .models import Event, MediaItem
from .outputs import OUTPUTS, outputs_by_project


def outputs_panel(project, user, may) -> list[tuple[str, dict]]:
    counts = outputs_by_project([project.pk])[project.pk]
    rows = [(output, counts[output.key]) for output in OUTPUTS if counts[output.key]]
    return [("activities/panels/outputs.html", {"rows": rows})]


def media_panel(project, user, may) -> list[tuple[str, dict]]:
    items = list(MediaItem.objects.filter(project=project).order_by("-published_on", "-pk")[:50])
    can_add = Can.RUN_PROJECTS in may
    if not items and not can_add:
        return []
    return [("activities/panels/media.html", {"items": items, "can_add": can_add, "project": project})]


def events_panel(project, user, may) -> list[tuple[str, dict]]:
    events = list(Event.objects.filter(project=project).order_by("-start_on", "-pk")[:50])
    can_add = Can.RUN_PROJECTS in may
    if not events and not can_add:
        return []
    return [("activities/panels/events.html", {"events": events, "can_add": can_add, "project": project})]


AREA_PANELS = [events_panel, media_panel]


def project_panels(project, user, may) -> list[tuple[str, dict]]:
    sections = [section for panel in AREA_PANELS for section in panel(project, user, may)]
    return sections + outputs_panel(project, user, may)
