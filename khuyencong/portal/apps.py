from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public site and the establishment's self-service pages (docs/self-service.md).

    It sits on top with reports: it may import registry, plans, projects and activities, and
    nothing imports it."""

    name = "khuyencong.portal"
    verbose_name = _("Portal")
