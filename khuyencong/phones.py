"""Vietnamese mobile numbers: one way to read them, for sign-up and sign-in alike.

A household owner signs up with the number as they write it ("0912 345 678", "+84 912 345 678") and
must be able to sign in typing it the same way, or any other way sign-up accepts
(docs/self-service.md, "Sign-up and claim"). Core module: the portal and the accounts app both use it.
The display ("0912 345 678") is `vnformat.phone`.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from khuyencong.vntext import clean

# What people type between digits: spaces, dots, dashes, brackets.
_PHONE_JUNK = re.compile(r"[\s.\-()/]")
# A Vietnamese mobile number today: ten digits, 03x, 05x, 07x, 08x or 09x (the 11-digit numbers
# were moved to these prefixes in 2018).
MOBILE = re.compile(r"0[35789][0-9]{8}")


def normalise_phone(text: object) -> str:
    """A Vietnamese mobile number as 0XXXXXXXXX, from the ways people write it
    ("0912 345 678", "+84912345678", "84-912-345-678", "0912.345.678"); ValidationError otherwise."""
    value = _PHONE_JUNK.sub("", clean(text))
    for prefix in ("+84", "0084", "84"):
        if value.startswith(prefix) and len(value) > 10:
            value = value[len(prefix) :]
            # "+84 0912 …": the trunk zero written after the country code as well.
            value = value if value.startswith("0") else "0" + value
            break
    if not MOBILE.fullmatch(value):
        raise ValidationError(
            _(
                "This is not a Vietnamese mobile number. Write the 10 digits starting with 0, "
                "for example 0912 345 678."
            ),
            code="phone",
        )
    return value


def phone_or_none(text: object) -> str | None:
    """The number as 0XXXXXXXXX when the text is a mobile number written any accepted way, else None."""
    try:
        return normalise_phone(text)
    except ValidationError:
        return None
