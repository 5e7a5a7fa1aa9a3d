"""Reporting duties: a province's reports of a year with their due days, marking one sent, the history.

Everything through `Scope`: whoever reads a province's plans reads its duties (the Ministry every
province; commune officers and establishments never); Centre staff and leaders of the province mark
a report sent (`plans.manage`, docs/permissions.md, as they mark the yearly plan deadlines met).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.audit.log import history
from khuyencong.geo.models import AdminUnit

from ..duty_calendar import entries_for, find_entry, may_send
from ..forms_duties import MarkSentForm
from ..models import DutyReport


def _province(user, pk: int) -> AdminUnit:
    """Today's province, if the user reads its plans; 404 otherwise (its name never shows)."""
    return get_object_or_404(Scope.of(user).provinces(Can.READ_PLANS).current(), pk=pk)


@requires(Can.READ_PLANS)
def duty_index(request):
    provinces = list(Scope.of(request.user).provinces(Can.READ_PLANS).current().order_by("name"))
    year = timezone.localdate().year
    return render(request, "reports/duties_index.html", {"provinces": provinces, "year": year})


@requires(Can.READ_PLANS)
def duty_year(request, province_pk: int, year: int):
    province = _province(request.user, province_pk)
    today = timezone.localdate()
    rows = [
        (entry, entry.state(today), entry.days_late(today), entry.open_to_sending(today))
        for entry in entries_for(province, [year])
    ]
    context = {
        "province": province,
        "year": year,
        "rows": rows,
        "can_send": may_send(request.user, province),
        "years": range(year - 1, year + 2),
    }
    return render(request, "reports/duties_year.html", context)


@requires(Can.MANAGE_PLANS)
def duty_send(request, province_pk: int, code: str, start: datetime.date, end: datetime.date, unit_pk: int):
    province = _province(request.user, province_pk)
    if not may_send(request.user, province):
        raise PermissionDenied
    entry = next((e for e in find_entry(province, code, start, end) if e.unit.pk == unit_pk), None)
    if entry is None:
        raise Http404
    back = redirect("reports:duty_year", province.pk, start.year)
    if entry.report is not None:
        messages.info(request, _("This period's report is already marked as sent."))
        return back
    form = MarkSentForm(
        request.POST or None, user=request.user, province=entry.unit, since=entry.period.start
    )
    if request.method == "POST" and form.is_valid():
        try:
            DutyReport.mark_sent(
                request.user,
                code=code,
                province=entry.unit,
                period=entry.period,
                number=form.cleaned_data["number"],
                sent_on=form.cleaned_data["sent_on"],
                note=form.cleaned_data["note"],
                document=form.cleaned_data["document"],
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The report is marked as sent."))
            return back
    context = {"form": form, "entry": entry, "province": province, "today": timezone.localdate()}
    return render(request, "reports/duties_send.html", context)


def _attach(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@requires(Can.READ_PLANS)
def duty_history(request, province_pk: int):
    province = _province(request.user, province_pk)
    reports = list(
        DutyReport.objects.filter(current_province=province)
        .select_related("duty", "province", "sent_by", "document")
        .order_by("-period_end", "code", "pk")[:500]
    )
    entries = history(reports).order_by("-at", "-pk")[:500] if reports else []
    return render(
        request, "reports/duties_history.html", {"province": province, "reports": reports, "entries": entries}
    )
