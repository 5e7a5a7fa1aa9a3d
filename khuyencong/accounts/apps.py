from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "khuyencong.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        # Registers the system check of TRUSTED_PROXIES, which sign-in relies on.
        from khuyencong import clientaddress  # noqa: F401
