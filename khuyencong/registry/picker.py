"""A type-ahead choice of one establishment, in the user's scope (the unit picker's script and markup).

A province holds ten thousand establishments or more: a select listing them all would weigh
megabytes on a phone, so the form field renders a search box and validates the chosen id
against the scope it was given.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Establishment


class EstablishmentPickerWidget(forms.Widget):
    template_name = "geo/unit_picker.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = None
        if value not in (None, ""):
            chosen = Establishment.objects.select_related("current_commune").filter(pk=value).first()
        context["widget"].update(
            unit=chosen,
            label=label(chosen) if chosen else "",
            search_url=f"{reverse('registry:establishment_pick')}?scope=edit",
            placeholder=_("Type a name or tax code, e.g. may tre phu ung"),
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class EstablishmentChoiceField(forms.ModelChoiceField):
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
