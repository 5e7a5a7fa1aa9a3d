"""The form that marks a period's report as sent."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.documents.models import Document
from khuyencong.formfields import DayField
from khuyencong.formstyle import StyledFormMixin

# The register's documents offered to link, newest first; a province with more types the number.
DOCUMENT_CHOICES = 200


class MarkSentForm(StyledFormMixin, forms.Form):
    number = forms.CharField(
        label=_("Number and symbol"), max_length=60, help_text=_("As written on the report, e.g. 125/BC-SCT.")
    )
    sent_on = DayField(label=_("Sent on"))
    document = forms.ModelChoiceField(
        label=_("Document in the register"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("Optional: the report as entered in the register of documents."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_("I confirm this report was sent with this number and on this day; it cannot be undone here.")
    )

    def __init__(self, *args, user=None, province=None, since=None, **kwargs):
        super().__init__(*args, **kwargs)
        documents = Document.objects.visible_to(user).filter(province=province)
        if since is not None:
            documents = documents.filter(issued_on__gte=since)
        ids = list(documents.order_by("-issued_on", "-pk").values_list("pk", flat=True)[:DOCUMENT_CHOICES])
        self.fields["document"].queryset = Document.objects.filter(pk__in=ids).order_by("-issued_on", "-pk")
