from django.contrib import admin

from .models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("symbol", "doc_type", "issuer", "issued_on", "province")
    list_filter = ("doc_type",)
    search_fields = ("symbol", "summary")
    raw_id_fields = ("province",)
