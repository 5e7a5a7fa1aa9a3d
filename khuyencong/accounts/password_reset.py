"""Password reset in the same time for every address, and a reset that signs the user in.

The request only checks that the address is well formed and enqueues one task
(`tasks.send_password_reset`); it never looks the address up nor sends mail, so its timing and
its answer are the same whether an account has the address or not.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.utils import translation

from . import throttle
from .tasks import send_password_reset


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        send_password_reset.enqueue(
            email=form.cleaned_data["email"],
            base_url=settings.SITE_URL or f"{self.request.scheme}://{self.request.get_host()}",
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the mailed link signs the user in and makes this address
    known for them: the way in for someone whose sign-in is being slowed by another's guessing."""

    post_reset_login = True

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.note_sign_in(self.request, form.user.get_username())
        return response
