"""Rows of law the reports app reads, written by its migrations: the reporting duties the texts set
(duties.py) and the national programme's targets (targets.py).

Code reads them only through their models; docs/legal-rules.md is generated from these lists
(`manage.py legal_rules_doc`) and says row by row what was checked against the text.
"""

from .duties import duty_rows
from .duties import seed as seed_duties
from .targets import seed as seed_targets
from .targets import target_rows

__all__ = ["duty_rows", "seed_duties", "seed_targets", "target_rows"]
