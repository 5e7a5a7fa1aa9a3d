"""The audit log in words: an action code and its field names as a reader sees them.

Entries keep stable codes (`registry.establishment.updated`, field `tax_code`) so that they can
be searched and compared; a page shows "Cơ sở công nghiệp nông thôn — đã sửa" and "Mã số thuế".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khuyencong.vnformat import dong

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
    "requested": _("asked for by the Centre"),
    "included": _("included in a project"),
    "closed": _("closed"),
    "declined": _("declined"),
    "done": _("marked done"),
    "follow_up_done": _("follow-up closed"),
    "granted": _("role granted"),
    "revoked": _("role removed"),
    "priority_decision_recorded": _("priority support decision recorded"),
    "document_noted": _("document added to the file"),
    # A course session's attendance sheet (activities/models/training.py, mark_attendance).
    "attendance": _("attendance taken"),
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
    # Events (activities/models/events.py).
    "results_reported": _("results reported"),
    "decided": _("results decided"),
    "scored": _("scored by the jury"),
    "scored_by_juror": _("score sheet recorded"),
    "cancelled": _("cancelled"),
    "attended": _("marked as attended"),
    "absent": _("marked as not attended"),
    "support_recomputed": _("support worked out again under the rule in force"),
    # A reporting duty's report (reports/models/duties.py, DutyReport.mark_sent).
    "sent": _("marked as sent"),
    # The portal (portal/claims.py, portal/signup.py).
    "made": _("sent for confirmation"),
    "signed_up": _("signed up with a one-time code"),
}
# Names that are not fields of the record (links and roles written by the steps themselves), and
# fields whose model gives no verbose name of its own: a reader never sees "current_commune".
EXTRA_FIELDS = {
    "beneficiaries": _("beneficiaries"),
    "role": _("role"),
    "file": _("file"),
    "user": _("user"),
    "email": _("email address"),
    "status": _("status"),
    "project": _("project"),
    "product": _("product"),
    "establishment": _("establishment"),
    "batch": _("batch"),
    "visit": _("monitoring visit"),
    "requirement": _("dossier document"),
    "decision": _("decision"),
    "actor": _("by"),
    "at": _("time"),
    "appraiser": _("appraiser"),
    "created_by": _("entered by"),
    "updated_by": _("last changed by"),
    "confirmed_by": _("confirmed by"),
    "current_province": _("province today"),
    "current_commune": _("commune today"),
    "current_venue_commune": _("commune of the venue today"),
    # The activities' links to what they belong to (activities/models).
    "course": _("course"),
    "session": _("course session"),
    "trainee": _("trainee"),
    "contest": _("contest"),
    "entry": _("contest entry"),
    "juror": _("juror"),
    "criterion": _("criterion"),
    "certification": _("certification"),
    # The counts an attendance sheet logs on its session (mark_attendance).
    "present": _("present"),
    "absent": _("absent"),
    "default_province": _("province"),
    "over_cap_approved_by": _("support over the cap approved by"),
    "over_cap_approved_at": _("support over the cap approved at"),
    "from_status": _("status before"),
    "to_status": _("status after"),
    "finished_at": _("finished at"),
    "original_name": _("file name"),
    "rows_done": _("rows done"),
    "rows_total": _("rows"),
    "counts": _("row counts"),
    "invalid_preview": _("invalid rows"),
    "valid_preview": _("valid rows"),
    "invalid_file": _("file of invalid rows"),
    "error": _("error message"),
    "content_type": _("kind of record"),
    "object_id": _("record"),
    "predecessor": _("unit before"),
    "successor": _("unit after"),
    "rank": _("order"),
    "partial": _("partly"),
    "effective": _("in force from"),
    "kind": _("kind"),
    "username": _("user name"),
    "address": _("address"),
    "failures": _("failed sign-ins"),
    "last_failure_at": _("last failed sign-in"),
    "signed_in_at": _("time of sign-in"),
}
YES_NO = {"True": _("yes"), "False": _("no")}
ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
ISO_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")


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


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(action: str, name: str) -> str:
    own = getattr(_field(_model(action), name), "verbose_name", None)  # a reverse relation has none
    # A verbose name the model gives is translatable (lazy); Django's default is the name with spaces.
    if own is not None and (isinstance(own, Promise) or name not in EXTRA_FIELDS):
        return str(own).capitalize()
    return str(EXTRA_FIELDS.get(name, name.replace("_", " "))).capitalize()


def value_shown(action: str, name: str, value):
    """A stored value as a reader writes it: dd/mm/yyyy, yes/no, money grouped in đồng.

    The log keeps values as text (`audit.log.snapshot`): a day as 2015-03-01, a yes/no as True.
    """
    if value is None or value == "" or not isinstance(value, str | int):
        return value
    field = _field(_model(action), name)
    text = str(value)
    if text in YES_NO and (field is None or isinstance(field, models.BooleanField)):
        return str(YES_NO[text])
    if (day := ISO_DAY.match(text)) is not None:
        return f"{day[3]}/{day[2]}/{day[1]}"
    if (moment := ISO_TIME.match(text)) is not None:
        return f"{moment[3]}/{moment[2]}/{moment[1]} {moment[4]}:{moment[5]}"
    if isinstance(field, models.BigIntegerField) and text.lstrip("-").isdigit():
        return dong(int(text))  # amounts are whole đồng in BigIntegerField (docs/programme.md)
    return value


def changes(entry) -> list[Change]:
    """The changes worth reading: a field that was empty and stays empty says nothing."""
    return [
        Change(
            field_label(entry.action, name),
            value_shown(entry.action, name, old),
            value_shown(entry.action, name, new),
        )
        for name, (old, new) in entry.changes.items()
        if old not in (None, "") or new not in (None, "")
    ]
