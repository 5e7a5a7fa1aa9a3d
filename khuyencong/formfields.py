"""Form fields for the way people here type money, counts and dates."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import lazy
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .converters import FIRST_YEAR, LAST_YEAR
from .vnformat import AmountError, dong, parse_dong

# No example day: a past one reads like a deadline already gone, and 30/09/2015 was a seed figure.
_day_hint = _("A day written as dd/mm/yyyy: day, month, year")

# No amount of this programme comes near a million billion đồng (the whole state budget is about
# two); past it a typing slip is more likely than money, and sums of such amounts would no longer
# fit the bigint columns or the 28 digits Decimal formats with.
MAX_DONG = 10**15


# Why a typed amount was not read (vnformat.AmountError's codes), each with an example of what is.
AMOUNT_MESSAGES = {
    "invalid": _("“%(value)s” is not an amount of money. Type it as 150.000.000, 150000000 or 150 triệu."),
    "fraction": _(
        "“%(value)s” has a decimal part, but the đồng has no smaller unit. Type whole đồng "
        "(125.500.000) or add triệu or tỷ (125,5 triệu)."
    ),
    "not_whole": _(
        "“%(value)s” does not come to whole đồng. Type fewer decimals (1,25 triệu) or the đồng in full "
        "(1.234.567)."
    ),
    "ambiguous": _(
        "“%(value)s” can be read as %(one)s đồng or as %(other)s đồng. Type it without the dot or comma "
        "(1500 triệu) or with a decimal comma and fewer digits (1,5 triệu)."
    ),
    "no_unit": _(
        "“%(value)s” ends with a number without its unit: type 1 tỷ 200 triệu rather than 1 tỷ 200, "
        "or the đồng in full (1.200.000.000)."
    ),
}


class DongField(forms.CharField):
    """Whole đồng as people type them: "125.500.000", "125500000", "125,5 triệu", "1 tỷ 200 triệu".

    The one form field for money (vnformat.parse_dong reads it): a bound form that fails shows the
    text as typed, and an amount from the record shows grouped ("150.000.000").
    """

    def __init__(self, *args, min_value: int = 0, max_value: int = MAX_DONG, **kwargs):
        self.min_value = min_value
        self.max_value = max_value
        # A model field passes its own help text, often empty: say then how money may be typed.
        if not kwargs.get("help_text"):
            kwargs["help_text"] = _("In đồng, e.g. 125.500.000 or 125,5 triệu")
        super().__init__(*args, **kwargs)
        # Letters must stay typeable ("150 triệu"), so no numeric keypad; and no browser spelling marks.
        self.widget.attrs.setdefault("autocomplete", "off")
        self.widget.attrs.setdefault("spellcheck", "false")

    def prepare_value(self, value):
        return dong(value) if isinstance(value, int) and not isinstance(value, bool) else value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            amount = parse_dong(text)
        except AmountError as error:
            params = {"value": Truncator(text).chars(40)}
            if error.code == "ambiguous":
                params.update(one=dong(error.readings[0]), other=dong(error.readings[1]))
            raise ValidationError(AMOUNT_MESSAGES[error.code], code=error.code, params=params) from None
        if amount < self.min_value:
            raise ValidationError(
                _("The amount must be at least %(min)s đồng."), params={"min": dong(self.min_value)}
            )
        if amount > self.max_value:
            raise ValidationError(
                _("The amount must be at most %(max)s đồng."), params={"max": dong(self.max_value)}
            )
        return amount


_BARE_NUMBER = re.compile(r"^[\d\s.,]+$")


# A bare number in the Vietnamese way: "." groups thousands, "," is the decimal mark ("2.450,5", "1,5").
_VN_NUMBER = re.compile(r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")


class TrieuField(DongField):
    """Money asked in triệu đồng, on the establishment's pages: "150", "1,5", "2.450", "1 tỷ 2".

    The rule for a bare number (no unit word), in this order:
    1. if it reads as a million đồng or more written in full ("150.000.000", "150000000"), it is
       that many đồng: someone typed the whole amount;
    2. else it is read in triệu, as the label asks, the Vietnamese way: "." groups thousands and ","
       is the decimal mark, so "2.450" is two thousand four hundred and fifty triệu, "1,5" one and a
       half triệu, "2.450,5" 2450,5 triệu (and "2,450" is 2,45 triệu: a comma is never a grouping
       here);
    3. else, a "." that cannot group thousands ("12.5", "1.25") is a decimal point: 12,5 triệu.
    Anything typed with its unit reads as in every DongField. An amount from the record shows in triệu
    the Vietnamese way ("2.450", "12,5") and reads back to itself below a million triệu (10^12 đồng),
    past which rule 1 takes the shown text for đồng.
    """

    BARE_NUMBER_UNIT = 10**6

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("In triệu đồng, e.g. 250 or 12,5"))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            from .vnformat import millions

            return millions(value, places=6)
        return value

    def to_python(self, value):
        text = (value or "").strip() if isinstance(value, str) else value
        if isinstance(text, str) and text and _BARE_NUMBER.match(text):
            try:
                as_dong = super().to_python(text)
            except ValidationError:
                as_dong = None
            if as_dong is not None and as_dong >= self.BARE_NUMBER_UNIT:
                return as_dong
            if _VN_NUMBER.fullmatch(text):
                in_dong = Decimal(text.replace(".", "").replace(",", ".")) * self.BARE_NUMBER_UNIT
                if in_dong == in_dong.to_integral_value():
                    return super().to_python(str(int(in_dong)))
            return super().to_python(f"{text} triệu")
        return super().to_python(value)


# A count grouped by thousands the way it is typed here (12.000) or elsewhere (12,000 or 12 000).
GROUPED_COUNT = re.compile(r"\d{1,3}(?:([.,\u00a0 ])\d{3})(?:\1\d{3})*")


class CountField(forms.IntegerField):
    """A whole number as people type it: "12000", "12.000" (twelve thousand, not twelve), "12 000".

    Django's IntegerField reads "12.000" as 12 — a decimal point followed by zeros — which is how a
    Vietnamese user writes twelve thousand. A decimal ("12,5") is refused, not rounded.
    """

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        # No count here reaches 30 characters; past that int() of a huge string is slow, then refused.
        if len(text) <= 30:
            if text.isdigit() and text.isascii():
                return int(text)
            if GROUPED_COUNT.fullmatch(text):
                return int(re.sub(r"\D", "", text))
        raise ValidationError(
            _("“%(value)s” is not a whole number. Type it as 12000 or 12.000."),
            code="invalid",
            params={"value": Truncator(text).chars(20)},
        )

    @classmethod
    def replacing(cls, field: forms.IntegerField) -> CountField:
        """The same field (label, limits, initial, validators) reading counts as typed here."""
        kept = [v for v in field.validators if not isinstance(v, MinValueValidator | MaxValueValidator)]
        return cls(
            required=field.required,
            label=field.label,
            initial=field.initial,
            help_text=field.help_text,
            disabled=field.disabled,
            min_value=field.min_value,
            max_value=field.max_value,
            validators=kept,
            localize=field.localize,
        )


# What a day may be typed as. dd/mm/yyyy is how people here write it; yyyy-mm-dd is what other
# systems and older links send; eight digits because a phone's numeric keypad has no "/".
DAY_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d%m%Y"]
# Browsers compile `pattern` with the v flag, in which "/" and "-" in a class must be escaped.
DAY_PATTERN = r"\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{4}|\d{4}-\d{1,2}-\d{1,2}|\d{8}"


class DayInput(forms.DateInput):
    """A text box that reads and shows dd/mm/yyyy whatever the browser's language.

    A native `<input type=date>` shows the day in the browser's own order (mm/dd/yyyy in an
    English Chrome), so an officer reading 03/09 cannot tell March from September.
    """

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "pattern": DAY_PATTERN,
            "autocomplete": "off",
            "maxlength": "10",
            "title": _day_hint,
        }
        super().__init__({**defaults, **(attrs or {})}, format="%d/%m/%Y")


FIRST_DAY, LAST_DAY = datetime.date(FIRST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31)


def _day_range_message() -> str:
    return _("Enter a day between %(first)s and %(last)s.") % {
        "first": FIRST_DAY.strftime("%d/%m/%Y"),
        "last": LAST_DAY.strftime("%d/%m/%Y"),
    }


def bound_day(field: forms.DateField) -> forms.DateField:
    """Make any date field a day field: dd/mm/yyyy typed and shown, and days outside 1900–2100
    refused (nothing here happens then, and sums of days past 9999 would fail)."""
    message = lazy(_day_range_message, str)()
    field.validators = [
        *field.validators,
        MinValueValidator(FIRST_DAY, message=message),
        MaxValueValidator(LAST_DAY, message=message),
    ]
    field.input_formats = DAY_FORMATS
    if not isinstance(field.widget, DayInput):
        attrs = {k: v for k, v in field.widget.attrs.items() if k not in ("type", "min", "max")}
        field.widget = DayInput(attrs)
    return field


class DayField(forms.DateField):
    widget = DayInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", DAY_FORMATS)
        super().__init__(*args, **kwargs)
        bound_day(self)
