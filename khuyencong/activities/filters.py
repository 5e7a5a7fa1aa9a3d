"""GET filters of the activities' lists; the same filter feeds the page and its export."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.formstyle import StyledFormMixin
from khuyencong.geo.picker import UnitChoiceField

from .models import Course, Event, MediaItem

YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]


def _scoped_communes(field, user, capability: Can) -> None:
    """Offer today's communes where the user holds the capability, the search pointed at their province."""
    scope = Scope.of(user)
    field.queryset = scope.communes(capability).current()
    field.widget.province = scope.home_province_id(capability)


class CourseFilter(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    commune = UnitChoiceField(
        level="commune", generation="current", label=_("Commune of the venue"), required=False
    )
    trade = forms.CharField(label=_("Trade"), required=False, max_length=100)
    project = forms.CharField(label=_("Project code"), required=False, max_length=50)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped_communes(self.fields["commune"], user, Can.READ_PROJECTS)

    def apply(self, queryset):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("year"):
            queryset = queryset.filter(start_on__year=data["year"])
        if data.get("commune"):
            queryset = queryset.filter(current_venue_commune=data["commune"])
        if data.get("trade"):
            queryset = queryset.filter(trade__icontains=data["trade"].strip())
        if data.get("project"):
            queryset = queryset.filter(project__code__icontains=data["project"].strip())
        return queryset


class TraineeFilter(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    course = forms.IntegerField(
        label=_("Course"), required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
    )
    commune = UnitChoiceField(
        level="commune", generation="current", label=_("Commune of residence"), required=False
    )
    year = forms.IntegerField(label=_("Year of the course"), required=False, min_value=2000, max_value=2100)
    completed = forms.ChoiceField(label=_("Completed"), required=False, choices=YES_NO)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        _scoped_communes(self.fields["commune"], user, Can.READ_PERSONAL_DATA)

    def apply(self, queryset):
        """Filter the trainees; the order is one an index gives, so a national list stays one quick query."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("q"):
            queryset = queryset.search(data["q"])
        if data.get("commune"):
            queryset = queryset.filter(current_commune=data["commune"])
        if data.get("year"):
            # The year's courses first, as ids: filtered through the join, PostgreSQL walked the
            # newest trainees of every year until it found 50 of this one (1,4 s at 10⁶ trainees,
            # docs/activities.md "Speed"); by course id it reads only that year's trainees.
            courses = Course.objects.visible_to(self.user).filter(start_on__year=data["year"])
            queryset = queryset.filter(course_id__in=list(courses.values_list("pk", flat=True)))
        if data.get("completed") in ("yes", "no"):
            queryset = queryset.filter(completed=data["completed"] == "yes")
        if data.get("course"):
            # One course's list in the order of its sheet (the index of its natural key).
            return queryset.filter(course_id=data["course"]).order_by("name_key", "pk")
        return queryset.order_by("-pk")


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
