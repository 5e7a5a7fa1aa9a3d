"""Checks for uploaded files: the type read from the content, never from the name, and the size.

A file named `.pdf` that is not a PDF, or a Word file that is really a zip of
anything, is refused with a message that names the file and what was expected.
A stored file's extension comes from the type found here, never from the uploader's
name (`x.pdf.html` stays a PDF named `….pdf`; `x.exe` holding a PDF becomes `….pdf`).

Office files are zips, and a zip can unpack to far more than it weighs: their size,
member count and compression ratio are read from the zip's directory and refused
before any part is unpacked (`check_office_zip`, shared by .docx uploads and the
.xlsx import).
"""

from __future__ import annotations

import struct
import uuid
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import fromstring as parse_xml

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from khuyencong.vnformat import grouped

PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
# The stored extension of each photo format Pillow recognises.
PHOTO_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


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


DOCUMENT_KINDS = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "xlsx": "Excel (XLSX)",
    "jpg": "JPEG",
    "png": "PNG",
}
# A dossier's papers: a household signs the printed paper and sends a photo of it from its phone.
PAPER_KINDS = ("pdf", "docx", "jpg", "png")
# The first bytes of each image kind a paper may be sent as.
IMAGE_SIGNATURES = {"jpg": (b"\xff\xd8\xff", "JPEG"), "png": (b"\x89PNG\r\n\x1a\n", "PNG")}


@dataclass(frozen=True)
class OfficeKind:
    """What makes an Office Open XML zip a Word or an Excel file (ECMA-376 part 2, the OPC)."""

    main_part: str
    main_type: str


