from django.core.management.base import BaseCommand

from khuyencong.activities.demo import load_national_activities
from khuyencong.plans.models import Plan
from khuyencong.projects.demo import ProgrammeDemo
from khuyencong.projects.models import Payment, Project
from khuyencong.registry.demo import DEMO_PASSWORD, DemoLoader
from khuyencong.registry.models import CraftVillage, Establishment, Need, Product


class Command(BaseCommand):
    help = "Load the Hưng Yên 2014–2015 demo data and one demo user per role (idempotent)."

    def handle(self, *args, **options):
        logins = DemoLoader().load()
        ProgrammeDemo().load()
        load_national_activities()
        self.stdout.write(
            f"Demo data: {Establishment.objects.count()} establishments, {CraftVillage.objects.count()} craft villages, "
            f"{Product.objects.count()} products, {Need.objects.count()} needs, {Plan.objects.count()} plans, "
            f"{Project.objects.count()} projects, {Payment.objects.count()} payments."
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<14} {login.role} — {login.scope}")
