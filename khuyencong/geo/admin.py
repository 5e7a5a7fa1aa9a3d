from django.contrib import admin

from khuyencong.audit.admin import ReadOnlyModelAdmin

from .models import AdminUnit, UnitSuccession

# Both are loaded by `migrate` from the pinned vietnam-provinces package (loading.py): they are
# the package's data, and every record's place and scope hangs on them. A change comes with a new
# package version and a migration, never by hand.


@admin.register(AdminUnit)
class AdminUnitAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "code", "level", "generation", "valid_from", "valid_to"]
    list_filter = ["generation", "level"]
    search_fields = ["search_key"]
    raw_id_fields = ["parent", "province"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ReadOnlyModelAdmin):
    list_display = ["predecessor", "successor", "rank", "partial", "effective"]
    list_select_related = ["predecessor", "successor"]
    raw_id_fields = ["predecessor", "successor"]
