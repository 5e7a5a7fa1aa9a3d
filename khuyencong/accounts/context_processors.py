from .scopes import grants_of


def roles(request):
    """The role codes the user holds, for showing or hiding menu entries (never for access)."""
    return {"user_roles": {grant.role for grant in grants_of(request.user)}}
