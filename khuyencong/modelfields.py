"""Model fields whose form field is ours, wherever a form is built from the model (ModelForm, the
rules screens' `modelform_factory`, Django's admin)."""

from django import forms
from django.db import models

from .formfields import DongField as DongFormField


class DongAmountField(models.BigIntegerField):
    """Whole đồng, edited with formfields.DongField ("150.000.000", "150 triệu").

    A plain BigIntegerField's form field is Django's IntegerField in a number input, which reads
    "150.000" as 150: it strips a trailing ".000" as decimals. In the database and in migrations
    this is a BigIntegerField (`deconstruct`), so switching a column to it needs no migration.
    """

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.BigIntegerField", args, kwargs

    def formfield(self, **kwargs):
        widget = kwargs.get("widget")
        # The admin passes its number input for big integers; money is typed with dots and words.
        if isinstance(widget, forms.NumberInput) or (
            isinstance(widget, type) and issubclass(widget, forms.NumberInput)
        ):
            del kwargs["widget"]
        # Field.formfield, not IntegerField's: that one adds ±2**63 bounds where ours are 0..MAX_DONG.
        return models.Field.formfield(self, **{"form_class": DongFormField, **kwargs})
