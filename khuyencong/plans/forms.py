from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.documents.models import Document
from khuyencong.formfields import DayField, DongField
from khuyencong.formstyle import StyledFormMixin

from .models import Batch, Plan


class AsOfForm(StyledFormMixin, forms.Form):
    as_of = DayField(label=_("As of"), required=False)


class PlanForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["province", "year", "source", "title", "decision", "note"]

    def __init__(self, *args, provinces=None, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        self.fields["decision"].queryset = documents


class BatchForm(StyledFormMixin, forms.ModelForm):
    amount = DongField(label=_("Amount (đồng)"))
    approved_on = DayField(label=_("Approved on"))

    class Meta:
        model = Batch
        fields = ["number", "amount", "approved_on", "decision"]

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = documents

    def clean_number(self):
        # The plan is not a form field, so Django's unique check would skip (plan, number).
        number = self.cleaned_data["number"]
        batches = Batch.objects.filter(plan_id=self.instance.plan_id, number=number).exclude(
            pk=self.instance.pk
        )
        if batches.exists():
            raise forms.ValidationError(_("This plan already has a batch with this number."))
        return number


class BatchAdjustmentForm(StyledFormMixin, forms.Form):
    new_amount = DongField(label=_("New amount (đồng)"))
    effective_on = DayField(label=_("Effective on"))
    decision = forms.ModelChoiceField(label=_("Decision"), queryset=Document.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = documents
