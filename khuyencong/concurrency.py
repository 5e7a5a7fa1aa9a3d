"""Optimistic locking: an edit made on a stale copy of a record is refused, never silently lost.

Every editable record carries `version`, which rises with each saved change. Its form carries
the version it was opened on (a hidden field); saving locks the row, compares, and refuses when
someone saved in between. The view then shows the other person's change and keeps what was
typed, with the new version in the form, so that saving again is a knowing choice.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from khuyencong.audit.log import history, save_audited, snapshot


class ConcurrentEdit(ValidationError):
    """Someone else changed the record since the form was opened."""


STALE_MESSAGE = _("Someone else changed this record while you were editing it. Your changes were not saved.")


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class VersionedFormMixin:
    """Adds the version the form was opened on, carried through the POST (for forms of a record;
    a form that is not a ModelForm names its record with `versioned=`)."""

    def __init__(self, *args, versioned=None, **kwargs):
        super().__init__(*args, **kwargs)
        record = versioned if versioned is not None else getattr(self, "instance", None)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput,
            required=False,
            min_value=0,
            max_value=2**31 - 1,
            initial=getattr(record, "version", None),
        )


def lock_version(instance, loaded_version: int | None):
    """Lock the record's row and refuse when it changed since `loaded_version`; the locked copy.

    Call inside a transaction. A new record (no pk) has nothing to compare. A form that lost its
    version (a hand-made POST) cannot show it was made on the current copy, so it is refused too.
    """
    if instance.pk is None:
        return None
    if not any(field.name == "version" for field in instance._meta.concrete_fields):
        return None  # a record with no version column (the registry's rule rows) has nothing to compare
    current = type(instance)._base_manager.select_for_update().get(pk=instance.pk)
    if loaded_version is None or current.version != loaded_version:
        raise ConcurrentEdit(STALE_MESSAGE, code="concurrent")
    return current


def save_versioned(instance, actor, loaded_version: int | None, **audit) -> dict:
    """Save an edit of `instance` made on the copy of `loaded_version`, audited; refuse a stale one."""
    with transaction.atomic():
        current = lock_version(instance, loaded_version)
        if current is not None:
            instance.version = current.version + 1
        return save_audited(instance, actor, **audit)


def conflict_response(request, form, template: str, context: dict, record=None):
    """Re-show the form after a refused stale save (HTTP 409), with the changes saved since it was
    opened. The other person's values come into the fields this user left as they found them; what
    this user typed stays; fields both changed are named, so that saving again is a knowing choice.
    The form now carries the current version."""
    record = record or form.instance
    current = type(record)._base_manager.get(pk=record.pk)
    loaded = form.cleaned_data.get("version") or 0
    newer = list(history([record])[: max(1, min(20, current.version - loaded))])
    data = form.data.copy()
    data[form.add_prefix("version")] = current.version
    taken, clashed = _take_untouched(form, data, current, newer)
    form.data = data
    context = {
        **context,
        "form": form,
        "conflict": STALE_MESSAGE,
        "entries": newer,
        "taken": taken,
        "clashed": clashed,
    }
    return render(request, template, context, status=409)


def _take_untouched(form, data, current, newer) -> tuple[list[str], list[str]]:
    """Put the other person's new value into each field this user did not change; name the fields
    both changed. The audit entries since the form was opened say what changed from what."""
    if not isinstance(form, forms.ModelForm):
        return [], []
    found, latest = {}, {}
    for entry in reversed(newer):  # oldest first: the value the form was opened with comes first
        for name, (old, new) in entry.changes.items():
            found.setdefault(name, old)
            latest[name] = new
    typed = snapshot(form.instance)
    taken, clashed = [], []
    for name in found:
        if name not in form.fields or name not in typed or form.fields[name].disabled:
            continue
        label = str(form.fields[name].label or name)
        if typed[name] == found[name]:
            _put(form, data, name, model_to_dict(current, [name]).get(name))
            taken.append(label)
        elif typed[name] != latest[name]:
            clashed.append(label)
    return taken, clashed


def _put(form, data, name: str, value) -> None:
    key = form.add_prefix(name)
    value = form.fields[name].prepare_value(value)
    if isinstance(form.fields[name].widget, forms.CheckboxInput):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    else:
        data[key] = "" if value is None else str(value)


def edit_page(request, form, template: str, context: dict, *, done_url: str, save=None, message=None):
    """The usual edit screen of a versioned record: on a valid POST save it (refusing a stale copy
    with the conflict page), say so and go to `done_url`; otherwise show the form (400 with its
    errors). `save(form)` replaces the plain versioned save (a product saves its photo too)."""
    context = {**context, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            if save is None:
                save_versioned(form.save(commit=False), request.user, form.cleaned_data["version"])
            else:
                save(form)
        except ConcurrentEdit:
            return conflict_response(request, form, template, context)
        messages.success(request, message or gettext("Changes saved."))
        return redirect(done_url)
    return render(request, template, context, status=400 if form.errors else 200)
