from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The figures and the documents made of them: execution, the periodic report, dashboards.

    It sits on top of plans, projects and activities (docs/adr/0013): they never import it, and
    every page, command, export and report reads its figures from here."""

    name = "khuyencong.reports"
    verbose_name = _("Reports")
