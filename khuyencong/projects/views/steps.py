"""Status steps, appraisals, the dossier and adjustments: each view hands the form to a model method."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.accounts.permissions import Can
from khuyencong.downloads import file_response

from ..forms import (
    AdjustmentForm,
    AppraisalForm,
    DossierReviewForm,
    DossierUploadForm,
    PriorityDecisionForm,
    step_form,
)
from ..models import STEPS, Appraisal, DossierItem
from ..presenting import money_for_form
from ..scoping import beneficiary_choices, get_project_for

# Steps whose form decides money: it shows the limits in force before saving.
MONEY_STEPS = {"approve"}


def _done(request, project, message):
    messages.success(request, message)
    return redirect("projects:detail", pk=project.pk)


def _performed(request, project, form, message):
    """A posted, valid form takes its step: the redirect when done, else None with the model's
    refusal put on the form (nothing saved)."""
    if request.method == "POST" and form.is_valid():
        try:
            form.perform()
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _done(request, project, message)
    return None


@login_required
def project_step(request, pk: int, action: str):
    if action not in STEPS:
        raise Http404
    step = STEPS[action]
    project = get_project_for(request.user, pk, step.capability)
    # A step may need nothing but its date, which defaults to today: an empty POST is still a submitted form.
    data = request.POST if request.method == "POST" else None
    form = step_form(action)(data, project=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            form.perform(action)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _done(
                request,
                project,
                _("Done: the project is now “%(status)s”.") % {"status": project.get_status_display()},
            )
    context = {"form": form, "project": project, "action": action, "step": step}
    if action in MONEY_STEPS:
        context["money"] = money_for_form(project, form)
    return render(request, "projects/step_form.html", context, status=400 if form.errors else 200)


@login_required
def appraisal_record(request, pk: int, step: str):
    if step not in Appraisal.Step.values:
        raise Http404
    project = get_project_for(
        request.user, pk, Can.APPRAISE_FINANCE if step == Appraisal.Step.FINANCE else Can.RUN_PROJECTS
    )
    form = AppraisalForm(
        request.POST or None, criteria=AppraisalForm.criteria_for(project, step), project=project
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project.record_appraisal(
                request.user, step, form.scores(), data["comments"], data["conclusion"], on=data["on"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _done(request, project, _("Appraisal recorded."))
    title = Appraisal.Step(step).label
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "subtitle": str(project), "cancel_url": _back(project)},
        status=400 if form.errors else 200,
    )


@login_required
def priority_decision(request, pk: int):
    """Record the decision granting priority support over the cap (the only way past a cap)."""
    project = get_project_for(request.user, pk, Can.DECIDE_PROJECTS)
    form = PriorityDecisionForm(request.POST or None, project=project, user=request.user)
    done = _performed(request, project, form, _("Priority support decision recorded."))
    if done:
        return done
    title = _("Priority support over the cap")
    context = {"form": form, "title": title, "subtitle": str(project), "cancel_url": _back(project)}
    return render(request, "form_page.html", context)


def _back(project) -> str:
    """Where "Cancel" leads from a form about the project: its page, as on the step forms."""
    return reverse("projects:detail", args=[project.pk])


def _dossier_item(request, pk: int, item_pk: int, capability: Can = Can.READ_PROJECTS):
    project = get_project_for(request.user, pk, capability)
    return get_object_or_404(DossierItem.objects.select_related("project"), pk=item_pk, project=project)


@login_required
def dossier_upload(request, pk: int, item_pk: int):
    item = _dossier_item(request, pk, item_pk, Can.APPLY)
    form = DossierUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item.attach(form.cleaned_data["file"], request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _done(request, item.project, _("Document uploaded."))
    context = {
        "form": form,
        "title": item.name,
        "subtitle": str(item.project),
        "cancel_url": _back(item.project),
    }
    return render(request, "form_page.html", context)


@require_POST
@login_required
def dossier_review(request, pk: int, item_pk: int):
    item = _dossier_item(request, pk, item_pk, Can.RUN_PROJECTS)
    form = DossierReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a review status."))
        return redirect("projects:detail", pk=pk)
    status, note = form.cleaned_data["status"], form.cleaned_data["note"]
    if status == "accepted_paper":
        status, note = "accepted", note or _("Received on paper")
    try:
        item.review(status, request.user, note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("projects:detail", pk=pk)
    return _done(request, item.project, _("Dossier item updated."))


@login_required
def dossier_file(request, pk: int, item_pk: int):
    item = _dossier_item(request, pk, item_pk)
    if not item.file:
        raise Http404
    return file_response(item.file, f"{item.name} - {item.project.code or item.project.pk}")


@login_required
def project_adjust(request, pk: int):
    project = get_project_for(request.user, pk, Can.DECIDE_PROJECTS)
    establishments = beneficiary_choices(request.user)
    form = AdjustmentForm(
        request.POST or None, project=project, user=request.user, establishments=establishments
    )
    done = _performed(request, project, form, _("Adjustment recorded; the previous values are kept."))
    if done:
        return done
    context = {
        "form": form,
        "title": _("Adjust the project"),
        "subtitle": str(project),
        "money": money_for_form(project, form),
    }
    return render(request, "form_page.html", context)
