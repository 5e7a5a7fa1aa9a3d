from django import forms
from django.contrib import admin

from khuyencong.audit.admin import AuditedModelAdmin

from .forms import DocumentForm
from .models import Document


class DocumentAdminForm(forms.ModelForm):
    clean_symbol = DocumentForm.clean_symbol

    class Meta:
        model = Document
        fields = ["symbol", "issued_on", "issuer", "summary", "signer", "province", "file"]


@admin.register(Document)
class DocumentAdmin(AuditedModelAdmin):
    list_display = ("symbol", "doc_type", "issuer", "issued_on", "province")
    list_filter = ("doc_type",)
    search_fields = ("symbol", "summary")
    raw_id_fields = ("province",)
    # Files come in only through the register's form, which checks what they are (uploads.py);
    # the symbol is parsed and checked by the same form as on the register's screen.
    readonly_fields = ("file",)
    form = DocumentAdminForm
