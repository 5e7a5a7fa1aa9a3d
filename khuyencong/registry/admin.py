from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from khuyencong.geo.models import AdminUnit

from .models import ActivityType, Certification, CraftVillage, Establishment, ImportJob, Need, Product


class ProvinceFilter(admin.SimpleListFilter):
    """Today's 34 provinces; the default related filter would list all 14,000 units."""

    title = _("province")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        return AdminUnit.objects.current().provinces().order_by("name").values_list("id", "name")

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(province_id=value) if value and value.isdigit() else queryset


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_form", "tax_code", "current_commune", "province"]
    list_filter = ["legal_form", ProvinceFilter]
    # The folded key, so the admin search is the same search as the registry list.
    search_fields = ["search_key"]
    raw_id_fields = ["commune", "craft_village"]
    list_select_related = ["current_commune", "province"]


@admin.register(CraftVillage)
class CraftVillageAdmin(admin.ModelAdmin):
    list_display = ["name", "craft", "current_commune"]
    search_fields = ["search_key"]
    raw_id_fields = ["commune"]


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "legal_basis", "effective_from", "effective_to"]


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "establishment"]
    raw_id_fields = ["establishment"]
    inlines = [CertificationInline]


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["activity_type", "establishment", "status"]
    list_filter = ["status"]
    raw_id_fields = ["establishment", "commune"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "created_by", "status", "created_at"]
