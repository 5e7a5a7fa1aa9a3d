"""Forms of the calls and of the guided application's steps (docs/self-service.md)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.concurrency import VersionedFormMixin
from khuyencong.formfields import DayField, TrieuField
from khuyencong.formstyle import StyledFormMixin
from khuyencong.plans.models import Batch, FundingSource
from khuyencong.portal.calls import Call
from khuyencong.projects import estimate
from khuyencong.registry.models import ActivityType
from khuyencong.uploads import PAPER_KINDS, check_document


class CallForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    opens_on = DayField(label=_("Opens on"))
    closes_on = DayField(label=_("Closes on"))

    class Meta:
        model = Call
        fields = [
            "province",
            "title",
            "description",
            "source",
            "batch",
            "activity_types",
            "opens_on",
            "closes_on",
            "published",
        ]
        widgets = {
            "activity_types": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, provinces=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        self.fields["source"].queryset = FundingSource.objects.all()
        self.fields["activity_types"].queryset = ActivityType.in_force(timezone.localdate())
        province_ids = list(provinces.values_list("pk", flat=True)) if provinces is not None else []
        self.fields["batch"].queryset = Batch.objects.filter(
            plan__province_id__in=province_ids
        ).select_related("plan")

    def clean(self):
        data = super().clean()
        batch, province, source = data.get("batch"), data.get("province"), data.get("source")
        if batch and province and batch.plan.province_id != province.pk:
            self.add_error("batch", _("The batch belongs to another province's plan."))
        if batch and source and batch.plan.source_id != source.pk:
            self.add_error("batch", _("The batch is of another funding source."))
        return data


class EligibilityForm(StyledFormMixin, forms.Form):
    activity_type = forms.ChoiceField(label=_("What kind of support do you ask for?"))

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_type"].choices = [(t.code, t.name) for t in call.activity_types.all()]


class ProposalForm(StyledFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Name of your project"), max_length=400, help_text=_("e.g. Buy a bamboo splitting machine")
    )
    description = forms.CharField(
        label=_("What you will do and what it will bring"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("e.g. Buy and set up one machine; train 5 workers; make 2,000 more baskets a year"),
    )
    place = forms.CharField(
        label=_("Where"), max_length=300, help_text=_("e.g. At our workshop, hamlet 3"), required=False
    )
    start_on = DayField(label=_("Start"))
    end_on = DayField(label=_("End"))

    def clean(self):
        data = super().clean()
        if data.get("start_on") and data.get("end_on") and data["end_on"] < data["start_on"]:
            self.add_error("end_on", _("The end is before the start."))
        return data


class BudgetForm(StyledFormMixin, forms.Form):
    item = forms.ChoiceField(
        label=_("Which kind of help exactly?"),
        required=False,
        help_text=_("The most support allowed depends on it."),
    )
    total = TrieuField(label=_("Total cost"))
    own = TrieuField(label=_("What you pay yourself"))
    support = TrieuField(label=_("Support you ask for"))

    def __init__(self, *args, cap=None, items=(), line_rows=None, **kwargs):
        """`line_rows`: an unbound form showing the lines typed before and one empty line more (the
        "add a line" button); otherwise the lines are read from the data like the other fields."""
        self.cap_of = cap  # cap(total, item) -> eligibility.Cap
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("Other, or not sure")), *items]
        if not items:
            del self.fields["item"]
        self.lines = estimate.line_set(data=self.data if self.is_bound else None, rows=line_rows)

    def is_valid(self) -> bool:
        lines_valid = not self.lines.is_bound or self.lines.is_valid()
        return super().is_valid() and lines_valid

    def clean(self):
        data = super().clean()
        data["lines"] = estimate.filled(self.lines)
        total, own, support = data.get("total"), data.get("own"), data.get("support")
        if None in (total, own, support):
            return data
        lines_sum = estimate.mismatch(data["lines"], total)
        if lines_sum is not None:
            self.add_error(
                None,
                _(
                    "The lines of what the money goes to add up to %(sum)s, not the total cost of %(total)s (triệu đồng)."
                )
                % {
                    "sum": self.fields["total"].prepare_value(lines_sum),
                    "total": self.fields["total"].prepare_value(total),
                },
            )
        if own + support != total:
            self.add_error(
                "total",
                _(
                    "What you pay (%(own)s) plus the support (%(support)s) must make the total cost (%(total)s), in triệu đồng."
                )
                % {
                    "own": self.fields["own"].prepare_value(own),
                    "support": self.fields["support"].prepare_value(support),
                    "total": self.fields["total"].prepare_value(total),
                },
            )
        if self.cap_of is not None:
            cap = self.cap_of(total, data.get("item", ""))
            if cap.amount is not None and support > cap.amount:
                values = {"cap": self.fields["support"].prepare_value(cap.amount), "basis": cap.public_basis}
                # The applicant reads the text the cap comes from, never an internal note (eligibility.Cap).
                message = (
                    _("The most support allowed for this cost is %(cap)s triệu đồng (%(basis)s).")
                    if cap.public_basis
                    else _("The most support allowed for this cost is %(cap)s triệu đồng.")
                )
                self.add_error("support", message % values)
        return data


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        # The type is read from the content and the size checked (khuyencong/uploads.py).
        return check_document(self.cleaned_data.get("file"), kinds=PAPER_KINDS)
