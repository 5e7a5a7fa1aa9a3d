"""The period a report covers: a quarter, the first six or nine months, a year, or any dates.

A Department reports on the year's plans from 1 January (docs/programme.md §2: "9 tháng đầu năm
2015"), so a period lies inside one calendar year: its year is the plan year it reports on, and the
same period of the previous year is the comparison a report's change is made on. Dates that make a
standard period (1/1–30/9) are read as it, so the command's `--from`/`--to` get the standard label.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from khuyencong.vnformat import roman

# Plans are made for 2000–2100 (plans.Plan.year's validators); a report outside cannot have one.
FIRST_YEAR, LAST_YEAR = 2000, 2100
KINDS = ("q1", "q2", "q3", "q4", "h1", "m9", "year", "custom")
# The standard kinds and the months they cover: (first month, last month).
MONTHS = {
    "q1": (1, 3),
    "q2": (4, 6),
    "q3": (7, 9),
    "q4": (10, 12),
    "h1": (1, 6),
    "m9": (1, 9),
    "year": (1, 12),
}


def _last_day(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def year_before(day: datetime.date) -> datetime.date:
    """The same day a year earlier; 29 February gives 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    start: datetime.date  # "from" in the JSON
    end: datetime.date  # "to" in the JSON, the day the figures stand on ("as of")
    kind: str

    @classmethod
    def parse(cls, kind: str, year: int) -> Period:
        """A standard period of a year: q1…q4, h1 (6 months), m9 (9 months), year."""
        if kind not in MONTHS:
            raise ValidationError(
                _("“%(kind)s” is not a kind of period: use one of %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(MONTHS)}
            )
        cls._check_year(year)
        first, last = MONTHS[kind]
        return cls(datetime.date(year, first, 1), _last_day(year, last), kind)

    @classmethod
    def between(cls, start: datetime.date, end: datetime.date) -> Period:
        """The period from `start` to `end`, both included; a standard one when the dates make it."""
        cls._check_year(start.year)
        cls._check_year(end.year)
        if end < start:
            raise ValidationError(
                _("The period ends on %(end)s, before it starts on %(start)s.")
                % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
            )
        if start.year != end.year:
            raise ValidationError(
                _(
                    "A period lies within one year (the plans are yearly): %(start)s and %(end)s "
                    "are in different years."
                )
                % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
            )
        for kind, (first, last) in MONTHS.items():
            if start == datetime.date(start.year, first, 1) and end == _last_day(start.year, last):
                return cls(start, end, kind)
        return cls(start, end, "custom")

    @staticmethod
    def _check_year(year: int) -> None:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError(
                _("The year %(year)s is outside %(first)s–%(last)s, the years plans are made for.")
                % {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
            )

    @property
    def year(self) -> int:
        """The plan year the period reports on."""
        return self.end.year

    @property
    def label(self) -> str:
        """As the report's title writes it: "9 tháng đầu năm 2015", "Quý III năm 2015"."""
        year = str(self.year)
        if self.kind in ("q1", "q2", "q3", "q4"):
            return _("Quarter %(number)s of %(year)s") % {"number": roman(int(self.kind[1])), "year": year}
        if self.kind == "h1":
            return _("First 6 months of %(year)s") % {"year": year}
        if self.kind == "m9":
            return _("First 9 months of %(year)s") % {"year": year}
        if self.kind == "year":
            return _("Year %(year)s") % {"year": year}
        return _("From %(start)s to %(end)s") % {
            "start": f"{self.start:%d/%m/%Y}",
            "end": f"{self.end:%d/%m/%Y}",
        }

    def previous(self) -> Period:
        """The same period of the previous year (a standard one stays standard: Q1 2016 ends 31/3/2015)."""
        if self.kind in MONTHS:
            first, last = MONTHS[self.kind]
            return Period(datetime.date(self.year - 1, first, 1), _last_day(self.year - 1, last), self.kind)
        return Period(year_before(self.start), year_before(self.end), "custom")

    def as_dict(self) -> dict:
        previous = self.previous()
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "from_display": f"{self.start:%d/%m/%Y}",
            "to_display": f"{self.end:%d/%m/%Y}",
            "kind": self.kind,
            "label": self.label,
            "year": self.year,
            "previous_from": previous.start.isoformat(),
            "previous_to": previous.end.isoformat(),
            "previous_label": previous.label,
        }
