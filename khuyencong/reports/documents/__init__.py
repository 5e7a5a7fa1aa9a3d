"""The periodic report as a paper: Word and PDF in the layout of Decree 30/2020/NĐ-CP, and its
Excel annex.

Everything here reads ONLY the report's dict (`reports/periodic.py` builds it; its keys are in the
README), never the ORM, so that the JSON, the page, the Word file, the PDF and the annex carry the
same figures. Amounts are written as the dict's `*_display` strings (triệu đồng, formatted once by
`vnformat.millions`), ratios as the dict's strings; only counts are formatted here (`vnformat.grouped`).

The report follows the periodic report's structure (docs/programme.md §1-2): I. results — 1. the national plan, its
decisions and tasks; 2. the local plan per batch, executed, the same period of the previous year;
3. đề án by activity type and status; 4. outputs; 5. establishments supported; 6. documents issued —
then II. assessment, III. tasks and solutions, IV. recommendations, which staff write (`texts`).
Its words are Vietnamese and not translated: it is an official paper, as the certificates are
(activities/certificates.py). docs/reports.md describes the layout and the annex.
"""

from __future__ import annotations

from collections.abc import Mapping

from khuyencong.downloads import dated_name, safe_name

from .annex import periodic_xlsx, record_tables, summary_tables
from .paper import periodic_document, periodic_docx, periodic_html, periodic_pdf
from .words import (
    CONTENT_TYPES,
    PLACEHOLDER,
    RECORD_GROUPS,
    _province_label,
    period_label,
)

__all__ = [
    "PLACEHOLDER",
    "RECORD_GROUPS",
    "periodic_document",
    "periodic_docx",
    "periodic_filename",
    "periodic_html",
    "periodic_pdf",
    "periodic_xlsx",
    "record_tables",
    "render",
    "summary_tables",
]


def periodic_filename(report: Mapping, file_type: str) -> str:
    """ "Báo cáo khuyến công 9 tháng đầu năm 2015 - Tỉnh Hưng Yên - 28-11-2026.docx", named as every
    download is (downloads.dated_name: what, place, the day it was made)."""
    return safe_name(
        dated_name(f"Báo cáo khuyến công {period_label(report)}", _province_label(report), file_type)
    )


def render(report: Mapping, file_type: str, texts: Mapping | None = None) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of the report as docx, pdf or xlsx (the exporter
    shape: one call for the command, the page and the background task). ValueError for another type."""
    if file_type == "docx":
        content = periodic_docx(report, texts)
    elif file_type == "pdf":
        content = periodic_pdf(report, texts)
    elif file_type == "xlsx":
        content = periodic_xlsx(report)
    else:
        raise ValueError(f"Unknown file type {file_type!r}")
    return periodic_filename(report, file_type), CONTENT_TYPES[file_type], content
