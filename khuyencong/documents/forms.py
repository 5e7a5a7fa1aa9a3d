from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khuyencong.formfields import DayField
from khuyencong.formstyle import StyledFormMixin
from khuyencong.uploads import check_document

from .models import Document
from .symbols import SymbolError, parse_symbol


class DocumentForm(StyledFormMixin, forms.ModelForm):
    issued_on = DayField(label=_("Date issued"))

    class Meta:
        model = Document
        fields = ["symbol", "issued_on", "issuer", "summary", "signer", "province", "file"]
        help_texts = {"symbol": _("e.g. 11355/QĐ-BCT, 125/TB-UBND, 36/2025/QĐ-UBND")}
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, provinces=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        self.fields["file"].help_text = _("PDF or Word (DOCX), at most 20 MB.")

    def clean_symbol(self):
        try:
            return str(parse_symbol(self.cleaned_data["symbol"]))
        except SymbolError as error:
            raise ValidationError(str(error)) from None

    def clean_file(self):
        return check_document(self.cleaned_data.get("file"))

    def clean(self):
        data = super().clean()
        symbol, issued_on = data.get("symbol"), data.get("issued_on")
        if symbol and issued_on:
            same = Document.objects.filter(
                symbol=symbol, issued_on__year=issued_on.year, province=data.get("province")
            ).exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error(
                    "symbol",
                    _("%(symbol)s of %(year)s is already registered.")
                    % {"symbol": symbol, "year": issued_on.year},
                )
        return data


class DocumentSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    doc_type = forms.CharField(required=False)
    year = forms.IntegerField(required=False, min_value=1945, max_value=2100)
