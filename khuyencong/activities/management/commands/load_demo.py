from django.core.management.base import BaseCommand

# The demo loads every app's demo, so it lives in the highest app that has one (activities).
from khuyencong.activities.demo import load_local_activities, load_national_activities
from khuyencong.activities.models import Course, Event, MediaItem, Trainee
from khuyencong.plans.models import Plan
from khuyencong.projects.demo import ProgrammeDemo
from khuyencong.projects.models import Payment, Project
from khuyencong.registry.demo import DEMO_PASSWORD, DemoLoader
from khuyencong.registry.models import CraftVillage, Establishment, Need, Product


class Command(BaseCommand):
    help = "Load the Hưng Yên 2014–2015 demo data and one demo user per role (idempotent)."

    def handle(self, *args, **options):
        logins = DemoLoader().load()
        # The local courses and media items are made as their projects start, before acceptance.
        ProgrammeDemo(on_start=load_local_activities).load()
        load_national_activities()
        self.stdout.write(
            f"Demo data: {Establishment.objects.count()} establishments, {CraftVillage.objects.count()} craft villages, "
            f"{Product.objects.count()} products, {Need.objects.count()} needs, {Plan.objects.count()} plans, "
            f"{Project.objects.count()} projects, {Payment.objects.count()} payments, "
            f"{Course.objects.count()} courses, {Trainee.objects.count()} trainees, "
            f"{Event.objects.count()} events, {MediaItem.objects.count()} media items."
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<14} {login.role} — {login.scope}")
