"""Print a province's plan execution on a date, from the same code as the plan page.

The province is today's: a code of today's province or of one merged into it on 1/7/2025 gives
today's province with the plans of the units it was made of (the same period of the year before
included).
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from khuyencong.reports.execution import execution
from khuyencong.reports.execution_json import execution_as_dict, province_today
from khuyencong.reports.management.commands.report import parse_day


class Command(BaseCommand):
    help = "Execution figures per funding source and batch: planned, allocated, disbursed, percentages, year on year."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            type=int,
            required=True,
            help="official province code, today's or of before 1/7/2025 (33 = Hưng Yên, 34 = Thái Bình)",
        )
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--as-of", dest="as_of", help="dd/mm/yyyy or yyyy-mm-dd; default: today")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--language", choices=["vi", "en"], default="vi")

    def handle(self, *args, province, year, as_of, format, language, **options):
        day = parse_day(as_of) if as_of else datetime.date.today()
        unit = province_today(province)
        if unit is None:
            raise CommandError(f"No province has the code {province}.")
        with translation.override(language):
            figures = execution(unit.pk, year, day)
            if figures is None:
                raise CommandError(f"{unit.name} has no plan for {year}.")
            data = execution_as_dict(figures)
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{data['province']['name']} — {year} — {data['as_of_display']}")
        old = [unit["label"] for unit in data["province"]["before_reform"]]
        if old:
            self.stdout.write(f"  including {'; '.join(old)}")
        for source in data["sources"]:
            self.stdout.write(
                f"{source['code']}: planned {source['planned_display']}, allocated {source['allocated_display']}, "
                f"disbursed {source['disbursed_display']} ({source['percent_of_plan']}); "
                f"same period {year - 1}: {source['previous_year_disbursed_display']} "
                f"({source['year_on_year_change']})"
                + (
                    f" on {'; '.join(source['previous_year_made_for'])}"
                    if source["previous_year_made_for"]
                    else ""
                )
            )
            for batch in source["batches"]:
                self.stdout.write(
                    f"  {batch['label']}: planned {batch['planned_display']}, allocated {batch['allocated_display']}, "
                    f"disbursed {batch['disbursed_display']} ({batch['percent_of_plan']})"
                )
