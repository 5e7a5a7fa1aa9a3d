"""Resolve the place names of a spreadsheet row to an administrative unit.

Real lists carry pre-2025 addresses ("xã Liêu Xá, huyện Yên Mỹ") and old province
names (Thái Bình). A row with a district, or in a province that no longer exists,
resolves to the legacy unit; otherwise to today's commune. All units are held in
memory for the duration of one import: ~14,000 rows, a fraction of a second.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from khuyencong.geo.models import AdminUnit, UnitSuccession
from khuyencong.ids import record_id
from khuyencong.vntext import fold_words

PREFIXES = re.compile(r"^(tinh|thanh pho|tp|huyen|quan|thi xa|tx|xa|phuong|thi tran|tt|p|dac khu)\s+")
TYPED_PREFIXES = {
    "xa": "xã",
    "phuong": "phường",
    "p": "phường",
    "thi tran": "thị trấn",
    "tt": "thị trấn",
    "huyen": "huyện",
    "quan": "quận",
    "thi xa": "thị xã",
    "tx": "thị xã",
    "thanh pho": "thành phố",
    "tp": "thành phố",
    "dac khu": "đặc khu",
}


@lru_cache(maxsize=8192)
def base_name(value: object) -> tuple[str, str | None]:
    """("lieu xa", "xã") from "Xã Liêu Xá": the folded name without its type word, and the type."""
    folded = fold_words(value)
    match = PREFIXES.match(folded)
    if not match:
        return folded, None
    prefix = match.group(1)
    rest = folded[match.end() :]
    # "Thành phố Hưng Yên" names a district; "Phường 1" keeps its number as the name.
    return rest, TYPED_PREFIXES.get(prefix)


@dataclass
class Place:
    unit: AdminUnit | None
    current_commune_id: int | None
    province_id: int | None
    error: str = ""


class UnitIndex:
    """Every unit by folded name, for resolving thousands of rows without a query each.

    Units change only through migrations, so one index per process is reused while the
    table's size and highest id stay the same (`UnitIndex.current()`).
    """

    _cached: tuple[tuple, UnitIndex] | None = None

    @classmethod
    def current(cls) -> UnitIndex:
        stamp = tuple(AdminUnit.objects.aggregate(n=Count("id"), top=Max("id")).values())
        if cls._cached is None or cls._cached[0] != stamp:
            cls._cached = (stamp, cls())
        return cls._cached[1]

    def __init__(self):
        units = list(
            AdminUnit.objects.only(
                "id", "code", "name", "level", "generation", "parent_id", "province_id", "division_type"
            )
        )
        self.by_id = {u.id: u for u in units}
        self.current_provinces = defaultdict(list)
        self.legacy_provinces = defaultdict(list)
        self.current_communes = defaultdict(list)  # (province_id, name) → units
        self.legacy_districts = defaultdict(list)  # (province_id, name) → units
        self.legacy_communes = defaultdict(list)  # (district_id, name) → units
        self.legacy_communes_by_province = defaultdict(list)  # (province_id, name) → units
        self.by_code = {}
        for u in units:
            name, _type = base_name(u.name)
            current = u.generation == AdminUnit.Generation.CURRENT
            self.by_code[(u.generation, u.level, u.code)] = u
            if u.level == "province":
                (self.current_provinces if current else self.legacy_provinces)[name].append(u)
            elif u.level == "district":
                self.legacy_districts[(u.province_id, name)].append(u)
            elif current:
                self.current_communes[(u.province_id, name)].append(u)
            else:
                self.legacy_communes[(u.parent_id, name)].append(u)
                self.legacy_communes_by_province[(u.province_id, name)].append(u)
        self.successor = {
            s.predecessor_id: s.successor_id
            for s in UnitSuccession.objects.filter(rank=0).only("predecessor_id", "successor_id")
        }
        self.legacy_provinces_by_successor = defaultdict(list)
        for provinces in self.legacy_provinces.values():
            for old in provinces:
                self.legacy_provinces_by_successor[self.successor.get(old.id)].append(old)

    def place_of(self, unit: AdminUnit) -> Place:
        if unit.generation == AdminUnit.Generation.CURRENT:
            return Place(unit, unit.id, unit.province_id)
        current_id = self.successor.get(unit.id)
        current = self.by_id.get(current_id)
        return Place(unit, current_id, current.province_id if current else None)

    @staticmethod
    def _pick(candidates: list[AdminUnit], typed: str | None) -> list[AdminUnit]:
        if len(candidates) > 1 and typed:
            narrowed = [u for u in candidates if u.division_type.startswith(typed)]
            return narrowed or candidates
        return candidates

    def resolve(
        self,
        commune: str,
        district: str = "",
        province: str = "",
        code: str = "",
        default_province: AdminUnit | None = None,
    ) -> Place:
        commune_name, commune_type = base_name(commune)
        district_name, district_type = base_name(district)
        province_name = base_name(province)[0]
        if not commune_name:
            return Place(None, None, None, _("The commune (xã/phường/thị trấn) is missing."))

        legacy_province = current_province = None
        if province_name:
            current_matches = self.current_provinces.get(province_name, [])
            legacy_matches = self.legacy_provinces.get(province_name, [])
            current_province = current_matches[0] if current_matches else None
            legacy_province = legacy_matches[0] if legacy_matches else None
            if not current_province and not legacy_province:
                return Place(None, None, None, _("Province “%(name)s” was not found.") % {"name": province})
        elif default_province is not None:
            current_province = default_province

        use_legacy = bool(district_name) or (province_name and current_province is None)
        # A typed code may be anything ("²" is a digit to isdigit() but not to int()).
        number = record_id(code)
        if number is not None:
            generation = AdminUnit.Generation.LEGACY if use_legacy else AdminUnit.Generation.CURRENT
            unit = self.by_code.get((generation, "commune", number))
            if unit is not None and base_name(unit.name)[0] == commune_name:
                return self.place_of(unit)

        if use_legacy:
            return self._resolve_legacy(
                commune,
                commune_name,
                commune_type,
                district,
                district_name,
                district_type,
                legacy_province,
                current_province,
            )
        if current_province is None:
            return Place(None, None, None, _("The province is missing, so the commune cannot be found."))
        candidates = self._pick(
            self.current_communes.get((current_province.id, commune_name), []), commune_type
        )
        if len(candidates) == 1:
            return self.place_of(candidates[0])
        if not candidates:
            # An old commune name without its district: try the legacy communes of the old provinces.
            legacy = [
                u
                for old in self._legacy_provinces_of(current_province)
                for u in self.legacy_communes_by_province.get((old.id, commune_name), [])
            ]
            legacy = self._pick(legacy, commune_type)
            if len(legacy) == 1:
                return self.place_of(legacy[0])
            if legacy:
                return Place(
                    None,
                    None,
                    None,
                    _("Several former communes are named “%(name)s”: add the district.") % {"name": commune},
                )
            return Place(
                None,
                None,
                None,
                _("Commune “%(name)s” was not found in %(province)s.")
                % {"name": commune, "province": current_province.name},
            )
        return Place(
            None,
            None,
            None,
            _("Several units named “%(name)s” exist in %(province)s: write xã or phường before the name.")
            % {"name": commune, "province": current_province.name},
        )

    def _legacy_provinces_of(self, current_province: AdminUnit) -> list[AdminUnit]:
        return self.legacy_provinces_by_successor.get(current_province.id, [])

    def _resolve_legacy(
        self,
        commune,
        commune_name,
        commune_type,
        district,
        district_name,
        district_type,
        legacy_province,
        current_province,
    ) -> Place:
        provinces = (
            [legacy_province]
            if legacy_province
            else (self._legacy_provinces_of(current_province) if current_province else [])
        )
        if not provinces:
            return Place(
                None,
                None,
                None,
                _("The province is missing, so the former district and commune cannot be found."),
            )
        if district_name:
            districts = [d for p in provinces for d in self.legacy_districts.get((p.id, district_name), [])]
            districts = self._pick(districts, district_type)
            if not districts:
                return Place(None, None, None, _("District “%(name)s” was not found.") % {"name": district})
            candidates = [u for d in districts for u in self.legacy_communes.get((d.id, commune_name), [])]
        else:
            candidates = [
                u for p in provinces for u in self.legacy_communes_by_province.get((p.id, commune_name), [])
            ]
        candidates = self._pick(candidates, commune_type)
        if len(candidates) == 1:
            return self.place_of(candidates[0])
        if not candidates:
            return Place(
                None,
                None,
                None,
                _("Commune “%(name)s” was not found in district “%(district)s”.")
                % {"name": commune, "district": district},
            )
        return Place(
            None,
            None,
            None,
            _("Several communes are named “%(name)s”: add the district.") % {"name": commune},
        )


ADDRESS_PART = re.compile(r"^(xa|phuong|thi tran|tt|huyen|quan|thi xa|tx|thanh pho|tp|tinh)\b")


def split_address(address: str) -> dict[str, str]:
    """Pick the commune, district and province out of a one-cell address such as
    "Thôn Đông, xã Liêu Xá, huyện Yên Mỹ, tỉnh Hưng Yên"."""
    found: dict[str, str] = {}
    parts = [p.strip() for p in re.split(r"[,;\-–]", address) if p.strip()]
    for part in reversed(parts):
        folded = fold_words(part)
        if folded.startswith("tinh") and "province" not in found:
            found["province"] = part
        elif (re.match(r"^(huyen|quan|thi xa|tx)\b", folded) and "district" not in found) or (
            re.match(r"^(thanh pho|tp)\b", folded) and "district" not in found and "province" in found
        ):
            found["district"] = part
        elif re.match(r"^(thanh pho|tp)\b", folded) and "province" not in found:
            found["province"] = part
        elif re.match(r"^(xa|phuong|thi tran|tt)\b", folded) and "commune" not in found:
            found["commune"] = part
    return found
