"""HTTP responses that hand the user a file, named in Vietnamese.

A download is named after what it holds, the place and the day — "Cơ sở CNNT - Tỉnh Hưng Yên -
28-11-2026.xlsx" — in the header's `filename*` (UTF-8, RFC 6266 and RFC 5987), with an ASCII
`filename` beside it ("Co-so-CNNT-Tinh-Hung-Yen-28-11-2026.xlsx") for the rare client that reads
only that. Every download and export view goes through `attachment()`.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.exporting import CSV, XLSX, Table, render

CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
}
# What no file system or browser takes in a file name, and control characters.
NOT_IN_NAMES = re.compile(r'[\x00-\x1f\x7f\\/:*?"<>|]+')


def safe_name(name: str) -> str:
    """The name with what a file name cannot hold turned into "-", never empty."""
    name = NOT_IN_NAMES.sub("-", unicodedata.normalize("NFC", name)).strip(" .-")
    return name[:150] or "tep"


def ascii_name(name: str) -> str:
    """The ASCII fallback: letters without their marks, đ as d, other characters as "-"."""
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    folded = folded.encode("ascii", "ignore").decode()
    stem, dot, extension = folded.rpartition(".")
    if not dot:
        stem, extension = folded, ""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-") or "tep"
    return f"{stem}.{extension}" if extension else stem


def attachment(response: HttpResponse, name: str) -> HttpResponse:
    name = safe_name(name)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    return response


def dated_name(what: str, place: str, file_type: str) -> str:
    """ "Cơ sở CNNT - Tỉnh Hưng Yên - 28-11-2026.xlsx": what, where, the day it was made."""
    parts = [what, place, f"{timezone.localdate():%d-%m-%Y}"]
    return f"{' - '.join(part for part in parts if part)}.{file_type}"


def table_response(table: Table, what: str, file_type: str = XLSX, place: str = "") -> HttpResponse:
    """The table in the file type the URL asked for: the one place an export view picks a format."""
    if file_type not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(render(table, file_type), content_type=CONTENT_TYPES[file_type])
    return attachment(response, dated_name(what, place, file_type))


def file_response(field_file, name: str) -> FileResponse:
    """A stored file (kept under a random name) handed out under a readable one, its extension kept."""
    extension = field_file.name.rsplit(".", 1)[-1] if "." in field_file.name.rsplit("/", 1)[-1] else ""
    response = FileResponse(field_file.open("rb"), as_attachment=True)
    return attachment(response, f"{name}.{extension}" if extension else name)


def place_name(user, capability) -> str:
    """Where an export's rows come from, for its file name: the user's one province, else the country."""
    from khuyencong.accounts.scopes import Scope
    from khuyencong.geo.models import AdminUnit

    scope = Scope.of(user)
    if scope.is_national(capability):
        return _("Whole country")
    province_id = scope.home_province_id(capability)
    if province_id is None:
        return ""
    return AdminUnit.objects.filter(pk=province_id).values_list("name", flat=True).first() or ""
