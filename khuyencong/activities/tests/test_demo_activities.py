"""The demo's 2015 local activities: courses with trainees behind the training projects, media items
behind the information projects, marked illustrative, and outputs that agree with the acceptance."""

from __future__ import annotations

import pytest

from khuyencong.activities.demo.local import ILLUSTRATIVE
from khuyencong.activities.models import Attendance, Course, MediaItem, Trainee
from khuyencong.activities.outputs import outputs_by_project
from khuyencong.audit.models import AuditEntry
from khuyencong.projects.models import Project
from khuyencong.registry.demo import DEMO_NOTE

pytestmark = pytest.mark.django_db


def local_2015(province, code: str):
    return Project.objects.filter(
        current_province=province, year=2015, source__code="KCĐP", activity_type__code=code
    ).order_by("pk")


def test_every_local_training_project_has_courses_with_trainees_in_its_own_communes(demo):
    training = local_2015(demo, "1")
    assert training.count() == 5
    for project in training:
        courses = list(Course.objects.filter(project=project))
        assert courses, project.title
        for course in courses:
            assert course.title.endswith(ILLUSTRATIVE)
            assert project.start_on <= course.start_on <= course.end_on <= project.end_on
            # The 2015 venue is a 2015 commune of the project's district, and today's is kept beside it.
            assert (
                course.venue_commune.is_legacy and course.venue_commune.parent_id == project.commune.parent_id
            )
            assert course.current_venue_commune_id and not course.current_venue_commune.is_legacy
            assert course.teacher_names
            trainees = course.trainees.all()
            assert trainees.count() == course.planned_trainees
            assert {t.ethnicity for t in trainees} == {"Kinh"}
            assert all(t.commune.is_legacy and t.current_commune_id for t in trainees)
            assert all(1900 < t.birth_year < 2000 and t.sex for t in trainees)
            sessions = course.sessions.all()
            assert sessions.count() >= 2
            for session in sessions:
                assert course.start_on <= session.held_on <= course.end_on
                assert Attendance.objects.filter(session=session).count() == trainees.count()
    # Some trainees work at establishments of the demo registry.
    assert Trainee.objects.filter(course__project__in=training, establishment__isnull=False).exists()


def test_results_carry_certificates_and_employment_and_are_audited(demo):
    trainees = Trainee.objects.filter(course__project__in=local_2015(demo, "1"))
    completed = trainees.filter(completed=True)
    assert completed.exists() and trainees.filter(completed=False).exists()
    assert not completed.filter(certificate_number="").exists()
    assert not trainees.filter(completed=False).exclude(certificate_number="").exists()
    employed = trainees.filter(employed_after_training=True)
    assert employed.exists() and not employed.filter(employed_at="").exists()
    # Made through the model methods, each change in the log with the demo's note on creation.
    trainee = completed.first()
    actions = set(
        AuditEntry.objects.filter(object_id=str(trainee.pk), content_type__model="trainee").values_list(
            "action", flat=True
        )
    )
    assert len(actions) >= 2, actions
    assert AuditEntry.objects.filter(
        object_id=str(trainee.course_id), content_type__model="course", note=DEMO_NOTE
    ).exists()
    assert AuditEntry.objects.filter(
        content_type__model="coursesession", action__endswith="attendance"
    ).exists()


def test_outputs_and_the_acceptance_record_agree_for_the_accepted_training_projects(demo):
    training = list(local_2015(demo, "1"))
    outputs = outputs_by_project([p.pk for p in training])
    accepted = [p for p in training if hasattr(p, "acceptance")]
    assert len(accepted) == 2
    for project in accepted:
        record = project.acceptance
        counts = outputs_by_project([project.pk], record.accepted_on)[project.pk]
        for key in ("trainees", "trainees_completed", "employed_after_training"):
            assert getattr(record, key) == counts[key] == outputs[project.pk][key], (project.title, key)
    # The counts the demo's acceptances have always stated (35 trainees; 31 and 33 employed).
    assert sorted((p.acceptance.trainees, p.acceptance.employed_after_training) for p in accepted) == [
        (35, 31),
        (35, 33),
    ]
    assert all(p.acceptance.trainees_completed > 0 for p in accepted)


def test_information_projects_have_media_items_by_kind(demo):
    information = local_2015(demo, "6")
    items = MediaItem.objects.filter(project__in=information)
    assert set(items.values_list("kind", flat=True)) >= {"tv", "radio", "newspaper", "bulletin", "website"}
    assert {"Đài Phát thanh và Truyền hình Hưng Yên", "Báo Hưng Yên"} <= set(
        items.values_list("channel", flat=True)
    )
    assert all(item.title.endswith(ILLUSTRATIVE) for item in items)
    for item in items.select_related("project"):
        assert item.project.start_on <= item.published_on <= item.project.end_on
    outputs = outputs_by_project([p.pk for p in information])
    for project in information:
        assert outputs[project.pk]["media_items"] == items.filter(project=project).count() > 0
    # Nothing of the kind behind the 2014 projects or the national ones.
    assert not Course.objects.exclude(project__year=2015, project__source__code="KCĐP").exists()
