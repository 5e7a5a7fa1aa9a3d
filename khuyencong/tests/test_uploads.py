"""The content checks of uploaded files (khuyencong/uploads.py), without HTTP.

The bounded-zip check is fuzzed: random members, sizes, compression and names against
small limits, accepted exactly when every limit holds and the parts Word or Excel needs exist.
"""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from khuyencong.tests.samples import DOCX_MAIN_TYPE, docx_bytes, named, pdf_bytes
from khuyencong.uploads import OFFICE_KINDS, ZipLimits, check_document, check_office_zip, checked_kind

LIMITS = ZipLimits(members=6, unzipped_bytes=12_000, ratio=5, ratio_from_bytes=1_500)
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def content_types(declared: str | None, padding: int) -> bytes:
    """[Content_Types].xml declaring the given main part (or none), padded with a comment."""
    override = ""
    if declared:
        kind = next(k for k, office in OFFICE_KINDS.items() if office.main_part == declared)
        override = f'<Override PartName="/{declared}" ContentType="{OFFICE_KINDS[kind].main_type}"/>'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT_NS}">'
        f'<Default Extension="xml" ContentType="application/xml"/>{override}</Types><!--{"0" * padding}-->'
    ).encode()


def filler(size: int, texture: str, seed: int) -> bytes:
    """Bytes that compress a lot (zeros), not at all (noise), or half and half."""
    noise = random.Random(seed).randbytes(size)
    if texture == "zeros":
        return bytes(size)
    if texture == "noise":
        return noise
    return noise[: size // 2] + bytes(size - size // 2)


# Parts besides the three Word or Excel needs, one of them the other kind's main part.
EXTRA_NAMES = [
    "word/document.xml",
    "xl/workbook.xml",
    "word/styles.xml",
    "docProps/app.xml",
    "word/media/image1.png",
    "payload.exe",
]
# A member's unpacked size and how well it compresses.
part = st.tuples(st.integers(0, 4_000), st.sampled_from(["zeros", "noise", "half"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(["docx", "xlsx"]),
    required=st.fixed_dictionaries({"[Content_Types].xml": part, "_rels/.rels": part, "main": part}),
    # Mostly complete files, so that the limits decide; sometimes a needed part left out.
    missing=st.sampled_from([None, None, None, "[Content_Types].xml", "_rels/.rels", "main"]),
    declared=st.sampled_from(["main", "main", "main", "other", None]),
    extras=st.dictionaries(st.sampled_from(EXTRA_NAMES), part, max_size=4),
)
def test_office_zip_is_accepted_exactly_within_every_limit_with_its_parts(
    kind, required, missing, declared, extras
):
    main_part = OFFICE_KINDS[kind].main_part
    other_part = next(office.main_part for k, office in OFFICE_KINDS.items() if k != kind)
    declared_part = {"main": main_part, "other": other_part, None: None}[declared]
    parts = {
        main_part if name == "main" else name: spec for name, spec in required.items() if name != missing
    }
    parts.update({name: spec for name, spec in extras.items() if name not in parts and name != main_part})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, (size, texture)) in enumerate(parts.items()):
            if name == "[Content_Types].xml":
                data = content_types(declared_part, size)
            else:
                data = filler(size, texture, index)
            archive.writestr(name, data)
    infos = zipfile.ZipFile(io.BytesIO(buffer.getvalue())).infolist()
    names = {info.filename for info in infos}
    expected = (
        len(infos) <= LIMITS.members
        and sum(info.file_size for info in infos) <= LIMITS.unzipped_bytes
        and all(
            info.file_size <= LIMITS.ratio_from_bytes or info.file_size / info.compress_size <= LIMITS.ratio
            for info in infos
        )
        and {"[Content_Types].xml", "_rels/.rels", main_part} <= names
        and declared_part == main_part
    )
    try:
        found, _members = check_office_zip(buffer, (kind,), name="x", limits=LIMITS)
    except ValidationError as refused:
        accepted = False
        event(f"refused: {refused.code}")
    else:
        event("accepted")
        accepted = True
        assert found == kind
    assert accepted == expected


def test_the_member_count_is_refused_from_the_end_record_before_the_directory_is_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(8):
            archive.writestr(f"part{index}.xml", b"")
    with pytest.raises(ValidationError) as refused:
        check_office_zip(buffer, ("docx",), name="nhieu.docx", limits=LIMITS)
    assert refused.value.code == "too_many_members"
    assert "nhieu.docx" in refused.value.messages[0] and "8" in refused.value.messages[0]


def test_a_pdf_must_open_with_a_page_not_just_start_like_one():
    with pytest.raises(ValidationError) as refused:
        checked_kind(named(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "gia.pdf"), ("pdf", "docx"))
    assert refused.value.code == "not_pdf" and "gia.pdf" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        checked_kind(named(b"%PDF-1.7\n<script>alert(1)</script>", "x.pdf.html"), ("pdf",))
    assert checked_kind(named(pdf_bytes(), "x.exe"), ("pdf", "docx")) == "pdf"


def test_a_docx_needs_its_content_types_declaring_the_document_and_the_package_relationships():
    assert checked_kind(named(docx_bytes(), "qd.docx"), ("pdf", "docx")) == "docx"
    for parts, code in [
        ({"[Content_Types].xml": None}, "missing_part"),
        ({"_rels/.rels": None}, "missing_part"),
        ({"[Content_Types].xml": f'<Types xmlns="{CT_NS}"/>'}, "undeclared"),
        # A DTD in [Content_Types].xml (entity expansion) is not something Word writes.
        (
            {
                "[Content_Types].xml": '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]>'
                f'<Types xmlns="{CT_NS}"><Override PartName="/word/document.xml" '
                f'ContentType="{DOCX_MAIN_TYPE}"/></Types>'
            },
            "undeclared",
        ),
    ]:
        with pytest.raises(ValidationError) as refused:
            checked_kind(named(docx_bytes(parts=parts), "qd.docx"), ("pdf", "docx"))
        assert refused.value.code == code, parts
        assert "qd.docx" in refused.value.messages[0]


def test_check_document_keeps_the_checked_kind_for_the_stored_name():
    upload = named(docx_bytes(), "x.pdf.html")
    upload.size = len(upload.getvalue())
    assert check_document(upload).checked_kind == "docx"
