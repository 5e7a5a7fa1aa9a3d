from django.contrib import admin

from .models import (
    AppraisalCriterion,
    Batch,
    BatchAdjustment,
    DeadlineRule,
    DossierRequirement,
    FundingSource,
    Plan,
    SupportRule,
)

DATED = ("legal_basis", "effective_from", "effective_to")


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "finance_appraisal")


@admin.register(SupportRule)
class SupportRuleAdmin(admin.ModelAdmin):
    list_display = (
        "item_name",
        "activity_code",
        "item_code",
        "max_percent",
        "max_amount",
        "advance_percent",
        *DATED,
    )
    list_filter = ("legal_basis", "activity_code")


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "day", "month", "days", "source_kind", *DATED)


@admin.register(DossierRequirement)
class DossierRequirementAdmin(admin.ModelAdmin):
    list_display = ("name", "stage", "activity_code", "item_code", "required", *DATED)
    list_filter = ("stage", "activity_code")


@admin.register(AppraisalCriterion)
class AppraisalCriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "step", "max_score", *DATED)


class BatchInline(admin.TabularInline):
    model = Batch
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "province", "year", "source")
    list_filter = ("year", "source")
    inlines = [BatchInline]
    raw_id_fields = ("province", "decision")


@admin.register(BatchAdjustment)
class BatchAdjustmentAdmin(admin.ModelAdmin):
    list_display = ("batch", "old_amount", "new_amount", "effective_on", "decision")
