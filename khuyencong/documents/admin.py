from django.contrib import admin

from khuyencong.audit.admin import AuditedModelAdmin

from .models import Document


@admin.register(Document)
class DocumentAdmin(AuditedModelAdmin):
    list_display = ("symbol", "doc_type", "issuer", "issued_on", "province")
    list_filter = ("doc_type",)
    search_fields = ("symbol", "summary")
    raw_id_fields = ("province",)
    # Files come in only through the register's form, which checks what they are (uploads.py).
    readonly_fields = ("file",)
