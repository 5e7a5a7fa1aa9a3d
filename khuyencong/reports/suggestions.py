"""What the editor of sections II–IV offers to start from, computed from the records.

Staff write the assessment, the tasks and the recommendations themselves; this module only puts in
front of them what the records already say: the figures to cite, the items overdue at the period's
end, the batches whose money runs behind the year, the communes nobody supported. Every sentence
names where it comes from, and nothing is said that a record does not show.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.geo.models import REFORM_DATE, AdminUnit
from khuyencong.projects.models import Project
from khuyencong.projects.models.states import COMMITTED
from khuyencong.projects.supervision import late_follow_ups, late_milestones, late_reports, late_settlements
from khuyencong.vnformat import percent

SHOWN = 10  # items of a list named in a suggestion; past that "and N more"


@dataclass
class Suggestions:
    achievements: list[str]
    shortcomings: list[str]
    next_tasks: list[str]
    recommendations: list[str]

    def as_texts(self) -> dict[str, str]:
        return {
            name: "\n".join(f"- {line}" for line in getattr(self, name))
            for name in ("achievements", "shortcomings", "next_tasks", "recommendations")
        }


def _elapsed_share(day: datetime.date) -> float:
    """How far through its year the day is: the pace a batch's money is measured against."""
    start = datetime.date(day.year, 1, 1)
    length = (datetime.date(day.year, 12, 31) - start).days + 1
    return ((day - start).days + 1) / length


def _named(items: list[str]) -> str:
    shown = ", ".join(items[:SHOWN])
    if len(items) > SHOWN:
        shown += " " + _("and %(count)s more") % {"count": len(items) - SHOWN}
    return shown


def batches_behind(figures: dict) -> list[dict]:
    """The local plan's batches whose share disbursed by the period's end is below the share of the
    year gone by then."""
    end = min(datetime.date.fromisoformat(figures["period"]["to"]), timezone.localdate())
    pace = _elapsed_share(end)
    behind = []
    for batch in figures.get("local_plan", {}).get("batches", []):
        if batch["planned"] and batch["disbursed"] / batch["planned"] < pace:
            behind.append(batch)
    return behind


def overdue_at(projects, day: datetime.date) -> list:
    """The items overdue on the day (milestones, visit follow-ups, monthly reports, settlements)."""
    return [
        *late_milestones(projects, day),
        *late_follow_ups(projects, day),
        *late_reports(projects, day),
        *late_settlements(projects, day),
    ]


def communes_without_support(
    province, year: int, end: datetime.date, projects, grouping: str = "today"
) -> list[AdminUnit]:
    """The province's communes where no project of the year was approved by the day: as they were in
    the year when the report groups units so and the year is before the reform of 1/7/2025 (the
    communes of the provinces merged into today's), else today's."""
    if grouping == "as_then" and end < REFORM_DATE:
        communes = (
            AdminUnit.objects.legacy()
            .communes()
            .filter(successions__rank=0, successions__successor__province=province)
        )
        field = "commune"
    else:
        communes = AdminUnit.objects.current().communes().filter(province=province)
        field = "current_commune"
    supported = projects.filter(
        year=year, status__in=COMMITTED, approved_on__lte=end, **{field: OuterRef("pk")}
    )
    return list(communes.exclude(Exists(supported)).order_by("name").distinct())


def suggest(figures: dict, province, user) -> Suggestions:
    """Suggestions for sections II–IV of a province's report (the country's when province is None)."""
    # A period not over yet is judged on today: its pace, its overdue items.
    end = min(datetime.date.fromisoformat(figures["period"]["to"]), timezone.localdate())
    projects = Project.objects.visible_to(user)
    if province is not None:
        projects = projects.filter(current_province=province)
    local = figures.get("local_plan") or {}
    national = figures.get("national_plan") or {}
    unit = figures.get("unit", "")
    achievements, shortcomings, next_tasks, recommendations = [], [], [], []
    if local.get("planned"):
        line = _("Local plan: %(disbursed)s of %(planned)s %(unit)s disbursed (%(share)s of the year).") % {
            "disbursed": local["disbursed_display"],
            "planned": local["planned_display"],
            "unit": unit,
            "share": local.get("percent_of_year") or "—",
        }
        if local.get("change"):
            line += " " + _("%(change)s on the same period of the previous year.") % {
                "change": local["change"]
            }
        achievements.append(line)
    if national.get("planned"):
        achievements.append(
            _("National plan: %(count)s tasks, %(planned)s %(unit)s.")
            % {
                "count": national.get("tasks_total", len(national.get("tasks", []))),
                "planned": national["planned_display"],
                "unit": unit,
            }
        )
    outputs = [
        f"{item['label']}: {item['value']}" for item in figures.get("outputs", []) if item.get("value")
    ]
    if outputs:
        achievements.append(_("Outputs recorded: %(outputs)s.") % {"outputs": "; ".join(outputs)})

    behind = batches_behind(figures)
    if behind:
        shortcomings.append(
            _("Disbursement behind the year's pace (%(pace)s of the year gone by %(day)s): %(batches)s.")
            % {
                "pace": percent(_elapsed_share(end)),
                "day": end.strftime("%d/%m/%Y"),
                "batches": _named([f"{b['label']} ({b.get('percent') or '—'})" for b in behind]),
            }
        )
        next_tasks.append(
            _("Speed up the work and payments of %(batches)s.")
            % {"batches": _named([b["label"] for b in behind])}
        )
    overdue = overdue_at(projects, end)
    if overdue:
        shortcomings.append(
            _("%(count)s items overdue on %(day)s: %(items)s.")
            % {
                "count": len(overdue),
                "day": end.strftime("%d/%m/%Y"),
                "items": _named([f"{late.project.title} — {late.what}" for late in overdue]),
            }
        )
        next_tasks.append(_("Bring the overdue items up to date and report them."))
    if province is not None:
        year = int(figures["period"]["year"])
        empty = communes_without_support(
            province, year, end, projects, figures["establishments"].get("grouping")
        )
        if empty:
            shortcomings.append(
                _("%(count)s communes had no supported project in %(year)s: %(communes)s.")
                % {"count": len(empty), "year": year, "communes": _named([c.name for c in empty])}
            )
            next_tasks.append(_("Survey the needs of the communes without support and help them apply."))
    return Suggestions(achievements, shortcomings, next_tasks, recommendations)
