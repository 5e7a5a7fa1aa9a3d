"""Rows of law the reports app reads: the national programme's targets (targets.py)."""

from .targets import seed, target_rows

__all__ = ["seed", "target_rows"]
