"""HTTP responses that hand the user a generated file."""

from django.http import HttpResponse
from django.utils import timezone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, stem: str) -> HttpResponse:
    """An xlsx download named after its content and today's date, e.g. co-so-cnnt-20261128.xlsx."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response
