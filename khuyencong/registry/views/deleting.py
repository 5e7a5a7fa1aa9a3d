"""Delete a registry record after a confirmation page, or say what still depends on it."""

from collections import Counter

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khuyencong.audit.log import delete_audited


def confirm_and_delete(request, obj, *, cancel_url: str, done_url: str, done_message: str):
    context = {"object": obj, "cancel_url": cancel_url}
    if request.method != "POST":
        return render(request, "registry/confirm_delete.html", context)
    try:
        with transaction.atomic():
            delete_audited(obj, request.user)
    except (ProtectedError, RestrictedError) as error:
        blockers = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
        kinds = Counter(str(type(b)._meta.verbose_name_plural) for b in blockers)
        context["blocked"] = _(
            "It cannot be deleted: other records still refer to it (%(what)s). "
            "Those records keep the history of public money; change them first, or keep this one."
        ) % {"what": ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))}
        return render(request, "registry/confirm_delete.html", context, status=409)
    messages.success(request, done_message)
    return redirect(done_url)
