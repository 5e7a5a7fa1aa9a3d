"""Keep each (today's province, year) stamp moving with the records its figures are made of.

Every model of `plans`, `projects` and `activities` whose rows lead, through their foreign keys,
to a plan or a project (a batch → its plan, a payment → its project, a trainee → its course → its
project …) is watched: a save or a delete looks up that plan's or project's today's province and
year, and once the transaction commits the stamp of that province and year moves
(`SummaryStamp.bump`). A change that is rolled back moves nothing. The lower apps never import
this module: `ReportsConfig.ready` connects it (docs/adr/0013, docs/adr/0014).

Writes that send no signal (bulk_create, bulk_update, QuerySet.update) are covered by the record
saved with them: a trainee list imported in bulk is followed by its import run's save, an automatic
code written by `update` follows the project's own save. A new bulk path must save such a record
or call `SummaryStamp.bump` itself; the ADR says so.
"""

from __future__ import annotations

from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_save, pre_delete

from .models import SummaryStamp

WATCHED_APPS = ("plans", "projects", "activities")
# The foreign keys followed, in the order tried, towards a plan or a project.
HOPS = ("project", "plan", "batch", "course", "event", "contest", "entry", "import_run", "visit")
ROOTS = {("plans", "plan"), ("projects", "project")}
PATHS: dict[type, str] = {}  # model → lookup from it to its plan's or project's fields ("" for a root)


def _path(model, depth: int = 0) -> str | None:
    if (model._meta.app_label, model._meta.model_name) in ROOTS:
        return ""
    if depth > 4:
        return None
    fields = {
        f.name: f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)
    }
    for hop in HOPS:
        field = fields.get(hop)
        if field is None or field.related_model is None:
            continue
        rest = _path(field.related_model, depth + 1)
        if rest is not None:
            return f"{hop}__{rest}"
    return None


def place_of(instance) -> tuple[int, int] | None:
    """(today's province, year) of the plan or project the instance belongs to, or None."""
    path = PATHS.get(type(instance))
    if path is None:
        return None
    if path == "":
        return instance.current_province_id, instance.year
    hop, _sep, rest = path.partition("__")
    field = type(instance)._meta.get_field(hop)
    target_id = getattr(instance, field.attname)
    if target_id is None:
        return None
    return (
        field.related_model._base_manager.filter(pk=target_id)
        .values_list(f"{rest}current_province_id", f"{rest}year")
        .first()
    )


def _changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # fixtures being loaded
        return
    place = place_of(instance)
    if place and place[0] is not None:
        transaction.on_commit(partial(SummaryStamp.bump, *place), using=kwargs.get("using"))


def connect() -> None:
    """Watch every model that leads to a plan or a project (called once, from ReportsConfig.ready)."""
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models():
            path = _path(model)
            if path is None:
                continue
            PATHS[model] = path
            uid = f"reports.stamp.{model._meta.label}"
            post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}.save")
            pre_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}.delete")
