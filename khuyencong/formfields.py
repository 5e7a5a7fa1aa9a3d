"""Form fields for the way people here type money and dates."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .converters import FIRST_YEAR, LAST_YEAR
from .vnformat import dong, parse_dong

_day_hint = _("A day as dd/mm/yyyy, e.g. 30/09/2015")

# No amount of this programme comes near a million billion đồng (the whole state budget is about
# two); past it a typing slip is more likely than money, and sums of such amounts would no longer
# fit the bigint columns or the 28 digits Decimal formats with.
MAX_DONG = 10**15


class DongField(forms.CharField):
    """Whole đồng typed with or without thousands separators: "125.500.000" → 125500000."""

    def __init__(self, *args, min_value: int = 0, max_value: int = MAX_DONG, **kwargs):
        self.min_value = min_value
        self.max_value = max_value
        kwargs.setdefault("help_text", _("In đồng, e.g. 125.500.000"))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def prepare_value(self, value):
        return dong(value) if isinstance(value, int) else value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            amount = parse_dong(text)
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not an amount in whole đồng (e.g. 125.500.000)."), params={"value": text}
            ) from None
        if amount < self.min_value:
            raise ValidationError(
                _("The amount must be at least %(min)s đồng."), params={"min": dong(self.min_value)}
            )
        if amount > self.max_value:
            raise ValidationError(
                _("The amount must be at most %(max)s đồng."), params={"max": dong(self.max_value)}
            )
        return amount


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
