from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.audit.log import save_audited
from khuyencong.vntext import fold

from .access import requires
from .forms import InviteForm, RoleAssignmentForm
from .models import RoleAssignment, User, users_managed_by
from .permissions import Can, Role
from .scopes import Scope

admin_only = requires(Can.MANAGE_USERS)


def _get_member(request, pk) -> User:
    """A user this administrator manages (404 otherwise: another province's people are not listed)."""
    return get_object_or_404(users_managed_by(request.user), pk=pk)


@admin_only
def user_list(request):
    users = users_managed_by(request.user).order_by("username").prefetch_related("role_assignments__unit")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        users = users.filter(username__icontains=fold(query)) | users.filter(full_name__icontains=query)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "query": query})


def _send_invitation(request, user: User) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = request.build_absolute_uri(reverse("accounts:password_reset_confirm", args=[uid, token]))
    send_mail(
        _("Invitation to the khuyến công system"),
        _("You have been invited. Set your password here: %(link)s") % {"link": link},
        None,
        [user.email],
    )


@admin_only
def user_invite(request):
    """Invite a user. A province's administrator gives the first role at once, so nobody they
    invite is left outside every scope (and so outside what they can manage)."""
    national = Scope.of(request.user).is_national(Can.MANAGE_USERS)
    form = InviteForm(request.POST or None)
    role_wanted = not national or bool(request.POST.get("role-role"))
    role_form = RoleAssignmentForm(
        request.POST if request.method == "POST" and role_wanted else None,
        prefix="role",
        instance=RoleAssignment(granted_by=request.user),
        granted_by=request.user,
    )
    if request.method == "POST" and form.is_valid() and (not role_wanted or role_form.is_valid()):
        with transaction.atomic():
            user = form.save(commit=False)
            user.set_unusable_password()
            save_audited(user, request.user, verb="invited")
            if role_wanted:
                assignment = role_form.save(commit=False)
                assignment.user = user
                assignment.grant(request.user)
        _send_invitation(request, user)
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
        return redirect("accounts:user_detail", pk=user.pk)
    context = {"form": form, "role_form": role_form, "role_optional": national}
    return render(
        request, "accounts/user_invite.html", context, status=400 if form.errors or role_form.errors else 200
    )


@admin_only
def user_detail(request, pk):
    member = _get_member(request, pk)
    form = RoleAssignmentForm(
        request.POST or None,
        instance=RoleAssignment(user=member, granted_by=request.user),
        granted_by=request.user,
    )
    if request.method == "POST" and form.is_valid():
        form.save(commit=False).grant(request.user)
        messages.success(request, _("Role granted."))
        return redirect("accounts:user_detail", pk=member.pk)
    assignments = list(member.role_assignments.select_related("unit__parent", "establishment"))
    for assignment in assignments:
        assignment.refusal = revoke_refusal(request.user, member, assignment)
    context = {"member": member, "assignments": assignments, "form": form}
    return render(request, "accounts/user_detail.html", context, status=400 if form.errors else 200)


@admin_only
@require_POST
def role_revoke(request, pk, assignment_pk):
    member = _get_member(request, pk)
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user=member)
    if not Scope.of(request.user).may_grant(assignment.scope_level, assignment.place()):
        raise PermissionDenied
    refusal = revoke_refusal(request.user, member, assignment)
    if refusal:
        messages.error(request, refusal)
        return redirect("accounts:user_detail", pk=pk)
    assignment.revoke(request.user)
    messages.success(request, _("Role removed."))
    return redirect("accounts:user_detail", pk=pk)


def revoke_refusal(admin, member, assignment) -> str | None:
    """Why this role may not be removed by this administrator, if it may not.

    Nobody removes their own administrator role (they would lock themselves out: another
    administrator does it). A province's administrator does not remove a user's last role: the
    user would leave every scope, and so the administrator's own list, for good.
    """
    if member.pk == admin.pk and assignment.role == Role.ADMINISTRATOR:
        return _("You cannot remove your own administrator role; ask another administrator.")
    if not Scope.of(admin).is_national(Can.MANAGE_USERS) and member.role_assignments.count() == 1:
        return _(
            "This is the user's last role: grant the new role first, or ask a national administrator "
            "to close the account."
        )
    return None
