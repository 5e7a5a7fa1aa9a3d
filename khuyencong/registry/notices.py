"""What the registry tells people of their records, through the outbox (accounts/outbox.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.accounts import outbox
from khuyencong.accounts.models import RoleAssignment
from khuyencong.accounts.permissions import Role


def tell_declined(need) -> None:
    """Tell the establishment's representatives (or, for someone not registered, who filed the need)
    that the Centre declined it, and why: they read it again on their own page of needs."""
    if need.establishment_id:
        recipients = {
            a.user
            for a in RoleAssignment.objects.filter(
                role=Role.ESTABLISHMENT_REP, establishment_id=need.establishment_id, user__is_active=True
            ).select_related("user")
        }
    else:
        recipients = {need.created_by} if need.created_by_id else set()
    body = _("Your request for help “%(what)s” was not taken up. Why: %(reason)s") % {
        "what": need.activity_type.name,
        "reason": need.status_reason,
    }
    for user in recipients:
        outbox.send(
            channel="in_app",
            recipient=user,
            subject=_("Your request for help was not taken up"),
            body=body,
            link=reverse("portal:my_needs"),
            key=f"need-declined-{need.pk}-{user.pk}",
        )
