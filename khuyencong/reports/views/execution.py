"""The pages of the execution figures: a province's plans of a year on a day, the Ministry's
roll-up, a batch traced to its projects and entries, and their xlsx, CSV and JSON.

They sit in `reports` (docs/adr/0013) because they read projects and payments; their URLs stay
under /plans/, where users know them."""

import datetime
from functools import wraps

from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.downloads import place_name, table_response
from khuyencong.paging import light_page, querystring_without_page
from khuyencong.plans.forms import AsOfForm
from khuyencong.plans.models import Batch, Plan
from khuyencong.plans.scoping import can_manage, get_batch_for
from khuyencong.projects.models import Project
from khuyencong.sections import sections

from ..execution import batch_ledger, batch_lines, batch_projects, execution, overview, today_province
from ..execution_json import execution_as_dict
from ..sheets import execution_table, overview_table


def _as_of(request, year: int):
    """The day asked for (?as_of=), else today, or the year's last day for a past year; the form
    shows the day the figures stand on either way."""
    default = min(timezone.localdate(), datetime.date(year, 12, 31))
    if "as_of" in request.GET:
        form = AsOfForm(request.GET)
        as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
    else:
        form, as_of = AsOfForm(initial={"as_of": default}), None
    return form, as_of or default


def _execution_for(request, province_pk: int, year: int):
    """The figures of today's province (`_keyed_by_today` has sent a pre-2025 province's URL there)."""
    form, as_of = _as_of(request, year)
    plans = Plan.objects.visible_to(request.user)
    figures = execution(
        province_pk, year, as_of, plans=plans, province=getattr(request, "today_province", None)
    )
    if figures is None:
        raise Http404
    return form, figures


def _keyed_by_today(view):
    """The plan pages are keyed by today's province; an old link keyed by a province of before
    1/7/2025 is sent, query kept, to the province it became."""

    @wraps(view)
    def wrapper(request, province_pk: int, year: int, **kwargs):
        province = today_province(province_pk)
        if province is None:
            raise Http404
        if province.pk == province_pk:
            request.today_province = province  # looked up once per request
            return view(request, province_pk, year, **kwargs)
        match = request.resolver_match
        url = reverse(f"reports:{match.url_name}", kwargs={**match.kwargs, "province_pk": province.pk})
        query = request.GET.urlencode()
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

    return wrapper


@requires(Can.READ_PLANS)
@_keyed_by_today
def execution_page(request, province_pk: int, year: int):
    form, figures = _execution_for(request, province_pk, year)
    context = {
        "form": form,
        "figures": figures,
        "can_manage": can_manage(request.user, figures.current_province_id),
        # The year's outputs, counted by the activities app above (khuyencong/sections.py).
        "panels": sections("plan_execution", figures=figures, user=request.user),
    }
    return render(request, "reports/execution.html", context)


def _overview_for(request, year: int):
    """Today's provinces the user reads plans of (all 34 for the Ministry), each with its figures."""
    form, as_of = _as_of(request, year)
    provinces = Scope.of(request.user).provinces(Can.READ_PLANS).current()
    return form, overview(year, as_of, Plan.objects.visible_to(request.user), provinces)


@requires(Can.READ_PLANS)
def overview_page(request, year: int):
    """Every province's execution of the year in the user's scope: the Ministry's roll-up."""
    form, figures = _overview_for(request, year)
    # Each province's link built once, not by a {% url %} and a date filter per row: those two were a
    # fifth of the page's rendering.
    query = f"?as_of={figures.as_of.isoformat()}"
    links = {}
    for row in figures.rows:
        if row.has_plan and row.province.pk not in links:
            links[row.province.pk] = reverse("reports:execution", args=[row.province.pk, year]) + query
        row.link = links.get(row.province.pk)
    planned_years = set(
        Plan.objects.visible_to(request.user).order_by().values_list("year", flat=True).distinct()
    )
    years = sorted(planned_years | {year, timezone.localdate().year}, reverse=True)
    context = {"form": form, "overview": figures, "year": year, "as_of": figures.as_of, "years": years}
    return render(request, "reports/overview.html", context)


@requires(Can.READ_PLANS)
def batch_detail(request, pk: int):
    """A batch's line traced to its projects and to every entry booked on it, on a day."""
    plan = get_batch_for(request.user, pk).plan
    form, as_of = _as_of(request, plan.year)
    batch = (
        Batch.objects.with_amount_on(as_of)
        .select_related("plan__province", "plan__current_province", "plan__source", "decision")
        .get(pk=pk)
    )
    projects = Project.objects.visible_to(request.user)
    rows = list(batch_projects(batch, as_of, projects))
    context = {
        "form": form,
        "batch": batch,
        "as_of": as_of,
        "line": batch_lines([batch], as_of)[batch.pk],
        "rows": rows,
        "rows_total": {
            name: sum(getattr(row, f"{name}_then") for row in rows)
            for name in ("allocated", "advanced", "paid", "disbursed")
        },
        "ledger": light_page(batch_ledger(batch, as_of, projects), request.GET.get("page")),
        "querystring_without_page": querystring_without_page(request),
    }
    return render(request, "reports/batch_detail.html", context)


@requires(Can.READ_PLANS)
@_keyed_by_today
def execution_export(request, province_pk: int, year: int, file_type: str = "xlsx"):
    _form, figures = _execution_for(request, province_pk, year)
    name = f"Thực hiện kế hoạch {year}"
    return table_response(execution_table(figures), name, file_type, figures.province.name)


@requires(Can.READ_PLANS)
def overview_export(request, year: int, file_type: str = "xlsx"):
    _form, figures = _overview_for(request, year)
    return table_response(
        overview_table(figures),
        f"Thực hiện theo tỉnh {year}",
        file_type,
        place_name(request.user, Can.READ_PLANS),
    )


@requires(Can.READ_PLANS)
@_keyed_by_today
def execution_json(request, province_pk: int, year: int):
    _form, figures = _execution_for(request, province_pk, year)
    return JsonResponse(execution_as_dict(figures), json_dumps_params={"ensure_ascii": False})
