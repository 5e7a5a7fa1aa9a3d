"""A fixed-window request limit per client address, kept in the shared cache.

Used where the public can call an endpoint without signing in (the unit search), so that one
address cannot use it to load the database. Every app server shares the cache in production.
"""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.utils.translation import gettext as _

from khuyencong.clientaddress import client_address


def limited(name: str, setting: str):
    """Allow `settings.<setting>` = (requests, seconds) per address; past it, answer 429 with JSON."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            allowed, window = getattr(settings, setting)
            slot = int(time.time() // window)
            key = f"ratelimit:{name}:{client_address(request) or 'unknown'}:{slot}"
            cache.add(key, 0, timeout=window + 1)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=window + 1)
                count = 1
            if count > allowed:
                retry = int(window - time.time() % window) + 1
                response = JsonResponse(
                    {
                        "error": _("Too many searches from your address; wait %(seconds)s seconds.")
                        % {"seconds": retry},
                        "results": [],
                    },
                    status=429,
                )
                response["Retry-After"] = str(retry)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
