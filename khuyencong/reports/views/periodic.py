"""The periodic report on the web: the reports of one's scope, a report's figures traced to their
records, the editor of sections II–IV with its suggestions, the versions and their files.

Every figure is computed through the reader's scope (`periodic.build(..., user=...)`); a saved
version keeps the figures its writer saw, so its files are the same whenever they are downloaded."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.downloads import attachment, file_response
from khuyencong.paging import light_page, querystring_without_page

from .. import country, documents, periodic
from ..forms import NATIONAL, NewReportForm, ReportTextsForm
from ..models import PeriodicReport, ReportRun
from ..models.periodic import TEXT_FIELDS
from ..records import GROUPS, RECORD_FILTERS, filter_labels, record_count_rows, record_rows
from ..runs import current_run, start_run
from ..suggestions import suggest

FILE_TYPES = ("docx", "xlsx", "pdf", "json")


def get_report_for(user, pk: int, capability: Can = Can.READ_REPORTS) -> PeriodicReport:
    """The report if the user may read it (else 404) and use the capability on it (else 403)."""
    report = PeriodicReport.objects.visible_to(user).select_related("province").filter(pk=pk).first()
    if report is None:
        raise Http404
    if capability != Can.READ_REPORTS and not report.may(user, capability):
        raise PermissionDenied
    return report


def _new_report_form(user, data=None) -> NewReportForm:
    scope = Scope.of(user)
    national = PeriodicReport.may_open_national(user)
    # Whoever reads every province's reports (the Ministry) may open any one of them, to read it;
    # writing its sections stays with the province (docs/permissions.md, "Reports").
    capability = Can.READ_REPORTS if national else Can.WRITE_REPORTS
    return NewReportForm(
        data,
        provinces=scope.provinces(capability).current().order_by("name"),
        national=national,
    )


def _figures(report: PeriodicReport, user, language: str | None = None) -> dict | None:
    """The report's figures through the user's scope, formatted in the page's language or the one
    given (a version is kept in Vietnamese: its files are Vietnamese documents). The country's come
    from its background run (None while it is being made): they read every province's records, too
    many for a web request."""
    if report.province_id is None:
        run = current_run(report)
        return run.figures if run and run.status == ReportRun.Status.DONE else None
    with translation.override(language or translation.get_language()):
        return periodic.build(report.period(), province=report.province, user=user, grouping=report.grouping)


def _wait_for_run(request, report: PeriodicReport):
    messages.info(request, _("The report's figures are being made; this page shows when they are ready."))
    return redirect("reports:report_detail", pk=report.pk)


def _may_open(user) -> bool:
    return Scope.of(user).can(Can.WRITE_REPORTS) or PeriodicReport.may_open_national(user)


@requires(Can.READ_REPORTS)
def report_index(request):
    """The reports of one's scope, and (POST) the report of a period opened: the one there is, or a
    new one. The form posts here, so a page re-shown with its errors keeps an address that answers
    a GET (the language switch goes back to it)."""
    form = None
    if request.method == "POST":
        if not _may_open(request.user):
            raise PermissionDenied
        form = _new_report_form(request.user, request.POST)
        if form.is_valid():
            province = form.chosen_province()
            if province is None and form.cleaned_data["province"] != NATIONAL:
                raise PermissionDenied
            data = form.cleaned_data
            report = PeriodicReport.open(request.user, province, data["period"], data["grouping"])
            return redirect("reports:report_detail", pk=report.pk)
    reports = PeriodicReport.objects.visible_to(request.user).select_related("province")
    context = {
        "page": light_page(reports, request.GET.get("page")),
        "querystring_without_page": querystring_without_page(request),
        "form": form or _new_report_form(request.user),
        "can_write": _may_open(request.user),
    }
    return render(request, "reports/report_index.html", context, status=400 if form else 200)


@requires(Can.READ_REPORTS)
def report_detail(request, pk: int):
    report = get_report_for(request.user, pk)
    version = report.latest_version()
    figures = _figures(report, request.user)
    run = current_run(report)
    if figures is None:
        return render(request, "reports/report_run.html", {"report": report, "run": run})
    context = {
        "run": run,
        "report": report,
        "figures": figures,
        "project_rows": project_rows(figures),
        "file_types": FILE_TYPES,
        "version": version,
        "texts": version.texts() if version else {},
        "versions": report.versions.select_related("created_by")[:50],
        "can_write": report.may(request.user, Can.WRITE_REPORTS),
        "groups": GROUPS,
    }
    return render(request, "reports/report_detail.html", context)


@requires(Can.READ_REPORTS)
def report_records(request, pk: int, group: str):
    """The records one figure group of the report was computed from, each linked to its page."""
    report = get_report_for(request.user, pk)
    if group not in GROUPS:
        raise Http404
    figures = _figures(report, request.user)
    if figures is None:
        return _wait_for_run(request, report)
    only = {key: request.GET[key] for key in RECORD_FILTERS if request.GET.get(key)}
    rows = record_rows(figures, group, only)
    context = {
        "report": report,
        "group": group,
        "group_label": GROUPS[group],
        "only": filter_labels(only),
        "counts": record_count_rows(figures, group) if country.is_summarised(figures) else None,
        "page": light_page(rows, request.GET.get("page"), per_page=100),
        "querystring_without_page": querystring_without_page(request),
    }
    return render(request, "reports/report_records.html", context)


@requires(Can.READ_REPORTS)
def report_edit(request, pk: int):
    """Sections II–IV: the last version's text, or the suggestions from the records for a first one."""
    report = get_report_for(request.user, pk, Can.WRITE_REPORTS)
    # A version keeps its figures in Vietnamese (its files are Vietnamese documents): computed so once.
    figures = _figures(report, request.user, language="vi" if request.method == "POST" else None)
    if figures is None:
        return _wait_for_run(request, report)
    last = report.latest_version()
    hints = suggest(figures, report.province, request.user)
    initial = last.texts() if last else hints.as_texts()
    form = ReportTextsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        texts = {name: form.cleaned_data[name] for name in TEXT_FIELDS}
        version = report.write_version(request.user, texts, figures, note=form.cleaned_data["note"])
        messages.success(request, _("Version %(number)s saved.") % {"number": version.number})
        return redirect("reports:report_detail", pk=report.pk)
    context = {"report": report, "form": form, "hints": hints, "last": last, "figures": figures}
    return render(request, "reports/report_edit.html", context, status=400 if form.errors else 200)


