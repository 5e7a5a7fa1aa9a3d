"""Fetch one registry record through the user's scope: 404 outside what they may see, 403 when
they may see it but not do what the view does."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from khuyencong.accounts.permissions import Can, Role, ScopeLevel
from khuyencong.accounts.scopes import Scope

from .models import CraftVillage, Establishment, Need, Product


def _get(queryset, user, pk, capability: Can):
    obj = queryset.visible_to(user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    if capability != Can.READ_REGISTRY and not Scope.of(user).can_at(capability, obj.place()):
        raise PermissionDenied
    return obj


def get_establishment_for(user, pk, capability: Can = Can.READ_REGISTRY) -> Establishment:
    """The establishment if the user may see it (else 404) and use the capability on it (else 403)."""
    qs = Establishment.objects.select_related(
        "commune__parent__parent", "current_commune", "province", "craft_village"
    )
    return _get(qs, user, pk, capability)


def get_village_for(user, pk, capability: Can = Can.READ_REGISTRY) -> CraftVillage:
    return _get(
        CraftVillage.objects.select_related("commune__parent__parent", "current_commune"),
        user,
        pk,
        capability,
    )


def get_need_for(user, pk, capability: Can = Can.READ_REGISTRY) -> Need:
    return _get(
        Need.objects.select_related("establishment", "activity_type", "commune"), user, pk, capability
    )


def get_product_for(user, pk, capability: Can = Can.READ_REGISTRY) -> Product:
    product = Product.objects.select_related("establishment").filter(pk=pk).first()
    if product is None:
        raise Http404
    product.establishment = get_establishment_for(user, product.establishment_id, capability)
    return product


def can(user, capability: Can, obj=None) -> bool:
    """Whether the user holds the capability, over obj's place when obj is given (no query)."""
    scope = Scope.of(user)
    return scope.can(capability) if obj is None else scope.can_at(capability, obj.place())


def need_collector(user, establishment=None) -> str:
    """Who collected a need the user records (Need.collected_by): the establishment itself when the
    user represents it, else the commune officer when the user is one, else the Centre. A commune
    officer who also represents an establishment records that one's needs as its own and the others'
    as the officer (the portal's form and the registry's, both)."""
    scope = Scope.of(user)
    if establishment is not None and establishment.pk in scope.ids(
        Can.EDIT_REGISTRY, ScopeLevel.ESTABLISHMENT
    ):
        return Need.Collector.SELF
    if Role.COMMUNE_OFFICER in scope.roles:
        return Need.Collector.COMMUNE_OFFICER
    return Need.Collector.CENTRE
