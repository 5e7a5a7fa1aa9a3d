"""Media items: recorded on a project by the Centre's staff, checked, edited, deleted, exported."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from conftest import login
from khuyencong.activities.models import MediaItem
from khuyencong.audit.models import AuditEntry
from khuyencong.projects.tests.conftest import M, running_project
from khuyencong.tests.world import pdf_bytes

pytestmark = pytest.mark.django_db

ITEM = {
    "kind": "newspaper",
    "channel": "Báo Hưng Yên",
    "published_on": "15/09/2015",
    "title": "Nghề mây tre đan Phú Thị",
    "link": "https://baohungyen.vn/bai-viet",
    "reach": "12.000",
    "episodes": "1",
}


def test_centre_staff_record_a_media_item_with_its_file_and_it_is_audited(client, programme, personas):
    project = running_project(programme, personas, 100 * M)
    staff = login(client, personas["centre_staff"])
    upload = SimpleUploadedFile("bai-bao.pdf", pdf_bytes(), content_type="application/pdf")
    response = staff.post(reverse("activities:media_create", args=[project.pk]), {**ITEM, "file": upload})
    assert response.status_code == 302
    item = MediaItem.objects.get(project=project)
    assert (item.reach, item.published_on.isoformat(), item.created_by) == (
        12000,
        "2015-09-15",
        personas["centre_staff"],
    )
    assert item.file.name.endswith(".pdf")
    assert AuditEntry.objects.filter(action="activities.mediaitem.created", object_id=str(item.pk)).exists()
    assert staff.get(reverse("activities:media_file", args=[item.pk])).status_code == 200


def test_a_file_that_is_not_a_document_is_refused_and_what_was_typed_stays(client, programme, personas):
    project = running_project(programme, personas, 100 * M)
    staff = login(client, personas["centre_staff"])
    fake = SimpleUploadedFile("bai-bao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = staff.post(reverse("activities:media_create", args=[project.pk]), {**ITEM, "file": fake})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Nghề mây tre đan Phú Thị"' in page and 'id="id_file_error"' in page
    assert not MediaItem.objects.exists()


def test_an_edit_on_a_stale_copy_is_refused_and_a_deletion_asks_first(client, programme, personas):
    project = running_project(programme, personas, 100 * M)
    item = MediaItem.objects.create(
        project=project, kind="tv", channel="Đài PT-TH", published_on=programme["today"], title="Cũ"
    )
    staff = login(client, personas["centre_staff"])
    edit = reverse("activities:media_edit", args=[item.pk])
    assert staff.post(edit, {**ITEM, "title": "Mới", "version": 1}).status_code == 302
    assert staff.post(edit, {**ITEM, "title": "Cũ hơn", "version": 1}).status_code == 409
    item.refresh_from_db()
    assert item.title == "Mới"
    delete = reverse("activities:media_delete", args=[item.pk])
    assert 'class="btn btn-danger" type="submit"' in staff.get(delete).content.decode()  # asks first
    assert MediaItem.objects.filter(pk=item.pk).exists()
    assert staff.post(delete).status_code == 302
    assert not MediaItem.objects.filter(pk=item.pk).exists()


def test_the_export_holds_the_filtered_items_in_scope(client, programme, personas):
    project = running_project(programme, personas, 100 * M)
    for kind, title in (("tv", "Phóng sự A"), ("newspaper", "Bài báo B")):
        MediaItem.objects.create(
            project=project, kind=kind, channel="Kênh", published_on=programme["today"], title=title
        )
    response = login(client, personas["leader"]).get(reverse("activities:media_export"), {"kind": "tv"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c}
    assert "Phóng sự A" in cells and "Bài báo B" not in cells
