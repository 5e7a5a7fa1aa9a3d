from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.concurrency import VersionedFormMixin
from khuyencong.documents.models import Document
from khuyencong.formfields import DayField, DongField
from khuyencong.formstyle import StyledFormMixin
from khuyencong.geo.picker import UnitSelectField

from .models import Batch, Plan


class AsOfForm(StyledFormMixin, forms.Form):
    as_of = DayField(label=_("As of"), required=False)


class PlanForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["province", "year", "source", "title", "decision", "note"]
        # Both generations can be chosen (a pre-2025 plan is entered on its pre-2025 province):
        # each is labelled with its validity so that the two "Tỉnh X" differ.
        field_classes = {"province": UnitSelectField}

    def __init__(self, *args, provinces=None, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        self.fields["decision"].queryset = documents
        if self.instance.pk:
            # Batches and projects hang on the plan's province, year and source: these stay.
            for name in ("province", "year", "source"):
                self.fields[name].disabled = True


class BatchForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    amount = DongField(label=_("Amount (đồng)"))
    approved_on = DayField(label=_("Approved on"))

    class Meta:
        model = Batch
        fields = ["number", "amount", "approved_on", "decision"]

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = documents
        if self.instance.pk:
            # Once approved, the amount changes only by an adjustment with its decision.
            self.fields["amount"].disabled = True
            self.fields["amount"].help_text = _("Change the amount with an adjustment by decision.")

    def clean_number(self):
        # The plan is not a form field, so Django's unique check would skip (plan, number).
        number = self.cleaned_data["number"]
        batches = Batch.objects.filter(plan_id=self.instance.plan_id, number=number).exclude(
            pk=self.instance.pk
        )
        if batches.exists():
            raise forms.ValidationError(_("This plan already has a batch with this number."))
        return number


class BatchAdjustmentForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    new_amount = DongField(label=_("New amount (đồng)"))
    effective_on = DayField(label=_("Effective on"))
    decision = forms.ModelChoiceField(label=_("Decision"), queryset=Document.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = documents
