"""Product contests: list, create on a project, entries, jury, score sheets, results, certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.audit.log import history, save_audited
from khuyencong.concurrency import edit_page
from khuyencong.downloads import file_response
from khuyencong.paging import light_page, querystring_without_page

from ..forms_contests import ContestForm, DecideForm, EntryForm, JuryMemberForm, ScoreSheetForm
from ..models import (
    Contest,
    ContestCertificate,
    ContestEntry,
    Level,
    get_activity_for,
    get_project_to_record,
    record_score_sheet,
)


def _contests(user):
    return Contest.objects.visible_to(user).select_related("project")


def _url(contest) -> str:
    return reverse("activities:contest_detail", args=[contest.pk])


def _open(request, pk):
    """The contest, for a change by whoever runs its project."""
    return get_activity_for(request.user, Contest.objects, pk, Can.RUN_PROJECTS)


def _closed(request, contest):
    """Once the results are decided, nothing of the contest changes (Art. 17.2: the decision is final)."""
    messages.error(request, _("The results are decided; the contest can no longer change."))
    return redirect(_url(contest))


@requires(Can.READ_PROJECTS)
def contest_list(request):
    contests = _contests(request.user)
    level = request.GET.get("level", "")
    if level in Level.values:
        contests = contests.filter(level=level)
    context = {
        "page": light_page(contests, request.GET.get("page")),
        "levels": Level.choices,
        "level": level,
        "querystring_without_page": querystring_without_page(request),
    }
    return render(request, "activities/contest_list.html", context)


@login_required
def contest_create(request, project_pk: int):
    project = get_project_to_record(request.user, project_pk)
    contest = Contest(project=project, created_by=request.user)
    form = ContestForm(request.POST or None, instance=contest)
    context = {
        "title": _("Record a product contest"),
        "subtitle": str(project),
        "cancel_url": project_url(project),
    }
    return edit_page(
        request,
        form,
        "form_page.html",
        context,
        done_url=project_url(project),
        message=_("Contest recorded."),
    )


@login_required
def contest_detail(request, pk: int):
    contest = get_activity_for(request.user, Contest.objects, pk)
    rules = contest.rules()
    context = {
        "contest": contest,
        "rules": rules,
        "ranking": contest.ranking(),
        "jury": list(contest.jury.all()),
        "certificates": ContestCertificate.objects.filter(entry__contest=contest).select_related(
            "entry__product"
        ),
        "can_edit": contest.may(request.user, Can.RUN_PROJECTS) and not contest.decided,
        "entries": history([contest])[:100],
    }
    return render(request, "activities/contest_detail.html", context)


@login_required
def entry_create(request, pk: int):
    contest = _open(request, pk)
    if contest.decided:
        return _closed(request, contest)
    entry = ContestEntry(contest=contest)
    form = EntryForm(
        request.POST or None, request.FILES or None, instance=entry, user=request.user, contest=contest
    )
    if request.method == "POST" and form.is_valid():
        save_audited(form.save(commit=False), request.user)
        messages.success(request, _("Entry added."))
        return redirect(_url(contest))
    context = {
        "title": _("Add an entry"),
        "subtitle": str(contest),
        "form": form,
        "cancel_url": _url(contest),
    }
    return render(request, "form_page.html", context, status=400 if request.method == "POST" else 200)


@login_required
def jury_add(request, pk: int):
    contest = _open(request, pk)
    if contest.decided:
        return _closed(request, contest)
    form = JuryMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = form.save(commit=False)
        member.contest = contest
        save_audited(member, request.user)
        messages.success(request, _("Jury member added."))
        return redirect(_url(contest))
    context = {
        "title": _("Add a jury member"),
        "subtitle": str(contest),
        "form": form,
        "cancel_url": _url(contest),
    }
    return render(request, "form_page.html", context, status=400 if request.method == "POST" else 200)


@login_required
def score_sheet(request, pk: int, juror_pk: int):
    contest = _open(request, pk)
    juror = contest.jury.filter(pk=juror_pk).first()
    if juror is None:
        raise Http404
    if contest.decided:
        return _closed(request, contest)
    form = ScoreSheetForm(request.POST or None, contest=contest, juror=juror)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for entry, scores in form.sheets():
                    record_score_sheet(request.user, entry, juror, scores)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Score sheet saved."))
            return redirect(_url(contest))
    context = {"contest": contest, "juror": juror, "form": form}
    return render(request, "activities/contest_scores.html", context, status=400 if form.errors else 200)


@login_required
def contest_decide(request, pk: int):
    contest = _open(request, pk)
    if contest.decided:
        return _closed(request, contest)
    form = DecideForm(request.POST or None, user=request.user, contest=contest)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            certificates = contest.decide_results(request.user, decision, decision.issued_on)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Results decided: %(n)s certificates issued.") % {"n": len(certificates)}
            )
            return redirect(_url(contest))
    context = {"contest": contest, "form": form, "ranking": contest.ranking(), "rules": contest.rules()}
    return render(request, "activities/contest_decide.html", context, status=400 if form.errors else 200)


@requires(Can.READ_PROJECTS)
def certificate_list(request):
    certificates = ContestCertificate.objects.filter(
        entry__contest__in=_contests(request.user).values("pk")
    ).select_related("entry__product", "entry__establishment", "entry__contest")
    context = {"page": light_page(certificates, request.GET.get("page"))}
    context["querystring_without_page"] = querystring_without_page(request)
    return render(request, "activities/contest_certificates.html", context)


@login_required
def entry_file(request, pk: int, field: str):
    entry = ContestEntry.objects.filter(pk=pk).select_related("contest", "product").first()
    if entry is None or field not in ("photo", "dossier"):
        raise Http404
    get_activity_for(request.user, Contest.objects, entry.contest_id)
    stored = getattr(entry, field)
    if not stored:
        raise Http404
    return file_response(stored, f"{entry.product.name} {field}")


def project_url(project) -> str:
    return reverse("projects:detail", args=[project.pk])


urlpatterns = [
    path("contests/", contest_list, name="contest_list"),
    path("contests/certificates/", certificate_list, name="contest_certificates"),
    path("projects/<int:project_pk>/contests/new/", contest_create, name="contest_create"),
    path("contests/<int:pk>/", contest_detail, name="contest_detail"),
    path("contests/<int:pk>/entries/new/", entry_create, name="contest_entry_create"),
    path("contests/<int:pk>/jury/new/", jury_add, name="contest_jury_add"),
    path("contests/<int:pk>/jury/<int:juror_pk>/scores/", score_sheet, name="contest_scores"),
    path("contests/<int:pk>/decide/", contest_decide, name="contest_decide"),
    path("contest-entries/<int:pk>/<slug:field>/", entry_file, name="contest_entry_file"),
]
