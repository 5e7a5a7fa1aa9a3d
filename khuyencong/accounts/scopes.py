"""Turn a user's role assignments into query filters.

Every model's `visible_to(user)` is built on `scope_q`: a row is visible when one of
the user's grants (in the roles asked for) covers it — the whole country, its
province, its commune, or the establishment itself. Anything else gets nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from .models import Role, ScopeLevel

ALL_ROLES = frozenset(Role.values)
NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Grant:
    role: str
    level: str
    unit_id: int | None
    establishment_id: int | None


def grants_of(user) -> tuple[Grant, ...]:
    """The user's grants, read once per request object and kept on it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, "_kc_grants", None)
    if cached is None:
        cached = tuple(
            Grant(a.role, a.scope_level, a.unit_id, a.establishment_id)
            for a in user.role_assignments.all().only("role", "scope_level", "unit_id", "establishment_id")
        )
        if user.is_superuser:
            cached += (Grant(Role.ADMINISTRATOR, ScopeLevel.NATIONAL, None, None),)
        user._kc_grants = cached
    return cached


def has_role(user, roles: Iterable[str] = ALL_ROLES) -> bool:
    wanted = set(roles)
    return any(g.role in wanted for g in grants_of(user))


def scope_q(
    user,
    roles: Iterable[str] = ALL_ROLES,
    *,
    province: str | None = "province",
    commune: str | None = "current_commune",
    establishment: str | None = "establishment",
) -> Q:
    """A filter for the rows the user may reach through the given roles.

    The keyword arguments name the lookups that lead from the model to its current
    province, current commune and establishment; None where the model has none
    (then a grant of that level reaches nothing of it).
    """
    wanted = set(roles)
    condition = NOTHING
    for grant in grants_of(user):
        if grant.role not in wanted:
            continue
        if grant.level == ScopeLevel.NATIONAL:
            return Q()
        lookup, value = {
            ScopeLevel.PROVINCE: (province, grant.unit_id),
            ScopeLevel.COMMUNE: (commune, grant.unit_id),
            ScopeLevel.ESTABLISHMENT: (establishment, grant.establishment_id),
        }[grant.level]
        if lookup is not None and value is not None:
            condition |= Q(**{lookup: value})
    return condition


def province_ids(user, roles: Iterable[str] = ALL_ROLES) -> set[int] | None:
    """Current province ids the user works in through the roles; None means every province."""
    wanted = set(roles)
    ids: set[int] = set()
    for grant in grants_of(user):
        if grant.role not in wanted:
            continue
        if grant.level == ScopeLevel.NATIONAL:
            return None
        if grant.level == ScopeLevel.PROVINCE and grant.unit_id:
            ids.add(grant.unit_id)
    return ids
