"""The type-ahead unit picker: a form field, its widget, and the ranking of matches."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from khuyencong.ids import record_id
from khuyencong.vntext import fold, sort_key

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


# Up to this many choices are offered as a plain list rather than a search: a commune officer's
# commune (with the pre-2025 communes merged into it), a representative's own establishment.
# Searching the whole province would offer what the form then refuses.
LIST_AT_MOST = 30


class FewChoicesAsList:
    """Widget side: when the field's choices are few, show them all in a select.

    The field hands its queryset (the user's scope, see accounts/scopes.py) to `allowed`; the
    widget reads at most LIST_AT_MOST + 1 rows of it to decide.
    """

    search_template_name = ""
    allowed = None
    _listed: list | None = None

    @property
    def template_name(self):
        return "geo/choice_list.html" if self._listed is not None else self.search_template_name

    def choice_label(self, row) -> str:
        raise NotImplementedError

    def ordered(self, rows) -> list:
        """The rows in the order the list shows them (as read, unless a widget says otherwise)."""
        return rows

    def default_choice(self, rows) -> int | None:
        """The only choice, chosen for the user (the one place they work in)."""
        return rows[0].pk if len(rows) == 1 else None

    def listed_choices(self, value) -> list | None:
        """(id, label, selected) for each choice when they are few; None for the search."""
        if self.allowed is None:
            return None
        # Count the ids first, unordered: sorting and joining a whole country's communes only to learn
        # there are more than LIST_AT_MOST was the largest query of the registry list.
        if self.allowed.order_by().values("pk")[: LIST_AT_MOST + 1].count() > LIST_AT_MOST:
            return None
        rows = list(self.allowed[: LIST_AT_MOST + 1])
        if len(rows) > LIST_AT_MOST:
            return None
        rows = self.ordered(rows)
        chosen = record_id(value)
        if chosen is None and value in (None, ""):
            chosen = self.default_choice(rows)
        return [(row.pk, self.choice_label(row), row.pk == chosen) for row in rows]

    def get_context(self, name, value, attrs):
        self._listed = self.listed_choices(value)
        context = super().get_context(name, value, attrs)
        if self._listed is not None:
            css = context["widget"]["attrs"].get("class", "").replace("form-control", "form-select")
            context["widget"]["attrs"]["class"] = css
            context["widget"]["listed"] = self._listed
            required = context["widget"]["attrs"].get("required")  # set from the field at render time
            context["widget"]["blank"] = not required or not any(s for _pk, _l, s in self._listed)
        return context


class ScopedChoiceField(forms.ModelChoiceField):
    """A model choice whose widget lists the choices when they are few (FewChoicesAsList)."""

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.allowed = self._queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class UnitPickerWidget(FewChoicesAsList, forms.Widget):
    search_template_name = "geo/unit_picker.html"

    def __init__(self, level: str = "commune", generation: str = "", attrs=None):
        super().__init__(attrs)
        self.level = level
        self.generation = generation
        # Set by forms for users who work in one province: the search offers that province first.
        self.province: int | None = None
        # The id of a select whose value ("province", "commune") narrows the search to that level.
        self.level_from: str = ""

    def choice_label(self, unit: AdminUnit) -> str:
        return unit.label()

    def ordered(self, rows) -> list:
        """Today's units first, then those of before 2025, each in Vietnamese alphabetical order."""
        return sorted(rows, key=lambda unit: (unit.is_legacy, sort_key(unit.name)))

    def default_choice(self, rows) -> int | None:
        """Today's unit when there is one: the pre-2025 ones merged into it are listed for old records."""
        current = [unit.pk for unit in rows if not unit.is_legacy]
        return current[0] if len(current) == 1 else super().default_choice(rows)

    def listed_choices(self, value):
        if self.allowed is not None:
            self.allowed = self.allowed.select_related("parent__parent").order_by("generation", "name")
        return super().listed_choices(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self._listed is not None:
            return context
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


class UnitChoiceField(ScopedChoiceField):
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
