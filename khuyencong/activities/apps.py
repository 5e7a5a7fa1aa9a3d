from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "khuyencong.activities"
    verbose_name = _("Activities")

    def ready(self):
        # The project's acceptance reads the counts these records hold (projects/outputs.py).
        from khuyencong.projects.outputs import register, register_panel

        from .outputs import record_counts
        from .panels import project_panels

        register(record_counts)
        register_panel(project_panels)
