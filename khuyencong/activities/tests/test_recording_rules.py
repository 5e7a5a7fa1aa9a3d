"""When a project's activities may be recorded: while its work runs, within its schedule."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from conftest import login
from khuyencong.activities.models import Course, MediaItem
from khuyencong.projects.models import Acceptance
from khuyencong.projects.tests.conftest import M, running_project
from khuyencong.tests.world import pdf_bytes

pytestmark = pytest.mark.django_db

COURSE = {"title": "Lớp đan cói", "trade": "Đan cói", "planned_trainees": "20"}


def _accepted(programme, personas):
    project = running_project(programme, personas, 100 * M)
    staff = personas["centre_staff"]
    project.request_acceptance(staff)
    for item in project.dossier_items.filter(stage="acceptance", required=True):
        item.attach(ContentFile(pdf_bytes(), name="bien-ban.pdf"), staff)
    project.accept(personas["leader"], Acceptance(accepted_on=programme["today"], trainees=20))
    return project


def test_an_accepted_project_takes_no_new_activity_and_offers_no_button(client, programme, personas):
    project = _accepted(programme, personas)
    item = MediaItem.objects.create(
        project=project, kind="tv", channel="Đài", published_on=programme["today"], title="Đã có"
    )
    staff = login(client, personas["centre_staff"])
    today = programme["today"].strftime("%d/%m/%Y")
    refused = staff.post(
        reverse("activities:course_create", args=[project.pk]), {**COURSE, "start_on": today, "end_on": today}
    )
    assert refused.status_code == 403
    assert not Course.objects.filter(project=project).exists()
    assert staff.post(reverse("activities:media_delete", args=[item.pk])).status_code == 403
    assert MediaItem.objects.filter(pk=item.pk).exists()
    page = staff.get(reverse("projects:detail", args=[project.pk])).content.decode()
    for name in ("course_create", "media_create", "event_create", "contest_create"):
        assert reverse(f"activities:{name}", args=[project.pk]) not in page, name


def test_a_course_outside_the_projects_plan_years_is_refused_with_what_was_typed_kept(
    client, programme, personas
):
    project = running_project(programme, personas, 100 * M)
    staff = login(client, personas["centre_staff"])
    url = reverse("activities:course_create", args=[project.pk])
    far = datetime.date(programme["today"].year + 5, 2, 1)
    response = staff.post(
        url, {**COURSE, "start_on": far.strftime("%d/%m/%Y"), "end_on": far.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Lớp đan cói"' in page and str(project.year) in page
    assert not Course.objects.filter(project=project).exists()
    today = programme["today"].strftime("%d/%m/%Y")
    assert staff.post(url, {**COURSE, "start_on": today, "end_on": today}).status_code == 302
