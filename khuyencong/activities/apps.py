from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "khuyencong.activities"
    verbose_name = _("Activities")

    def ready(self):
        # The project's acceptance reads the counts these records hold (projects/outputs.py).
        from khuyencong import sections
        from khuyencong.projects.outputs import register

        from .outputs import record_counts
        from .panels import plan_panels, project_panels

        register(record_counts)
        sections.register("project", project_panels)
        sections.register("plan_execution", plan_panels)
