from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.audit.log import save_audited
from khuyencong.concurrency import ConcurrentEdit, conflict_response, edit_page

from .forms import BatchAdjustmentForm, BatchForm, PlanForm
from .models import Batch, Plan
from .scoping import documents_for, get_batch_for, get_plan_for


@requires(Can.READ_PLANS)
def plan_index(request):
    """The plans by year and today's province: a pre-2025 plan is listed under the province it became."""
    plans = Plan.objects.visible_to(request.user).select_related(
        "province", "current_province", "source", "decision"
    )
    groups: dict[tuple, dict] = {}
    for plan in plans.order_by("-year", "current_province__name", "source__order", "province__name"):
        group = groups.setdefault(
            (plan.year, plan.current_province_id),
            {"year": plan.year, "province": plan.current_province, "plans": []},
        )
        group["plans"].append(plan)
    context = {
        "groups": list(groups.values()),
        "can_manage": Scope.of(request.user).can(Can.MANAGE_PLANS),
    }
    return render(request, "plans/plan_index.html", context)


@requires(Can.MANAGE_PLANS)
def plan_create(request):
    # Linked from an approval form that found no plan: the province, year and source come filled in.
    initial = {name: request.GET[name] for name in ("province", "year", "source") if request.GET.get(name)}
    form = PlanForm(
        request.POST or None,
        instance=Plan(),
        initial=initial,
        provinces=Scope.of(request.user).provinces(Can.MANAGE_PLANS),
        documents=documents_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        save_audited(plan, request.user)
        messages.success(request, _("Plan saved. Add its batches."))
        return redirect("plans:batch_create", plan_pk=plan.pk)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("New plan"), "cancel_url": "/plans/"},
        status=400 if form.errors else 200,
    )


@requires(Can.MANAGE_PLANS)
def plan_edit(request, pk: int):
    plan = get_plan_for(request.user, pk, Can.MANAGE_PLANS)
    form = PlanForm(
        request.POST or None,
        instance=plan,
        provinces=Scope.of(request.user).provinces(Can.MANAGE_PLANS),
        documents=documents_for(request.user),
    )
    context = {"title": _("Edit the plan"), "subtitle": str(plan), "cancel_url": _back(plan)}
    return edit_page(request, form, "form_page.html", context, done_url=_back(plan))


def _back(plan) -> str:
    return reverse("reports:execution", args=[plan.current_province_id, plan.year])


@requires(Can.MANAGE_PLANS)
def batch_edit(request, pk: int):
    batch = get_batch_for(request.user, pk, Can.MANAGE_PLANS)
    form = BatchForm(request.POST or None, instance=batch, documents=documents_for(request.user))
    context = {"title": _("Edit the batch"), "subtitle": str(batch), "cancel_url": _back(batch.plan)}
    return edit_page(request, form, "form_page.html", context, done_url=_back(batch.plan))


@requires(Can.MANAGE_PLANS)
def batch_create(request, plan_pk: int):
    plan = get_plan_for(request.user, plan_pk, Can.MANAGE_PLANS)
    next_number = (plan.batches.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = BatchForm(
        request.POST or None,
        instance=Batch(plan=plan),
        initial={"number": next_number},
        documents=documents_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        save_audited(form.save(commit=False), request.user)
        messages.success(request, _("Batch saved."))
        return redirect("reports:execution", province_pk=plan.current_province_id, year=plan.year)
    context = {"form": form, "title": _("New batch"), "subtitle": str(plan), "cancel_url": "/plans/"}
    return render(request, "form_page.html", context, status=400 if form.errors else 200)


@requires(Can.MANAGE_PLANS)
def batch_adjust(request, pk: int):
    batch = get_batch_for(request.user, pk, Can.MANAGE_PLANS)
    form = BatchAdjustmentForm(
        request.POST or None,
        initial={"new_amount": batch.amount, "effective_on": timezone.localdate()},
        documents=documents_for(request.user),
        versioned=batch,
    )
    context = {
        "form": form,
        "title": _("Adjust a batch"),
        "subtitle": str(batch),
        "cancel_url": _back(batch.plan),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch.adjust(
                data["new_amount"],
                data["decision"],
                data["effective_on"],
                data["reason"],
                request.user,
                loaded_version=data["version"],
            )
        except ConcurrentEdit:
            return conflict_response(request, form, "form_page.html", context, record=batch)
        except ValidationError as error:
            form.add_error("new_amount", error)
        else:
            messages.success(request, _("Batch adjusted; the old amount is kept in its history."))
            return redirect(_back(batch.plan))
    return render(request, "form_page.html", context, status=400 if form.errors else 200)
