"""A project's outputs are counted from its activities' records, and its acceptance record states them."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from conftest import login
from khuyencong.activities.models import Course, MediaItem, Trainee
from khuyencong.activities.outputs import outputs_by_project, outputs_total
from khuyencong.projects.models import Project
from khuyencong.projects.tests.conftest import M, running_project
from khuyencong.tests.world import pdf_bytes

pytestmark = pytest.mark.django_db


def _course(project, staff, start, end, people):
    """A course with trainees given as (completed, employed) pairs."""
    course = Course.objects.create(
        project=project,
        title="Lớp mây tre đan",
        trade="Mây tre đan",
        start_on=start,
        end_on=end,
        planned_trainees=len(people),
        created_by=staff,
    )
    for n, (completed, employed) in enumerate(people):
        Trainee.objects.create(
            course=course,
            full_name=f"Nguyễn Thị {chr(65 + n)}",
            birth_year=1990 + n,
            completed=completed,
            certificate_number=f"CC-{n}" if completed else "",
            employed_after_training=employed,
        )
    return course


def _awaiting_acceptance(project, personas):
    staff = personas["centre_staff"]
    project.request_acceptance(staff)
    for item in project.dossier_items.filter(stage="acceptance", required=True):
        item.attach(ContentFile(pdf_bytes(), name="bien-ban.pdf"), staff)
    return project


def test_the_acceptance_record_states_the_trainees_counted_from_the_course_not_typed(
    client, programme, personas
):
    today = programme["today"]
    project = running_project(programme, personas, 100 * M)
    people = [(True, True), (True, True), (True, False), (False, False)]
    _course(project, personas["centre_staff"], today - datetime.timedelta(days=20), today, people)
    _awaiting_acceptance(project, personas)
    leader = login(client, personas["leader"])
    url = reverse("projects:step", args=[project.pk, "accept"])

    page = leader.get(url).content.decode()
    assert 'name="trainees"' in page and "disabled" in page.split('name="trainees"')[1].split(">")[0]

    typed = {"accepted_on": today, "record_number": "BB-01", "trainees": 99, "employed_after_training": 50}
    response = leader.post(url, {**typed, "machines": 2, "jobs_created": 7})
    assert response.status_code == 302, response.content.decode()[-2000:]
    acceptance = Project.objects.get(pk=project.pk).acceptance
    assert (acceptance.trainees, acceptance.trainees_completed, acceptance.employed_after_training) == (
        4,
        3,
        2,
    )
    # What no record holds is what the acceptance record states.
    assert (acceptance.machines, acceptance.jobs_created) == (2, 7)
    outputs = outputs_by_project([project.pk])[project.pk]
    assert (
        outputs["trainees"] == 4 and outputs["employed_after_training"] == 2 and outputs["jobs_created"] == 7
    )


def test_outputs_as_of_a_day_count_only_what_had_happened_by_then(programme, personas):
    today = programme["today"]
    project = running_project(programme, personas, 100 * M)
    staff = personas["centre_staff"]
    _course(
        project,
        staff,
        today - datetime.timedelta(days=60),
        today - datetime.timedelta(days=30),
        [(True, True)] * 2,
    )
    _course(
        project,
        staff,
        today - datetime.timedelta(days=10),
        today + datetime.timedelta(days=10),
        [(False, False)] * 3,
    )
    MediaItem.objects.create(
        project=project,
        kind="tv",
        channel="Đài PT-TH",
        published_on=today - datetime.timedelta(days=40),
        title="A",
    )
    MediaItem.objects.create(project=project, kind="newspaper", channel="Báo", published_on=today, title="B")

    before_second = outputs_by_project([project.pk], today - datetime.timedelta(days=20))[project.pk]
    assert (before_second["trainees"], before_second["trainees_completed"], before_second["media_items"]) == (
        2,
        2,
        1,
    )
    before_first_ended = outputs_by_project([project.pk], today - datetime.timedelta(days=45))[project.pk]
    assert (before_first_ended["trainees"], before_first_ended["trainees_completed"]) == (2, 0)
    now = outputs_by_project([project.pk])[project.pk]
    assert (now["trainees"], now["trainees_completed"], now["media_items"]) == (5, 2, 2)


def test_a_plans_outputs_are_the_sum_of_its_projects_and_a_project_without_records_counts_its_acceptance(
    programme, personas
):
    today = programme["today"]
    staff = personas["centre_staff"]
    with_course = running_project(programme, personas, 100 * M, title="Có lớp")
    _course(with_course, staff, today - datetime.timedelta(days=5), today, [(True, True)] * 3)
    typed = _awaiting_acceptance(running_project(programme, personas, 50 * M, title="Không có lớp"), personas)
    from khuyencong.projects.models import Acceptance

    typed.accept(personas["leader"], Acceptance(accepted_on=today, trainees=12, employed_after_training=4))
    projects = Project.objects.filter(batch=programme["batches"]["KCĐP"])
    totals = outputs_total(projects)
    each = outputs_by_project(list(projects.values_list("pk", flat=True)))
    assert totals["trainees"] == 15 == sum(o["trainees"] for o in each.values())
    assert totals["employed_after_training"] == 7


def test_the_plan_page_shows_the_years_outputs(client, programme, personas):
    today = programme["today"]
    project = running_project(programme, personas, 100 * M)
    _course(project, personas["centre_staff"], today - datetime.timedelta(days=5), today, [(True, True)] * 3)
    url = reverse("reports:execution", args=[programme["province"].pk, today.year])
    page = login(client, personas["leader"]).get(url).content.decode()
    row = page.split('data-output="trainees"')[1].split("</tr>")[0]
    assert "<td>3</td>" in row


def test_the_project_page_shows_its_outputs_and_media_items(client, programme, personas):
    project = running_project(programme, personas, 100 * M)
    MediaItem.objects.create(
        project=project,
        kind="tv",
        channel="Đài PT-TH Hưng Yên",
        published_on=programme["today"],
        title="Phóng sự",
    )
    add = reverse("activities:media_create", args=[project.pk])
    text = (
        login(client, personas["leader"]).get(reverse("projects:detail", args=[project.pk])).content.decode()
    )
    assert "Đài PT-TH Hưng Yên" in text and "Phóng sự" in text
    # The leader reads the project but does not record its media; the Centre's staff do.
    assert add not in text
    text = (
        login(client, personas["centre_staff"])
        .get(reverse("projects:detail", args=[project.pk]))
        .content.decode()
    )
    assert add in text
