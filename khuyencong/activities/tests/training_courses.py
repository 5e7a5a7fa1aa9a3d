"""A training course on a draft project of each province, lighter than the scope matrix's world
(khuyencong/tests/world.py runs every project to its start), for the import and certificate tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from conftest import BAC_NINH, HUNG_YEN, province
from khuyencong.activities.models import Course
from khuyencong.plans.models import FundingSource
from khuyencong.projects.models import Project
from khuyencong.registry.models import ActivityType

M = 1_000_000


@dataclass
class Courses:
    personas: dict
    registry: dict
    courses: dict


def course_on_draft(staff, code: int, commune, applicant, title: str) -> Course:
    today = timezone.localdate()
    project = Project.create_draft(
        staff,
        title=f"Đề án đào tạo nghề {title}",
        activity_type=ActivityType.in_force().get(code="1"),
        source=FundingSource.objects.get(code="KCĐP"),
        year=today.year,
        province=province(code),
        commune=commune,
        applicant=applicant,
        implementing_unit="Trung tâm Khuyến công",
        support_amount=100 * M,
        counterpart_amount=0,
        total_amount=100 * M,
    )
    return Course.objects.create(
        project=project,
        title=f"Lớp mây tre đan {title}",
        trade="Mây tre đan",
        venue="Nhà văn hóa thôn",
        venue_commune=commune,
        start_on=today - datetime.timedelta(days=30),
        end_on=today - datetime.timedelta(days=2),
        planned_trainees=30,
        created_by=staff,
    )


def build_courses(personas, registry, hy_communes) -> Courses:
    courses = {
        "home": course_on_draft(
            personas["centre_staff"], HUNG_YEN, hy_communes["home"], registry["home"], "home"
        ),
        "other": course_on_draft(
            personas["centre_staff"], HUNG_YEN, hy_communes["other"], registry["other"], "other"
        ),
        "far": course_on_draft(
            personas["other_province_staff"], BAC_NINH, hy_communes["far"], registry["far"], "far"
        ),
    }
    return Courses(personas, registry, courses)
