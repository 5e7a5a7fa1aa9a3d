from django.contrib import admin

from khuyencong.audit.admin import AuditedModelAdmin, ReadOnlyModelAdmin

from .models import Payment, Project, ProjectEvent, ProjectVersion


@admin.register(Project)
class ProjectAdmin(AuditedModelAdmin):
    """Read-mostly: status and money change only through the application's steps (the model
    marks them not editable, so no admin form has them; they are shown, read-only)."""

    list_display = ("code", "title", "year", "source", "status", "approved_support")
    list_filter = ("status", "year", "source")
    search_fields = ("code", "title")
    raw_id_fields = ("province", "commune", "applicant")
    readonly_fields = ("status", "batch", "approved_support", "settled_amount", "version")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyModelAdmin):
    """Money is booked by `Project.record_payment` under the project's lock and the rules in force,
    and a mistake is reversed by its own entry (money.py): never entered, edited or deleted here."""

    list_display = ("project", "kind", "amount", "paid_on", "voucher_number")
    list_filter = ("kind",)
    raw_id_fields = ("project",)


@admin.register(ProjectEvent)
class ProjectEventAdmin(ReadOnlyModelAdmin):
    """A project's timeline, written by its steps."""

    list_display = ("project", "action", "from_status", "to_status", "actor", "at")
    list_select_related = ("project", "actor")
    raw_id_fields = ("project", "decision")


@admin.register(ProjectVersion)
class ProjectVersionAdmin(ReadOnlyModelAdmin):
    """What each adjustment by decision changed, written by `Project.adjust`."""

    list_display = ("project", "kind", "decision", "actor", "at")
    list_select_related = ("project", "decision", "actor")
    raw_id_fields = ("project", "decision")
