"""HTTP responses that hand the user a generated file."""

from django.http import Http404, HttpResponse
from django.utils import timezone

from khuyencong.exporting import CSV, XLSX, Table, render

CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
}


def _download(content: bytes, stem: str, file_type: str) -> HttpResponse:
    """A download named after its content and today's date, e.g. co-so-cnnt-20261128.xlsx."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_type])
    response["Content-Disposition"] = (
        f'attachment; filename="{stem}-{timezone.localdate():%Y%m%d}.{file_type}"'
    )
    return response


def xlsx_response(content: bytes, stem: str) -> HttpResponse:
    return _download(content, stem, XLSX)


def csv_response(content: bytes, stem: str) -> HttpResponse:
    return _download(content, stem, CSV)


def table_response(table: Table, stem: str, file_type: str = XLSX) -> HttpResponse:
    """The table in the file type the URL asked for: the one place an export view picks a format."""
    if file_type not in CONTENT_TYPES:
        raise Http404
    return _download(render(table, file_type), stem, file_type)
