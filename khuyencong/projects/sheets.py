"""The project list as a workbook, with the list's filters applied."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

ROW_LIMIT = 200_000


def export_projects(projects) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Projects"))
    sheet.append(
        [
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
    )
    rows = projects.select_related("source", "activity_type", "batch").order_by("year", "pk")[:ROW_LIMIT]
    for p in rows.iterator(chunk_size=2000):
        sheet.append(
            [
                p.code,
                p.title,
                p.year,
                p.source.code,
                p.activity_type.code,
                p.get_status_display(),
                p.batch.number if p.batch_id else None,
                p.support_amount,
                p.approved_support,
                p.settled_amount,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
