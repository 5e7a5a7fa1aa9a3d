"""A project's and a plan's outputs, each one query over the records that hold it.

Trainees, completed and employed after training come from the courses' trainee lists; booths,
exhibitors and participants from the events; certified products from the contests; media items
from the information work; models, machines, brands and jobs created from the acceptance record
(there is no finer record of them). "As of" a day counts what had happened by then: trainees of
the courses begun, results of the courses ended, items published, acceptances signed by that day.

Every page, export and the periodic report reads these functions; none counts on its own.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from khuyencong.projects.models import Acceptance

from .models import Booth, ContestCertificate, Course, Event, Exhibitor, MediaItem, Participant, Trainee


@dataclass(frozen=True)
class Output:
    key: str
    label: str | Promise
    # Whether the acceptance record keeps it as a field (the form then shows the recorded count).
    on_acceptance: bool = False


OUTPUTS: tuple[Output, ...] = (
    Output("trainees", _("Trainees"), on_acceptance=True),
    Output("trainees_completed", _("Trainees who completed"), on_acceptance=True),
    Output("employed_after_training", _("Employed after training"), on_acceptance=True),
    Output("models_built", _("Demonstration models"), on_acceptance=True),
    Output("machines", _("Machines"), on_acceptance=True),
    Output("booths", _("Booths"), on_acceptance=True),
    Output("exhibitors", _("Exhibitors")),
    Output("participants", _("Participants"), on_acceptance=True),
    Output("certified_products", _("Certified products")),
    Output("brands", _("Brands"), on_acceptance=True),
    Output("media_items", _("Media items")),
    Output("jobs_created", _("Jobs created"), on_acceptance=True),
)
OUTPUT_KEYS = tuple(o.key for o in OUTPUTS)
# The outputs the acceptance record states: for a project without finer records of one (no course,
# no fair), the record's figure is the output; where records exist they are counted instead.
ON_ACCEPTANCE = tuple(o.key for o in OUTPUTS if o.on_acceptance)


def _by_project(rows, keys) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {}
    for row in rows:
        found[row["pid"]] = {key: row[key] or 0 for key in keys}
    return found


def _of(records):
    """A filter value for "in": a list of ids, or a queryset read as one subquery."""
    return records.values("pk") if hasattr(records, "values") else list(records)


def _trainee_counts(until: datetime.date | None = None) -> dict:
    """What a trainee list counts: everyone; those who completed and those employed after training,
    of the courses ended by the day. One definition for a project's outputs and a course's page."""
    ended = Q(course__end_on__lte=until) if until else Q()
    return {
        "trainees": Count("pk"),
        "trainees_completed": Count("pk", filter=ended & Q(completed=True)),
        "employed_after_training": Count("pk", filter=ended & Q(employed_after_training=True)),
    }


TRAINING_KEYS = ("trainees", "trainees_completed", "employed_after_training")


def course_counts(courses) -> defaultdict[int, dict[str, int]]:
    """Trainees, completed and employed of each course, in one query (a course with none: zeros).

    `courses` is a list of ids (a page) or a queryset of courses (an export: one subquery, not a
    list of ids). Pages and exports of courses read this, never a count per course."""
    courses = _of(courses)
    found: defaultdict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(TRAINING_KEYS, 0))
    rows = Trainee.objects.filter(course__in=courses).values("course_id").annotate(**_trainee_counts())
    for row in rows:
        found[row["course_id"]] = {key: row[key] for key in TRAINING_KEYS}
    return found


def training_counts(projects, until: datetime.date | None = None) -> dict[int, dict[str, int]]:
    """Trainees of the courses begun by the day; completed and employed of the courses ended by it."""
    courses = Course.objects.filter(project_id__in=_of(projects))
    if until:
        courses = courses.filter(start_on__lte=until)
    rows = (
        Trainee.objects.filter(course__in=courses.values("pk"))
        .values(pid=F("course__project_id"))
        .annotate(**_trainee_counts(until))
    )
    found = _by_project(rows, TRAINING_KEYS)
    # A course with no trainee yet still makes the project's training outputs recorded (as 0).
    for pk in courses.values_list("project_id", flat=True).distinct():
        found.setdefault(pk, dict.fromkeys(TRAINING_KEYS, 0))
    return found


def media_counts(projects, until: datetime.date | None = None) -> dict[int, dict[str, int]]:
    items = MediaItem.objects.filter(project_id__in=_of(projects))
    if until:
        items = items.filter(published_on__lte=until)
    rows = items.values(pid=F("project_id")).annotate(media_items=Count("pk"))
    return _by_project(rows, ("media_items",))


def contest_counts(projects, until: datetime.date | None = None) -> dict[int, dict[str, int]]:
    """Products certified by the contests' result decisions (by the day the certificate was issued)."""
    certificates = ContestCertificate.objects.filter(entry__contest__project_id__in=_of(projects))
    if until:
        certificates = certificates.filter(issued_on__lte=until)
    rows = certificates.values(pid=F("entry__contest__project_id")).annotate(
        certified_products=Count("entry__product", distinct=True)
    )
    return _by_project(rows, ("certified_products",))


