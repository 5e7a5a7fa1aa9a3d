"""Delete a registry record after a confirmation page, or say what still depends on it."""

from django.contrib import messages
from django.db import router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.shortcuts import redirect, render

from khuyencong.audit.log import delete_audited

SHOWN_BLOCKERS = 10


def blockers(obj) -> list[str]:
    """What refers to the record and forbids its deletion (projects that name it, say), in words."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as error:
        found = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
        said = []
        for blocker in found:
            # A link row (a project's beneficiary) is told by what it links to: the project; a row
            # whose project is optional and empty (a portal application not yet filled) by itself.
            shown = getattr(blocker, "project", None) or blocker
            said.append(f"{type(shown)._meta.verbose_name.capitalize()}: {shown}")
        return sorted(set(said))
    return []


def confirm_and_delete(request, obj, *, cancel_url: str, done_url: str, done_message: str):
    context = {"object": obj, "cancel_url": cancel_url, "blockers": blockers(obj)[:SHOWN_BLOCKERS]}
    if request.method != "POST" or context["blockers"]:
        # Blockers are said before anyone confirms: the page shows why the record stays.
        status = 409 if request.method == "POST" else 200
        return render(request, "registry/confirm_delete.html", context, status=status)
    try:
        with transaction.atomic():
            delete_audited(obj, request.user)
    except (ProtectedError, RestrictedError):  # something came to refer to it meanwhile
        context["blockers"] = blockers(obj)[:SHOWN_BLOCKERS]
        return render(request, "registry/confirm_delete.html", context, status=409)
    messages.success(request, done_message)
    return redirect(done_url)
