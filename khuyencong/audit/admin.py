"""Django admin writes the audit log like every other change, or does not write at all.

Every admin registration of the project derives from `AuditedModelAdmin` (its inlines from
`AuditedInline`); `checks.py` refuses any other, so a plain `ModelAdmin` added later fails
`manage.py check` instead of quietly changing records with no trace. Saves and deletes go
through `log.save_audited` / `log.delete_audited`, inside the transaction the admin view
opens, so a change and its entry are committed together or not at all. The action codes are
the domain's own (`registry.establishment.updated`), with the note "Django admin" to say where
the change came from.

Records that must never be changed by hand (the log itself, payments, a project's timeline and
versions, batch adjustments, the administrative units loaded from the pinned package) are
registered with `ReadOnlyModelAdmin`: they can be looked at, not added, changed or deleted.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models, router, transaction

from .log import delete_all_audited, delete_audited, save_audited
from .models import AuditEntry

# Not translated: it is stored in the append-only log, which keeps the words it was written with.
ADMIN_NOTE = "Django admin"


def _m2m_display(values) -> str | None:
    return ", ".join(sorted(str(value) for value in values)) or None


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every save and delete, its inlines' included, is audited."""

    def save_model(self, request, obj, form, change):
        if not change and getattr(obj, "created_by_id", False) is None:
            obj.created_by = request.user
        version = next((f for f in obj._meta.concrete_fields if f.name == "version"), None)
        if change and isinstance(version, models.IntegerField):
            # A record the application guards against stale forms: an admin change is a change too,
            # so a form opened before it is refused instead of silently undoing it.
            obj.version += 1
        save_audited(obj, request.user, note=ADMIN_NOTE, also=self._m2m_changes(obj, form, change))

    def _m2m_changes(self, obj, form, change) -> dict:
        """Many-to-many fields (a user's groups) are saved after the record; log them with it."""
        changes = {}
        for field in obj._meta.many_to_many:
            if field.name not in form.cleaned_data:
                continue
            before = _m2m_display(getattr(obj, field.name).all()) if change else None
            after = _m2m_display(form.cleaned_data[field.name])
            if before != after:
                changes[field.name] = [before, after]
        return changes

    def delete_model(self, request, obj):
        delete_audited(obj, request.user, note=ADMIN_NOTE)

    def delete_queryset(self, request, queryset):
        # The "delete selected" action does not open a transaction of its own (the views do).
        with transaction.atomic(using=router.db_for_write(self.model)):
            delete_all_audited(queryset, request.user, note=ADMIN_NOTE)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            delete_audited(obj, request.user, note=ADMIN_NOTE)
        for obj in instances:
            save_audited(obj, request.user, note=ADMIN_NOTE)
        formset.save_m2m()


class AuditedInline(admin.TabularInline):
    """An inline of an `AuditedModelAdmin`, whose `save_formset` logs each row it saves or deletes.

    The inline itself saves nothing; deriving from this class says it was written for that,
    and lets the check tell it from an inline copied from elsewhere."""

    extra = 0


class ReadOnlyModelAdmin(AuditedModelAdmin):
    """Records that are never entered, changed or deleted by hand: visible, nothing more."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin):
    list_display = ["at", "actor", "action", "object_repr", "note"]
    list_filter = ["action"]
    list_select_related = ["actor"]