@requires(Can.READ_REPORTS)
def report_file(request, pk: int, number: int, file_type: str):
    """A version's file, made from the figures and texts the version keeps."""
    report = get_report_for(request.user, pk)
    version = get_object_or_404(report.versions, number=number)
    if file_type not in FILE_TYPES:
        raise Http404
    if file_type == "json":
        content = json.dumps({**version.figures, "texts": version.texts()}, ensure_ascii=False, indent=2)
        name, content_type, body = (
            documents.periodic_filename(version.figures, "json"),
            "application/json",
            content.encode(),
        )
    else:
        name, content_type, body = documents.render(version.figures, file_type, version.texts())
    # Each version's file is named apart: two versions downloaded the same day must not overwrite.
    base, _dot, extension = name.rpartition(".")
    name = f"{base} (bản {version.number}).{extension}"
    return attachment(HttpResponse(body, content_type=content_type), name)


@require_POST
@requires(Can.READ_REPORTS)
def report_run_start(request, pk: int):
    """Make the report's figures and files in the background (once per state of the records)."""
    report = get_report_for(request.user, pk)
    start_run(report, request.user)
    return redirect("reports:report_detail", pk=report.pk)


@requires(Can.READ_REPORTS)
def report_run_file(request, pk: int, file_type: str):
    """The Word file or Excel annex the background run made of the report's present figures."""
    report = get_report_for(request.user, pk)
    run = current_run(report)
    if file_type not in ("docx", "xlsx", "csv") or run is None or run.status != ReportRun.Status.DONE:
        raise Http404
    stored = getattr(run, file_type)
    if not stored:
        raise Http404  # a province's run has no list of its own: its annex lists the records
    if file_type == "csv":
        name = country.records_filename(run.figures)
    else:
        name = documents.periodic_filename(run.figures, file_type)
    return file_response(stored, name.removesuffix(f".{file_type}"))


def project_rows(figures: dict) -> list[dict]:
    """The projects table's rows with a count under each status column, in the columns' order."""
    statuses = [status["code"] for status in figures["projects"].get("statuses", [])]
    return [
        {
            "code": row.get("activity_type", ""),
            "name": row["name"],
            "counts": [(row["by_status"].get(code, 0), code) for code in statuses],
            "total": row["total"],
        }
        for row in figures["projects"].get("by_type", [])
    ]
