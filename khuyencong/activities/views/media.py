"""Information work: the media items of a project, and the list of all in the user's scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.audit.log import delete_audited, history
from khuyencong.concurrency import edit_page
from khuyencong.downloads import file_response, place_name, table_response
from khuyencong.paging import light_page, querystring_without_page

from ..filters import MediaFilter
from ..forms import MediaItemForm
from ..models import MediaItem, get_activity_for, get_project_to_record
from ..sheets import media_table


def _items(user):
    return MediaItem.objects.visible_to(user).select_related("project")


@requires(Can.READ_PROJECTS)
def media_list(request):
    filters = MediaFilter(request.GET or None)
    context = {
        "filters": filters,
        "page": light_page(filters.apply(_items(request.user)), request.GET.get("page")),
        "querystring_without_page": querystring_without_page(request),
    }
    return render(request, "activities/media_list.html", context)


@requires(Can.READ_PROJECTS)
def media_export(request, file_type="xlsx"):
    filters = MediaFilter(request.GET or None)
    items = filters.apply(_items(request.user))
    return table_response(
        media_table(items), _("Information work"), file_type, place_name(request.user, Can.READ_PROJECTS)
    )


@login_required
def media_create(request, project_pk: int):
    project = get_project_to_record(request.user, project_pk)
    item = MediaItem(project=project, created_by=request.user)
    form = MediaItemForm(request.POST or None, request.FILES or None, instance=item)
    context = {
        "title": _("Record a media item"),
        "subtitle": str(project),
        "cancel_url": project_url(project),
    }
    return edit_page(
        request,
        form,
        "form_page.html",
        context,
        done_url=project_url(project),
        message=_("Media item recorded."),
    )


@login_required
def media_detail(request, pk: int):
    item = get_activity_for(request.user, MediaItem.objects, pk)
    context = {
        "item": item,
        "can_edit": item.may(request.user, Can.RUN_PROJECTS),
        "entries": history([item])[:100],
    }
    return render(request, "activities/media_detail.html", context)


@login_required
def media_edit(request, pk: int):
    item = get_activity_for(request.user, MediaItem.objects, pk, Can.RUN_PROJECTS)
    form = MediaItemForm(request.POST or None, request.FILES or None, instance=item)
    done = reverse("activities:media_detail", args=[item.pk])
    context = {"title": _("Edit the media item"), "subtitle": str(item.project), "cancel_url": done}
    return edit_page(request, form, "form_page.html", context, done_url=done)


@login_required
def media_delete(request, pk: int):
    item = get_activity_for(request.user, MediaItem.objects, pk, Can.RUN_PROJECTS)
    if request.method == "POST":
        delete_audited(item, request.user)
        messages.success(request, _("Media item deleted."))
        return redirect(project_url(item.project))
    context = {"object": item, "cancel_url": reverse("activities:media_detail", args=[item.pk])}
    return render(request, "registry/confirm_delete.html", context)


@login_required
def media_file(request, pk: int):
    item = get_activity_for(request.user, MediaItem.objects, pk)
    if not item.file:
        raise Http404
    return file_response(item.file, item.title)


def project_url(project) -> str:
    return reverse("projects:detail", args=[project.pk])


urlpatterns = [
    path("media/", media_list, name="media_list"),
    path("media/export/", media_export, name="media_export"),
    path("media/export.csv", media_export, {"file_type": "csv"}, name="media_export_csv"),
    path("projects/<int:project_pk>/media/new/", media_create, name="media_create"),
    path("media/<int:pk>/", media_detail, name="media_detail"),
    path("media/<int:pk>/edit/", media_edit, name="media_edit"),
    path("media/<int:pk>/delete/", media_delete, name="media_delete"),
    path("media/<int:pk>/file/", media_file, name="media_file"),
]
