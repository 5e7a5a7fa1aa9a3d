"""The commune officer's phone view and visit form (docs/self-service.md)."""

import datetime
import re
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.audit.log import save_audited
from khuyencong.formfields import DayField
from khuyencong.paging import light_page, querystring_without_page
from khuyencong.projects.models import MonitoringVisit, Project, ProjectBeneficiary, VisitPhoto
from khuyencong.projects.models.states import ENDED, Status
from khuyencong.projects.scoping import get_project_for
from khuyencong.registry.models import Establishment, Need
from khuyencong.uploads import check_photo

PER_PAGE = 20


def _communes(user):
    """Today's communes the user may visit in: an officer's own, a Centre's whole province."""
    return Scope.of(user).communes(Can.VISIT).filter(generation="current").order_by("name")


def _chosen_commune(request):
    # Read once: the page lists them too (the query joins the units' successions).
    communes = list(_communes(request.user))
    wanted = request.GET.get("commune")
    if wanted:
        commune = next((c for c in communes if str(c.pk) == wanted.strip()), None)
        if commune is None:
            raise Http404
        return commune, communes
    return (communes[0] if communes else None), communes


def _commune_projects(user, commune):
    # A project belongs to the commune by its place, its applicant's or one of its beneficiaries'
    # (the rule of Project.visible_to); current_commune holds today's commune of a pre-2025 one.
    # The three are found apart, each by its index, and united: an OR across the joins made
    # PostgreSQL read the whole national table (80 ms for each list at `make bench`'s scale).
    ids = (
        Project.objects.filter(current_commune=commune)
        .values("pk")
        .union(
            Project.objects.filter(applicant__current_commune=commune).values("pk"),
            ProjectBeneficiary.objects.filter(establishment__current_commune=commune).values("project_id"),
        )
    )
    # Only what the lists show: a project row carries long texts (description, search key).
    return Project.objects.visible_to(user).filter(pk__in=ids).only("pk", "title", "status")


def _paged(request, queryset, param: str) -> dict:
    """One of the page's lists, a page of it at a time by its own parameter: a busy commune has
    hundreds of needs and projects, and a phone should not load them all to show the first few."""
    return {
        "page": light_page(queryset, request.GET.get(param), PER_PAGE),
        "param": param,
        "querystring": querystring_without_page(request, param),
    }


@requires(Can.VISIT)
def commune(request):
    chosen, communes = _chosen_commune(request)
    context = {"commune": chosen, "communes": communes, "q": request.GET.get("q", "")[:100]}
    if chosen is not None:
        establishments = Establishment.objects.visible_to(request.user).filter(current_commune=chosen)
        if context["q"]:
            # The registry's own search: typed without diacritics, every word, never by a part of
            # a personal ID (EstablishmentQuerySet.search).
            establishments = establishments.search(context["q"], user=request.user)
        since = timezone.localdate() - datetime.timedelta(days=settings.VISIT_DUE_AFTER_DAYS)
        projects = _commune_projects(request.user, chosen)
        recent = MonitoringVisit.objects.filter(project=OuterRef("pk"), visited_on__gte=since)
        open_needs = (
            Need.objects.visible_to(request.user)
            .filter(current_commune=chosen, status__in=[Need.Status.NEW, Need.Status.REVIEWED])
            .select_related("establishment", "activity_type")
            .order_by("-pk")
        )
        context.update(
            establishments=_paged(
                request, establishments.only("pk", "name", "representative").order_by("name", "pk"), "page"
            ),
            needs=_paged(request, open_needs, "needs"),
            in_progress=_paged(request, projects.exclude(status__in=ENDED).order_by("-pk"), "projects"),
            visits_due=_paged(
                request,
                projects.filter(status=Status.IN_PROGRESS).exclude(Exists(recent)).order_by("pk"),
                "visits",
            ),
            due_days=settings.VISIT_DUE_AFTER_DAYS,
            saved_visit=request.GET.get("visit_saved", "")[:20],
        )
    return render(request, "portal/commune.html", context)


