"""Vietnamese mobile numbers read the same way at sign-up and at sign-in (khuyencong/phones.py),
and shown grouped as people write them (vnformat.phone)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from khuyencong.phones import normalise_phone, phone_or_none
from khuyencong.vnformat import phone

subscriber = st.tuples(st.sampled_from("35789"), st.text("0123456789", min_size=8, max_size=8)).map(
    lambda t: t[0] + t[1]
)
separators = st.sampled_from(["", " ", ".", "-", "  "])
prefixes = st.sampled_from(["0", "+84", "84", "0084", "+84 ", "+840", "(+84) "])


def spaced(digits: str, sep: str) -> str:
    return sep.join([digits[:3], digits[3:6], digits[6:]])


@given(subscriber, separators, prefixes)
def test_a_mobile_number_written_any_usual_way_becomes_ten_digits(number, sep, prefix):
    assert normalise_phone(prefix + spaced(number, sep)) == "0" + number
    assert normalise_phone(f" {prefix}{spaced(number, sep)}\u00a0") == "0" + number
    assert phone_or_none(prefix + spaced(number, sep)) == "0" + number


@given(st.text(max_size=30))
def test_anything_typed_is_either_a_ten_digit_mobile_or_a_clear_refusal(text):
    try:
        value = normalise_phone(text)
    except ValidationError as error:
        assert error.code == "phone"
        assert phone_or_none(text) is None
    else:
        assert re.fullmatch(r"0[35789][0-9]{8}", value)


@pytest.mark.parametrize(
    "text",
    [
        "0123 456 789",
        "0212345678",
        "091234567",
        "09123456789",
        "+85 912 345 678",
        "0912 345 67a",
        "",
        "đt 0912",
    ],
)
def test_what_is_not_a_vietnamese_mobile_is_refused(text):
    with pytest.raises(ValidationError):
        normalise_phone(text)


@given(subscriber, separators, prefixes)
def test_a_mobile_number_is_shown_in_groups_of_four_three_three(number, sep, prefix):
    shown = phone(normalise_phone(prefix + spaced(number, sep)))
    assert shown == f"0{number[:3]} {number[3:6]} {number[6:]}"
    assert normalise_phone(shown) == "0" + number


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("0912345678", "0912 345 678"),
        ("0912.345.678", "0912 345 678"),
        ("02439876543", "024 3987 6543"),
        ("", ""),
        (None, ""),
        ("1900 1234", "1900 1234"),
    ],
)
def test_how_phone_numbers_are_shown(stored, shown):
    assert phone(stored) == shown
