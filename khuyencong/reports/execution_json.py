"""Execution figures as plain data with their display strings, for the command, the JSON API and tests."""

from __future__ import annotations

from django.utils.translation import gettext as _

from khuyencong.geo.models import AdminUnit
from khuyencong.vnformat import millions, percent

from .execution import Execution, Line


def province_today(code: int) -> AdminUnit | None:
    """Today's province an official code names: today's province with that code, else the one a
    province of before 1/7/2025 with that code became (34, Thái Bình, gives today's Hưng Yên)."""
    provinces = AdminUnit.objects.provinces().filter(code=code)
    current = provinces.current().first()
    if current is not None:
        return current
    legacy = provinces.legacy().first()
    return legacy.current_unit() if legacy else None


def line_as_dict(line: Line) -> dict:
    data = line.as_dict()
    for name in (
        "planned",
        "allocated",
        "advanced",
        "paid",
        "settled",
        "disbursed",
        "remaining",
        "unallocated",
    ):
        data[f"{name}_display"] = millions(data[name])
    data["percent_of_plan"] = percent(line.percent_disbursed)
    data["percent_allocated"] = percent(line.percent_allocated)
    return data


def execution_as_dict(figures: Execution) -> dict:
    """Amounts in whole đồng; `*_display` in triệu đồng and percentages as the report writes them."""
    sources = []
    for item in figures.sources:
        data = line_as_dict(item.total)
        data.update(
            code=item.source.code,
            name=item.source.name,
            plan=str(item.plan) if item.plan else None,
            plans_made_for=[plan.province.label() for plan in item.plans],
            previous_year_made_for=[unit.label() for unit in item.previous_units],
            previous_year_disbursed=item.previous_disbursed,
            previous_year_disbursed_display=millions(item.previous_disbursed),
            year_on_year_change=percent(item.year_on_year, signed=True),
            batches=[
                {
                    "number": row.batch.number,
                    "label": str(row.batch.label),
                    "made_for": row.batch.plan.province.label(),
                    "decision": row.batch.decision.symbol if row.batch.decision else None,
                    **line_as_dict(row.line),
                }
                for row in item.batches
            ],
        )
        sources.append(data)
    return {
        # Today's province, and the units before 1/7/2025 whose plans it counts.
        "province": {
            "code": figures.province.code,
            "name": figures.province.name,
            "before_reform": [{"code": u.code, "label": u.label()} for u in figures.old_units],
        },
        "year": figures.year,
        "as_of": figures.as_of.isoformat(),
        "as_of_display": figures.as_of.strftime("%d/%m/%Y"),
        "unit": _("million đồng"),
        "sources": sources,
        "total": line_as_dict(figures.total),
    }
