"""A user's scope: where each of their capabilities reaches.

`Scope.of(user)` reads the user's role assignments once per request (it is kept on the
user object, which lives as long as the request) and answers every question a view,
form, picker, import, export or model method asks about access:

- `filter(queryset, capability, …)` — the rows the capability reaches (every `visible_to`);
- `can(capability)` — held anywhere at all (a menu entry, a page that lists only what is in scope);
- `can_at(capability, place)` — held over one record's place, worked out without a query;
- `communes(capability)`, `provinces(capability)` — the units a form or picker may offer;
- `may_grant(...)` — whether a role assignment lies within what this user may hand out.

A record's place (`Place`) is today's province, today's communes and the establishments it
concerns; a grant covers it when it is national, or names that province, one of those communes
or one of those establishments. Which roles carry a capability is `permissions.PERMISSIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from .permissions import LEVEL_RANK, PERMISSIONS, Can, Role, ScopeLevel

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Place:
    """Where a record is, as scopes see it: today's province and communes, and its establishments."""

    province_id: int | None = None
    commune_ids: frozenset[int] = field(default_factory=frozenset)
    establishment_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(cls, province_id=None, commune_ids=(), establishment_ids=()) -> Place:
        return cls(
            province_id,
            frozenset(c for c in commune_ids if c is not None),
            frozenset(e for e in establishment_ids if e is not None),
        )


@dataclass(frozen=True)
class Grant:
    role: str
    level: str
    unit_id: int | None
    establishment_id: int | None

    def covers(self, place: Place) -> bool:
        if self.level == ScopeLevel.NATIONAL:
            return True
        if self.level == ScopeLevel.PROVINCE:
            return self.unit_id is not None and self.unit_id == place.province_id
        if self.level == ScopeLevel.COMMUNE:
            return self.unit_id in place.commune_ids
        return self.establishment_id in place.establishment_ids


