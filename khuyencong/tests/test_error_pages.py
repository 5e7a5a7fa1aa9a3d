"""Refusals and bad input answer with a page in Vietnamese that says what happened, never Django's English."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_not_found_not_allowed_and_bad_request_pages_are_in_vietnamese(personas):
    client = Client()
    client.force_login(personas["commune_officer"])
    missing = client.get("/registry/establishments/999999/")
    assert missing.status_code == 404 and "Không tìm thấy" in missing.content.decode()
    refused = client.get("/plans/")
    assert refused.status_code == 403 and "Không được phép" in refused.content.decode()
    nul = client.get("/registry/establishments/", {"q": "a\x00b"})
    assert nul.status_code == 400 and "ký tự điều khiển ẩn (NUL)" in nul.content.decode()
    year = client.get("/plans/overview/99999/")
    assert year.status_code == 404


@pytest.mark.django_db
def test_a_nul_byte_in_a_form_or_a_cookie_is_refused_before_anything_reads_it(personas):
    client = Client()
    client.force_login(personas["centre_staff"])
    posted = client.post("/registry/establishments/new/", {"name": "Cơ sở\x00", "legal_form": "household"})
    assert posted.status_code == 400
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/").status_code == 400
