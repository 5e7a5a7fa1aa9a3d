"""Vietnamese first, English second: the catalogue is complete and current."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "khuyencong" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_string_in_the_code_has_a_vietnamese_translation(tmp_path):
    """Extract the strings afresh from a copy of the code: a new untranslated string fails here."""
    shutil.copytree(
        ROOT / "khuyencong", tmp_path / "khuyencong", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:///:memory:"},
    )
    fresh = polib.pofile(str(tmp_path / "khuyencong" / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in fresh if not e.translated() or "fuzzy" in e.flags]
    assert untranslated == []


def test_compiled_catalogue_matches_the_source():
    # Keyed by context too: "Change" (a button) and "Change" (year on year) are different messages.
    po = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(PO)) if e.msgid}
    mo = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(PO.with_suffix(".mo"))) if e.msgid}
    assert mo == po


@pytest.mark.django_db
def test_vietnamese_by_default_and_english_on_request(client):
    assert "Đăng nhập" in client.get(reverse("accounts:login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Log in" in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_browser_language_does_not_override_vietnamese(client):
    response = client.get(reverse("accounts:login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Đăng nhập" in response.content.decode()
