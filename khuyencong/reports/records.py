"""The records behind each figure group of the periodic report, as the web version and the Excel
annex list them: what each is, its day, its amount, and where its own page is."""

from __future__ import annotations

import datetime

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from khuyencong.projects.models import Status
from khuyencong.vnformat import millions

# The figure groups, in the report's order (the keys of the JSON's "records").
GROUPS = {
    "national_plan": _("National plan"),
    "local_plan": _("Local plan"),
    "projects": _("Projects by activity type and status"),
    "outputs": _("Outputs"),
    "establishments": _("Establishments supported"),
    "documents": _("Documents issued"),
}

KINDS = {
    "project": (_("Project"), "projects:detail"),
    "payment": (_("Payment"), None),  # a payment is read on its project's page
    "batch": (_("Batch"), "reports:batch_detail"),
    "document": (_("Document"), "documents:detail"),
    "course": (_("Training course"), "activities:course_detail"),
    "event": (_("Event"), "activities:event_detail"),
    "contest": (_("Product contest"), "activities:contest_detail"),
    "media": (_("Media item"), "activities:media_detail"),
    "establishment": (_("Establishment"), "registry:establishment_detail"),
    "acceptance": (_("Acceptance record"), None),  # read on its project's page
}
# Which side of a figure a record stands on, where the group has two (reports/periodic.py `part`).
PARTS = {
    "previous": _("Same period of the previous year"),
    "planned": _("Planned"),
}
# The sides the country's counts name as well (reports/country.py: each kind and part is a line).
COUNT_PARTS = {
    **PARTS,
    "period": _("In the period"),
    "task": _("National task"),
}


def record_url(record: dict) -> str | None:
    _label, name = KINDS.get(record.get("kind"), (None, None))
    on_project = record.get("kind") in ("payment", "acceptance")
    target = record.get("project_id") if on_project else record.get("id")
    name = "projects:detail" if on_project else name
    if not name or not isinstance(target, int):
        return None
    try:
        return reverse(name, args=[target])
    except NoReverseMatch:
        return None


# What a figure's link may narrow its group's records to: the query's key → the record's key. A
# value no record has shows an empty list; nothing else of the query is read.
RECORD_FILTERS = {"part": "part", "status": "status", "type": "activity_type"}


def filter_labels(only: dict) -> list[str]:
    """The narrowing asked for, in words: "Same period of the previous year", "Approved", "Type 3"."""
    labels = []
    for key, value in only.items():
        if key == "part":
            labels.append(str(COUNT_PARTS.get(value, value)))
        elif key == "status":
            labels.append(str(Status(value).label) if value in Status.values else value)
        else:
            labels.append(_("Activity type %(code)s") % {"code": value})
    return labels


def record_rows(figures: dict, group: str, only: dict | None = None) -> list[dict]:
    """The group's records (those whose keys hold the values of `only`, when given), each with its
    kind's name, its day and amount as the report writes them, and its link."""
    wanted = [(RECORD_FILTERS[key], value) for key, value in (only or {}).items() if key in RECORD_FILTERS]
    rows = []
    for record in figures.get("records", {}).get(group, []):
        if any(str(record.get(key, "")) != value for key, value in wanted):
            continue
        day = record.get("date")
        rows.append(
            {
                "kind": KINDS.get(record.get("kind"), (record.get("kind"), None))[0],
                "part": PARTS.get(record.get("part"), ""),
                "label": record.get("label", ""),
                "date": datetime.date.fromisoformat(day).strftime("%d/%m/%Y") if day else "",
                "amount": millions(record["amount"]) if record.get("amount") is not None else "",
                "url": record_url(record),
            }
        )
    return rows


def record_count_rows(figures: dict, group: str) -> list[dict]:
    """The country's group as counted (reports/country.py `record_counts`): how many records of
    each kind, and their amount, as the report writes them."""
    return [
        {
            "kind": KINDS.get(line.get("kind"), (line.get("kind"), None))[0],
            "part": COUNT_PARTS.get(line.get("part"), ""),
            "count": line.get("count") or 0,
            "amount": millions(line["amount"]) if line.get("amount") else "",
        }
        for line in figures.get("record_counts", {}).get(group, [])
    ]
