from django.contrib import admin

from khuyencong.audit.admin import AuditedInline, AuditedModelAdmin, ReadOnlyModelAdmin

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

DATED = ("legal_basis", "effective_from", "effective_to", "verified")


@admin.register(FundingSource)
class FundingSourceAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "kind", "finance_appraisal")


@admin.register(SupportRule)
class SupportRuleAdmin(AuditedModelAdmin):
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
class DeadlineRuleAdmin(AuditedModelAdmin):
    list_display = ("code", "kind", "day", "month", "days", "source_kind", *DATED)


@admin.register(DossierRequirement)
class DossierRequirementAdmin(AuditedModelAdmin):
    list_display = ("name", "stage", "activity_code", "item_code", "required", *DATED)
    list_filter = ("stage", "activity_code")


@admin.register(AppraisalCriterion)
class AppraisalCriterionAdmin(AuditedModelAdmin):
    list_display = ("name", "step", "max_score", *DATED)


class BatchInline(AuditedInline):
    model = Batch
    # Once a batch exists its amount changes only by an adjustment with its decision (Batch.adjust).
    readonly_fields = ("original_amount",)

    def get_readonly_fields(self, request, obj=None):
        return ("amount", "original_amount") if obj is not None else ("original_amount",)


@admin.register(Plan)
class PlanAdmin(AuditedModelAdmin):
    list_display = ("title", "province", "year", "source")
    list_filter = ("year", "source")
    inlines = [BatchInline]
    raw_id_fields = ("province", "decision")


@admin.register(BatchAdjustment)
class BatchAdjustmentAdmin(ReadOnlyModelAdmin):
    """An adjustment is the record of a decision changing a batch (`Batch.adjust`): never edited."""

    list_display = ("batch", "old_amount", "new_amount", "effective_on", "decision")
