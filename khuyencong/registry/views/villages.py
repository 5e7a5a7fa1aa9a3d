from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.audit.log import history, save_audited
from khuyencong.concurrency import edit_page
from khuyencong.downloads import place_name, table_response
from khuyencong.paging import light_page, querystring_without_page

from ..filters import VillageFilter
from ..forms import CraftVillageForm
from ..models import CraftVillage
from ..scoping import can, get_village_for
from ..sheets import village_table


@requires(Can.READ_REGISTRY)
def village_list(request):
    filters = VillageFilter(request.GET or None)
    queryset = filters.apply(CraftVillage.objects.visible_to(request.user)).select_related("current_commune")
    context = {
        "filters": filters,
        "page": light_page(queryset, request.GET.get("page")),
        "querystring_without_page": querystring_without_page(request),
        "can_create": can(request.user, Can.MANAGE_REGISTRY),
    }
    return render(request, "registry/village_list.html", context)


@requires(Can.READ_REGISTRY)
def village_export(request, file_type="xlsx"):
    filters = VillageFilter(request.GET or None)
    queryset = filters.apply(CraftVillage.objects.visible_to(request.user))
    return table_response(
        village_table(queryset), "Làng nghề", file_type, place_name(request.user, Can.READ_REGISTRY)
    )


@login_required
def village_detail(request, pk):
    village = get_village_for(request.user, pk)
    context = {
        "village": village,
        "members": village.establishments.visible_to(request.user)[:200],
        "can_edit": can(request.user, Can.MANAGE_REGISTRY, village),
        "entries": history([village])[:100],
    }
    return render(request, "registry/village_detail.html", context)


def _village_form(request, village=None):
    return CraftVillageForm(
        request.POST or None,
        instance=village,
        communes=Scope.of(request.user).communes(Can.MANAGE_REGISTRY),
        province=Scope.of(request.user).home_province_id(Can.MANAGE_REGISTRY),
    )


@requires(Can.MANAGE_REGISTRY)
def village_create(request):
    form = _village_form(request)
    if request.method == "POST" and form.is_valid():
        village = form.save(commit=False)
        save_audited(village, request.user)
        messages.success(request, _("Craft village registered."))
        return redirect("registry:village_detail", pk=village.pk)
    return render(request, "registry/village_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def village_edit(request, pk):
    village = get_village_for(request.user, pk, Can.MANAGE_REGISTRY)
    done = reverse("registry:village_detail", args=[village.pk])
    form = _village_form(request, village)
    return edit_page(request, form, "registry/village_form.html", {"village": village}, done_url=done)
