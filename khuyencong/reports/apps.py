from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The figures and the documents made of them: execution, the periodic report, dashboards.

    It sits on top of plans, projects and activities (docs/adr/0013): they never import it, and
    every page, command, export and report reads its figures from here."""

    name = "khuyencong.reports"
    verbose_name = _("Reports")

    def ready(self):
        # The lower apps never import this one: it watches their records and shows its rows on
        # their rules screen from here.
        from .rules import register_target_rules
        from .stamping import connect

        connect()  # the dashboards' stamps follow every change (docs/adr/0014)
        register_target_rules()  # the programme's targets on the rules screen (plans/rules.py)
