"""One pass of the reminders and of the messages left unsent: what cron runs once a day in production."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from khuyencong.accounts import outbox
from khuyencong.portal.reminders import send_reminders


class Command(BaseCommand):
    help = "Send the reminders owed today (or on --on YYYY-MM-DD) and retry the messages not yet sent."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="the day to compute the reminders for, YYYY-MM-DD (default today)")

    def handle(self, *args, on=None, **options):
        try:
            day = datetime.date.fromisoformat(on) if on else None
        except ValueError as error:
            raise CommandError(f"--on: {error}") from error
        retried = outbox.retry_unsent()
        new = send_reminders(day)
        self.stdout.write(f"{new} new reminder(s); {retried} earlier message(s) sent on retry.")
