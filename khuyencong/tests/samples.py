"""Small real files for upload tests, written by the libraries and the format that read them.

A PDF that only starts with `%PDF-`, or a zip that only holds word/document.xml, is refused
(khuyencong/uploads.py); tests that upload a document need one that opens.
"""

from __future__ import annotations

import io
import zipfile

DOCX_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{DOCX_MAIN_TYPE}"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
)


def pdf_bytes(pages: int = 1) -> bytes:
    """A real PDF of blank A4 pages, written by pypdf."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes(text: str = "Quyết định", parts: dict[str, str] | None = None) -> bytes:
    """The smallest Word file Word opens: the content types, the package relationships, the body.

    `parts` replaces or adds parts (a value of None leaves the part out).
    """
    members = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS}
    members["word/document.xml"] = DOCUMENT.format(text=text)
    members.update(parts or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if content is not None:
                archive.writestr(name, content)
    return buffer.getvalue()


def image_bytes(format: str = "PNG") -> bytes:
    """A small real image in a format Pillow writes (PNG, JPEG, WEBP)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(buffer, format=format)
    return buffer.getvalue()


def named(content: bytes, name: str) -> io.BytesIO:
    """An in-memory file with the name the client sends, as the test client uploads it."""
    file = io.BytesIO(content)
    file.name = name
    return file
