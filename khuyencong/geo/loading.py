"""Fill the unit tables from the pinned `vietnam-provinces` package.

Called by a data migration, so `migrate` alone leaves a database with every unit and
the old→new crosswalk; also safe to call again (it only adds what is missing).
"""

import datetime

from vietnam_provinces import Province, Ward
from vietnam_provinces import _province_conversion_2025 as province_conversion
from vietnam_provinces import _ward_conversion_2025 as ward_conversion
from vietnam_provinces.legacy import base as legacy

from khuyencong.vntext import fold

REFORM_DATE = datetime.date(2025, 7, 1)
LEGACY_END = datetime.date(2025, 6, 30)


def load_units(AdminUnit, UnitSuccession) -> int:
    """Create the missing units and successions; return how many units were created."""
    if AdminUnit.objects.exists():
        return 0
    current = dict(generation="current", valid_from=REFORM_DATE, valid_to=None)
    old = dict(generation="legacy", valid_from=None, valid_to=LEGACY_END)

    def unit(level, item, parent, province, dates):
        names = (
            [item.name]
            + ([parent.name] if parent else [])
            + ([province.name] if province and province is not parent else [])
        )
        return AdminUnit(
            code=int(item.code),
            level=level,
            name=item.name,
            division_type=str(item.division_type),
            parent=parent,
            province=province,
            search_key=fold(", ".join(names)),
            **dates,
        )

    provinces = AdminUnit.objects.bulk_create(
        unit("province", p, None, None, current) for p in Province.iter_all()
    )
    by_code = {p.code: p for p in provinces}
    wards = AdminUnit.objects.bulk_create(
        (
            unit("commune", w, by_code[int(w.province_code)], by_code[int(w.province_code)], current)
            for w in Ward.iter_all()
        ),
        batch_size=2000,
    )
    new_wards = {w.code: w for w in wards}

    old_provinces = AdminUnit.objects.bulk_create(
        unit("province", p, None, None, old) for p in legacy.Province.iter_all()
    )
    old_by_code = {p.code: p for p in old_provinces}
    districts = AdminUnit.objects.bulk_create(
        unit("district", d, old_by_code[int(d.province_code)], old_by_code[int(d.province_code)], old)
        for d in legacy.District.iter_all()
    )
    district_by_code = {d.code: d for d in districts}
    old_wards = AdminUnit.objects.bulk_create(
        (
            unit(
                "commune",
                w,
                district_by_code[int(w.district_code)],
                district_by_code[int(w.district_code)].province,
                old,
            )
            for w in legacy.Ward.iter_all()
        ),
        batch_size=2000,
    )
    old_ward_by_code = {w.code: w for w in old_wards}

    successions = []
    for code, entry in ward_conversion.OLD_TO_NEW.items():
        predecessor = old_ward_by_code.get(code)
        if predecessor is None:
            continue
        for rank, ref in enumerate(entry.new_wards):
            successor = new_wards.get(ref.code)
            if successor is not None:
                successions.append(
                    UnitSuccession(
                        predecessor=predecessor,
                        successor=successor,
                        rank=rank,
                        partial=entry.old_ward.is_partly_merged,
                        effective=REFORM_DATE,
                    )
                )
    for code, entry in province_conversion.OLD_TO_NEW.items():
        for rank, ref in enumerate(entry.new_provinces):
            successions.append(
                UnitSuccession(
                    predecessor=old_by_code[code],
                    successor=by_code[ref.code],
                    rank=rank,
                    partial=len(entry.new_provinces) > 1,
                    effective=REFORM_DATE,
                )
            )
    UnitSuccession.objects.bulk_create(successions, batch_size=5000)
    return len(provinces) + len(wards) + len(old_provinces) + len(districts) + len(old_wards)
