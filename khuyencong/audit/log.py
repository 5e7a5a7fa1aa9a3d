"""Write audit entries in the same transaction as the change they describe.

`save_audited(obj, actor)` and `delete_audited(obj, actor)` are how domain code saves
a record that must be audited; `record(...)` writes an entry for a change that is not
a plain save (a status transition, an import, a role granted). Django admin writes
through the same functions (`audit/admin.py`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from .models import AuditEntry

# Derived or bookkeeping fields whose changes say nothing to a reader.
SKIPPED_FIELDS = {"search_key", "name_key", "updated_at", "created_at", "version", "id"}
# Fields whose change is logged but never their value: the log is append-only, so a password
# hash written into it could never be taken out again.
SECRET_FIELDS = {"password"}
HIDDEN = "********"


def _display(instance: models.Model, field: models.Field) -> str | None:
    if field.is_relation:
        raw = getattr(instance, field.attname)
        if raw is None:
            return None
        return str(getattr(instance, field.name))
    value = getattr(instance, field.attname)
    if value is None or value == "":
        return None if value is None else ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.FileField):
        return value.name or ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        # One zone for every entry: a time read back from the database is in UTC, one from a
        # form in the local zone, and the same instant must not read as a change.
        value = timezone.localtime(value)
    return str(value)


def snapshot(instance: models.Model) -> dict[str, str | None]:
    # A model may name fields that only repeat another one for the machine (a slug beside the
    # record it names): the log shows that other field, in words.
    skipped = SKIPPED_FIELDS.union(getattr(instance, "audit_skipped_fields", ()))
    return {f.name: _display(instance, f) for f in instance._meta.concrete_fields if f.name not in skipped}


def _hide(key: str, value):
    return HIDDEN if key in SECRET_FIELDS and value not in (None, "") else value


def diff(before: dict, after: dict) -> dict[str, list]:
    return {
        key: [_hide(key, before.get(key)), _hide(key, value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def action_code(instance: models.Model, verb: str) -> str:
    meta = instance._meta
    return f"{meta.app_label}.{meta.model_name}.{verb}"


def record(
    actor, instance: models.Model, action: str, changes: dict | None = None, note: str = ""
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=changes or {},
        note=note,
    )


def build_entry(actor, instance: models.Model, verb: str, changes: dict) -> AuditEntry:
    """An unsaved entry, for bulk writers that create many in one statement."""
    return AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action_code(instance, verb),
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=changes,
    )


@transaction.atomic
def save_audited(
    instance: models.Model, actor, note: str = "", verb: str | None = None, also: dict | None = None
) -> dict:
    """Save the instance and log what changed; return the changes (empty when none).

    `also` adds changes a plain save does not see (many-to-many fields saved after it)."""
    creating = instance._state.adding or instance.pk is None
    before = {} if creating else snapshot(type(instance)._base_manager.get(pk=instance.pk))
    instance.save()
    changes = diff(before, snapshot(instance)) | (also or {})
    if creating or changes:
        record(
            actor,
            instance,
            action_code(instance, verb or ("created" if creating else "updated")),
            changes,
            note,
        )
    return changes


def _log_deletion(collector: Collector, roots: set, actor, note: str) -> None:
    """One entry per record the collector will delete: the roots, and what cascades with them."""
    doomed = [obj for objects in collector.data.values() for obj in objects]
    doomed += [obj for queryset in collector.fast_deletes for obj in queryset]
    for obj in doomed:
        verb = "deleted" if (obj._meta.concrete_model, obj.pk) in roots else "deleted_with_parent"
        changes = {k: [_hide(k, v), None] for k, v in snapshot(obj).items()}
        record(actor, obj, action_code(obj, verb), changes, note)


@transaction.atomic
def delete_audited(instance: models.Model, actor, note: str = "") -> None:
    """Delete the instance and log it, with every record its deletion cascades to."""
    collector = Collector(using=router.db_for_write(type(instance)), origin=instance)
    collector.collect([instance])
    _log_deletion(collector, {(instance._meta.concrete_model, instance.pk)}, actor, note)
    instance.delete()


@transaction.atomic
def delete_all_audited(queryset: models.QuerySet, actor, note: str = "") -> int:
    """Delete every record of the queryset in one go, logging each and what cascades with it.

    One collector for all of them, so a record that is both chosen and cascaded from another
    chosen one is logged once, as chosen, and deleted once."""
    objects = list(queryset)
    if not objects:
        return 0
    collector = Collector(using=queryset.db, origin=queryset)
    collector.collect(objects)
    _log_deletion(collector, {(obj._meta.concrete_model, obj.pk) for obj in objects}, actor, note)
    deleted, _per_model = collector.delete()
    return deleted


def history(objects: Iterable[models.Model]):
    """Entries of several records at once, newest first (a record and its children)."""
    condition = models.Q(pk__in=[])
    for obj in objects:
        condition |= models.Q(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
        )
    return AuditEntry.objects.filter(condition).select_related("actor")
