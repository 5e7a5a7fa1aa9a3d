"""Form fields for the way people here type money and dates."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .vnformat import dong, parse_dong


class DongField(forms.CharField):
    """Whole đồng typed with or without thousands separators: "125.500.000" → 125500000."""

    def __init__(self, *args, min_value: int = 0, **kwargs):
        self.min_value = min_value
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
        return amount


class DayInput(forms.DateInput):
    """A native date picker (yyyy-mm-dd on the wire, the phone's own calendar on screen)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DayField(forms.DateField):
    widget = DayInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        super().__init__(*args, **kwargs)
