"""The reports app's models, one module per area."""

from .duties import DutyPeriod, DutyReport, ReportingDuty
from .periodic import PeriodicReport, ReportVersion
from .runs import ReportRun
from .summary import ProgrammeTarget, SummaryStamp

__all__ = [
    "DutyPeriod",
    "DutyReport",
    "PeriodicReport",
    "ProgrammeTarget",
    "ReportRun",
    "ReportVersion",
    "ReportingDuty",
    "SummaryStamp",
]
