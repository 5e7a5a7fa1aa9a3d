"""Fetch a project through the user's scope, and the places and establishments they may use in one."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from khuyencong.accounts.models import ScopeLevel
from khuyencong.accounts.scopes import grants_of
from khuyencong.geo.models import AdminUnit
from khuyencong.plans.scoping import provinces_for
from khuyencong.registry.models import EDIT_ROLES as REGISTRY_EDIT_ROLES
from khuyencong.registry.models import Establishment
from khuyencong.registry.scoping import communes_for

from .models import APPLICANTS, READ_ROLES, Project


def get_project_for(user, pk, roles=READ_ROLES) -> Project:
    """The project if the user may see it (else 404) and act on it with `roles` (else 403)."""
    projects = Project.objects.select_related("activity_type", "source", "province", "commune", "batch__plan")
    project = projects.visible_to(user).filter(pk=pk).first()
    if project is None:
        raise Http404
    if roles is not READ_ROLES and not project.acts_as(user, roles):
        raise PermissionDenied
    return project


def own_establishments(user) -> list[int]:
    return [g.establishment_id for g in grants_of(user) if g.level == ScopeLevel.ESTABLISHMENT]


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
    own = Establishment.objects.filter(pk__in=own_establishments(user))
    return {
        "provinces": _either(provinces_for(user, APPLICANTS), own.values_list("province_id", flat=True)),
        "communes": _either(
            communes_for(user, REGISTRY_EDIT_ROLES), own.values_list("commune_id", flat=True)
        ),
        "establishments": Establishment.objects.visible_to(user, REGISTRY_EDIT_ROLES).order_by("name"),
    }


def beneficiary_choices(user):
    """Establishments an adjustment may name: any the user may see (chosen in the type-ahead picker)."""
    return Establishment.objects.visible_to(user)
