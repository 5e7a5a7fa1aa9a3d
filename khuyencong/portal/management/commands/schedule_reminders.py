"""Put the daily reminder task in the queue unless it is there already (scripts/serve.sh, a deploy).

The task schedules its next day's run itself, so this is needed once; run again it adds nothing."""

from django.core.management.base import BaseCommand

from khuyencong.portal.reminders import schedule


class Command(BaseCommand):
    help = "Enqueue the daily reminder task if no run is waiting."

    def handle(self, *args, **options):
        added = schedule()
        self.stdout.write("Daily reminders enqueued." if added else "Daily reminders already queued.")
