"""Projects (đề án): the record, its lifecycle, its money, and what is kept along the way."""

from .costs import CostLine
from .lifecycle import STEPS, Lifecycle
from .money import PAYABLE, Payment, Payments
from .project import Project, ProjectBeneficiary, ProjectEvent, ProjectVersion
from .records import (
    Acceptance,
    Appraisal,
    DossierItem,
    Milestone,
    MonitoringVisit,
    ProgressReport,
    VisitPhoto,
)
from .states import ConcurrentEdit, Status, TransitionError

__all__ = [
    "PAYABLE",
    "STEPS",
    "Acceptance",
    "Appraisal",
    "ConcurrentEdit",
    "CostLine",
    "DossierItem",
    "Lifecycle",
    "Milestone",
    "MonitoringVisit",
    "Payment",
    "Payments",
    "ProgressReport",
    "Project",
    "ProjectBeneficiary",
    "ProjectEvent",
    "ProjectVersion",
    "Status",
    "TransitionError",
    "VisitPhoto",
]
