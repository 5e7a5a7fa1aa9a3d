from django.contrib import admin

from .models import AdminUnit


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "generation", "valid_from", "valid_to"]
    list_filter = ["generation", "level"]
    search_fields = ["search_key"]
    raw_id_fields = ["parent", "province"]
