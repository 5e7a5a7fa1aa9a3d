from django.core.management.base import BaseCommand

from khuyencong.registry.demo import DEMO_PASSWORD, DemoLoader
from khuyencong.registry.models import CraftVillage, Establishment, Need, Product


class Command(BaseCommand):
    help = "Load the Hưng Yên 2015 demo data and one demo user per role (idempotent)."

    def handle(self, *args, **options):
        logins = DemoLoader().load()
        self.stdout.write(
            f"Demo data: {Establishment.objects.count()} establishments, {CraftVillage.objects.count()} craft villages, "
            f"{Product.objects.count()} products, {Need.objects.count()} needs."
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<14} {login.role} — {login.scope}")
