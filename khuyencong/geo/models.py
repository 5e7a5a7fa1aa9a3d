"""Administrative units of Vietnam, before and after the reform of 1/7/2025.

Both generations live in one table so that any record can point at the unit it was
made with: a 2015 establishment sits in its 2015 commune of its 2015 district, and
`current_unit()` re-maps it onto today's two-tier geography through the crosswalk.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.vntext import fold

REFORM_DATE = datetime.date(2025, 7, 1)


class AdminUnitQuerySet(models.QuerySet):
    def current(self):
        return self.filter(generation=AdminUnit.Generation.CURRENT)

    def legacy(self):
        return self.filter(generation=AdminUnit.Generation.LEGACY)

    def communes(self):
        return self.filter(level=AdminUnit.Level.COMMUNE)

    def provinces(self):
        return self.filter(level=AdminUnit.Level.PROVINCE)

    def usable_on(self, day: datetime.date):
        """The units a record dated `day` may name: from 1/7/2025 only today's (the old ones ended
        the day before, see `label`); before, either generation."""
        return self.current() if day >= REFORM_DATE else self

    def successors_of(self, unit_ids):
        """The units themselves and today's units the pre-2025 ones among them went into (the crosswalk)."""
        unit_ids = [pk for pk in unit_ids if pk is not None]
        return self.filter(
            models.Q(pk__in=unit_ids) | models.Q(predecessions__predecessor_id__in=unit_ids)
        ).distinct()

    def matching(self, query: str):
        """Units whose folded name contains every word of the folded query."""
        qs = self
        for word in fold(query).split():
            qs = qs.filter(search_key__contains=word)
        return qs


class AdminUnit(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")

    class Generation(models.TextChoices):
        CURRENT = "current", _("Current (from 1/7/2025)")
        LEGACY = "legacy", _("Before 1/7/2025")

    code = models.PositiveIntegerField(_("official code"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    generation = models.CharField(_("generation"), max_length=10, choices=Generation.choices)
    name = models.CharField(_("name"), max_length=120)
    division_type = models.CharField(_("division type"), max_length=40)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        "self", verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    search_key = models.CharField(max_length=300, db_index=True, editable=False)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["generation", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["generation", "level", "code"], name="geo_unit_unique_code"),
        ]
        indexes = [models.Index(fields=["generation", "level", "province"], name="geo_unit_scope_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = fold(self.full_name())
        super().save(*args, **kwargs)

    @property
    def is_legacy(self) -> bool:
        return self.generation == self.Generation.LEGACY

    def full_name(self) -> str:
        """Name with its parents, e.g. "Xã Liêu Xá, Huyện Yên Mỹ, Tỉnh Hưng Yên"."""
        parts = [self.name]
        unit = self.parent
        while unit is not None:
            parts.append(unit.name)
            unit = unit.parent
        return ", ".join(parts)

    def label(self) -> str:
        """The full name, with the last day of a unit of before the 2025 reform, so that where both
        generations can be chosen "Tỉnh Hưng Yên" and "Tỉnh Hưng Yên (until 30/6/2025)" differ."""
        if self.is_legacy:
            last = self.valid_to or REFORM_DATE - datetime.timedelta(days=1)
            return str(_("%(name)s (until %(day)s)")) % {
                "name": self.full_name(),
                "day": f"{last.day}/{last.month}/{last.year}",
            }
        return self.full_name()

    def current_units(self) -> list[AdminUnit]:
        """Today's units this one became (itself when it is current)."""
        if not self.is_legacy:
            return [self]
        return [s.successor for s in self.successions.select_related("successor").order_by("rank")]

    def current_unit(self) -> AdminUnit | None:
        """The main unit of today this one was merged into, or None when it has no successor."""
        units = self.current_units()
        return units[0] if units else None


class UnitSuccession(models.Model):
    """The crosswalk: a legacy unit and one of the current units it went into."""

    predecessor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessions")
    rank = models.PositiveSmallIntegerField(default=0, help_text="0 for the main successor")
    partial = models.BooleanField(
        default=False, help_text="Only part of the predecessor went into the successor"
    )
    effective = models.DateField(default=REFORM_DATE)

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="geo_succession_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
