"""Write a report to a file: `manage.py report periodic --province 33 --from 2015-01-01 --to 2015-09-30
--format json --out report.json`.

The province is today's: a code of today's province or of one merged into it on 1/7/2025 (34, Thái
Bình) gives today's province with the plans of the units it was made of; no `--province` is the
national roll-up. The figures are `reports.periodic.build`'s dict, read by every format (FORMATS).
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from khuyencong.reports.documents import periodic_docx, periodic_pdf, periodic_xlsx
from khuyencong.reports.execution_json import province_today
from khuyencong.reports.periodic import GROUPINGS, build
from khuyencong.reports.periods import Period


def as_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


# Format → renderer of the report's dict to the file's bytes (reports/documents/); each reads only
# the dict, so every format carries the same figures.
FORMATS = {"json": as_json, "docx": periodic_docx, "xlsx": periodic_xlsx, "pdf": periodic_pdf}
REPORTS = ("periodic",)


def parse_day(text: str) -> datetime.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CommandError(_("“%(text)s” is not a date: write 2015-09-30 or 30/09/2015.") % {"text": text})


class Command(BaseCommand):
    help = "Write the periodic report of a province (or of every province) for a period to a file."

    def add_arguments(self, parser):
        parser.add_argument("report", help="the report to write: periodic")
        parser.add_argument(
            "--province",
            type=int,
            help="official province code, today's or of before 1/7/2025 (33 = Hưng Yên, 34 = Thái Bình); "
            "none for every province",
        )
        parser.add_argument("--from", dest="start", required=True, help="first day, yyyy-mm-dd or dd/mm/yyyy")
        parser.add_argument("--to", dest="end", required=True, help="last day, yyyy-mm-dd or dd/mm/yyyy")
        parser.add_argument("--format", default="json", help="one of: " + ", ".join(FORMATS))
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument(
            "--grouping",
            default="as_then",
            help="communes as they were in the period (as_then) or today's (today)",
        )
        parser.add_argument("--language", choices=["vi", "en"], default="vi")

    def handle(self, *args, report, province, start, end, format, out, grouping, language, **options):
        with translation.override(language):
            path = Path(out)
            # Said before the report is computed (a national roll-up takes a while), and again on writing.
            if path.is_dir() or not os.access(path.parent if str(path.parent) else ".", os.W_OK):
                raise CommandError(
                    _("Cannot write %(path)s: no such folder, or not writable.") % {"path": out}
                )
            data, content = self._render(report, province, start, end, format, grouping)
            try:
                path.write_bytes(content)
            except OSError as error:
                raise CommandError(
                    _("Cannot write %(path)s: %(reason)s.") % {"path": out, "reason": error.strerror or error}
                ) from None
            self.stdout.write(
                _("%(report)s written to %(path)s.") % {"report": data["period"]["label"], "path": out}
            )

    def _render(self, report, province, start, end, format, grouping) -> tuple[dict, bytes]:
        if report not in REPORTS:
            raise CommandError(
                _("“%(report)s” is not a report: use one of %(reports)s.")
                % {"report": report, "reports": ", ".join(REPORTS)}
            )
        if format not in FORMATS:
            raise CommandError(
                _("“%(format)s” is not a format: use one of %(formats)s.")
                % {"format": format, "formats": ", ".join(FORMATS)}
            )
        if grouping not in GROUPINGS:
            raise CommandError(
                _("“%(grouping)s” is not a grouping: use as_then or today.") % {"grouping": grouping}
            )
        unit = None
        if province is not None:
            unit = province_today(province)
            if unit is None:
                raise CommandError(_("No province has the code %(code)s.") % {"code": province})
        try:
            period = Period.between(parse_day(start), parse_day(end))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        data = build(period, unit, user=None, grouping=grouping)
        return data, FORMATS[format](data)
