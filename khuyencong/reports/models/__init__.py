from .periodic import PeriodicReport, ReportVersion

__all__ = ["PeriodicReport", "ReportVersion"]
