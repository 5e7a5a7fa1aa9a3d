"""The establishment's own pages: its applications and projects in plain words, and its messages.

A representative sees the projects applied for or benefiting an establishment they represent, the
same rule as `Project.visible_to` for an establishment grant; anyone else's project is a 404 here.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.accounts import outbox
from khuyencong.accounts.models import RoleAssignment
from khuyencong.accounts.permissions import Can, Role
from khuyencong.projects import paperwork
from khuyencong.projects.forms import DossierUploadForm
from khuyencong.projects.models import Project, Status
from khuyencong.projects.models.states import EDITABLE

from . import plainwords
from .claims import claim_of

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
    represents = bool(_represented(request.user))
    context = {"rows": rows, "represents": represents, "today": today}
    if not represents:  # why not yet, and what to do (a claim waiting, declined, or none)
        context |= {"claim": claim_of(request.user), "has_role": request.user.role_assignments.exists()}
    return render(request, "portal/my_projects.html", context)


def _my_project(user, pk: int) -> Project:
    project = _mine(user).filter(pk=pk).first()
    if project is None:
        raise Http404
    return project


def _papers_to_send(project) -> list:
    """The required papers not yet sent that may be sent now (the application's while it is looked
    at, the acceptance's while the work is done), those the Centre asked for first."""
    items = [
        item
        for item in project.dossier_items.select_related("requirement").order_by("due_on", "stage", "pk")
        if item.required and not item.satisfied and item.open_for_upload()
    ]
    items.sort(key=lambda item: item.status != item.ItemStatus.REQUESTED)
    for item in items:
        item.prefilled = paperwork.links_for_item(project, item)
    return items


def _project_page(request, project, *, failed=None, status=200):
    """The project in plain words; `failed` is (item id, form) of an upload that was refused."""
    today = timezone.localdate()
    can_act = project.acts_as(request.user, Can.APPLY)
    items = _papers_to_send(project)
    timeline = [
        (event, plainwords.sentence(event.to_status))
        for event in project.events.exclude(to_status="").order_by("happened_on", "at", "pk")
    ]
    application = getattr(project, "application", None)
    context = {
        "project": project,
        "plain": plainwords.explain(project, today),
        "items": items,
        "can_act": can_act,
        "timeline": timeline,
        "today": today,
        "failed_item": failed[0] if failed else None,
        "upload_form": failed[1] if failed else DossierUploadForm(),
        # The pre-filled papers of the stage now open, to print, sign and send back.
        "papers": paperwork.links(project, paperwork.open_now(project)),
        "can_send": can_act and project.status in EDITABLE and not items,
        "wizard": application if application and project.status == Status.DRAFT else None,
    }
    return render(request, "portal/my_project.html", context, status=status)


@login_required
def my_project(request, pk: int):
    return _project_page(request, _my_project(request.user, pk))


@require_POST
@login_required
def my_paper_upload(request, pk: int, item_pk: int):
    """Send one paper from the status page; a refused file is said by that paper, nothing else lost."""
    project = _my_project(request.user, pk)
    item = project.dossier_items.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    form = DossierUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            item.attach(form.cleaned_data["file"], request.user)
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, _("“%(name)s” received.") % {"name": item.name})
            return redirect("portal:my_project", pk=project.pk)
    return _project_page(request, project, failed=(item.pk, form), status=400)


@require_POST
@login_required
def my_project_send(request, pk: int):
    """Send the application (again) once every paper asked for is there: Project.submit."""
    project = _my_project(request.user, pk)
    try:
        project.submit(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your papers were sent to the Centre."))
    return redirect("portal:my_project", pk=project.pk)


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
