"""What the reporting duties add to pages below this app (khuyencong/sections.py), registered from
ReportsConfig.ready: lower apps never import reports (docs/adr/0013)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope

from .duty_calendar import late_for


def overdue_panels(*, user, today, **_context) -> list[tuple[str, dict]]:
    """The overdue list (projects:overdue): reports past their day, in the provinces the user reads."""
    if not Scope.of(user).can(Can.READ_PLANS):
        return []
    rows = [(entry, entry.days_late(today)) for entry in late_for(user, today)]
    return [("reports/duties_overdue.html", {"rows": rows})]


def home_queues(*, user, today, **_context) -> list[tuple[str, dict]]:
    """ "Reports due" on the home page of those who send them (Centre staff and leaders of a province):
    overdue ones first, then those due within the next 30 days. The section's context holds a
    `queue` the home page lists with its own (home.py)."""
    from khuyencong.home import Item, queue

    entries = late_for(user, today, soon=True, acting=True)
    if not entries and not Scope.of(user).province_ids(Can.MANAGE_PLANS):
        return []

    def item(entry) -> Item:
        text = f"{entry.duty.name} — {entry.unit.name}"
        period = f"{entry.period.start:%d/%m/%Y}–{entry.period.end:%d/%m/%Y}"
        if entry.due < today:
            said = _("overdue since %(due)s, %(days)s days late") % {
                "due": f"{entry.due:%d/%m/%Y}",
                "days": entry.days_late(today),
            }
        else:
            said = _("due on %(due)s") % {"due": f"{entry.due:%d/%m/%Y}"}
        url = reverse("reports:duty_year", args=[entry.province.pk, entry.period.start.year])
        return Item(text, url, f"{period}: {said}")

    link = reverse("reports:duties")
    title, empty = _("Reports due"), _("No report is due.")
    return [("queue", {"queue": queue(title, empty, entries, item, link)})]
