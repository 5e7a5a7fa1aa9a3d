"""Projects (đề án): the record, its lifecycle, its money, and what is kept along the way."""

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
from .states import (
    APPLICANTS,
    FINANCE,
    LEADERS,
    READ_ROLES,
    STAFF,
    VISITORS,
    ConcurrentEdit,
    Status,
    TransitionError,
)

__all__ = [
    "APPLICANTS",
    "FINANCE",
    "LEADERS",
    "PAYABLE",
    "READ_ROLES",
    "STAFF",
    "STEPS",
    "VISITORS",
    "Acceptance",
    "Appraisal",
    "ConcurrentEdit",
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
