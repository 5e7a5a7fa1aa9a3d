"""Activities: training courses and trainees, events and fairs, product contests, information work."""

from .base import OnProject, get_activity_for
from .events import BoardMember, Booth, Event, Exhibitor, OrganisingBoard, Participant, TenderPackage
from .media import MediaItem
from .training import Attendance, Course, CourseSession, Sex, Trainee, mark_attendance

__all__ = [
    "Attendance",
    "BoardMember",
    "Booth",
    "Course",
    "CourseSession",
    "Event",
    "Exhibitor",
    "MediaItem",
    "OnProject",
    "OrganisingBoard",
    "Participant",
    "Sex",
    "TenderPackage",
    "Trainee",
    "get_activity_for",
    "mark_attendance",
]
