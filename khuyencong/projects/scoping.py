"""Fetch a project through the user's scope, and the places and establishments they may use in one."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
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


def project_choices(user) -> dict:
    """What the project form may offer this user: provinces, communes, applicant establishments."""
    own = own_establishments(user)
    provinces = provinces_for(user, APPLICANTS)
    if own:
        provinces = provinces | AdminUnit.objects.filter(
            pk__in=Establishment.objects.filter(pk__in=own).values("province_id")
        )
    return {
        "provinces": provinces.distinct(),
        "communes": communes_for(user, REGISTRY_EDIT_ROLES),
        "establishments": Establishment.objects.visible_to(user, REGISTRY_EDIT_ROLES).order_by("name"),
    }
