"""The sections of a project's page and of a plan's page that show activities and outputs.

`project_panels` and `plan_panels` are registered as page sections (khuyencong/sections.py, from
apps.py); each area adds one function to
`AREA_PANELS` returning (template name, context) pairs, or nothing when the project has no such
activity and the user may not add one.
"""

from __future__ import annotations

from khuyencong.accounts.permissions import Can

from .models import Contest, Course, Event, MediaItem
from .models.base import records_open
from .outputs import OUTPUTS, course_counts, outputs_by_project, outputs_total


def outputs_panel(project, user, may) -> list[tuple[str, dict]]:
    counts = outputs_by_project([project.pk])[project.pk]
    rows = [(output, counts[output.key]) for output in OUTPUTS if counts[output.key]]
    return [("activities/panels/outputs.html", {"rows": rows})]


def training_panel(project, user, may) -> list[tuple[str, dict]]:
    """The project's courses with their trainees (actual / planned), completed and employed."""
    courses = list(Course.objects.filter(project=project).order_by("-start_on", "-pk")[:50])
    can_add = Can.RUN_PROJECTS in may and records_open(project)
    if not courses and not can_add:
        return []
    counts = course_counts([course.pk for course in courses]) if courses else {}
    rows = [(course, counts[course.pk]) for course in courses]
    return [("activities/panels/training.html", {"rows": rows, "can_add": can_add, "project": project})]


def media_panel(project, user, may) -> list[tuple[str, dict]]:
    items = list(MediaItem.objects.filter(project=project).order_by("-published_on", "-pk")[:50])
    can_add = Can.RUN_PROJECTS in may and records_open(project)
    if not items and not can_add:
        return []
    return [("activities/panels/media.html", {"items": items, "can_add": can_add, "project": project})]


def contests_panel(project, user, may) -> list[tuple[str, dict]]:
    contests = list(Contest.objects.filter(project=project).order_by("-held_on", "-pk")[:50])
    can_add = Can.RUN_PROJECTS in may and records_open(project)
    if not contests and not can_add:
        return []
    return [
        ("activities/panels/contests.html", {"contests": contests, "can_add": can_add, "project": project})
    ]


def events_panel(project, user, may) -> list[tuple[str, dict]]:
    events = list(Event.objects.filter(project=project).order_by("-start_on", "-pk")[:50])
    can_add = Can.RUN_PROJECTS in may and records_open(project)
    if not events and not can_add:
        return []
    return [("activities/panels/events.html", {"events": events, "can_add": can_add, "project": project})]


AREA_PANELS = [training_panel, events_panel, contests_panel, media_panel]


def project_panels(*, project, user, may) -> list[tuple[str, dict]]:
    sections = [section for panel in AREA_PANELS for section in panel(project, user, may)]
    return sections + outputs_panel(project, user, may)


def plan_panels(*, figures, user) -> list[tuple[str, dict]]:
    """The outputs of each source's plan of the year: its projects approved by the page's day, with
    what their records held on that day."""
    from khuyencong.projects.models import Project

    visible = Project.objects.visible_to(user)
    columns = []
    for item in figures.sources:
        projects = visible.filter(batch__plan__in=item.plans, approved_on__lte=figures.as_of)
        columns.append((item.source, outputs_total(projects, figures.as_of)))
    rows = [(output, [totals[output.key] for _, totals in columns]) for output in OUTPUTS]
    if not any(any(values) for _, values in rows):
        rows = []
    context = {"sources": [source for source, _ in columns], "rows": rows, "as_of": figures.as_of}
    return [("activities/panels/plan_outputs.html", context)]
