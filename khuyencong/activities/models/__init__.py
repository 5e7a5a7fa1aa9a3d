"""Activities: training courses and trainees, events and fairs, product contests, information work."""

from .base import OnProject, get_activity_for
from .media import MediaItem
from .training import Attendance, Course, CourseSession, Sex, Trainee, mark_attendance
from .training_import import TraineeImport

__all__ = [
    "Attendance",
    "Course",
    "CourseSession",
    "MediaItem",
    "OnProject",
    "Sex",
    "Trainee",
    "TraineeImport",
    "get_activity_for",
    "mark_attendance",
]