OFFICE_KINDS = {
    "docx": OfficeKind(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": OfficeKind(
        "xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    ),
}
CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# [Content_Types].xml names one type per part: a few kilobytes, even for a workbook of many sheets.
_CONTENT_TYPES_MAX_BYTES = 1024 * 1024
# A central directory entry is 46 bytes plus its name and extra fields; no honest one nears 1 KB.
_DIRECTORY_BYTES_PER_MEMBER = 1024


@dataclass(frozen=True)
class ZipLimits:
    members: int
    unzipped_bytes: int
    ratio: int
    # Small parts compress well and harmlessly (a styles part, a short sheet): the ratio
    # is held only against members larger than this.
    ratio_from_bytes: int

    @classmethod
    def from_settings(cls) -> ZipLimits:
        return cls(
            members=settings.MAX_ZIP_MEMBERS,
            unzipped_bytes=settings.MAX_UNZIPPED_BYTES,
            ratio=settings.MAX_ZIP_RATIO,
            ratio_from_bytes=settings.ZIP_RATIO_FROM_BYTES,
        )


def _zip_directory(file) -> tuple[int, int] | None:
    """(number of members, size of the central directory) from the end-of-directory record.

    Read before `zipfile.ZipFile` is opened, because opening it builds an object for every
    entry of the directory: a 20 MB upload could hold hundreds of thousands of them.
    """
    file.seek(0, 2)
    size = file.tell()
    tail_start = max(0, size - (22 + 65535))
    file.seek(tail_start)
    tail = file.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    count, directory_size = struct.unpack("<HI", tail[at + 10 : at + 16])
    if count == 0xFFFF or directory_size == 0xFFFFFFFF:
        # Zip64: the real figures are in the zip64 end record, found through its locator.
        locator = tail[at - 20 : at] if at >= 20 else b""
        if not locator.startswith(b"PK\x06\x07"):
            return None
        (record_at,) = struct.unpack("<Q", locator[8:16])
        file.seek(record_at)
        record = file.read(56)
        if len(record) < 56 or not record.startswith(b"PK\x06\x06"):
            return None
        count, directory_size = struct.unpack("<QQ", record[32:48])
    return count, directory_size


def _refuse(message, code: str, **params):
    return ValidationError(message, code=code, params=params)


def _kind_names(kinds) -> str:
    return " / ".join(DOCUMENT_KINDS[k] for k in kinds)


# How much of an XML part is read to find where its root element starts: Office writes
# a declaration of about 60 bytes before it.
XML_PROLOG_BYTES = 64 * 1024


def plain_xml_prolog(head: bytes) -> bool:
    """Whether an XML part reaches its root element with no DTD before it.

    A DTD is where entities are declared, and entities are how a few kilobytes of XML
    expand to gigabytes (the "billion laughs"). It can only stand in the prolog, before the
    root element, which Office fills with one XML declaration: a prolog that declares a
    DTD, or does not reach the root within `head` (the part's first XML_PROLOG_BYTES), or is
    not UTF-8 text, is refused.
    """
    at = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while at < len(head) and head[at] in b" \t\r\n":
            at += 1
        if head.startswith(b"<?", at):
            end = head.find(b"?>", at + 2)
        elif head.startswith(b"<!--", at):
            end = head.find(b"-->", at + 4)
        else:
            # The root element, or anything else (a DTD, text, another encoding).
            return head[at : at + 1] == b"<" and head[at + 1 : at + 2] not in (b"!", b"?", b"")
        if end < 0:
            return False
        at = end + 2 if head[end] == ord("?") else end + 3


def _declares_main_part(archive: zipfile.ZipFile, office: OfficeKind) -> bool:
    """Whether [Content_Types].xml gives the main part the type that makes it a Word or Excel file."""
    info = archive.getinfo(CONTENT_TYPES)
    if info.file_size > _CONTENT_TYPES_MAX_BYTES:
        return False
    try:
        data = archive.read(info)
        if not plain_xml_prolog(data[:XML_PROLOG_BYTES]):
            return False
        root = parse_xml(data)
    # Unreadable XML, an encrypted or oddly compressed member: not a part Word or Excel wrote.
    except (SyntaxError, ValueError, zipfile.BadZipFile, OSError, EOFError, RuntimeError):
        return False
    part_name = "/" + office.main_part
    extension = office.main_part.rsplit(".", 1)[-1]
    by_default = None
    for element in root:
        # Part names compare without regard to case (ECMA-376 part 2, §9.1.1.1).
        if element.tag == _CT_NS + "Override" and element.get("PartName", "").lower() == part_name:
            return element.get("ContentType") == office.main_type
        if element.tag == _CT_NS + "Default" and element.get("Extension", "").lower() == extension:
            by_default = element.get("ContentType") == office.main_type
    return bool(by_default)


def _refuse_members(count: int, limits, name: str) -> None:
    if count > limits.members:
        raise _refuse(
            _("“%(name)s” holds %(count)s files; at most %(limit)s are allowed."),
            "too_many_members",
            name=name,
            count=grouped(count),
            limit=grouped(limits.members),
        )


def check_office_zip(
    file, kinds=("docx", "xlsx"), *, name: str, limits: ZipLimits | None = None
) -> tuple[str, list[zipfile.ZipInfo]]:
    """The kind of an Office Open XML file and its members, or ValidationError naming the file.

    Everything is judged from the zip's directory, before any part is unpacked: the number
    of members, their total unpacked size, each large member's compression ratio, and the
    parts Word or Excel needs ([Content_Types].xml declaring the main part, _rels/.rels and
    the main part itself). Python's zipfile never unpacks a member past the size its
    directory entry declares, so these figures bound what reading the file can cost.
    """
    limits = limits or ZipLimits.from_settings()
    unreadable = _refuse(
        _("“%(name)s” is not a readable %(kinds)s file."), "unreadable", name=name, kinds=_kind_names(kinds)
    )
    try:
        directory = _zip_directory(file)
        if directory is None:
            raise unreadable
        count, directory_size = directory
        _refuse_members(count, limits, name)
        if directory_size > max(count, 1) * _DIRECTORY_BYTES_PER_MEMBER:
            raise unreadable
        file.seek(0)
        try:
            archive = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error) as exc:
            raise unreadable from exc
        with archive:
            members = archive.infolist()
            names = {info.filename for info in members}
            kind = next((k for k in kinds if OFFICE_KINDS[k].main_part in names), None)
            if kind is None:
                raise _refuse(
                    _("“%(name)s” is not a %(kinds)s file."), "not_kind", name=name, kinds=_kind_names(kinds)
                )
            # Counted again from the directory itself: the end record may understate it.
            _refuse_members(len(members), limits, name)
            unzipped = sum(info.file_size for info in members)
            if unzipped > limits.unzipped_bytes:
                raise _refuse(
                    _("“%(name)s” unpacks to %(size)s, more than the %(limit)s allowed."),
                    "too_large",
                    name=name,
                    size=filesizeformat(unzipped),
                    limit=filesizeformat(limits.unzipped_bytes),
                )
            for info in members:
                if (
                    info.file_size > limits.ratio_from_bytes
                    and info.file_size > limits.ratio * info.compress_size
                ):
                    raise _refuse(
                        _(
                            "“%(name)s”: its part %(part)s is compressed %(ratio)s times, more than the "
                            "%(limit)s times a real document is."
                        ),
                        "ratio",
                        name=name,
                        part=info.filename[:100],
                        ratio=grouped(info.file_size // max(info.compress_size, 1)),
                        limit=limits.ratio,
                    )
            office = OFFICE_KINDS[kind]
            for part in (CONTENT_TYPES, PACKAGE_RELS, office.main_part):
                if part not in names:
                    raise _refuse(
                        _("“%(name)s” is not a complete %(kind)s file: the part %(part)s is missing."),
                        "missing_part",
                        name=name,
                        kind=DOCUMENT_KINDS[kind],
                        part=part,
                    )
            if not _declares_main_part(archive, office):
                raise _refuse(
                    _(
                        "“%(name)s” is not a complete %(kind)s file: [Content_Types].xml does not declare "
                        "%(part)s as its main part."
                    ),
                    "undeclared",
                    name=name,
                    kind=DOCUMENT_KINDS[kind],
                    part=office.main_part,
                )
            return kind, members
    finally:
        file.seek(0)


def check_pdf(file, *, name: str) -> None:
    """Refuse a file that does not open as a PDF with at least one page.

    Starting with `%PDF-` proves nothing; pypdf reads the cross-reference table, the
    catalogue and the page tree. It is lenient (strict=False) as viewers are, so a
    scanner's slightly malformed file still passes. Its size is already bounded by
    MAX_DOCUMENT_BYTES, which bounds the time the parse takes.
    """
    from pypdf import PdfReader  # here, not at the top: loading it takes most of a second

    file.seek(0)
    try:
        pages = len(PdfReader(file, strict=False).pages)
    # pypdf signals a broken file with many exception types (PdfReadError, ValueError,
    # KeyError, TypeError, RecursionError…): any of them means it is not a readable PDF.
    except Exception:
        pages = 0
    finally:
        file.seek(0)
    if pages < 1:
        raise _refuse(
            _("“%(name)s” is not a readable PDF: it could not be opened or has no page."),
            "not_pdf",
            name=name,
        )


def check_image(file, image_format: str, *, name: str) -> None:
    """Refuse a file that starts like an image but does not decode as one of that format.

    Pillow reads the header and verifies the data; its pixel limit refuses a decompression bomb.
    """
    from PIL import Image

    file.seek(0)
    try:
        with Image.open(file) as image:
            found = image.format
            image.verify()
    except Exception:  # Pillow signals a broken image with many exception types
        found = None
    finally:
        file.seek(0)
    if found != image_format:
        raise _refuse(
            _("“%(name)s” is not a readable %(kind)s image."), "not_image", name=name, kind=image_format
        )


def checked_kind(upload, kinds) -> str:
    """The kind of an upload (a key of DOCUMENT_KINDS) after checking its content, or ValidationError."""
    name = upload.name
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-") and "pdf" in kinds:
        check_pdf(upload, name=name)
        return "pdf"
    office = tuple(k for k in kinds if k in OFFICE_KINDS)
    if head.startswith(b"PK\x03\x04") and office:
        try:
            kind, _members = check_office_zip(upload, office, name=name)
        except ValidationError as error:
            if error.code != "not_kind":
                raise
        else:
            return kind
    for kind, (signature, image_format) in IMAGE_SIGNATURES.items():
        if kind in kinds and head.startswith(signature):
            check_image(upload, image_format, name=name)
            return kind
    # Say every kind that would have been taken, not only the Office ones.
    raise _refuse(_("“%(name)s” is not a %(kinds)s file."), "not_kind", name=name, kinds=_kind_names(kinds))


def check_document(upload, kinds=("pdf", "docx"), max_bytes: int | None = None):
    """Refuse an upload that is too large or not one of the kinds; return it otherwise.

    The kind found is kept on the upload (`checked_kind`) for the stored name's extension.
    """
    if not upload:
        return upload
    limit = max_bytes or settings.MAX_DOCUMENT_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s."),
            params={"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    upload.checked_kind = checked_kind(upload, kinds)
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


# Stored names -------------------------------------------------------------------------


def _pending_file(instance, field: str):
    """The file about to be stored in `instance.<field>` (upload_to is given only its name)."""
    return getattr(instance, field).file


def document_extension(file) -> str:
    """'pdf' or 'docx' as the content shows; 'bin' for anything that did not pass the check.

    A form has checked the file already and left the kind on it; a file saved another way
    (the admin, a script) is checked here.
    """
    kind = getattr(file, "checked_kind", None)
    if kind is None:
        try:
            kind = checked_kind(file, ("pdf", "docx"))
        except ValidationError:
            kind = None
    return kind or "bin"


def photo_extension(file) -> str:
    """'jpg', 'png' or 'webp' from the format Pillow finds in the content; 'bin' otherwise."""
    image = getattr(file, "image", None)  # forms.ImageField leaves the opened image here
    found = getattr(image, "format", None)
    if found is None:
        from PIL import Image

        try:
            file.seek(0)
            with Image.open(file) as opened:
                found = opened.format
        except Exception:  # Pillow raises many types for a file that is not an image
            found = None
        finally:
            file.seek(0)
    return PHOTO_EXTENSIONS.get(found, "bin")


def stored_document_name(folder: str, instance, field: str) -> str:
    """A random name in the folder with the extension of the document's checked kind."""
    return f"{folder}/{uuid.uuid4().hex}.{document_extension(_pending_file(instance, field))}"


def stored_photo_name(folder: str, instance, field: str, stem: str | None = None) -> str:
    """A name in the folder (random unless a stem is given) with the extension of the photo's format."""
    return f"{folder}/{stem or uuid.uuid4().hex}.{photo_extension(_pending_file(instance, field))}"
