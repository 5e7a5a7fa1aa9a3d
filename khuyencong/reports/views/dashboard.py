"""The dashboards for leaders and the Ministry (issue 11, item 8).

Who sees them: whoever reads the plans (`plans.read`: the Centre's staff, leaders and finance
appraisers of a province, the Ministry, administrators), each for the provinces of their grant; the
Ministry and national administrators also for every province at once. Commune officers and
establishment representatives read no plan, so they get 403 here as on the plan pages
(docs/permissions.md, "Dashboards").
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.downloads import table_response
from khuyencong.plans.models import Plan
from khuyencong.vntext import sort_key

from ..dashboard import CACHE_SECONDS, Filters, dashboard, stamp_key
from ..dashboard_sheets import TABLES
from ..forms_dashboard import ALL, DashboardForm, default_as_of


def _filters(request) -> tuple[DashboardForm, Filters]:
    """The filters asked for in the query, each falling back to its default when missing or not
    allowed: the user's own province (every province for the Ministry), this year, every source."""
    scope = Scope.of(request.user)
    national = scope.is_national(Can.READ_PLANS)
    provinces = sorted(scope.provinces(Can.READ_PLANS).current(), key=lambda unit: sort_key(unit.name))
    this_year = timezone.localdate().year
    planned = Plan.objects.visible_to(request.user).order_by().values_list("year", flat=True).distinct()
    years = sorted(set(planned) | {this_year}, reverse=True)
    form = DashboardForm(request.GET or None, years=years, provinces=provinces, national=national)
    if form.is_bound:
        form.is_valid()
    year = form.chosen("year", this_year)
    chosen = form.chosen("province", ALL if national else (str(provinces[0].pk) if provinces else ""))
    province = next((unit for unit in provinces if str(unit.pk) == chosen), None)
    if province is None and not national:
        raise Http404  # a plan reader whose grants name no province of today
    filters = Filters(
        year=year,
        as_of=form.chosen("as_of", default_as_of(year)),
        province=province,
        source=form.chosen("source", None),
    )
    # The boxes show the values the page uses: a left-out filter's default, and never a refused
    # value (a box still saying 99/99/9999 would claim figures for a day nobody can have).
    shown = DashboardForm(
        None, years=years, provinces=provinces, national=national, initial=filters.initial()
    )
    shown.refused = form.not_understood() if form.is_bound else []
    return shown, filters


def _place(filters: Filters) -> str:
    from django.utils.translation import gettext as _

    return filters.province.name if filters.province else _("Whole country")


def _figures_html(filters: Filters, user) -> str:
    """The page's charts and tables, rendered once per state of the records: under the figures' own
    key (docs/adr/0014), since they hold nothing of the reader's but what the key names. Rendering
    the six tables cost more than reading the cached figures (make bench, "reports")."""
    key = stamp_key(filters)
    html = cache.get(f"{key}:html") if key else None
    if html is None:
        context = {"filters": filters, "figures": dashboard(filters, user), "query": filters.query()}
        html = render_to_string("reports/includes/dashboard_figures.html", context)
        if key:
            cache.set(f"{key}:html", html, CACHE_SECONDS)
    return html


@requires(Can.READ_PLANS)
def dashboard_page(request):
    form, filters = _filters(request)
    context = {
        "form": form,
        "filters": filters,
        "figures_html": _figures_html(filters, request.user),
        "place": _place(filters),
    }
    return render(request, "reports/dashboard.html", context)


@requires(Can.READ_PLANS)
def dashboard_export(request, chart: str):
    """One chart's table as xlsx, with the page's filters."""
    if chart not in TABLES:
        raise Http404
    _form, filters = _filters(request)
    figures = dashboard(filters, request.user)
    place = _place(filters)
    table = TABLES[chart](figures, place)
    return table_response(table, f"Bảng điều khiển {table.title} {filters.year}", "xlsx", place)
