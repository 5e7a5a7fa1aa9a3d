"""`manage.py check` refuses an admin registration that could change records without the log."""

from __future__ import annotations

from django.core import checks

# Third-party admins that change nothing (no add, change or delete): the task queue's results.
READ_ONLY_ELSEWHERE = {"django_tasks_database.DBTaskResult"}


@checks.register(checks.Tags.admin)
def every_admin_is_audited(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from django.contrib import admin

    from .admin import AuditedInline, AuditedModelAdmin

    errors = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.label in READ_ONLY_ELSEWHERE:
            continue
        if not isinstance(model_admin, AuditedModelAdmin):
            errors.append(
                checks.Error(
                    f"The admin of {model._meta.label} changes records without writing the audit log.",
                    hint="Derive it from khuyencong.audit.admin.AuditedModelAdmin (or ReadOnlyModelAdmin).",
                    obj=type(model_admin),
                    id="audit.E001",
                )
            )
        for inline in model_admin.inlines:
            if not issubclass(inline, AuditedInline):
                errors.append(
                    checks.Error(
                        f"The inline {inline.__name__} of {model._meta.label} is not an AuditedInline.",
                        hint="Derive it from khuyencong.audit.admin.AuditedInline.",
                        obj=inline,
                        id="audit.E002",
                    )
                )
    return errors
