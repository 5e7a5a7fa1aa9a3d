"""The establishment's own pages: its applications and projects in plain words, and its messages.

A representative sees the projects applied for or benefiting an establishment they represent, the
same rule as `Project.visible_to` for an establishment grant; anyone else's project is a 404 here.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from khuyencong.accounts import outbox
from khuyencong.accounts.models import RoleAssignment
from khuyencong.accounts.permissions import Can, Role
from khuyencong.projects.models import Project

from . import plainwords

INBOX_PAGE = 20


def _represented(user) -> list[int]:
    return list(
        RoleAssignment.objects.filter(
            user=user, role=Role.ESTABLISHMENT_REP, establishment__isnull=False
        ).values_list("establishment_id", flat=True)
    )


def _mine(user):
    """The projects of the establishments the user represents, newest first."""
    establishments = _represented(user)
    if not establishments:
        return Project.objects.none()
    linked = Q(applicant_id__in=establishments) | Q(beneficiary_links__establishment_id__in=establishments)
    return (
        Project.objects.filter(linked)
        .distinct()
        .select_related("source", "applicant")
        .order_by("-year", "-created_at", "-pk")
    )


@login_required
def my_projects(request):
    today = timezone.localdate()
    rows = [(project, plainwords.explain(project, today)) for project in _mine(request.user)[:200]]
    return render(
        request,
        "portal/my_projects.html",
        {"rows": rows, "represents": bool(_represented(request.user)), "today": today},
    )


@login_required
def my_project(request, pk: int):
    project = _mine(request.user).filter(pk=pk).first()
    if project is None:
        raise Http404
    today = timezone.localdate()
    plain = plainwords.explain(project, today)
    can_upload = project.acts_as(request.user, Can.APPLY)
    items = [
        (item, can_upload and item.open_for_upload() and item.status != item.ItemStatus.ACCEPTED)
        for item in project.dossier_items.order_by("stage", "pk")
        if item.required and not item.satisfied
    ]
    timeline = [
        (event, plainwords.sentence(event.to_status))
        for event in project.events.exclude(to_status="").order_by("happened_on", "at", "pk")
    ]
    return render(
        request,
        "portal/my_project.html",
        {"project": project, "plain": plain, "items": items, "timeline": timeline, "today": today},
    )


@login_required
def inbox(request):
    """The in-app messages, newest first; those shown are marked read (still shown as new this once)."""
    page = Paginator(outbox.inbox(request.user), INBOX_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    unread = {message.pk for message in shown if message.read_at is None}
    outbox.mark_read(request.user, unread)
    return render(
        request,
        "portal/messages.html",
        {"page": page, "shown": shown, "unread": unread, "unread_count": outbox.unread_count(request.user)},
    )
