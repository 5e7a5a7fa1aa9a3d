from django.core.management.base import BaseCommand, CommandError

from khuyencong.accounts.models import User
from khuyencong.accounts.scopes import Scope
from khuyencong.geo.models import AdminUnit
from khuyencong.registry.establishment_import import (
    EstablishmentImporter,
    ImportFileError,
    invalid_rows_workbook,
)


class Command(BaseCommand):
    help = "Import establishments from an .xlsx file. Without --commit, only reports what would change."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--commit", action="store_true", help="Save the valid rows (in one transaction).")
        parser.add_argument(
            "--province", type=int, help="Official code of today's province for rows without one."
        )
        parser.add_argument("--user", help="User name recorded as the author in the audit log.")
        parser.add_argument(
            "--invalid-out", help="Write the invalid rows with their reasons to this .xlsx file."
        )

    def handle(self, *args, **options):
        province = None
        if options["province"]:
            province = AdminUnit.objects.current().provinces().filter(code=options["province"]).first()
            if province is None:
                raise CommandError(f"No province with code {options['province']}.")
        actor = User.objects.filter(username=options["user"]).first() if options["user"] else None
        if options["user"] and actor is None:
            raise CommandError(f"No user named {options['user']}.")
        try:
            with open(options["file"], "rb") as source:
                # With --user, the rows must lie in that user's area, as on the web.
                scope = Scope.of(actor) if actor else None
                importer = EstablishmentImporter(source, default_province=province, actor=actor, scope=scope)
                report = importer.commit() if options["commit"] else importer.analyse()[0]
        except FileNotFoundError as exc:
            raise CommandError(f"File not found: {options['file']}") from exc
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for row in report.invalid[:50]:
            self.stderr.write(f"row {row.number}: {' '.join(row.reasons)}")
        if options["invalid_out"] and report.invalid:
            with open(options["invalid_out"], "wb") as out:
                out.write(invalid_rows_workbook(report))
        self.stdout.write(report.summary_line())
