"""Dossier files and visit photos keep the extension of what their content is, never the client's name."""

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from conftest import login
from khuyencong.projects.models import DossierItem, VisitPhoto
from khuyencong.tests.samples import docx_bytes, image_bytes, named, pdf_bytes

from .conftest import M, draft_project, running_project
from .test_visits import record_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(programme, personas, registry):
    return running_project(programme, personas, 30 * M, commune=registry["home"].commune)


@pytest.mark.parametrize(
    ("content", "client_name", "extension"),
    [(pdf_bytes(), "ho-so.exe", ".pdf"), (docx_bytes(), "ho-so.pdf.html", ".docx")],
)
def test_a_dossier_file_is_stored_as_its_checked_kind(
    client, personas, programme, content, client_name, extension
):
    draft = draft_project(programme, personas, 30 * M)
    item = draft.dossier_items.filter(stage=DossierItem.Stage.APPLICATION).first()
    staff = login(client, personas["centre_staff"])
    url = reverse("projects:dossier_upload", args=[draft.pk, item.pk])
    response = staff.post(url, {"file": named(content, client_name)})
    assert response.status_code == 302, response.content.decode()[-3000:]
    item.refresh_from_db()
    assert item.file.name.startswith(f"projects/{draft.pk}/") and item.file.name.endswith(extension)
    assert storages["private"].open(item.file.name, "rb").read() == content


def test_a_dossier_file_that_only_looks_like_a_pdf_is_refused(client, personas, programme):
    draft = draft_project(programme, personas, 30 * M)
    item = draft.dossier_items.filter(stage=DossierItem.Stage.APPLICATION).first()
    staff = login(client, personas["centre_staff"])
    url = reverse("projects:dossier_upload", args=[draft.pk, item.pk])
    response = staff.post(url, {"file": named(b"%PDF-1.4\n%%EOF\n", "ho-so.pdf")})
    assert response.status_code == 200 and "ho-so.pdf" in response.content.decode()
    item.refresh_from_db()
    assert not item.file


@pytest.mark.parametrize(("format", "extension"), [("PNG", ".png"), ("WEBP", ".webp"), ("JPEG", ".jpg")])
def test_a_visit_photo_is_stored_with_the_extension_of_its_format(
    client, personas, project, format, extension
):
    officer = login(client, personas["commune_officer"])
    response = record_visit(officer, project, named(image_bytes(format), "anh.jpg"))
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = VisitPhoto.objects.get(visit__project=project)
    assert photo.image.name.endswith(extension)
