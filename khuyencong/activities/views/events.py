"""Events: conferences, workshops, study tours, fairs and exhibitions of a project, and their parts
(organising board, tender packages, participants, exhibitors, booths).

Every view fetches the event through its project's scope first (`get_activity_for`: 404 outside
it, 403 without the capability); a part is then looked up among the event's own, so a part of an
event the user may not see is never reached by its id.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.audit.log import delete_audited, history, save_audited
from khuyencong.concurrency import edit_page, save_versioned
from khuyencong.downloads import place_name, table_response
from khuyencong.paging import light_page, querystring_without_page

from ..filters import EventFilter
from ..forms_events import (
    BoardForm,
    BoardMemberForm,
    BoothForm,
    EventCancelForm,
    EventForm,
    EventResultsForm,
    ExhibitorForm,
    ParticipantForm,
    TenderForm,
)
from ..models import (
    BoardMember,
    Booth,
    Event,
    Exhibitor,
    Participant,
    TenderPackage,
    get_activity_for,
    get_project_to_record,
)
from ..sheets import event_table

RUN = Can.RUN_PROJECTS


def _events(user):
    return Event.objects.visible_to(user).select_related("project", "current_venue_commune")


def _event(request, pk: int, capability: Can = Can.READ_PROJECTS) -> Event:
    return get_activity_for(request.user, Event.objects.select_related("project__source"), pk, capability)


def event_url(event) -> str:
    return reverse("activities:event_detail", args=[event.pk])


@requires(Can.READ_PROJECTS)
def event_list(request):
    filters = EventFilter(request.GET or None)
    context = {
        "filters": filters,
        "page": light_page(filters.apply(_events(request.user)), request.GET.get("page")),
        "querystring_without_page": querystring_without_page(request),
    }
    return render(request, "activities/event_list.html", context)


@requires(Can.READ_PROJECTS)
def event_export(request, file_type="xlsx"):
    events = EventFilter(request.GET or None).apply(_events(request.user))
    place = place_name(request.user, Can.READ_PROJECTS)
    return table_response(event_table(events), _("Conferences and fairs"), file_type, place)


@login_required
def event_create(request, project_pk: int):
    project = get_project_to_record(request.user, project_pk)
    event = Event(project=project, created_by=request.user)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    back = reverse("projects:detail", args=[project.pk])
    context = {"title": _("New event"), "subtitle": str(project), "cancel_url": back}
    if request.method == "POST" and form.is_valid():
        save_audited(form.save(commit=False), request.user)
        messages.success(request, _("Event recorded."))
        return redirect(event_url(form.instance))
    return render(request, "form_page.html", context | {"form": form}, status=400 if form.errors else 200)


@login_required
def event_detail(request, pk: int):
    event = _event(request, pk)
    rule = event.booth_rule()
    booths = list(event.booths.select_related("exhibitor", "support_rule"))
    board = getattr(event, "board", None)
    parts = [event, *([board] if board else []), *booths]
    context = {
        "event": event,
        "can_edit": event.may(request.user, RUN),
        "board": board,
        "members": list(board.members.all()) if board else [],
        "tenders": list(event.tenders.select_related("estimate_decision", "selection_plan_decision")),
        "participants": list(event.participants.select_related("establishment", "current_commune")[:500]),
        "participant_count": event.participants.count(),
        "exhibitors": list(event.exhibitors.select_related("establishment", "current_commune")),
        "booths": booths,
        "totals": event.booth_totals() if event.has_booths else None,
        "tender_total": event.tenders.aggregate(
            estimate=Sum("estimate_value"), contract=Sum("contract_value")
        ),
        "rule": rule,
        "entries": history(parts)[:100],
    }
    return render(request, "activities/event_detail.html", context)


@login_required
def event_edit(request, pk: int):
    event = _event(request, pk, RUN)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    context = {"title": _("Edit the event"), "subtitle": str(event.project), "cancel_url": event_url(event)}

    def save(form):
        form.instance.save_changes(request.user, form.cleaned_data["version"])

    return edit_page(request, form, "form_page.html", context, done_url=event_url(event), save=save)


@login_required
def event_delete(request, pk: int):
    event = _event(request, pk, RUN)
    if request.method == "POST":
        delete_audited(event, request.user)
        messages.success(
            request, _("Event deleted with its board, tenders, participants, exhibitors and booths.")
        )
        return redirect("projects:detail", pk=event.project_id)
    context = {"object": event, "cancel_url": event_url(event)}
    return render(request, "registry/confirm_delete.html", context)


def _step_page(request, event, form, title, perform):
    """A step of the event (results, cancelling): POST, the model method, back to the event."""
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(event_url(event))
    context = {"form": form, "title": title, "subtitle": str(event), "cancel_url": event_url(event)}
    return render(request, "form_page.html", context, status=400 if form.errors else 200)


@login_required
def event_results(request, pk: int):
    event = _event(request, pk, RUN)
    initial = {"visitors": event.visitors, "sales": event.sales}
    form = EventResultsForm(request.POST or None, initial=initial, event=event)

    def perform(data):
        event.report_results(request.user, visitors=data.get("visitors"), sales=data.get("sales"))

    return _step_page(request, event, form, _("Report the event's results"), perform)


@login_required
def event_cancel(request, pk: int):
    event = _event(request, pk, RUN)
    form = EventCancelForm(request.POST or None)
    return _step_page(
        request, event, form, _("Cancel the event"), lambda data: event.cancel(request.user, data["reason"])
    )


@login_required
def event_board(request, pk: int):
    event = _event(request, pk, RUN)
    board = getattr(event, "board", None)
    form = BoardForm(request.POST or None, instance=board, user=request.user)
    context = {"title": _("Organising board"), "subtitle": str(event), "cancel_url": event_url(event)}

    def save(form):
        decided = form.save(commit=False)
        if decided.pk is None:
            decided.event = event
        save_versioned(decided, request.user, form.cleaned_data["version"])

    return edit_page(request, form, "form_page.html", context, done_url=event_url(event), save=save)


# ---------------------------------------------------------------- the parts of an event


@dataclass(frozen=True)
class Part:
    """One kind of record listed under an event, added, edited and removed the same way."""

    key: str
    model: type
    form: type
    new_title: str | Promise
    edit_title: str | Promise
    added: str | Promise
    booths_only: bool = False

    def of(self, event):
        if self.model is BoardMember:
            return BoardMember.objects.filter(board__event=event)
        return self.model.objects.filter(event=event)

    def new(self, event):
        return self.model() if self.model is BoardMember else self.model(event=event)

    def save(self, form, event, user) -> None:
        record = form.save(commit=False)
        if isinstance(record, BoardMember) and record.board_id is None:
            record.board = event.board_for(user)
        if isinstance(record, Booth):
            record.event = event
            record.save_with_support(user, form.cleaned_data["version"])
        else:
            save_versioned(record, user, form.cleaned_data["version"])


PARTS = {
    part.key: part
    for part in (
        Part(
            "member",
            BoardMember,
            BoardMemberForm,
            gettext_lazy("Add a board member"),
            gettext_lazy("Edit the board member"),
            gettext_lazy("Board member added."),
        ),
        Part(
            "tender",
            TenderPackage,
            TenderForm,
            gettext_lazy("Add a tender package"),
            gettext_lazy("Edit the tender package"),
            gettext_lazy("Tender package added."),
        ),
        Part(
            "participant",
            Participant,
            ParticipantForm,
            gettext_lazy("Register a participant"),
            gettext_lazy("Edit the registration"),
            gettext_lazy("Participant registered."),
        ),
        Part(
            "exhibitor",
            Exhibitor,
            ExhibitorForm,
            gettext_lazy("Add an exhibitor"),
            gettext_lazy("Edit the exhibitor"),
            gettext_lazy("Exhibitor added."),
            booths_only=True,
        ),
        Part(
            "booth",
            Booth,
            BoothForm,
            gettext_lazy("Add a booth"),
            gettext_lazy("Edit the booth"),
            gettext_lazy("Booth added; its support is worked out under the rule in force."),
            booths_only=True,
        ),
    )
}


def _part_page(request, event, part: Part, record, title):
    form = part.form(request.POST or None, instance=record, user=request.user, event=event)
    context = {"title": title, "subtitle": str(event), "cancel_url": event_url(event)}
    message = part.added if record.pk is None else None
    return edit_page(
        request,
        form,
        "form_page.html",
        context,
        done_url=event_url(event),
        save=lambda form: part.save(form, event, request.user),
        message=message,
    )


@login_required
def part_create(request, pk: int, part: str):
    event = _event(request, pk, RUN)
    spec = PARTS[part]
    if spec.booths_only and not event.has_booths:
        messages.error(request, _("Only a fair or an exhibition has exhibitors and booths."))
        return redirect(event_url(event))
    return _part_page(request, event, spec, spec.new(event), spec.new_title)


@login_required
def part_edit(request, pk: int, item_pk: int, part: str):
    event = _event(request, pk, RUN)
    spec = PARTS[part]
    record = get_object_or_404(spec.of(event), pk=item_pk)
    return _part_page(request, event, spec, record, spec.edit_title)


@login_required
def part_delete(request, pk: int, item_pk: int, part: str):
    event = _event(request, pk, RUN)
    record = get_object_or_404(PARTS[part].of(event), pk=item_pk)
    if request.method == "POST":
        delete_audited(record, request.user)
        messages.success(request, _("Removed."))
        return redirect(event_url(event))
    return render(request, "registry/confirm_delete.html", {"object": record, "cancel_url": event_url(event)})


@require_POST
@login_required
def participant_attended(request, pk: int, item_pk: int):
    event = _event(request, pk, RUN)
    participant = get_object_or_404(event.participants, pk=item_pk)
    try:
        participant.mark_attended(request.user, attended=request.POST.get("attended") != "0")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(event_url(event) + "#participants")


def _part_urls(key: str, segment: str) -> list:
    extra = {"part": key}
    return [
        path(f"events/<int:pk>/{segment}/new/", part_create, extra, name=f"event_{key}_create"),
        path(f"events/<int:pk>/{segment}/<int:item_pk>/edit/", part_edit, extra, name=f"event_{key}_edit"),
        path(
            f"events/<int:pk>/{segment}/<int:item_pk>/delete/", part_delete, extra, name=f"event_{key}_delete"
        ),
    ]


urlpatterns = [
    path("events/", event_list, name="event_list"),
    path("events/export/", event_export, name="event_export"),
    path("events/export.csv", event_export, {"file_type": "csv"}, name="event_export_csv"),
    path("projects/<int:project_pk>/events/new/", event_create, name="event_create"),
    path("events/<int:pk>/", event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", event_edit, name="event_edit"),
    path("events/<int:pk>/delete/", event_delete, name="event_delete"),
    path("events/<int:pk>/results/", event_results, name="event_results"),
    path("events/<int:pk>/cancel/", event_cancel, name="event_cancel"),
    path("events/<int:pk>/board/", event_board, name="event_board"),
    *_part_urls("member", "board/members"),
    *_part_urls("tender", "tenders"),
    *_part_urls("participant", "participants"),
    *_part_urls("exhibitor", "exhibitors"),
    *_part_urls("booth", "booths"),
    path(
        "events/<int:pk>/participants/<int:item_pk>/attended/",
        participant_attended,
        name="event_participant_attended",
    ),
]
