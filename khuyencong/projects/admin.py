from django.contrib import admin

from .models import Payment, Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    """Read-mostly: status and money change only through the application's steps."""

    list_display = ("code", "title", "year", "source", "status", "approved_support")
    list_filter = ("status", "year", "source")
    search_fields = ("code", "title")
    raw_id_fields = ("province", "commune", "applicant")
    readonly_fields = ("status", "batch", "approved_support", "settled_amount", "version")


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ("project", "kind", "amount", "paid_on", "voucher_number")
    list_filter = ("kind",)
    raw_id_fields = ("project",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
