from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope

from ..models import Establishment, Need


@login_required
def home(request):
    assignments = request.user.role_assignments.select_related("unit__parent", "establishment")
    context = {"assignments": assignments, "has_roles": bool(Scope.of(request.user).all_grants)}
    if context["has_roles"]:
        context["open_needs"] = Need.objects.visible_to(request.user).filter(status=Need.Status.NEW)[:10]
        context["recent"] = Establishment.objects.visible_to(request.user).order_by("-created_at")[:10]
        context["can_register"] = Scope.of(request.user).communes(Can.EDIT_REGISTRY).exists()
    return render(request, "registry/home.html", context)
