"""The type-ahead unit picker: a form field, its widget, and the ranking of matches."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

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
    if province.isdigit():
        # Today's province and the units of the former provinces merged into it.
        pk = int(province)
        qs = qs.filter(Q(province_id=pk) | Q(province__successions__successor_id=pk)).distinct()
    if not fold(query):
        return []
    return rank_units(list(qs.matching(query)[:400]), query)[:limit]


class UnitPickerWidget(forms.Widget):
    template_name = "geo/unit_picker.html"

    def __init__(self, level: str = "commune", generation: str = "", attrs=None):
        super().__init__(attrs)
        self.level = level
        self.generation = generation
        # Set by forms for users who work in one province: the search offers that province first.
        self.province: int | None = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        unit = None
        if value not in (None, ""):
            unit = AdminUnit.objects.select_related("parent__parent").filter(pk=value).first()
        params = {"level": self.level}
        if self.generation:
            params["generation"] = self.generation
        if self.province:
            params["province"] = self.province
        context["widget"].update(
            unit=unit,
            label=unit.label() if unit else "",
            search_url=f"{reverse('geo:units')}?{urlencode(params)}",
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
