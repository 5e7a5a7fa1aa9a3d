from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public site and the establishment's self-service pages (docs/self-service.md).

    It sits on top with reports: it may import registry, plans, projects and activities, and
    nothing imports it."""

    name = "khuyencong.portal"
    verbose_name = _("Portal")

    def ready(self):
        from khuyencong.projects.signals import project_moved

        from .notices import on_project_moved

        # The projects app sends, the portal listens: the establishment hears of every step.
        project_moved.connect(on_project_moved, dispatch_uid="portal-notices")
