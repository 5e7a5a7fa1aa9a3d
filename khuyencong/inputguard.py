"""Refuse a request that carries a NUL character anywhere a view or the session could read it.

PostgreSQL cannot hold NUL in text. Form fields refuse it already, but a query parameter read
directly (a search box, a filter), a posted value read outside a form or a forged cookie would
reach the database and end in a server error; here it ends in a clear 400 instead.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"


def _cookies_carry_nul(request) -> bool:
    return any(NUL in key or NUL in value for key, value in request.COOKIES.items())


def _carries_nul(request) -> bool:
    if NUL in request.path or _cookies_carry_nul(request):
        return True
    sources = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sources.append(request.POST)
    for source in sources:
        items = source.lists() if hasattr(source, "lists") else ((k, [v]) for k, v in source.items())
        for key, values in items:
            if NUL in key or any(NUL in value for value in values):
                return True
    return False


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            if _cookies_carry_nul(request):
                # The session cookie itself may be what is forged: do not look the user up with it.
                request.user = AnonymousUser()
            message = _(
                "The address or the form holds an invisible control character (NUL) that cannot be "
                "saved. Type the text again instead of pasting it."
            )
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
