from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.audit.log import history, save_audited
from khuyencong.concurrency import edit_page
from khuyencong.downloads import place_name, table_response
from khuyencong.paging import light_page, querystring_without_page

from ..filters import NeedFilter
from ..forms import ContactNeedForm, DeclineForm, NeedForm
from ..models import Need, TransitionError
from ..notices import tell_declined
from ..scoping import can, get_establishment_for, get_need_for, need_collector
from ..sheets import need_table


@requires(Can.READ_REGISTRY)
def need_list(request):
    filters = NeedFilter(request.GET or None)
    queryset = filters.apply(Need.objects.visible_to(request.user)).select_related(
        "establishment", "activity_type", "current_commune"
    )
    context = {
        "filters": filters,
        "page": light_page(queryset, request.GET.get("page")),
        "querystring_without_page": querystring_without_page(request),
        "can_create": Scope.of(request.user).communes(Can.EDIT_REGISTRY).exists(),
    }
    return render(request, "registry/need_list.html", context)


@requires(Can.READ_REGISTRY)
def need_export(request, file_type="xlsx"):
    filters = NeedFilter(request.GET or None)
    needs = filters.apply(Need.objects.visible_to(request.user))
    return table_response(
        need_table(needs), "Nhu cầu", file_type, place_name(request.user, Can.READ_REGISTRY)
    )


@login_required
def need_create(request, establishment_pk):
    establishment = get_establishment_for(request.user, establishment_pk, Can.EDIT_REGISTRY)
    need = Need(establishment=establishment, commune=establishment.commune, created_by=request.user)
    form = NeedForm(
        request.POST or None,
        instance=need,
        initial={"collected_by": need_collector(request.user, establishment)},
    )
    if request.method == "POST" and form.is_valid():
        save_audited(form.save(commit=False), request.user)
        messages.success(request, _("Need recorded."))
        return redirect("registry:establishment_detail", pk=establishment.pk)
    return render(
        request,
        "registry/need_form.html",
        {"form": form, "est": establishment},
        status=400 if form.errors else 200,
    )


@requires(Can.EDIT_REGISTRY)
def need_create_contact(request):
    """A need of a person or business not registered yet (a commune officer's field survey)."""
    form = ContactNeedForm(
        request.POST or None,
        instance=Need(created_by=request.user),
        initial={"collected_by": need_collector(request.user)},
        communes=Scope.of(request.user).communes(Can.EDIT_REGISTRY),
        province=Scope.of(request.user).home_province_id(Can.EDIT_REGISTRY),
    )
    if request.method == "POST" and form.is_valid():
        need = form.save(commit=False)
        save_audited(need, request.user)
        messages.success(request, _("Need recorded."))
        return redirect("registry:need_detail", pk=need.pk)
    return render(request, "registry/need_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def need_edit(request, pk):
    """Correct a need while it is still open (new or reviewed), by whoever may record needs there."""
    need = get_need_for(request.user, pk, Can.EDIT_REGISTRY)
    if not need.editable:
        messages.error(request, _("Only a new or reviewed need can be changed."))
        return redirect("registry:need_detail", pk=need.pk)
    if need.establishment_id:
        form = NeedForm(request.POST or None, instance=need)
    else:
        scope = Scope.of(request.user)
        form = ContactNeedForm(
            request.POST or None,
            instance=need,
            communes=scope.communes(Can.EDIT_REGISTRY),
            province=scope.home_province_id(Can.EDIT_REGISTRY),
        )
    context = {"est": need.establishment, "need": need}
    done = reverse("registry:need_detail", args=[need.pk])
    return edit_page(request, form, "registry/need_form.html", context, done_url=done)


@login_required
def need_detail(request, pk):
    return _need_page(request, get_need_for(request.user, pk))


def _need_page(request, need, decline_form=None, status=200):
    context = {
        "need": need,
        "can_review": can(request.user, Can.REVIEW_NEEDS, need),
        "can_make_project": can(request.user, Can.RUN_PROJECTS, need),
        "can_edit": need.editable and can(request.user, Can.EDIT_REGISTRY, need),
        "decline_form": decline_form or DeclineForm(),
        "entries": history([need])[:100],
    }
    return render(request, "registry/need_detail.html", context, status=status)


@login_required
@require_POST
def need_transition(request, pk, action):
    need = get_need_for(request.user, pk, Can.REVIEW_NEEDS)
    try:
        if action == "review":
            need.review(by=request.user)
        elif action == "include":
            need.include(by=request.user, project_reference=request.POST.get("project_reference", "")[:100])
        elif action == "close":
            need.close(by=request.user)
        elif action == "decline":
            form = DeclineForm(request.POST)
            if not form.is_valid():
                return _need_page(request, need, decline_form=form, status=400)
            need.decline(by=request.user, reason=form.cleaned_data["reason"])
            tell_declined(need)
        else:
            return redirect("registry:need_detail", pk=need.pk)
    except TransitionError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Need status changed to “%(status)s”.") % {"status": need.get_status_display()}
        )
    return redirect("registry:need_detail", pk=need.pk)
