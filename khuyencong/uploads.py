"""Checks for uploaded files: the type read from the content, never from the name, and the size.

A file named `.pdf` that is not a PDF, or a Word file that is really a zip of
anything, is refused with a message that names the file and what was expected.
"""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


class _PrivateStorage(LazyObject):
    """storages["private"], looked up when first used and again after the STORAGES setting changes.

    A model field calls its storage callable once, at import; returning storages["private"] itself
    would pin the folder configured then, and tests that point it at a temporary folder would
    write into the real one.
    """

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage():
    """Storage for files that are never served as media, only through views that check the scope."""
    return _private


DOCUMENT_KINDS = {"pdf": "PDF", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)"}
# The part that makes an Office Open XML zip a Word or an Excel file.
_OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def sniff_kind(upload) -> str | None:
    """'pdf', 'docx', 'xlsx' or None, read from the file's first bytes and its zip directory."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    for kind, part in _OOXML_MAIN_PART.items():
        if part in names:
            return kind
    return None


def check_document(upload, kinds=("pdf", "docx"), max_bytes: int | None = None):
    """Refuse an upload that is too large or not one of the kinds; return it otherwise."""
    if not upload:
        return upload
    limit = max_bytes or settings.MAX_DOCUMENT_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s."),
            params={"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    if sniff_kind(upload) not in kinds:
        raise ValidationError(
            _("“%(name)s” is not a %(kinds)s file."),
            params={"name": upload.name, "kinds": " / ".join(DOCUMENT_KINDS[k] for k in kinds)},
        )
    return upload


def check_photo(photo):
    """Refuse a photo over the size limit or that is not a JPEG, PNG or WebP image."""
    if not photo:
        return photo
    if photo.size > settings.MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo is larger than 5 MB."))
    kind = getattr(photo, "image", None)
    if kind is None or kind.format not in PHOTO_FORMATS:
        raise ValidationError(_("The photo must be a JPEG, PNG or WebP image."))
    return photo