_TOKEN = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class PhoneVisitForm(forms.ModelForm):
    visited_on = DayField(label=gettext_lazy("Visit date"))
    token = forms.CharField(widget=forms.HiddenInput)
    latitude = forms.DecimalField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    longitude = forms.DecimalField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    position_accuracy = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = MonitoringVisit
        fields = [
            "visited_on",
            "visitors",
            "findings",
            "follow_up",
            "latitude",
            "longitude",
            "position_accuracy",
        ]
        labels = {
            "findings": gettext_lazy("What you saw and found"),
            "follow_up": gettext_lazy("What must be done next"),
        }
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 4}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", "form-control")
            field.widget.attrs["data-keep"] = name

    def clean_token(self):
        token = self.cleaned_data["token"]
        if not _TOKEN.match(token):
            raise forms.ValidationError(_("The form is out of date: reload the page."))
        return token

    def clean_latitude(self):
        value = self.cleaned_data.get("latitude")
        return None if value is None else round(value, 6)

    def clean_longitude(self):
        value = self.cleaned_data.get("longitude")
        return None if value is None else round(value, 6)

    def clean_visited_on(self):
        day = self.cleaned_data["visited_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The visit date cannot be in the future."))
        return day


def checked_photos(files) -> tuple[list, list[str]]:
    """Each photo through the image check and the upload checks; a refusal names its file."""
    good, refusals = [], []
    for upload in files:
        try:
            good.append(check_photo(forms.ImageField().clean(upload)))
        except forms.ValidationError as error:
            refusals.append(
                _("“%(name)s” was not accepted: %(why)s")
                % {"name": upload.name[:100], "why": " ".join(error.messages)}
            )
    return good, refusals


def _saved(request, visit, back: str):
    messages.success(
        request,
        _("Visit of %(day)s to “%(project)s” recorded.")
        % {"day": visit.visited_on.strftime("%d/%m/%Y"), "project": visit.project.title},
    )
    url = f"{back}&visit_saved={visit.project_id}"
    if request.headers.get("X-Visit-Send") == "1":
        # Sent by the form's script (static/js/visit-draft.js): a redirect would be followed inside
        # fetch, whose page would show (and so use up) the confirmation the person never sees; the
        # script goes there itself.
        return HttpResponse(status=204, headers={"X-Location": url})
    return redirect(url)


def _back_url(request, project) -> str:
    """The commune page the visit was opened from (`?commune=` of the link), if the user may see it;
    else the project's own commune, else its applicant's. A Centre staff member who opened the visit
    from one commune's page comes back there, not to whichever commune the project is filed under."""
    communes = _communes(request.user)
    wanted = request.GET.get("commune", "")
    candidates = [int(wanted)] if wanted.isdigit() else []
    candidates += [project.current_commune_id, getattr(project.applicant, "current_commune_id", None)]
    allowed = set(communes.filter(pk__in=[c for c in candidates if c]).values_list("pk", flat=True))
    chosen = next((c for c in candidates if c in allowed), "")
    return f"{reverse('portal:commune')}?commune={chosen}"


@login_required
def visit_new(request, pk):
    project = get_project_for(request.user, pk, Can.VISIT)
    form = PhoneVisitForm(
        request.POST or None,
        initial={
            "visited_on": timezone.localdate(),
            "visitors": str(request.user),
            "token": uuid.uuid4().hex,
        },
    )
    refusals = []
    back = _back_url(request, project)
    if request.method == "POST":
        token = request.POST.get("token", "")
        done = MonitoringVisit.objects.filter(client_token=token, project=project).first() if token else None
        if done is not None:
            # A resend of a visit already saved (its answer was lost on the way back).
            return _saved(request, done, back)
        photos, refusals = checked_photos(request.FILES.getlist("photos")[:20])
        if form.is_valid() and not refusals:
            try:
                with transaction.atomic():
                    visit = form.save(commit=False)
                    visit.project, visit.created_by = project, request.user
                    visit.client_token = form.cleaned_data["token"]
                    save_audited(visit, request.user)
                    for photo in photos:
                        save_audited(VisitPhoto(visit=visit, image=photo), request.user)
            except IntegrityError:
                # Two sends of the same visit at once: the other one saved it.
                done = MonitoringVisit.objects.filter(client_token=token, project=project).first()
                if done is None:
                    raise
                return _saved(request, done, back)
            return _saved(request, visit, back)
    status = 400 if (form.errors or refusals) else 200
    context = {"form": form, "project": project, "refusals": refusals, "back": back}
    return render(request, "portal/visit_form.html", context, status=status)
