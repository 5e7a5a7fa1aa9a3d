from .scopes import Scope


def capabilities(request):
    """The capabilities and roles the user holds somewhere, for showing or hiding menu entries (never for
    access)."""
    scope = Scope.of(getattr(request, "user", None))
    return {"user_can": scope.capabilities(), "user_roles": scope.roles}
