"""Following a project through: payments, milestones, monthly reports, monitoring visits, overdue lists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Place, Scope
from khuyencong.audit.log import save_audited
from khuyencong.geo.models import AdminUnit
from khuyencong.plans.models import PlanDeadlineDone
from khuyencong.sections import sections

from ..forms import (
    FollowUpDoneForm,
    MilestoneForm,
    PaymentForm,
    PaymentReversalForm,
    PlanDeadlineDoneForm,
    ProgressReportForm,
    VisitForm,
)
from ..models import Milestone, MonitoringVisit, Payment, VisitPhoto
from ..models.states import RUNNING
from ..presenting import money_for_form
from ..scoping import get_project_for
from ..supervision import overdue_for, plan_deadlines_for, plan_deadlines_marked_for


def _form_page(request, form, title, project, status=200, **extra):
    context = {
        "form": form,
        "title": title,
        "subtitle": str(project),
        "cancel_url": f"/projects/{project.pk}/",
        **extra,
    }
    return render(request, "form_page.html", context, status=400 if form.errors else status)


@login_required
def payment_create(request, pk: int):
    project = get_project_for(request.user, pk, Can.RUN_PROJECTS)
    form = PaymentForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project.record_payment(
                request.user,
                data["kind"],
                form.signed_amount(),
                data["paid_on"],
                data["voucher_number"],
                data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Payment recorded."))
            return redirect("projects:detail", pk=project.pk)
    return _form_page(request, form, _("Record a payment"), project, money=money_for_form(project, form))


@login_required
def payment_reverse(request, pk: int, payment_pk: int):
    """Cancel a mistaken entry by a reversing one; the form names the entry and asks for the reason."""
    project = get_project_for(request.user, pk, Can.RUN_PROJECTS)
    payment = get_object_or_404(Payment.objects.select_related("reverses"), pk=payment_pk, project=project)
    form = PaymentReversalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            form.perform(project, payment, request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Entry reversed; both entries stay in the books."))
            return redirect("projects:detail", pk=project.pk)
    title = _("Reverse %(entry)s of %(day)s") % {"entry": payment, "day": f"{payment.paid_on:%d/%m/%Y}"}
    return _form_page(request, form, title, project)


def _work_under_way(request, project) -> bool:
    """Milestones and monthly reports belong to the work under way, not to a closed or ended file."""
    if project.status in RUNNING:
        return True
    messages.error(request, _("Milestones and progress reports are kept while the work is under way."))
    return False


def _add_record(request, pk, capability, form_class, title, **initial):
    """A milestone or monthly report: a plain child record of the project, audited."""
    project = get_project_for(request.user, pk, capability)
    if not _work_under_way(request, project):
        return redirect("projects:detail", pk=project.pk)
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        record.project = project
        if hasattr(record, "created_by_id"):
            record.created_by = request.user
        try:
            record.full_clean()
            save_audited(record, request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Saved."))
            return redirect("projects:detail", pk=project.pk)
    return _form_page(request, form, title, project)


@login_required
def milestone_create(request, pk: int):
    return _add_record(request, pk, Can.RUN_PROJECTS, MilestoneForm, _("Add a milestone"))


@login_required
def report_create(request, pk: int):
    today = timezone.localdate()
    return _add_record(request, pk, Can.APPLY, ProgressReportForm, _("Monthly progress report"), month=today)


@require_POST
@login_required
def milestone_done(request, pk: int, milestone_pk: int):
    project = get_project_for(request.user, pk, Can.RUN_PROJECTS)
    milestone = get_object_or_404(Milestone, pk=milestone_pk, project=project)
    if not _work_under_way(request, project):
        return redirect("projects:detail", pk=project.pk)
    milestone.mark_done(request.user)
    messages.success(request, _("Milestone marked done."))
    return redirect("projects:detail", pk=project.pk)


@login_required
def visit_create(request, pk: int):
    project = get_project_for(request.user, pk, Can.VISIT)
    form = VisitForm(
        request.POST or None, request.FILES or None, initial={"visited_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            visit = form.save(commit=False)
            visit.project, visit.created_by = project, request.user
            save_audited(visit, request.user)
            if form.cleaned_data.get("photo"):
                save_audited(VisitPhoto(visit=visit, image=form.cleaned_data["photo"]), request.user)
        messages.success(request, _("Visit recorded."))
        return redirect("projects:detail", pk=project.pk)
    return _form_page(request, form, _("Record a monitoring visit"), project)


@login_required
def visit_follow_up_done(request, pk: int, visit_pk: int):
    """Close a visit's follow-up with what was done; it then leaves the overdue list."""
    project = get_project_for(request.user, pk, Can.VISIT)
    visit = get_object_or_404(MonitoringVisit.objects.select_related("project"), pk=visit_pk, project=project)
    form = FollowUpDoneForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            visit.close_follow_up(request.user, form.cleaned_data["result"], on=form.cleaned_data.get("on"))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Follow-up closed."))
            return redirect("projects:detail", pk=project.pk)
    title = _("Follow-up of the visit on %(day)s: %(what)s") % {
        "day": f"{visit.visited_on:%d/%m/%Y}",
        "what": visit.follow_up,
    }
    return _form_page(request, form, title, project)


