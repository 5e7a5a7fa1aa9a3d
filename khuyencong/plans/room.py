"""Which batches can take a project, with the room left in each, and why none can when none can.

A project goes into a batch of a plan of its province (today's, with the units it was made of
before 1/7/2025), its year and its funding source; the batch must be approved by its decision and
have money left (docs/programme.md). The approval form lists these batches and, when there is none,
says which of these conditions fails so that the user knows where to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .models import Batch, Plan


class Why(StrEnum):
    NO_PLAN = "no_plan"  # no plan of the year and source in the province
    NO_BATCH = "no_batch"  # a plan, but no batch in it yet
    NO_DECISION = "no_decision"  # batches, none with its approving decision recorded
    FULL = "full"  # every approved batch is fully allocated


@dataclass
class Opening:
    batch: Batch
    room: int


@dataclass
class Openings:
    open: list[Opening] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    batches: list[Batch] = field(default_factory=list)
    undecided: list[Batch] = field(default_factory=list)  # batches whose decision is not recorded
    why: Why | None = None  # set when `open` is empty


def openings_for(project) -> Openings:
    """The batches of the project's province, year and source that can take it, with their room."""
    plans = list(
        Plan.objects.filter(
            current_province_id=project.current_province_id, year=project.year, source_id=project.source_id
        ).select_related("province", "current_province")
    )
    found = Openings(plans=plans)
    if not plans:
        found.why = Why.NO_PLAN
        return found
    found.batches = list(
        Batch.objects.filter(plan__in=plans)
        .select_related("plan__province", "plan__current_province", "decision")
        .order_by("plan__province__generation", "plan__province__name", "number")
    )
    found.undecided = [batch for batch in found.batches if not batch.decision_id]
    for batch in found.batches:
        room = batch.amount - batch.allocated_support()
        if batch.decision_id and room > 0:
            found.open.append(Opening(batch, room))
    if not found.open:
        if not found.batches:
            found.why = Why.NO_BATCH
        elif found.undecided:  # recording its decision is the nearest fix
            found.why = Why.NO_DECISION
        else:
            found.why = Why.FULL
    return found
