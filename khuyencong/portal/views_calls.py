"""Calls for proposals (public list and page; the Centre's create and edit) and the guided
application (docs/self-service.md). Views stay small: the rules are in portal/eligibility.py and
portal/applying.py."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.audit.log import save_audited
from khuyencong.concurrency import ConcurrentEdit, conflict_response, save_versioned
from khuyencong.portal import applying
from khuyencong.portal.applying import STEPS, Application, Step
from khuyencong.portal.calls import Call
from khuyencong.portal.claims import claim_of
from khuyencong.portal.forms_calls import (
    BudgetForm,
    CallForm,
    DocumentForm,
    EligibilityForm,
    ProposalForm,
)
from khuyencong.projects import estimate, paperwork
from khuyencong.vnformat import group_number, millions

FORM_TEMPLATE = "portal/call_form.html"


def _calls_for(user):
    """Published calls for everyone; a province's unpublished ones for those who manage its calls."""
    published = Call.objects.published()
    if Scope.of(user).can(Can.MANAGE_CALLS):
        return published | Call.objects.managed_by(user)
    return published


@require_GET
def call_list(request):
    calls = _calls_for(request.user).select_related("province", "source").open_first()[:200]
    today = timezone.localdate()
    return render(
        request,
        "portal/call_list.html",
        {"calls": calls, "today": today, "can_manage": Scope.of(request.user).can(Can.MANAGE_CALLS)},
    )


def _get_call(user, pk) -> Call:
    call = _calls_for(user).select_related("province", "source", "batch__plan").filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


@require_GET
def call_detail(request, pk: int):
    call = _get_call(request.user, pk)
    scope = Scope.of(request.user)
    establishments = applying.establishments_of(request.user)
    return render(
        request,
        "portal/call_detail.html",
        {
            "call": call,
            "activity_types": call.activity_types.all(),
            "is_open": call.is_open(),
            "establishments": establishments,
            "sent": list(applying.sent_applications(call, establishments)),
            "can_edit": scope.can_at(Can.MANAGE_CALLS, call.place()),
            # Why a signed-in person may not apply yet, and what to do (portal/includes/not_yet.html).
            "claim": claim_of(request.user) if request.user.is_authenticated else None,
            "has_role": request.user.is_authenticated and request.user.role_assignments.exists(),
        },
    )


def _save_call(form, user):
    call = form.save(commit=False)
    names = sorted(str(t) for t in form.cleaned_data["activity_types"])
    with transaction.atomic():
        if call.pk:
            save_versioned(call, user, form.cleaned_data.get("version"), also={"activity_types": names})
        else:
            save_audited(call, user, also={"activity_types": names})
        form.save_m2m()
    return call


@requires(Can.MANAGE_CALLS)
def call_create(request):
    provinces = Scope.of(request.user).provinces(Can.MANAGE_CALLS).current()  # today's units only
    form = CallForm(request.POST or None, instance=Call(), provinces=provinces)
    if request.method == "POST" and form.is_valid():
        call = _save_call(form, request.user)
        messages.success(request, _("Call saved."))
        return redirect("portal:call_detail", pk=call.pk)
    context = {"form": form, "title": _("New call for proposals"), "cancel_url": reverse("portal:call_list")}
    return render(request, FORM_TEMPLATE, context, status=400 if form.errors else 200)


@requires(Can.MANAGE_CALLS)
def call_edit(request, pk: int):
    call = _get_call(request.user, pk)
    if not Scope.of(request.user).can_at(Can.MANAGE_CALLS, call.place()):
        raise PermissionDenied
    provinces = Scope.of(request.user).provinces(Can.MANAGE_CALLS).current()  # today's units only
    form = CallForm(request.POST or None, instance=call, provinces=provinces)
    back = reverse("portal:call_detail", args=[call.pk])
    context = {"form": form, "title": _("Edit the call"), "subtitle": str(call), "cancel_url": back}
    if request.method == "POST" and form.is_valid():
        try:
            _save_call(form, request.user)
        except ConcurrentEdit:
            return conflict_response(request, form, FORM_TEMPLATE, context)
        messages.success(request, _("Changes saved."))
        return redirect(back)
    return render(request, FORM_TEMPLATE, context, status=400 if form.errors else 200)


# ------------------------------------------------------------------ the guided application


