"""Monitoring visits: the commune's officer records one with a photo; the photo stays private to the scope."""

import io

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.utils import timezone
from PIL import Image

from conftest import login
from khuyencong.projects.models import MonitoringVisit, VisitPhoto

from .conftest import M, running_project

pytestmark = pytest.mark.django_db


def png_upload(name="xuong.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


@pytest.fixture
def project(programme, personas, registry):
    return running_project(
        programme, personas, 30 * M, commune=registry["home"].commune, title="Mô hình tại xã"
    )


def record_visit(client, project, photo):
    today = timezone.localdate().strftime("%d/%m/%Y")
    return client.post(
        f"/projects/{project.pk}/visits/new/",
        {
            "visited_on": today,
            "visitors": "Cán bộ xã",
            "findings": "Máy đã lắp, đang chạy thử",
            "follow_up": "",
            "follow_up_due": "",
            "photo": photo,
        },
    )


def test_commune_officer_records_a_visit_whose_photo_only_the_projects_readers_can_open(
    client, personas, project
):
    officer = login(client, personas["commune_officer"])
    response = record_visit(officer, project, png_upload())
    assert response.status_code == 302, response.content.decode()[:2000]

    photo = VisitPhoto.objects.get(visit__project=project)
    # Kept in the private storage, not under the public media folder.
    assert storages["private"].exists(photo.image.name)
    assert not (settings.MEDIA_ROOT / photo.image.name).exists()

    page = officer.get(f"/projects/{project.pk}/").content.decode()
    photo_url = f"/projects/{project.pk}/visits/photos/{photo.pk}/"
    assert f'src="{photo_url}"' in page

    for reader in ("commune_officer", "centre_staff", "leader", "ministry"):
        client.force_login(personas[reader])
        response = client.get(photo_url)
        assert response.status_code == 200, reader
        assert b"".join(response.streaming_content).startswith(b"\x89PNG"), reader
        assert response["Cache-Control"] == "private, max-age=3600"

    for outsider in ("other_officer", "other_province_staff", "outsider"):
        client.force_login(personas[outsider])
        assert client.get(photo_url).status_code == 404, outsider
    client.logout()
    assert client.get(photo_url).status_code == 302


def test_a_file_that_is_not_an_image_is_refused_and_no_visit_is_saved(client, personas, project):
    officer = login(client, personas["commune_officer"])
    fake = io.BytesIO(b"%PDF-1.4 not a photo")
    fake.name = "anh.jpg"
    response = record_visit(officer, project, fake)
    assert response.status_code == 400
    assert "photo" in response.context["form"].errors
    assert not MonitoringVisit.objects.filter(project=project).exists()


def test_another_communes_officer_cannot_record_a_visit(client, personas, project):
    other = login(client, personas["other_officer"])
    assert record_visit(other, project, png_upload()).status_code == 404
    assert not MonitoringVisit.objects.filter(project=project).exists()


def test_a_follow_up_past_due_is_overdue_in_scope_until_someone_closes_it(client, personas, project):
    import datetime

    from khuyencong.audit.models import AuditEntry

    today = timezone.localdate()
    visit = MonitoringVisit.objects.create(
        project=project,
        visited_on=today - datetime.timedelta(days=20),
        visitors="Cán bộ xã",
        findings="Chưa lắp đặt xong máy",
        follow_up="Lắp đặt xong máy sấy",
        follow_up_due=today - datetime.timedelta(days=2),
    )

    def overdue_text(persona):
        client.force_login(personas[persona])
        return client.get("/projects/overdue/").content.decode()

    for persona in ("commune_officer", "centre_staff", "leader"):
        assert "Lắp đặt xong máy sấy" in overdue_text(persona), persona
    for persona in ("other_officer", "other_province_staff"):
        assert "Lắp đặt xong máy sấy" not in overdue_text(persona), persona

    url = f"/projects/{project.pk}/visits/{visit.pk}/follow-up/"
    # The other commune's officer does not see the project; the Ministry and finance see it but do not visit.
    for persona, refusal in (("other_officer", 404), ("ministry", 403), ("finance", 403)):
        client.force_login(personas[persona])
        assert client.post(url, {"result": "Đã xong"}).status_code == refusal, persona
    officer = login(client, personas["commune_officer"])
    assert f'href="{url}"' in officer.get(f"/projects/{project.pk}/").content.decode()
    assert officer.post(url, {"result": " ", "on": ""}).status_code == 400
    assert officer.post(url, {"result": "Đã lắp xong, chạy ổn định", "on": ""}).status_code == 302
    visit.refresh_from_db()
    assert visit.follow_up_done_on == today and visit.follow_up_result == "Đã lắp xong, chạy ổn định"
    assert AuditEntry.objects.filter(action="projects.monitoringvisit.follow_up_done").count() == 1
    assert "Lắp đặt xong máy sấy" not in overdue_text("centre_staff")
    # Closed once: a second closure is refused.
    officer = login(client, personas["commune_officer"])
    assert officer.post(url, {"result": "Lần nữa"}).status_code == 400


def test_a_follow_up_date_needs_the_follow_up_and_cannot_precede_the_visit(client, personas, project):
    officer = login(client, personas["commune_officer"])
    day = timezone.localdate().strftime("%d/%m/%Y")
    data = {"visited_on": day, "visitors": "Xã", "findings": "Ổn", "follow_up": "", "follow_up_due": day}
    response = officer.post(f"/projects/{project.pk}/visits/new/", data)
    assert response.status_code == 400 and "follow_up" in response.context["form"].errors
    data.update(follow_up="Bổ sung sổ sách", follow_up_due="01/01/2020")
    response = officer.post(f"/projects/{project.pk}/visits/new/", data)
    assert response.status_code == 400 and "follow_up_due" in response.context["form"].errors
    assert not MonitoringVisit.objects.filter(project=project).exists()
