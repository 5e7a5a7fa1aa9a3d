"""The project list as a table (xlsx or CSV), with the list's filters applied."""

from __future__ import annotations

from django.utils.translation import gettext as _

from khuyencong.exporting import MONEY, Table

ROW_LIMIT = 200_000


def project_table(projects) -> Table:
    headings = [
        _("Code"),
        _("Title"),
        _("Year"),
        _("Funding source"),
        _("Activity type"),
        _("Status"),
        _("Batch"),
        _("Support asked (đồng)"),
        _("Approved support (đồng)"),
        _("Settled amount (đồng)"),
    ]
    # One row past the limit, so the table can say the list was cut.
    chosen = projects.select_related("source", "activity_type", "batch").order_by("year", "pk")
    rows = (
        [
            p.code,
            p.title,
            p.year,
            p.source.code,
            f"{p.activity_type.code}. {p.activity_type.name}",
            p.get_status_display(),
            p.batch.number if p.batch_id else None,
            p.support_amount,
            p.approved_support,
            p.settled_amount,
        ]
        for p in chosen[: ROW_LIMIT + 1].iterator(chunk_size=2000)
    )
    return Table(
        _("Projects"),
        headings,
        rows,
        widths=[14, 48, 8, 10, 10, 18, 8, 18, 18, 18],
        formats={7: MONEY, 8: MONEY, 9: MONEY},
        limit=ROW_LIMIT,
    )
