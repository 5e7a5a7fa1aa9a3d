"""A type-ahead choice of one establishment, in the user's scope (the unit picker's script and markup).

A province holds ten thousand establishments or more: a select listing them all would weigh
megabytes on a phone, so the form field renders a search box and validates the chosen id
against the scope it was given.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khuyencong.geo.picker import FewChoicesAsList, ScopedChoiceField
from khuyencong.ids import record_id

from .models import Establishment


class EstablishmentPickerWidget(FewChoicesAsList, forms.Widget):
    search_template_name = "geo/unit_picker.html"
    # "edit": establishments the user may apply for; "read": those the user may see.
    scope = "edit"

    def choice_label(self, establishment) -> str:
        return label(establishment)

    def listed_choices(self, value):
        if self.allowed is not None:
            self.allowed = self.allowed.select_related("current_commune").order_by("name_key", "pk")
        return super().listed_choices(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self._listed is not None:
            return context
        # When a form is shown again with its errors, the value is whatever was posted.
        pk = record_id(value)
        chosen = Establishment.objects.select_related("current_commune").filter(pk=pk).first() if pk else None
        context["widget"].update(
            unit=chosen,
            label=label(chosen) if chosen else "",
            search_url=f"{reverse('registry:establishment_pick')}?scope={self.scope}",
            placeholder=_("Type a name or tax code, e.g. may tre phu ung"),
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class EstablishmentMultiPickerWidget(EstablishmentPickerWidget):
    """Several establishments: each chosen one a removable chip carrying a hidden input."""

    template_name = "registry/establishment_multi_picker.html"
    allowed = None  # chips and search whatever the number (a list would need a multiple select)

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        ids = [pk for pk in map(record_id, value or []) if pk is not None]
        chosen = (
            Establishment.objects.select_related("current_commune").filter(pk__in=ids).order_by("name_key")
        )
        context["widget"].update(
            chosen=[(e.pk, label(e)) for e in chosen],
            search_url=f"{reverse('registry:establishment_pick')}?scope={self.scope}",
            placeholder=_("Type a name or tax code to add, e.g. may tre phu ung"),
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def format_value(self, value):
        return [getattr(v, "pk", v) for v in value or []]


class EstablishmentReadMultiPickerWidget(EstablishmentMultiPickerWidget):
    scope = "read"


class EstablishmentChoiceField(ScopedChoiceField):
    widget = EstablishmentPickerWidget
    default_error_messages = {
        "invalid_choice": _("Choose an establishment from the list: type its name and pick it."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Establishment.objects.none())
        super().__init__(**kwargs)


def label(establishment: Establishment) -> str:
    place = establishment.current_commune.name if establishment.current_commune_id else ""
    return f"{establishment.name} — {place}" if place else establishment.name


class EstablishmentMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Establishments chosen in the picker, validated against the queryset the form was given."""

    widget = EstablishmentMultiPickerWidget
    # A bound on what a hostile form may ask the database to check in one IN (...).
    max_choices = 500
    default_error_messages = {
        "invalid_choice": _("Choose establishments from the list: type a name and pick it."),
        "invalid_pk_value": _("Choose establishments from the list: type a name and pick it."),
        "too_many": _(
            "At most %(limit)s establishments can be named here; use “chosen later” for a larger group."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Establishment.objects.none())
        super().__init__(**kwargs)

    def clean(self, value):
        if value and len(value) > self.max_choices:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": self.max_choices}
            )
        return super().clean(value)
