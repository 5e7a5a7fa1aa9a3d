from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khuyencong.accounts.access import role_required
from khuyencong.audit.log import history, save_audited
from khuyencong.downloads import table_response
from khuyencong.paging import light_page, querystring_without_page

from ..filters import VillageFilter
from ..forms import CraftVillageForm
from ..models import MANAGE_ROLES, READ_ROLES, CraftVillage
from ..scoping import can, communes_for, get_village_for, home_province_of
from ..sheets import village_table


@role_required(*READ_ROLES)
def village_list(request):
    filters = VillageFilter(request.GET or None)
    queryset = filters.apply(CraftVillage.objects.visible_to(request.user)).select_related("current_commune")
    context = {
        "filters": filters,
        "page": light_page(queryset, request.GET.get("page")),
        "querystring_without_page": querystring_without_page(request),
        "can_create": can(request.user, MANAGE_ROLES),
    }
    return render(request, "registry/village_list.html", context)


@role_required(*READ_ROLES)
def village_export(request, file_type="xlsx"):
    filters = VillageFilter(request.GET or None)
    queryset = filters.apply(CraftVillage.objects.visible_to(request.user))
    return table_response(village_table(queryset), "lang-nghe", file_type)


@login_required
def village_detail(request, pk):
    village = get_village_for(request.user, pk)
    context = {
        "village": village,
        "members": village.establishments.visible_to(request.user)[:200],
        "can_edit": can(request.user, MANAGE_ROLES, village),
        "entries": history([village])[:100],
    }
    return render(request, "registry/village_detail.html", context)


def _village_form(request, village=None):
    return CraftVillageForm(
        request.POST or None,
        instance=village,
        communes=communes_for(request.user, MANAGE_ROLES),
        province=home_province_of(request.user, MANAGE_ROLES),
    )


@role_required(*MANAGE_ROLES)
def village_create(request):
    form = _village_form(request)
    if request.method == "POST" and form.is_valid():
        village = form.save(commit=False)
        save_audited(village, request.user)
        messages.success(request, _("Craft village registered."))
        return redirect("registry:village_detail", pk=village.pk)
    return render(request, "registry/village_form.html", {"form": form})


@login_required
def village_edit(request, pk):
    village = get_village_for(request.user, pk, MANAGE_ROLES)
    form = _village_form(request, village)
    if request.method == "POST" and form.is_valid():
        save_audited(form.save(commit=False), request.user)
        messages.success(request, _("Changes saved."))
        return redirect("registry:village_detail", pk=village.pk)
    return render(request, "registry/village_form.html", {"form": form, "village": village})