def event_counts(projects, until: datetime.date | None = None) -> dict[int, dict[str, int]]:
    """Booths and exhibitors of the fairs, and participants who attended, of the events begun by the
    day (a cancelled event counts nothing). A project with a fair records booths and exhibitors (0
    until listed); one with any event records participants."""
    events = Event.objects.filter(project_id__in=_of(projects)).exclude(status=Event.Status.CANCELLED)
    if until:
        events = events.filter(start_on__lte=until)
    event_ids = events.values("pk")
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for model, key, condition in (
        (Booth, "booths", Q()),
        (Exhibitor, "exhibitors", Q()),
        (Participant, "participants", Q(attended=True)),
    ):
        rows = (
            model.objects.filter(condition, event__in=event_ids)
            .values(pid=F("event__project_id"))
            .annotate(**{key: Count("pk")})
        )
        for row in rows:
            found[row["pid"]][key] = row[key]
    fair_kinds = (Event.Kind.FAIR, Event.Kind.EXHIBITION, Event.Kind.FAIR_ATTENDANCE)
    for pk, kind in events.values_list("project_id", "kind").distinct():
        counts = found[pk]
        counts.setdefault("participants", 0)
        if kind in fair_kinds:
            counts.setdefault("booths", 0)
            counts.setdefault("exhibitors", 0)
    return dict(found)


def acceptance_counts(projects, until: datetime.date | None = None) -> dict[int, dict[str, int]]:
    """What each acceptance record signed by the day states."""
    records = Acceptance.objects.filter(project_id__in=_of(projects))
    if until:
        records = records.filter(accepted_on__lte=until)
    return {
        row["project_id"]: {key: row[key] for key in ON_ACCEPTANCE}
        for row in records.values("project_id", *ON_ACCEPTANCE)
    }


# The counters over activity records; the acceptance form and `Project.accept` read these (through
# projects.outputs, registered in apps.py) so that a recorded count is never typed again.
RECORD_COUNTERS = (training_counts, event_counts, contest_counts, media_counts)


def record_counts(projects, until: datetime.date | None = None) -> dict[int, dict[str, int]]:
    """The outputs each project's activity records hold (only those it has records of)."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for counter in RECORD_COUNTERS:
        for pk, counts in counter(projects, until).items():
            found[pk].update(counts)
    return dict(found)


def outputs_by_project(projects, until: datetime.date | None = None) -> dict[int, dict[str, int]]:
    """Every output of each project (ids or a queryset): its records' counts where it has records,
    else what its acceptance record states, else 0. Each id asked for has a line."""
    found = {} if hasattr(projects, "values") else {pk: dict.fromkeys(OUTPUT_KEYS, 0) for pk in projects}
    for source in (acceptance_counts(projects, until), record_counts(projects, until)):
        for pk, counts in source.items():
            found.setdefault(pk, dict.fromkeys(OUTPUT_KEYS, 0)).update(counts)
    return found


def outputs_total(projects, until: datetime.date | None = None) -> dict[str, int]:
    """The outputs of a set of projects (a plan's, a batch's, a province's), summed."""
    totals = dict.fromkeys(OUTPUT_KEYS, 0)
    for counts in outputs_by_project(projects, until).values():
        for key, value in counts.items():
            totals[key] += value
    return totals
