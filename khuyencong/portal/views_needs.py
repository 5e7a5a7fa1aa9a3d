"""Needs in plain words: filed by an establishment, or on its behalf by a commune officer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.audit.log import save_audited
from khuyencong.paging import light_page
from khuyencong.registry.models import Need

from .claims import claim_of
from .needs import PLAIN_STATUS, PlainNeedForm, own_establishment_ids, plain_help_of


@login_required
def need_new(request):
    if not Scope.of(request.user).can(Can.EDIT_REGISTRY):
        # Someone who signed up and whose establishment is not confirmed yet follows the normal
        # journey here: tell them why and who confirms, not a bare refusal (still a 403).
        context = {"claim": claim_of(request.user), "has_role": request.user.role_assignments.exists()}
        return render(request, "portal/need_not_yet.html", context, status=403)
    form = PlainNeedForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        need = form.build()
        need.full_clean()
        with transaction.atomic():
            save_audited(need, request.user)
        messages.success(request, _("Your request was sent. The Centre will look at it."))
        if form.own_establishment or own_establishment_ids(request.user):
            return redirect("portal:my_needs")
        return redirect("portal:commune")
    return render(request, "portal/need_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def my_needs(request):
    """The needs of the user's own establishments; for anyone else, the needs they filed."""
    needs = Need.objects.visible_to(request.user).select_related("establishment", "activity_type")
    own = own_establishment_ids(request.user)
    needs = needs.filter(establishment_id__in=own) if own else needs.filter(created_by=request.user)
    page = light_page(needs, request.GET.get("page"))
    for need in page:
        need.plain_status = PLAIN_STATUS[need.status]
        need.plain_help = plain_help_of(need.activity_type)
    context = {
        "page": page,
        "can_ask": Scope.of(request.user).can(Can.EDIT_REGISTRY),
        "claim": claim_of(request.user),
        "has_role": request.user.role_assignments.exists(),
    }
    return render(request, "portal/my_needs.html", context)
