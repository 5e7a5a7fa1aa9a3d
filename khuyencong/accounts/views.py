from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.audit.log import record, save_audited
from khuyencong.vntext import fold

from .access import role_required
from .forms import InviteForm, RoleAssignmentForm
from .models import Role, RoleAssignment, User

admin_only = role_required(Role.ADMINISTRATOR)


@admin_only
def user_list(request):
    users = User.objects.order_by("username").prefetch_related("role_assignments__unit")
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
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save(commit=False)
            user.set_unusable_password()
            save_audited(user, request.user, verb="invited")
        _send_invitation(request, user)
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
        return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_invite.html", {"form": form})


@admin_only
def user_detail(request, pk):
    member = get_object_or_404(User, pk=pk)
    form = RoleAssignmentForm(
        request.POST or None, instance=RoleAssignment(user=member, granted_by=request.user)
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            assignment = form.save()
            record(request.user, member, "accounts.role.granted", {"role": [None, str(assignment)]})
        messages.success(request, _("Role granted."))
        return redirect("accounts:user_detail", pk=member.pk)
    assignments = member.role_assignments.select_related("unit__parent", "establishment")
    return render(
        request, "accounts/user_detail.html", {"member": member, "assignments": assignments, "form": form}
    )


@admin_only
@require_POST
def role_revoke(request, pk, assignment_pk):
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user_id=pk)
    with transaction.atomic():
        record(request.user, assignment.user, "accounts.role.revoked", {"role": [str(assignment), None]})
        assignment.delete()
    messages.success(request, _("Role removed."))
    return redirect("accounts:user_detail", pk=pk)