@require_POST
@login_required
def apply(request, pk: int):
    """Start (or resume) the establishment's application to an open call."""
    call = _get_call(request.user, pk)
    establishments = applying.establishments_of(request.user)
    if not establishments.exists():
        raise PermissionDenied
    chosen = request.POST.get("establishment")
    establishment = establishments.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
    if establishment is None:
        if establishments.count() != 1:
            messages.error(request, _("Choose the establishment you apply for."))
            return redirect("portal:call_detail", pk=call.pk)
        establishment = establishments.get()
    if not call.is_open():
        messages.error(request, _("This call is not open for applications today."))
        return redirect("portal:call_detail", pk=call.pk)
    sent = applying.sent_applications(call, [establishment]).first()
    if sent is not None:
        # One application a call: the one sent stands until it is withdrawn or refused.
        messages.error(
            request,
            _(
                "%(name)s already sent an application to this call; a second one cannot be started. Here it is."
            )
            % {"name": establishment.name},
        )
        return redirect("portal:my_project", pk=sent.project_id)
    application = applying.start(call, establishment, request.user)
    return redirect("portal:application_step", pk=application.pk, step=application.step)


def _get_application(user, pk) -> Application:
    application = (
        Application.objects.of_user(user)
        .select_related("call__source", "establishment__commune", "project")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


def _reachable(application, step: str) -> bool:
    """A step may be opened once the steps before it were saved (back is always allowed)."""
    done = {Step.ELIGIBILITY: True, Step.PROPOSAL: bool(applying.activity_code(application))}
    done[Step.BUDGET] = done[Step.PROPOSAL] and application.project_id is not None
    done[Step.DOCUMENTS] = done[Step.BUDGET] and bool(application.answers.get(Step.BUDGET))
    done[Step.REVIEW] = done[Step.DOCUMENTS]
    return done[step]


@login_required
def application_step(request, pk: int, step: str):
    application = _get_application(request.user, pk)
    if step not in STEPS:
        raise Http404
    if application.submitted:
        messages.info(request, _("This application was sent."))
        return redirect("portal:my_project", pk=application.project_id)
    if not _reachable(application, step):
        messages.warning(request, _("Fill in the earlier steps first."))
        return redirect("portal:application_step", pk=application.pk, step=application.step)
    handler = STEP_HANDLERS[step]
    outcome = handler(request, application)
    if not isinstance(outcome, dict):
        return outcome
    index = STEPS.index(step)
    context = {
        "application": application,
        "call": application.call,
        "step": step,
        "steps": [(s, Step(s).label, i <= index) for i, s in enumerate(STEPS)],
        "step_label": Step(step).label,
        "step_number": index + 1,
        "step_count": len(STEPS),
        "previous": STEPS[index - 1] if index else None,
        **outcome,
    }
    form = outcome.get("form")
    status = 400 if form is not None and form.errors else 200
    return render(request, "portal/application_step.html", context, status=status)


def _next(application, step):
    following = STEPS[STEPS.index(step) + 1]
    return redirect("portal:application_step", pk=application.pk, step=following)


def _eligibility(request, application):
    call = application.call
    saved = application.answers.get(Step.ELIGIBILITY) or None
    form = EligibilityForm(request.POST or saved, call=call)
    verdict = None
    if form.is_bound and form.is_valid():
        verdict = applying.verdict(application, form.cleaned_data["activity_type"])
    if request.method == "POST":
        if form.is_valid() and verdict.eligible:
            applying.keep(application, Step.ELIGIBILITY, request.POST.dict(), move_to=Step.PROPOSAL)
            if (
                application.project_id
                and application.project.activity_type.code != form.cleaned_data["activity_type"]
            ):
                messages.warning(request, _("You changed the kind of support: check the proposal again."))
            return _next(application, Step.ELIGIBILITY)
        applying.keep(application, Step.ELIGIBILITY, request.POST.dict())
        if verdict is not None and not verdict.eligible:
            messages.error(request, _("You cannot apply for this kind of support: see the reasons below."))
    return {"form": form, "verdict": verdict}


def _save_step(request, application, step, form, save, next_step):
    """Keep what was typed (a draft resumes on any device), then save the step and go on when it is
    valid; None when the form must be shown again with its errors."""
    applying.keep(application, step, request.POST.dict())
    if not form.is_valid():
        return None
    try:
        save(application, form.cleaned_data, request.user)
    except ValidationError as error:
        _errors_to_form(form, error)
        return None
    applying.keep(application, step, request.POST.dict(), move_to=next_step)
    return _next(application, step)


def _proposal(request, application):
    saved = application.answers.get(Step.PROPOSAL) or None
    form = ProposalForm(request.POST or saved)
    if request.method == "POST":
        done = _save_step(request, application, Step.PROPOSAL, form, applying.save_proposal, Step.BUDGET)
        if done:
            return done
    return {"form": form}


def _budget(request, application):
    saved = application.answers.get(Step.BUDGET) or None
    if request.method == "POST" and "add_line" in request.POST:
        # What was typed is kept, and the page comes back with one more line, not checked yet.
        applying.keep(application, Step.BUDGET, request.POST.dict())
        url = reverse("portal:application_step", args=[application.pk, Step.BUDGET])
        return redirect(f"{url}?line=added#cost-lines")
    if request.method == "GET" and request.GET.get("line") == "added" and saved:
        form = _budget_form(application, None, initial=saved, line_rows=estimate.typed_rows(saved))
        return {"form": form, "cap": _cap_context(application, form)}
    form = _budget_form(application, request.POST or saved)
    if request.method == "POST":
        done = _save_step(request, application, Step.BUDGET, form, applying.save_budget, Step.DOCUMENTS)
        if done:
            return done
    return {"form": form, "cap": _cap_context(application, form)}


def _budget_form(application, data, **kwargs):
    return BudgetForm(
        data,
        cap=lambda total, item: applying.cap(application, total, item),
        items=applying.items(application),
        **kwargs,
    )


def _cap_context(application, form) -> dict:
    total = None
    if form.is_bound:
        try:
            total = form.fields["total"].clean(form.data.get("total"))
        except ValidationError:
            total = None
    item = ""
    if form.is_bound and "item" in form.fields:
        typed = form.data.get("item", "")
        item = typed if typed in {code for code, _label in form.fields["item"].choices} else ""
    found = applying.cap(application, total, item)
    return {
        "cap": found,
        "total": total,
        "millions": millions(found.amount) if found.amount is not None else "",
        "ceiling_millions": millions(found.max_amount) if found.max_amount is not None else "",
        "percent": _percent(found.max_percent) if found.max_percent is not None else "",
        "over": _typed_over(form, found.amount),
    }


def _percent(value) -> str:
    """A rule's share of the cost as written in its text: 50 → "50%", 1.5 → "1,5%"."""
    return group_number(Decimal(value), 2, strip_zeros=True) + "%"


def _typed_over(form, amount) -> bool:
    if amount is None or not form.is_bound:
        return False
    try:
        support = form.fields["support"].clean(form.data.get("support"))
    except ValidationError:
        return False
    return support is not None and support > amount


def _documents(request, application):
    project = application.project
    items = list(project.dossier_items.filter(stage="application").select_related("requirement"))
    for item in items:
        item.prefilled = paperwork.links_for_item(project, item)
    form = DocumentForm()
    if request.method == "POST":
        item = next((i for i in items if str(i.pk) == request.POST.get("item")), None)
        if item is None:
            messages.error(request, _("Choose which paper you upload."))
        else:
            form = DocumentForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    item.attach(form.cleaned_data["file"], request.user)
                except ValidationError as error:
                    form.add_error("file", error)
                else:
                    messages.success(request, _("“%(name)s” received.") % {"name": item.name})
                    return redirect("portal:application_step", pk=application.pk, step=Step.DOCUMENTS)
            # Why it was refused shows once, by the paper's file box; the top only says which paper.
            messages.error(
                request, _("%(paper)s: the file was not taken; see why below.") % {"paper": item.name}
            )
            form.failed_item = item.pk
        return {"form": form, "items": items}
    if request.GET.get("next") == "1":
        applying.keep(application, Step.DOCUMENTS, {"seen": "1"}, move_to=Step.REVIEW)
        return _next(application, Step.DOCUMENTS)
    return {"form": form, "items": items}


def _review(request, application):
    project = application.project
    missing = project.missing_documents("application")
    found = applying.verdict(application)
    if request.method == "POST":
        if not found.eligible:
            messages.error(request, _("You cannot apply for this kind of support: see the reasons below."))
        else:
            try:
                project.submit(by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Your application was sent to the Centre."))
                # To the establishment's own page: the status in plain words, the next step.
                return redirect("portal:my_project", pk=project.pk)
    return {
        "project": project,
        "missing": missing,
        "verdict": found,
        "total_millions": millions(project.total_amount),
        "support_millions": millions(project.support_amount),
    }


def _errors_to_form(form, error):
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


STEP_HANDLERS = {
    Step.ELIGIBILITY: _eligibility,
    Step.PROPOSAL: _proposal,
    Step.BUDGET: _budget,
    Step.DOCUMENTS: _documents,
    Step.REVIEW: _review,
}


@login_required
def cap_check(request, pk: int):
    """The live check of the support asked against the cap in force on the application's day (htmx)."""
    application = _get_application(request.user, pk)
    form = _budget_form(application, request.GET)
    form.is_valid()
    return render(
        request,
        "portal/includes/cap_check.html",
        {"application": application, "form": form, "cap": _cap_context(application, form), "live": True},
    )
