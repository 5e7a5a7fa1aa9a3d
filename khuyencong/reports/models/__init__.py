"""The reports app's own rows: the summary stamps and the programme's targets (summary.py)."""

from .summary import ProgrammeTarget, SummaryStamp

__all__ = ["ProgrammeTarget", "SummaryStamp"]
