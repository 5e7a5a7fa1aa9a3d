from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
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

from ..filters import EstablishmentFilter
from ..forms import EstablishmentForm
from ..models import CraftVillage, Establishment, tax_code_as_seen
from ..picker import label as picker_label
from ..scoping import can, get_establishment_for
from ..sheets import establishment_table
from .deleting import confirm_and_delete


def _filtered(request):
    filters = EstablishmentFilter(
        request.GET or None, villages=CraftVillage.objects.visible_to(request.user), user=request.user
    )
    queryset = filters.apply(Establishment.objects.visible_to(request.user))
    return filters, queryset


@requires(Can.READ_REGISTRY)
def establishment_list(request):
    filters, queryset = _filtered(request)
    # Plain rows, not model instances: the page shows five columns of fifty rows.
    rows = queryset.order_by("search_key", "id").values(
        "id", "name", "legal_form", "trade", "workers", "current_commune__name"
    )
    context = {
        "filters": filters,
        "page": light_page(rows, request.GET.get("page")),
        "legal_forms": dict(Establishment.LegalForm.choices),
        "querystring_without_page": querystring_without_page(request),
        "can_create": Scope.of(request.user).communes(Can.EDIT_REGISTRY).exists(),
    }
    return render(request, "registry/establishment_list.html", context)


@requires(Can.READ_REGISTRY)
def establishment_export(request, file_type="xlsx"):
    _filters, queryset = _filtered(request)
    return table_response(
        establishment_table(queryset, request.user),
        "Cơ sở CNNT",
        file_type,
        place_name(request.user, Can.READ_REGISTRY),
    )


@login_required
def establishment_detail(request, pk):
    establishment = get_establishment_for(request.user, pk)
    context = {
        "est": establishment,
        "tax_code": establishment.tax_code_for(request.user),
        "products": establishment.products.prefetch_related("photos", "certifications"),
        "needs": establishment.needs.select_related("activity_type"),
        "support": support_history(request.user, establishment),
        "can_edit": can(request.user, Can.EDIT_REGISTRY, establishment),
        "can_delete": can(request.user, Can.MANAGE_REGISTRY, establishment),
    }
    return render(request, "registry/establishment_detail.html", context)


def support_history(user, establishment):
    """The projects that supported the establishment (applicant or beneficiary), as the user may see them.

    Projects build on the registry, so they are looked up by name here rather than imported.
    """
    Project = apps.get_model("projects", "Project")
    # Which states count is the projects' own business (projects/models/states.py, SOUGHT_OR_GRANTED).
    return (
        Project.objects.visible_to(user)
        .support_of(establishment)
        .select_related("activity_type", "source")
        .order_by("-year", "-pk")
    )


def _form(request, instance=None):
    scope = Scope.of(request.user)
    return EstablishmentForm(
        request.POST or None,
        instance=instance,
        communes=scope.communes(Can.EDIT_REGISTRY),
        villages=CraftVillage.objects.visible_to(request.user),
        province=scope.home_province_id(Can.EDIT_REGISTRY),
        user=request.user,
    )


@requires(Can.EDIT_REGISTRY)
def establishment_create(request):
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        establishment = form.save(commit=False)
        establishment.created_by = request.user
        save_audited(establishment, request.user)
        messages.success(request, _("Establishment registered."))
        return redirect("registry:establishment_detail", pk=establishment.pk)
    return render(
        request, "registry/establishment_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def establishment_edit(request, pk):
    establishment = get_establishment_for(request.user, pk, Can.EDIT_REGISTRY)
    done = reverse("registry:establishment_detail", args=[establishment.pk])
    return edit_page(
        request,
        _form(request, establishment),
        "registry/establishment_form.html",
        {"est": establishment},
        done_url=done,
    )


@login_required
def establishment_delete(request, pk):
    establishment = get_establishment_for(request.user, pk, Can.MANAGE_REGISTRY)
    return confirm_and_delete(
        request,
        establishment,
        cancel_url=reverse("registry:establishment_detail", args=[establishment.pk]),
        done_url=reverse("registry:establishment_list"),
        done_message=_("Establishment deleted."),
    )


@login_required
def establishment_history(request, pk):
    establishment = get_establishment_for(request.user, pk)
    related = [establishment, *establishment.products.all(), *establishment.needs.all()]
    entries = list(history(related)[:500])
    allowed = can(request.user, Can.READ_PERSONAL_DATA, establishment)
    # The log keeps the tax code as typed; a household owner's ID stays masked for this reader.
    for entry in entries:
        if "tax_code" in entry.changes:
            shown = [tax_code_as_seen(v, allowed) or None for v in entry.changes["tax_code"]]
            entry.changes = {**entry.changes, "tax_code": shown}
    return render(request, "registry/history.html", {"object": establishment, "entries": entries})


@requires(Can.READ_REGISTRY)
def establishment_pick(request):
    """Type-ahead search for the establishment picker: establishments the user may apply for, or
    (`scope=read`, for a leader naming beneficiaries) those the user may see."""
    capability = Can.READ_REGISTRY if request.GET.get("scope") == "read" else Can.EDIT_REGISTRY
    found = (
        Establishment.objects.visible_to(request.user, capability)
        .search(request.GET.get("q", "")[:100], request.user)
        .select_related("current_commune")
        .order_by("name_key")[:15]
    )
    return JsonResponse({"results": [{"id": e.pk, "label": picker_label(e)} for e in found]})
