"""Report periods: parsing, labels as the seed writes them, and the same period of the previous year."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from khuyencong.reports.periods import FIRST_YEAR, KINDS, LAST_YEAR, MONTHS, Period

years = st.integers(FIRST_YEAR + 1, LAST_YEAR)
standard = st.sampled_from(sorted(MONTHS))
days = st.dates(datetime.date(FIRST_YEAR + 1, 1, 1), datetime.date(LAST_YEAR, 12, 31))


@given(standard, years)
def test_a_standard_period_read_back_from_its_dates_is_the_same(kind, year):
    period = Period.parse(kind, year)
    assert period.start.year == period.end.year == period.year == year
    assert period.start.day == 1 and (period.end + datetime.timedelta(days=1)).day == 1
    assert Period.between(period.start, period.end) == period
    previous = period.previous()
    assert (previous.kind, previous.year) == (kind, year - 1)
    assert previous == Period.parse(kind, year - 1)


@given(days, st.integers(0, 400))
def test_dates_within_a_year_make_a_period_and_its_previous_one_a_year_before(start, length):
    end = min(start + datetime.timedelta(days=length), datetime.date(start.year, 12, 31))
    period = Period.between(start, end)
    assert period.kind in KINDS and (period.start, period.end) == (start, end)
    previous = period.previous()
    assert previous.start <= previous.end and previous.year == period.year - 1
    if period.kind == "custom":
        # The same days a year before; 29 February becomes the 28th, never 1 March.
        for now, then in ((period.start, previous.start), (period.end, previous.end)):
            assert (then.month, then.day) == (
                (2, 28) if (now.month, now.day) == (2, 29) else (now.month, now.day)
            )


def test_29_february_a_year_before_is_the_28th():
    period = Period.between(datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    assert period.kind == "custom"
    assert period.previous() == Period(datetime.date(2023, 2, 1), datetime.date(2023, 2, 28), "custom")
    leap_quarter = Period.parse("q1", 2025).previous()
    assert leap_quarter.end == datetime.date(2024, 3, 31)


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (Period.parse("m9", 2015), "First 9 months of 2015"),
        (Period.parse("q3", 2015), "Quarter III of 2015"),
        (Period.parse("q4", 2015), "Quarter IV of 2015"),
        (Period.parse("h1", 2015), "First 6 months of 2015"),
        (Period.parse("year", 2015), "Year 2015"),
        (
            Period.between(datetime.date(2015, 2, 1), datetime.date(2015, 3, 15)),
            "From 01/02/2015 to 15/03/2015",
        ),
    ],
)
def test_labels_say_the_period_as_the_seed_does(period, label):
    # English here: the Vietnamese ("9 tháng đầu năm 2015", "Quý III năm 2015") is the catalogue's.
    with translation.override("en"):
        assert period.label == label
        assert period.as_dict()["label"] == label


@given(years, standard)
def test_every_label_names_its_year(year, kind):
    with translation.override("en"):
        assert str(year) in Period.parse(kind, year).label


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        (datetime.date(2015, 9, 30), datetime.date(2015, 1, 1), "30/09/2015"),
        (datetime.date(2014, 10, 1), datetime.date(2015, 3, 31), "01/10/2014"),
        (datetime.date(1999, 1, 1), datetime.date(1999, 3, 31), "1999"),
        (datetime.date(2101, 1, 1), datetime.date(2101, 3, 31), "2101"),
    ],
)
def test_periods_that_cannot_be_reported_are_refused_saying_why(start, end, said):
    with pytest.raises(ValidationError) as refused:
        Period.between(start, end)
    assert said in " ".join(refused.value.messages)


def test_unknown_kinds_and_absurd_years_are_refused():
    with pytest.raises(ValidationError):
        Period.parse("q5", 2015)
    with pytest.raises(ValidationError):
        Period.parse("custom", 2015)  # a custom period needs its dates: Period.between
    with pytest.raises(ValidationError):
        Period.parse("year", 20150)
