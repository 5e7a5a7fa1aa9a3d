"""URL converters that refuse what no view can use, so it ends in a 404 rather than a server error."""

import datetime

from django.urls import register_converter

# The years a plan, a project or a report can be about (a date cannot be built past 9999).
FIRST_YEAR, LAST_YEAR = 1900, 2100


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(value)
        return year

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


register_converter(YearConverter, "year")


class DayConverter:
    """A day written 2026-03-31; a day that does not exist is no URL (404, not a server error)."""

    regex = "[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> datetime.date:
        return datetime.date.fromisoformat(value)

    def to_url(self, value) -> str:
        return value.isoformat() if hasattr(value, "isoformat") else str(value)


register_converter(DayConverter, "day")