class Scope:
    def __init__(self, grants: tuple[Grant, ...] = ()):
        self.all_grants = grants
        self._by_capability: dict[Can, tuple[Grant, ...]] = {}

    @classmethod
    def of(cls, user) -> Scope:
        """The user's scope, read once per user object (so once per request)."""
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return cls()
        cached = getattr(user, "_kc_scope", None)
        if cached is None:
            grants = tuple(
                Grant(a.role, a.scope_level, a.unit_id, a.establishment_id)
                for a in user.role_assignments.all().only(
                    "role", "scope_level", "unit_id", "establishment_id"
                )
            )
            if user.is_superuser:
                grants += (Grant(Role.ADMINISTRATOR, ScopeLevel.NATIONAL, None, None),)
            cached = user._kc_scope = cls(grants)
        return cached

    # ------------------------------------------------------------ questions about grants

    def grants(self, capability: Can) -> tuple[Grant, ...]:
        found = self._by_capability.get(capability)
        if found is None:
            roles = PERMISSIONS[capability]
            found = self._by_capability[capability] = tuple(g for g in self.all_grants if g.role in roles)
        return found

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.all_grants)

    def capabilities(self) -> frozenset[str]:
        """Every capability held somewhere (menus and buttons; never access by itself)."""
        return frozenset(str(c) for c in PERMISSIONS if self.grants(c))

    def can(self, capability: Can) -> bool:
        return bool(self.grants(capability))

    def is_national(self, capability: Can) -> bool:
        return any(g.level == ScopeLevel.NATIONAL for g in self.grants(capability))

    def can_at(self, capability: Can, place: Place) -> bool:
        return any(g.covers(place) for g in self.grants(capability))

    def capabilities_at(self, place: Place) -> frozenset[Can]:
        roles = {g.role for g in self.all_grants if g.covers(place)}
        return frozenset(c for c, holders in PERMISSIONS.items() if roles & holders)

    def ids(self, capability: Can, level: str) -> set[int]:
        """The units (or establishments, at that level) named by the capability's grants of a level."""
        attr = "establishment_id" if level == ScopeLevel.ESTABLISHMENT else "unit_id"
        return {getattr(g, attr) for g in self.grants(capability) if g.level == level and getattr(g, attr)}

    def province_ids(self, capability: Can) -> set[int] | None:
        """Today's provinces the capability reaches as a whole; None means every province."""
        if self.is_national(capability):
            return None
        return self.ids(capability, ScopeLevel.PROVINCE)

    # ------------------------------------------------------------ filters

    def q(
        self,
        capability: Can,
        *,
        province: str | None = "province",
        commune: str | None = "current_commune",
        establishment: str | None = "establishment",
    ) -> Q:
        """A filter for the rows the capability reaches; `Q()` (everything) for a national grant.

        The keyword arguments name the lookups from the model to its current province, current
        commune and establishment; None where the model has none (a grant of that level then
        reaches nothing of it).
        """
        condition = NOTHING
        lookups = {
            ScopeLevel.PROVINCE: province,
            ScopeLevel.COMMUNE: commune,
            ScopeLevel.ESTABLISHMENT: establishment,
        }
        for grant in self.grants(capability):
            if grant.level == ScopeLevel.NATIONAL:
                return Q()
            lookup = lookups[grant.level]
            value = grant.establishment_id if grant.level == ScopeLevel.ESTABLISHMENT else grant.unit_id
            if lookup is not None and value is not None:
                condition |= Q(**{lookup: value})
        return condition

    def filter(self, queryset, capability: Can, **lookups):
        if self.is_national(capability):
            return queryset.all()
        if not self.can(capability):
            return queryset.none()
        return queryset.filter(self.q(capability, **lookups))

    # ------------------------------------------------------------ units a form may offer

    def communes(self, capability: Can):
        """Communes of either generation where the capability reaches.

        A pre-2025 commune counts as inside a scope when its main successor today is.
        """
        from khuyencong.geo.models import AdminUnit, UnitSuccession

        if self.is_national(capability):
            return AdminUnit.objects.communes()
        condition = NOTHING
        # The predecessors are found by a subquery, not a join: a join repeats a unit per succession
        # (so needed DISTINCT) and made PostgreSQL read the whole succession table for one commune.
        main = UnitSuccession.objects.filter(rank=0)
        for grant in self.grants(capability):
            if grant.level == ScopeLevel.PROVINCE:
                condition |= Q(generation="current", province_id=grant.unit_id)
                condition |= Q(
                    pk__in=main.filter(successor__province_id=grant.unit_id).values("predecessor_id")
                )
            elif grant.level == ScopeLevel.COMMUNE:
                condition |= Q(pk=grant.unit_id) | Q(
                    pk__in=main.filter(successor_id=grant.unit_id).values("predecessor_id")
                )
        if condition == NOTHING:
            return AdminUnit.objects.none()
        return AdminUnit.objects.communes().filter(condition)

    def provinces(self, capability: Can):
        """Provinces of today, and of before 2025 merged into today's, where the capability reaches."""
        from khuyencong.geo.models import AdminUnit

        ids = self.province_ids(capability)
        provinces = AdminUnit.objects.provinces()
        if ids is None:
            return provinces
        if not ids:
            return provinces.none()
        return provinces.filter(
            Q(pk__in=ids) | Q(successions__rank=0, successions__successor__in=ids)
        ).distinct()

    def home_province_id(self, capability: Can) -> int | None:
        """Today's province the capability is held in, when it is exactly one (to point pickers at it)."""
        from khuyencong.geo.models import AdminUnit

        provinces = set()
        for grant in self.grants(capability):
            if grant.level == ScopeLevel.NATIONAL:
                return None
            if grant.level == ScopeLevel.PROVINCE:
                provinces.add(grant.unit_id)
        communes = self.ids(capability, ScopeLevel.COMMUNE)
        if communes:
            provinces |= set(AdminUnit.objects.filter(pk__in=communes).values_list("province_id", flat=True))
        return provinces.pop() if len(provinces) == 1 else None

    # ------------------------------------------------------------ granting roles

    def may_grant(self, level: str, place: Place) -> bool:
        """Whether this user may hand out (or take back) a grant of `level` over `place`.

        Only administrators grant, only inside their own scope and never at a wider level than
        their own: a province's administrator cannot make anyone national, nor reach another province.
        """
        rank = LEVEL_RANK.get(level)
        if rank is None:
            return False
        return any(LEVEL_RANK[g.level] <= rank and g.covers(place) for g in self.grants(Can.MANAGE_USERS))
