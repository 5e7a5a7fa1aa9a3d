"""The type-ahead unit picker: a form field, its widget, and the ranking of matches."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from khuyencong.ids import record_id
from khuyencong.vntext import fold

from .models import AdminUnit


def rank_units(units, query: str) -> list[AdminUnit]:
    """Order candidates so that a unit whose own name holds the typed phrase comes first."""
    phrase = fold(query)
    words = phrase.split()

    def score(unit: AdminUnit) -> tuple:
        name = fold(unit.name)
        name_words = name.split()
        if phrase and phrase in name:
            first = 0 if name.endswith(phrase) else 1
        elif all(any(w.startswith(word) for w in name_words) for word in words):
            first = 2
        else:
            first = 3
        return (first, unit.generation != AdminUnit.Generation.CURRENT, len(unit.search_key), unit.name)

    return sorted(units, key=score)


def find_units(query: str, *, level: str = "", generation: str = "", province: str = "", limit: int = 15):
    qs = AdminUnit.objects.select_related("parent__parent")
    if level in AdminUnit.Level.values:
        qs = qs.filter(level=level)
    if generation in AdminUnit.Generation.values:
        qs = qs.filter(generation=generation)
    pk = record_id(province)
    if pk is not None:
        # The province itself, its units, and those of the former provinces merged into it.
        qs = qs.filter(Q(pk=pk) | Q(province_id=pk) | Q(province__successions__successor_id=pk)).distinct()
    if not fold(query):
        return []
    return rank_units(list(qs.matching(query)[:400]), query)[:limit]


def _unit_named_by(value) -> AdminUnit | None:
    """The unit a form value names, for showing its label; None for anything that is not an id.

    The value is what was posted when a form is shown again with its errors, so it may be any
    text; the field's own cleaning has already said it is not a choice."""
    pk = record_id(value)
    if pk is None:
        return None
    return AdminUnit.objects.select_related("parent__parent").filter(pk=pk).first()


class UnitPickerWidget(forms.Widget):
    template_name = "geo/unit_picker.html"

    def __init__(self, level: str = "commune", generation: str = "", attrs=None):
        super().__init__(attrs)
        self.level = level
        self.generation = generation
        # Set by forms for users who work in one province: the search offers that province first.
        self.province: int | None = None
        # The id of a select whose value ("province", "commune") narrows the search to that level.
        self.level_from: str = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        unit = _unit_named_by(value)
        params = {"level": self.level}
        if self.generation:
            params["generation"] = self.generation
        if self.province:
            params["province"] = self.province
        context["widget"].update(
            unit=unit,
            label=unit.label() if unit else "",
            search_url=f"{reverse('geo:units')}?{urlencode(params)}",
            level_from=self.level_from,
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class UnitChoiceField(forms.ModelChoiceField):
    """A choice of administrative unit through the type-ahead picker."""

    default_error_messages = {
        "invalid_choice": _(
            "This unit cannot be chosen here: type its name and pick one of the units in your scope from the list."
        ),
    }

    def __init__(self, level: str = "commune", generation: str = "", **kwargs):
        queryset = AdminUnit.objects.filter(level=level)
        if generation:
            queryset = queryset.filter(generation=generation)
        kwargs.setdefault("widget", UnitPickerWidget(level=level, generation=generation))
        super().__init__(queryset=queryset, **kwargs)


class UnitSelectField(forms.ModelChoiceField):
    """A plain select of units (a handful of provinces) labelled with their validity: a unit of
    before the 2025 reform reads "Tỉnh Hưng Yên (until 30/6/2025)", today's reads "Tỉnh Hưng Yên"."""

    def label_from_instance(self, obj: AdminUnit) -> str:
        return obj.label()
