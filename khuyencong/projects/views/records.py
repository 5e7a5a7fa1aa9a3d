"""The project list, creating and editing a project, its page and its timeline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.audit.log import history
from khuyencong.downloads import place_name, table_response
from khuyencong.paging import light_page, querystring_without_page
from khuyencong.plans.models import FundingSource
from khuyencong.registry.models import ActivityType

from ..forms import ProjectFilterForm, ProjectForm
from ..models import ConcurrentEdit, Project, TransitionError
from ..presenting import project_page_context, timeline
from ..scoping import get_project_for, own_establishments, project_choices
from ..sheets import project_table


@requires(Can.READ_PROJECTS)
def project_list(request):
    filters = ProjectFilterForm(request.GET or None)
    # Plain rows, not models, of only what the rows show: the template reads each value from a dict
    # at once rather than through a model, its related source and batch.
    projects = filters.apply(Project.objects.visible_to(request.user)).values(
        "id",
        "code",
        "title",
        "status",
        "support_amount",
        "approved_support",
        "source__code",
        "batch_id",
        "batch__number",
    )
    context = {
        "filters": filters,
        "page": light_page(projects.order_by("-year", "-pk"), request.GET.get("page")),
        "querystring_without_page": querystring_without_page(request),
        "statuses": Project.Status.choices,
        # Labels translated once for the page, not once per row (each lookup hashes every choice).
        "status_labels": {value: str(label) for value, label in Project.Status.choices},
        "batch_word": _("Batch"),
        "sources": FundingSource.objects.all(),
        "activities": ActivityType.in_force(),
        "can_create": Scope.of(request.user).can(Can.APPLY),
    }
    return render(request, "projects/project_list.html", context)


@requires(Can.READ_PROJECTS)
def project_export(request, file_type="xlsx"):
    filters = ProjectFilterForm(request.GET or None)
    projects = filters.apply(Project.objects.visible_to(request.user))
    return table_response(
        project_table(projects), "Đề án", file_type, place_name(request.user, Can.READ_PROJECTS)
    )


@requires(Can.APPLY)
def project_create(request):
    choices = project_choices(request.user)
    own = own_establishments(request.user)
    # A new project is most often for this year's plan.
    initial = {"year": timezone.localdate().year} | ({"applicant": own[0]} if own else {})
    form = ProjectForm(
        request.POST or None,
        initial=initial,
        applicant_required=not Scope.of(request.user).can(Can.RUN_PROJECTS),
        **choices,
    )
    if request.method == "POST" and form.is_valid():
        project = Project.create_draft(
            request.user, beneficiaries=form.beneficiaries(), **form.draft_fields()
        )
        messages.success(request, _("Draft saved. Upload the dossier, then submit it."))
        return redirect("projects:detail", pk=project.pk)
    context = {"form": form, "title": _("New project")}
    return render(request, "projects/project_form.html", context, status=400 if form.errors else 200)


@login_required
def project_edit(request, pk: int):
    project = get_project_for(request.user, pk, Can.APPLY)
    form = ProjectForm(
        request.POST or None,
        instance=project,
        applicant_required=not Scope.of(request.user).can(Can.RUN_PROJECTS),
        **project_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            form.save(commit=False).save_edit(
                request.user, form.cleaned_data["version"] or 0, beneficiaries=form.beneficiaries()
            )
        except ConcurrentEdit as error:
            return _show_conflict(request, pk, error)
        except TransitionError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Project saved."))
            return redirect("projects:detail", pk=project.pk)
    context = {"form": form, "project": project}
    return render(request, "projects/project_form.html", context, status=400 if form.errors else 200)


def _show_conflict(request, pk: int, error):
    """Keep what the user typed, show what the other person changed, and let them save again knowingly."""
    current = get_project_for(request.user, pk, Can.APPLY)
    data = request.POST.copy()
    data["version"] = current.version
    form = ProjectForm(data, instance=current, **project_choices(request.user))
    form.is_valid()
    context = {
        "form": form,
        "project": current,
        "conflict": error.messages[0],
        "entries": history([current])[:5],
    }
    return render(request, "projects/project_form.html", context, status=409)


@requires(Can.READ_PROJECTS)
def project_detail(request, pk: int):
    project = get_project_for(request.user, pk)
    return render(request, "projects/project_detail.html", project_page_context(project, request.user))


@requires(Can.READ_PROJECTS)
def project_timeline(request, pk: int):
    project = get_project_for(request.user, pk)
    return render(
        request, "projects/timeline.html", {"project": project, "items": timeline(project, request.user)}
    )
