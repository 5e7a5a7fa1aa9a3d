"""Scope lookups for registry views: fetch one record through the user's scope
(404 outside it), and the communes a user may place records in."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from khuyencong.accounts.models import ScopeLevel
from khuyencong.accounts.scopes import grants_of
from khuyencong.geo.models import AdminUnit

from .models import (
    EDIT_ROLES,
    READ_ROLES,
    CraftVillage,
    Establishment,
    Need,
    Product,
)


def _get(queryset, user, pk, roles):
    obj = queryset.visible_to(user, READ_ROLES).filter(pk=pk).first()
    if obj is None:
        raise Http404
    if roles is not READ_ROLES and not queryset.visible_to(user, roles).filter(pk=pk).exists():
        raise PermissionDenied
    return obj


def get_establishment_for(user, pk, roles=READ_ROLES) -> Establishment:
    """The establishment if the user may see it (else 404) and act on it with `roles` (else 403)."""
    qs = Establishment.objects.select_related(
        "commune__parent__parent", "current_commune", "province", "craft_village"
    )
    return _get(qs, user, pk, roles)


def get_village_for(user, pk, roles=READ_ROLES) -> CraftVillage:
    return _get(
        CraftVillage.objects.select_related("commune__parent__parent", "current_commune"), user, pk, roles
    )


def get_need_for(user, pk, roles=READ_ROLES) -> Need:
    return _get(Need.objects.select_related("establishment", "activity_type", "commune"), user, pk, roles)


def get_product_for(user, pk, roles=READ_ROLES) -> Product:
    product = Product.objects.select_related("establishment").filter(pk=pk).first()
    if product is None:
        raise Http404
    get_establishment_for(user, product.establishment_id, roles)
    return product


def communes_for(user, roles=EDIT_ROLES):
    """Communes (either generation) where the user may register records with these roles.

    A pre-2025 commune counts as inside a scope when its main successor today is.
    """
    condition = Q(pk__in=[])
    for grant in grants_of(user):
        if grant.role not in roles:
            continue
        if grant.level == ScopeLevel.NATIONAL:
            return AdminUnit.objects.communes()
        if grant.level == ScopeLevel.PROVINCE:
            condition |= Q(generation="current", province_id=grant.unit_id)
            condition |= Q(successions__rank=0, successions__successor__province_id=grant.unit_id)
        elif grant.level == ScopeLevel.COMMUNE:
            condition |= Q(pk=grant.unit_id) | Q(successions__rank=0, successions__successor_id=grant.unit_id)
    return AdminUnit.objects.communes().filter(condition).distinct()


def home_province_of(user, roles=EDIT_ROLES) -> int | None:
    """Today's province the user works in through the roles, when it is exactly one."""
    provinces = set()
    for grant in grants_of(user):
        if grant.role not in roles:
            continue
        if grant.level == ScopeLevel.NATIONAL:
            return None
        if grant.level == ScopeLevel.PROVINCE:
            provinces.add(grant.unit_id)
        elif grant.level == ScopeLevel.COMMUNE:
            provinces.add(AdminUnit.objects.values_list("province_id", flat=True).get(pk=grant.unit_id))
    return provinces.pop() if len(provinces) == 1 else None


def can(user, roles, obj=None) -> bool:
    """Whether the user holds one of the roles, over obj's place when obj is given."""
    if obj is None:
        return any(g.role in roles for g in grants_of(user))
    return type(obj).objects.visible_to(user, roles).filter(pk=obj.pk).exists()
