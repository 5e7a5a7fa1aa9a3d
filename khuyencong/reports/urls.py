import datetime

from django.urls import path, register_converter

import khuyencong.converters  # noqa: F401  (registers <year:…>)

from .views import duties


class DayConverter:
    """A day written 2026-03-31; a day that does not exist is no URL (404, not a server error)."""

    regex = "[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> datetime.date:
        return datetime.date.fromisoformat(value)

    def to_url(self, value) -> str:
        return value.isoformat() if hasattr(value, "isoformat") else str(value)


register_converter(DayConverter, "day")

app_name = "reports"
urlpatterns = [
    path("duties/", duties.duty_index, name="duties"),
    path("duties/<int:province_pk>/<year:year>/", duties.duty_year, name="duty_year"),
    path("duties/<int:province_pk>/history/", duties.duty_history, name="duty_history"),
    path(
        "duties/<int:province_pk>/<slug:code>/<day:start>/<day:end>/<int:unit_pk>/sent/",
        duties.duty_send,
        name="duty_send",
    ),
]
