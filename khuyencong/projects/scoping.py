"""Fetch a project through the user's scope, and the places and establishments they may use in one."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from khuyencong.accounts.permissions import Can, ScopeLevel
from khuyencong.accounts.scopes import Scope
from khuyencong.geo.models import AdminUnit
from khuyencong.registry.models import Establishment

from .models import Project


def get_project_for(user, pk, capability: Can = Can.READ_PROJECTS) -> Project:
    """The project if the user may see it (else 404) and use the capability on it (else 403)."""
    projects = Project.objects.select_related("activity_type", "source", "province", "commune", "batch__plan")
    project = projects.visible_to(user).filter(pk=pk).first()
    if project is None:
        raise Http404
    if capability != Can.READ_PROJECTS and not project.acts_as(user, capability):
        raise PermissionDenied
    return project


def own_establishments(user) -> list[int]:
    return sorted(Scope.of(user).ids(Can.APPLY, ScopeLevel.ESTABLISHMENT))


def _either(units, extra_ids):
    """The units, or those with the extra ids too (a representative's own establishment's place).

    An empty scope compiles to an always-false subquery that would swallow the OR, so the
    two cases where one side is empty are answered without combining.
    """
    extra_ids = list(extra_ids)
    if not extra_ids:
        return units
    if not units.exists():
        return AdminUnit.objects.filter(pk__in=extra_ids)
    return AdminUnit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk__in=extra_ids))


def project_choices(user) -> dict:
    """What the project form may offer this user: provinces, communes, applicant establishments."""
    scope = Scope.of(user)
    own = Establishment.objects.filter(pk__in=own_establishments(user))
    # The establishment's own units and, for those of before 1/7/2025, today's units they went into:
    # a project of today names today's (ProjectForm keeps the generation its date allows).
    places = AdminUnit.objects.successors_of
    own_provinces = places(own.values_list("province_id", flat=True)).values_list("pk", flat=True)
    own_communes = places(own.values_list("commune_id", flat=True)).values_list("pk", flat=True)
    return {
        "provinces": _either(scope.provinces(Can.APPLY), own_provinces),
        "communes": _either(scope.communes(Can.EDIT_REGISTRY), own_communes),
        "establishments": Establishment.objects.visible_to(user, Can.EDIT_REGISTRY).order_by("name"),
    }


def beneficiary_choices(user):
    """Establishments an adjustment may name: any the user may see (chosen in the type-ahead picker)."""
    return Establishment.objects.visible_to(user)
