"""The reports app's models, one module per area (duties here; others add theirs)."""

from .duties import DutyReport, Period, ReportingDuty

__all__ = ["DutyReport", "Period", "ReportingDuty"]
