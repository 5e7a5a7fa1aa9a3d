"""Where a project's outputs come from when they are kept as records.

The acceptance record states a project's outputs (trainees, employed after training, booths,
participants …). Where the work is recorded item by item — a course's trainee list, a fair's
booths — the count is a query over those records, not a number typed at acceptance. The apps
that keep such records sit above `projects` (docs/adr, layers), so they register a counter here
when Django starts (`activities.apps`), and `projects` asks without importing them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

# A counter: (project ids, day or None) -> {project id: {output key: count}}, for the outputs
# that project's records hold (a project with no course has no recorded "trainees").
Counter = Callable[[Iterable[int], datetime.date | None], dict[int, dict[str, int]]]
_COUNTERS: list[Counter] = []


def register(counter: Counter) -> None:
    if counter not in _COUNTERS:
        _COUNTERS.append(counter)


def recorded_outputs(
    project_ids: Iterable[int], until: datetime.date | None = None
) -> dict[int, dict[str, int]]:
    """The outputs each project's records hold, as of the day (every record up to it) or today."""
    ids = list(project_ids)
    found: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for counter in _COUNTERS:
        for pk, counts in counter(ids, until).items():
            found.setdefault(pk, {}).update(counts)
    return found


def recorded_outputs_of(project, until: datetime.date | None = None) -> dict[str, int]:
    return recorded_outputs([project.pk], until)[project.pk]
