"""The reports app's models, one module per area."""

from .duties import DutyPeriod, DutyReport, ReportingDuty
from .periodic import PeriodicReport, ReportVersion

__all__ = ["DutyPeriod", "DutyReport", "PeriodicReport", "ReportVersion", "ReportingDuty"]
