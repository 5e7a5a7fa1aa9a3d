"""The audit log in words: an action code and its field names as a reader sees them.

Entries keep stable codes (`registry.establishment.updated`, field `tax_code`) so that they can
be searched and compared; a page shows "Cơ sở công nghiệp nông thôn — đã sửa" and "Mã số thuế".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The verb of each action code (its last part), as a past action.
VERBS = {
    "created": _("created"),
    "updated": _("changed"),
    "deleted": _("deleted"),
    "deleted_with_parent": _("deleted with the record it belonged to"),
    "imported": _("imported from a spreadsheet"),
    "import_updated": _("changed by a spreadsheet import"),
    "confirmed": pgettext_lazy("audit", "confirmed"),
    "adjusted": _("adjusted by decision"),
    "invited": _("invited"),
    "uploaded": _("document uploaded"),
    "reviewed": _("reviewed"),
    "included": _("included in a project"),
    "closed": _("closed"),
    "declined": _("declined"),
    "done": _("marked done"),
    "follow_up_done": _("follow-up closed"),
    "granted": _("role granted"),
    "revoked": _("role removed"),
    "priority_decision_recorded": _("priority support decision recorded"),
    # Project steps (projects/models/lifecycle.py, STEPS).
    "submit": _("submitted"),
    "start_appraisal": _("appraisal started"),
    "request_documents": _("more documents requested"),
    "complete_appraisal": _("appraisal concluded"),
    "propose": _("proposed for approval"),
    "approve": pgettext_lazy("audit", "approved"),
    "contract": _("contracted"),
    "start": _("started"),
    "request_acceptance": _("acceptance requested"),
    "accept": pgettext_lazy("audit", "accepted"),
    "settle": pgettext_lazy("audit", "settled"),
    "close": _("closed"),
    "reject": _("rejected"),
    "withdraw": _("withdrawn"),
    "stop": _("stopped"),
}
# Names that are not fields of the record (links and roles written by the steps themselves).
EXTRA_FIELDS = {"beneficiaries": _("beneficiaries"), "role": _("role"), "file": _("file")}


@dataclass
class Change:
    label: str
    old: object
    new: object


def _model(action: str):
    app_label, model_name, _verb = [*action.split("."), "", "", ""][:3]
    try:
        return apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return None


def describe(action: str) -> str:
    """ "Cơ sở công nghiệp nông thôn — đã sửa" for `registry.establishment.updated`."""
    model = _model(action)
    verb = action.rsplit(".", 1)[-1]
    said = str(VERBS.get(verb, verb.replace("_", " ")))
    if model is None:  # an action on something that is not a record of its own (a user's role)
        return said.capitalize()
    return f"{str(model._meta.verbose_name).capitalize()} — {said}"


def field_label(action: str, name: str) -> str:
    model = _model(action)
    if model is not None:
        try:
            return str(model._meta.get_field(name).verbose_name).capitalize()
        except FieldDoesNotExist:
            pass
    return str(EXTRA_FIELDS.get(name, name.replace("_", " "))).capitalize()


def changes(entry) -> list[Change]:
    """The changes worth reading: a field that was empty and stays empty says nothing."""
    return [
        Change(field_label(entry.action, name), old, new)
        for name, (old, new) in entry.changes.items()
        if old not in (None, "") or new not in (None, "")
    ]
