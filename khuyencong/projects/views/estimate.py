"""Centre staff type a project's estimate line by line (projects/estimate.py), in đồng, while the
project may still be edited (a draft, or waiting for documents), as on the project's own form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khuyencong.accounts.permissions import Can
from khuyencong.vnformat import dong

from .. import estimate
from ..models.states import EDITABLE
from ..scoping import get_project_for


@login_required
def project_estimate(request, pk: int):
    project = get_project_for(request.user, pk, Can.APPLY)
    if project.status not in EDITABLE:
        # Past its draft, the estimate is what was appraised: it is read, not changed (adjustments
        # go by decision, projects/models/adjustments.py).
        context = {"project": project, "locked": True, "saved": project.cost_lines.all()}
        return render(
            request,
            "projects/project_estimate.html",
            context,
            status=400 if request.method == "POST" else 200,
        )
    if request.method == "POST" and "add_line" in request.POST:
        lines = estimate.line_set(estimate.DongLineForm, rows=estimate.typed_rows(request.POST))
    elif request.method == "POST":
        lines = estimate.line_set(estimate.DongLineForm, request.POST)
        outcome = _save(request, project, lines)
        if outcome:
            return outcome
    else:
        saved = [{"content": line.content, "amount": line.amount} for line in project.cost_lines.all()]
        lines = estimate.line_set(estimate.DongLineForm, rows=saved or None)
    # A set sent and shown again was refused (a line, or the sum); "add a line" is not judged.
    status = 400 if lines.is_bound else 200
    return render(
        request, "projects/project_estimate.html", {"project": project, "lines": lines}, status=status
    )


def _save(request, project, lines):
    """Write the lines when each is right and together they make the total; else say why, by the lines."""
    if not lines.is_valid():
        return None
    filled = estimate.filled(lines)
    found = estimate.mismatch(filled, project.total_amount)
    if found is not None:
        lines.sum_error = _(
            "The lines add up to %(sum)s đồng, not the project's total cost of %(total)s đồng."
        ) % {"sum": dong(found), "total": dong(project.total_amount)}
        return None
    estimate.replace(project, filled, request.user)
    messages.success(request, _("Estimate saved."))
    return redirect("projects:detail", pk=project.pk)
