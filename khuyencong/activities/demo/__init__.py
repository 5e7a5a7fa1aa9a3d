"""Demo activities of Hưng Yên 2015: the national conference and fair, the local courses and media."""

from .local import load_local_activities
from .national import load_national_activities

__all__ = ["load_local_activities", "load_national_activities"]
