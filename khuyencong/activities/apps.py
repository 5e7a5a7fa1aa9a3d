from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "khuyencong.activities"
    verbose_name = _("Activities")

    def ready(self):
        # Apps below never import this one (docs/adr/0012): it registers what they show of it.
        from khuyencong import sections
        from khuyencong.projects.outputs import register

        from .outputs import record_counts
        from .panels import plan_panels, project_panels
        from .rules import register_contest_rules

        register(record_counts)  # the acceptance record's counts (projects/outputs.py)
        sections.register("project", project_panels)
        sections.register("plan_execution", plan_panels)
        register_contest_rules()  # the rules screen and docs/legal-rules.md (plans/rules.py)
