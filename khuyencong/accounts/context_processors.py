from .scopes import Scope


def capabilities(request):
    """The capabilities the user holds somewhere, for showing or hiding menu entries (never for access)."""
    return {"user_can": Scope.of(getattr(request, "user", None)).capabilities()}
