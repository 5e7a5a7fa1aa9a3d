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
        assert client.get(photo_url).status_code in (403, 404), outsider
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
