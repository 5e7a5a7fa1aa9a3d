"""The register of documents over HTTP: registering with a checked file, searching, scope, what it decided."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from conftest import HUNG_YEN, province
from khuyencong.documents.models import Document
from khuyencong.tests.samples import pdf_bytes

PDF = pdf_bytes()  # a real one-page PDF: one that only starts with %PDF- is refused


def upload(content: bytes, name: str):
    file = io.BytesIO(content)
    file.name = name
    return file


def fake_docx_with_anything() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    return buffer.getvalue()


def form(**extra):
    data = {
        "symbol": "125/tb-UBND",
        "issued_on": "2015-06-29",
        "issuer": "UBND tỉnh Hưng Yên",
        "summary": "Thông báo tổ chức Hội chợ hàng CNNT tiêu biểu khu vực phía Bắc",
        "signer": "Phó Chủ tịch",
        "province": province(HUNG_YEN).pk,
    }
    data.update(extra)
    return data


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_staff_register_a_notice_with_its_pdf_and_find_it_without_diacritics(personas):
    staff = client_for(personas["centre_staff"])
    response = staff.post(reverse("documents:create"), form(file=upload(PDF, "tb125.pdf")))
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.symbol, document.doc_type, document.issuer_code) == ("125/TB-UBND", "TB", "UBND")
    listing = staff.get(reverse("documents:list"), {"q": "hoi cho phia bac"}).content.decode()
    assert "125/TB-UBND" in listing
    assert (
        staff.get(reverse("documents:list"), {"q": "hoi cho", "doc_type": "QĐ"})
        .content.decode()
        .count("125/TB-UBND")
        == 0
    )
    download = staff.get(reverse("documents:file", args=[document.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 not a pdf", "quyet-dinh.pdf", "không phải tệp PDF / Word (DOCX)"),
        (fake_docx_with_anything(), "quyet-dinh.docx", "không phải tệp PDF / Word (DOCX)"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_saved(personas, content, name, message):
    response = client_for(personas["centre_staff"]).post(
        reverse("documents:create"), form(file=upload(content, name))
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_with_its_size(personas, settings):
    settings.MAX_DOCUMENT_BYTES = 1024
    big = PDF + b"0" * 2048
    response = client_for(personas["centre_staff"]).post(
        reverse("documents:create"), form(file=upload(big, "big.pdf"))
    )
    assert "giới hạn là 1,0" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_malformed_or_repeated_symbol_is_refused_with_what_is_wrong(personas):
    staff = client_for(personas["centre_staff"])
    bad = staff.post(reverse("documents:create"), form(symbol="TB-UBND 125")).content.decode()
    assert "không phải số và ký hiệu" in bad
    assert staff.post(reverse("documents:create"), form()).status_code == 302
    again = staff.post(reverse("documents:create"), form(symbol="125/TB-UBND")).content.decode()
    assert "đã có trong sổ" in again
    next_year = staff.post(reverse("documents:create"), form(issued_on="2016-01-10"))
    assert next_year.status_code == 302  # numbering starts again each year
    assert Document.objects.count() == 2


@pytest.mark.django_db
def test_a_provinces_documents_stay_in_it_while_central_ones_are_seen_by_every_staff_member(personas):
    local = Document.objects.create(
        symbol="1363/QĐ-UBND",
        issued_on=datetime.date(2015, 7, 20),
        issuer="UBND tỉnh Hưng Yên",
        summary="Thành lập Ban tổ chức Hội chợ",
        province=province(HUNG_YEN),
    )
    central = Document.objects.create(
        symbol="11355/QĐ-BCT",
        issued_on=datetime.date(2014, 12, 15),
        issuer="Bộ Công Thương",
        summary="Giao kế hoạch khuyến công quốc gia năm 2015",
    )
    elsewhere = client_for(personas["other_province_staff"])
    assert elsewhere.get(reverse("documents:detail", args=[local.pk])).status_code == 404
    assert elsewhere.get(reverse("documents:detail", args=[central.pk])).status_code == 200
    assert "1363/QĐ-UBND" not in elsewhere.get(reverse("documents:list")).content.decode()
    assert (
        client_for(personas["ministry"]).get(reverse("documents:detail", args=[local.pk])).status_code == 200
    )
    for reader in ("commune_officer", "establishment_rep", "outsider"):
        assert client_for(personas[reader]).get(reverse("documents:list")).status_code == 403
    assert client_for(personas["ministry"]).post(reverse("documents:create"), form()).status_code == 403


@pytest.mark.django_db
def test_django_admin_checks_a_documents_symbol_like_the_register_does(client):
    from khuyencong.accounts.models import User

    client.force_login(User.objects.create_superuser("root", "root@example.vn", "x-Pa55word!"))
    data = {"symbol": "không có số", "issued_on": "2015-06-29", "issuer": "UBND", "summary": "Thông báo"}
    response = client.post("/admin/documents/document/add/", data)
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_documents_page_lists_each_project_once(personas):
    """The decision approved the project and is on its approval event: one line, not two."""
    from khuyencong.projects.tests import conftest as project_world

    programme = project_world.programme.__wrapped__(None, personas)
    project = project_world.running_project(programme, personas, 100_000_000, title="Đề án một lần")
    client = Client()
    client.force_login(personas["centre_staff"])
    page = client.get(reverse("documents:detail", args=[programme["decision"].pk])).content.decode()
    assert page.count(reverse("projects:detail", args=[project.pk]) + '"') == 1
