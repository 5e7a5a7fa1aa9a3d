"""Background work of accounts, through Django's Tasks API."""

from urllib.parse import urlsplit

from django.contrib.auth.forms import PasswordResetForm
from django.tasks import task
from django.utils import translation

RESET_EMAIL_TEMPLATE = "registration/password_reset_email.txt"


@task()
def send_password_reset(email: str, base_url: str, language: str) -> None:
    """Mail a reset link to each active user with a usable password and this address.

    Enqueued for every well-formed address, known or not, so the request that asks for a reset
    takes the same time either way and cannot tell anyone whether the address has an account.
    ``base_url`` (``https://host[/prefix]``) is what the links start with.
    """
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    site = urlsplit(base_url)
    with translation.override(language):
        form.save(
            domain_override=f"{site.netloc}{site.path.rstrip('/')}",
            use_https=site.scheme == "https",
            email_template_name=RESET_EMAIL_TEMPLATE,
        )
