from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "khuyencong.activities"
    verbose_name = _("Activities")

    def ready(self):
        # The project's acceptance reads the counts these records hold (projects/outputs.py).
        from khuyencong.projects.outputs import register

        from .outputs import record_counts

        register(record_counts)
