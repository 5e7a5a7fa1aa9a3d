"""Documents over HTTP: a file must be what it claims, and is stored under the extension of what it is."""

from __future__ import annotations

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from khuyencong.documents.models import Document
from khuyencong.tests.samples import docx_bytes, named, pdf_bytes

from .test_document_views import client_for, form


def post(personas, content: bytes, name: str):
    return client_for(personas["centre_staff"]).post(
        reverse("documents:create"), form(file=named(content, name))
    )


@pytest.mark.django_db
def test_a_pdf_that_only_starts_like_one_is_refused_and_nothing_saved(personas):
    response = post(personas, b"%PDF-1.4\n<html><script>alert(1)</script></html>", "qd.pdf")
    assert response.status_code == 200
    assert "qd.pdf" in response.content.decode() and "PDF" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_zip_with_a_word_body_but_no_content_types_is_refused(personas):
    response = post(personas, docx_bytes(parts={"[Content_Types].xml": None}), "qd.docx")
    assert response.status_code == 200
    assert "[Content_Types].xml" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "client_name", "extension"),
    [
        (pdf_bytes(), "x.exe", ".pdf"),
        (pdf_bytes(), "x.pdf.html", ".pdf"),
        (docx_bytes(), "x.pdf.html", ".docx"),
        (docx_bytes(), "x.exe", ".docx"),
    ],
)
def test_a_real_file_is_stored_with_the_extension_of_its_checked_kind(
    personas, content, client_name, extension
):
    response = post(personas, content, client_name)
    assert response.status_code == 302, response.content.decode()[-3000:]
    stored = Document.objects.get().file.name
    assert stored.startswith("documents/") and stored.endswith(extension)
    assert client_name not in stored
    with storages["private"].open(stored, "rb") as file:
        assert file.read() == content
