"""Activities: training courses and trainees, events and fairs, product contests, information work."""

from .base import OnProject, get_activity_for, get_project_to_record
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
from .events import BoardMember, Booth, Event, Exhibitor, OrganisingBoard, Participant, TenderPackage
from .media import MediaItem
from .training import Attendance, Course, CourseSession, Sex, Trainee, mark_attendance
from .training_import import TraineeImport

__all__ = [
    "Attendance",
    "BoardMember",
    "Booth",
    "Contest",
    "ContestCertificate",
    "ContestCondition",
    "ContestCriterion",
    "ContestEntry",
    "ContestLevel",
    "ContestRule",
    "Course",
    "CourseSession",
    "Event",
    "Exhibitor",
    "JuryMember",
    "JuryScore",
    "Level",
    "MediaItem",
    "OnProject",
    "OrganisingBoard",
    "Participant",
    "Sex",
    "TenderPackage",
    "Trainee",
    "TraineeImport",
    "get_activity_for",
    "get_project_to_record",
    "mark_attendance",
    "record_score_sheet",
]
