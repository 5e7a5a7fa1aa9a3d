"""GET filters of the activities' lists; the same filter feeds the page and its export."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.formstyle import StyledFormMixin

from .models import Event, MediaItem


class MediaFilter(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *MediaItem.Kind.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def apply(self, queryset):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("year"):
            queryset = queryset.filter(published_on__year=data["year"])
        return queryset


class EventFilter(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *Event.Kind.choices])
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Event.Status.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)

    def apply(self, queryset):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("year"):
            queryset = queryset.filter(start_on__year=data["year"])
        if data.get("q"):
            queryset = queryset.filter(title__icontains=data["q"].strip())
        return queryset
