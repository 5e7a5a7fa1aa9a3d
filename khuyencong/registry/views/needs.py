from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.accounts.access import role_required
from khuyencong.accounts.models import Role
from khuyencong.accounts.scopes import has_role
from khuyencong.audit.log import history, save_audited
from khuyencong.downloads import table_response
from khuyencong.paging import light_page, querystring_without_page

from ..filters import NeedFilter
from ..forms import ContactNeedForm, DeclineForm, NeedForm
from ..models import EDIT_ROLES, READ_ROLES, REVIEW_ROLES, Need, TransitionError
from ..scoping import can, communes_for, get_establishment_for, get_need_for, home_province_of
from ..sheets import need_table

COLLECTOR_OF_ROLE = {
    Role.COMMUNE_OFFICER: Need.Collector.COMMUNE_OFFICER,
    Role.ESTABLISHMENT_REP: Need.Collector.SELF,
}


@role_required(*READ_ROLES)
def need_list(request):
    filters = NeedFilter(request.GET or None)
    queryset = filters.apply(Need.objects.visible_to(request.user)).select_related(
        "establishment", "activity_type", "current_commune"
    )
    context = {
        "filters": filters,
        "page": light_page(queryset, request.GET.get("page")),
        "querystring_without_page": querystring_without_page(request),
        "can_create": communes_for(request.user).exists(),
    }
    return render(request, "registry/need_list.html", context)


@role_required(*READ_ROLES)
def need_export(request, file_type="xlsx"):
    filters = NeedFilter(request.GET or None)
    needs = filters.apply(Need.objects.visible_to(request.user))
    return table_response(need_table(needs), "nhu-cau", file_type)


def _default_collector(user) -> str:
    for role, collector in COLLECTOR_OF_ROLE.items():
        if has_role(user, [role]):
            return collector
    return Need.Collector.CENTRE


@login_required
def need_create(request, establishment_pk):
    establishment = get_establishment_for(request.user, establishment_pk, EDIT_ROLES)
    need = Need(establishment=establishment, commune=establishment.commune, created_by=request.user)
    form = NeedForm(
        request.POST or None, instance=need, initial={"collected_by": _default_collector(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        save_audited(form.save(commit=False), request.user)
        messages.success(request, _("Need recorded."))
        return redirect("registry:establishment_detail", pk=establishment.pk)
    return render(request, "registry/need_form.html", {"form": form, "est": establishment})


@role_required(*EDIT_ROLES)
def need_create_contact(request):
    """A need of a person or business not registered yet (a commune officer's field survey)."""
    form = ContactNeedForm(
        request.POST or None,
        instance=Need(created_by=request.user),
        initial={"collected_by": _default_collector(request.user)},
        communes=communes_for(request.user),
        province=home_province_of(request.user),
    )
    if request.method == "POST" and form.is_valid():
        need = form.save(commit=False)
        save_audited(need, request.user)
        messages.success(request, _("Need recorded."))
        return redirect("registry:need_detail", pk=need.pk)
    return render(request, "registry/need_form.html", {"form": form})


@login_required
def need_detail(request, pk):
    need = get_need_for(request.user, pk)
    context = {
        "need": need,
        "can_review": can(request.user, REVIEW_ROLES, need),
        "decline_form": DeclineForm(),
        "entries": history([need])[:100],
    }
    return render(request, "registry/need_detail.html", context)


@login_required
@require_POST
def need_transition(request, pk, action):
    need = get_need_for(request.user, pk, REVIEW_ROLES)
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
                return render(
                    request,
                    "registry/need_detail.html",
                    {"need": need, "can_review": True, "decline_form": form},
                    status=400,
                )
            need.decline(by=request.user, reason=form.cleaned_data["reason"])
        else:
            return redirect("registry:need_detail", pk=need.pk)
    except TransitionError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Need status changed to “%(status)s”.") % {"status": need.get_status_display()}
        )
    return redirect("registry:need_detail", pk=need.pk)
