"""The dashboards' filters: year, source, province (the Ministry may pick every province) and day."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.formfields import DayField
from khuyencong.formstyle import StyledFormMixin
from khuyencong.plans.models import FundingSource

ALL = "all"


class DashboardForm(StyledFormMixin, forms.Form):
    # Every filter is optional: a link that leaves one out gets its default, and only a value
    # that was sent and is wrong is reported.
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    source = forms.ModelChoiceField(
        FundingSource.objects.order_by("order", "code"),
        label=_("Source"),
        required=False,
        empty_label=_("All sources"),
    )
    province = forms.ChoiceField(label=_("Province"), required=False)
    as_of = DayField(label=_("As of"), required=False)

    def __init__(self, data, *, years: list[int], provinces: list, national: bool, initial=None):
        super().__init__(data, initial=initial)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        choices = [(str(unit.pk), unit.name) for unit in provinces]
        if national:
            choices.insert(0, (ALL, _("All provinces")))
        self.fields["province"].choices = choices

    def not_understood(self) -> list[str]:
        """The labels of the filters that were sent with a value this form cannot use."""
        return [str(self.fields[name].label) for name in self.fields if name in self.errors]

    def chosen(self, field: str, default):
        """The value asked for if valid, else the default (a wrong filter shows the default page)."""
        value = self.cleaned_data.get(field) if self.is_bound and field not in self.errors else None
        return default if value in (None, "") else value


def default_as_of(year: int) -> datetime.date:
    """Today, or the year's last day for a past year (as the plan page)."""
    return min(timezone.localdate(), datetime.date(year, 12, 31))
