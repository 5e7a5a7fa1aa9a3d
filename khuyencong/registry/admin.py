from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from khuyencong.audit.admin import AuditedInline, AuditedModelAdmin
from khuyencong.geo.models import AdminUnit
from khuyencong.ids import record_id

from .models import (
    ActivityType,
    BeneficiaryKind,
    Certification,
    CraftVillage,
    Establishment,
    ImportJob,
    Need,
    Product,
)


class ProvinceFilter(admin.SimpleListFilter):
    """Today's 34 provinces; the default related filter would list all 14,000 units."""

    title = _("province")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        return AdminUnit.objects.current().provinces().order_by("name").values_list("id", "name")

    def queryset(self, request, queryset):
        value = self.value()
        province = record_id(value)  # "²" passes isdigit() and then fails int()
        return queryset.filter(province_id=province) if province else queryset


@admin.register(Establishment)
class EstablishmentAdmin(AuditedModelAdmin):
    list_display = ["name", "legal_form", "tax_code", "current_commune", "province"]
    list_filter = ["legal_form", ProvinceFilter]
    # The folded key, so the admin search is the same search as the registry list.
    search_fields = ["search_key"]
    raw_id_fields = ["commune", "craft_village"]
    list_select_related = ["current_commune", "province"]


@admin.register(CraftVillage)
class CraftVillageAdmin(AuditedModelAdmin):
    list_display = ["name", "craft", "current_commune"]
    search_fields = ["search_key"]
    raw_id_fields = ["commune"]


@admin.register(ActivityType)
class ActivityTypeAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "legal_basis", "effective_from", "effective_to", "verified"]


@admin.register(BeneficiaryKind)
class BeneficiaryKindAdmin(AuditedModelAdmin):
    list_display = ["role", "code", "name", "legal_basis", "effective_from", "effective_to", "verified"]


class CertificationInline(AuditedInline):
    model = Certification


@admin.register(Product)
class ProductAdmin(AuditedModelAdmin):
    list_display = ["name", "group", "establishment"]
    raw_id_fields = ["establishment"]
    inlines = [CertificationInline]


@admin.register(Need)
class NeedAdmin(AuditedModelAdmin):
    list_display = ["activity_type", "establishment", "status"]
    list_filter = ["status"]
    raw_id_fields = ["establishment", "commune"]


@admin.register(ImportJob)
class ImportJobAdmin(AuditedModelAdmin):
    """A job is moved on by the importer and its worker; by hand it is only looked at, or deleted."""

    list_display = ["original_name", "created_by", "status", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
