"""Decorators that turn the permission table into HTTP answers."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .permissions import Can
from .scopes import Scope


def requires(capability: Can):
    """Signed-in users who hold the capability somewhere pass; others get 403.

    Where it may be used is the view's business: it fetches its object through the scope.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not Scope.of(request.user).can(capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
