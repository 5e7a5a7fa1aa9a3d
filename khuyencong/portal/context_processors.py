from khuyencong.accounts import outbox


def unread_messages(request):
    """The number of unread in-app messages, for the badge in the menu (one count per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_messages": outbox.unread_count(user)}
