from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The figures and the documents made of them: execution, the periodic report, dashboards.

    It sits on top of plans, projects and activities (docs/adr/0013): they never import it, and
    every page, command, export and report reads its figures from here."""

    name = "khuyencong.reports"
    verbose_name = _("Reports")

    def ready(self):
        # Apps below never import this one (docs/adr/0013): it watches their records, and registers
        # what they show of it (khuyencong/sections.py, the rules screen of plans/rules.py).
        from khuyencong import sections

        from .panels import home_queues, overdue_panels
        from .rules import register_duty_rules, register_target_rules
        from .stamping import connect

        sections.register("overdue", overdue_panels)
        sections.register("home", home_queues)
        register_duty_rules()  # the reporting duties on the rules screen and docs/legal-rules.md
        connect()  # the dashboards' stamps follow every change (docs/adr/0014)
        register_target_rules()  # the programme's targets on the rules screen
