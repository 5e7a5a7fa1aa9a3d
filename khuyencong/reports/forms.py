from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.formfields import DayField
from khuyencong.formstyle import StyledFormMixin

from .models.periodic import Grouping
from .periods import Period

NATIONAL = "national"
KIND_CHOICES = [
    ("q1", _("Quarter I")),
    ("q2", _("Quarter II")),
    ("q3", _("Quarter III")),
    ("q4", _("Quarter IV")),
    ("h1", _("First 6 months")),
    ("m9", _("First 9 months")),
    ("year", _("The whole year")),
    ("custom", _("Custom dates")),
]


class NewReportForm(StyledFormMixin, forms.Form):
    """A period and a province (or the whole country, for national scope) to open a report on."""

    province = forms.ChoiceField(label=_("Province"))
    kind = forms.ChoiceField(label=_("Period"), choices=KIND_CHOICES, initial="m9")
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    start = DayField(label=_("From"), required=False)
    end = DayField(label=_("To"), required=False)
    grouping = forms.ChoiceField(
        label=_("Communes grouped by"), choices=Grouping.choices, initial=Grouping.AS_THEN
    )

    def __init__(self, *args, provinces, national: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.provinces = {str(p.pk): p for p in provinces}
        choices = [(pk, p.name) for pk, p in self.provinces.items()]
        if national:
            choices.insert(0, (NATIONAL, _("The whole country")))
        self.fields["province"].choices = choices
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        try:
            if kind == "custom":
                if not data.get("start") or not data.get("end"):
                    raise ValidationError(_("Give the first and the last day of the period."))
                data["period"] = Period.between(data["start"], data["end"])
            else:
                if not data.get("year"):
                    self.add_error("year", _("Give the year of the period."))
                    return data
                data["period"] = Period.parse(kind, data["year"])
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def chosen_province(self):
        """Today's province chosen; None for the whole country."""
        return self.provinces.get(self.cleaned_data["province"])


class ReportTextsForm(StyledFormMixin, forms.Form):
    """Sections II–IV as staff write them, and a note saying what this version changed."""

    achievements = forms.CharField(
        label=_("II.1 Achievements"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20000,
    )
    shortcomings = forms.CharField(
        label=_("II.2 Shortcomings and their causes"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20000,
    )
    next_tasks = forms.CharField(
        label=_("III. Tasks and solutions for the next period"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20000,
    )
    recommendations = forms.CharField(
        label=_("IV. Recommendations"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=20000,
    )
    note = forms.CharField(label=_("Note on this version"), required=False, max_length=300)