@login_required
def visit_photo(request, pk: int, photo_pk: int):
    """A visit photo, to whoever may see the project: it is kept out of the public media."""
    project = get_project_for(request.user, pk)
    photo = get_object_or_404(VisitPhoto, pk=photo_pk, visit__project=project)
    response = FileResponse(photo.image.open("rb"), filename=photo.image.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, max-age=3600"
    return response


@requires(Can.READ_PROJECTS)
def overdue_list(request):
    today = timezone.localdate()
    context = {
        "overdue": overdue_for(request.user, today),
        # Each row's own day box (its own id, for its label), today by default.
        "plan_deadlines": [
            (item, PlanDeadlineDoneForm(initial={"on": today}, auto_id=f"met{n}_%s"))
            for n, item in enumerate(plan_deadlines_for(request.user, today, reading=True))
        ],
        "plan_deadlines_marked": plan_deadlines_marked_for(request.user, today),
        # The reports a province owes, from the reports app above (khuyencong/sections.py).
        "panels": sections("overdue", user=request.user, today=today),
    }
    return render(request, "projects/overdue.html", context)


def _listed_deadline(request, province_pk: int, year: int, code: str) -> AdminUnit:
    """The province of a deadline on the overdue list (next year's plan, one of the two codes), or 404."""
    province = get_object_or_404(AdminUnit.objects.provinces().current(), pk=province_pk)
    if not Scope.of(request.user).can_at(Can.READ_PLANS, Place.of(province.pk)):
        raise Http404
    if code not in PlanDeadlineDone.CODES or year != timezone.localdate().year + 1:
        raise Http404
    return province


@requires(Can.MANAGE_PLANS)
@require_POST
def plan_deadline_done(request, province_pk: int, year: int, code: str):
    """The plan manager says a province's yearly plan deadline was met; it leaves the overdue list."""
    province = _listed_deadline(request, province_pk, year, code)
    form = PlanDeadlineDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("projects:overdue")
    # The day it was actually met, as the plan manager says (today if left empty).
    on = form.cleaned_data.get("on") or timezone.localdate()
    try:
        PlanDeadlineDone.mark(request.user, province, year, code, on)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Deadline marked as met."))
    return redirect("projects:overdue")


@requires(Can.MANAGE_PLANS)
def plan_deadline_undo(request, province_pk: int, year: int, code: str):
    """Take back a deadline marked met by mistake: a page asks first, the POST undoes it."""
    province = _listed_deadline(request, province_pk, year, code)
    if not Scope.of(request.user).can_at(Can.MANAGE_PLANS, Place.of(province.pk)):
        raise PermissionDenied  # the question is not asked of whoever could not answer it
    done = get_object_or_404(PlanDeadlineDone, province=province, year=year, code=code)
    if request.method == "POST":
        done.undo(request.user)
        messages.success(request, _("The deadline is no longer marked as met."))
        return redirect("projects:overdue")
    return render(request, "projects/plan_deadline_undo.html", {"done": done})
