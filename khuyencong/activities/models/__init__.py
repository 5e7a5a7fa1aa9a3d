"""Activities: training courses and trainees, events and fairs, product contests, information work."""

from .base import OnProject, get_activity_for
from .contests import (
    Contest,
    ContestCertificate,
    ContestCondition,
    ContestCriterion,
    ContestEntry,
    ContestLevel,
    ContestRule,
    JuryMember,
    JuryScore,
    Level,
    record_score_sheet,
)
from .media import MediaItem
from .training import Attendance, Course, CourseSession, Sex, Trainee, mark_attendance
from .training_import import TraineeImport

__all__ = [
    "Attendance",
    "Contest",
    "ContestCertificate",
    "ContestCondition",
    "ContestCriterion",
    "ContestEntry",
    "ContestLevel",
    "ContestRule",
    "Course",
    "CourseSession",
    "JuryMember",
    "JuryScore",
    "Level",
    "MediaItem",
    "OnProject",
    "Sex",
    "Trainee",
    "TraineeImport",
    "get_activity_for",
    "mark_attendance",
    "record_score_sheet",
]
