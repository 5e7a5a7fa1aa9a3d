"""Training: courses, their sessions and attendance, the trainees and their results.

A course is seen and run through its project (models/base.py). A trainee is personal data: every
row of a trainee shown, exported or changed comes from `Trainee.objects.visible_to(user)` (those
who hold `registry.personal_data` over the course's province, the trainee's commune or
establishment, docs/permissions.md); everyone else who sees the course sees only its counts.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Place, Scope
from khuyencong.audit.log import delete_audited, history, save_audited
from khuyencong.concurrency import edit_page
from khuyencong.downloads import place_name, table_response
from khuyencong.paging import light_page, querystring_without_page
from khuyencong.registry.models import Establishment

from ..filters import CourseFilter, TraineeFilter
from ..forms_training import AttendanceForm, CourseForm, ResultForm, SessionForm, TraineeForm
from ..models import (
    Attendance,
    Course,
    CourseSession,
    Sex,
    Trainee,
    get_activity_for,
    get_project_to_record,
    mark_attendance,
)
from ..outputs import course_counts
from ..sheets import course_table, trainee_table

TRAINEES_PER_PAGE = 50


# ------------------------------------------------------------------ fetching through the scope


def _course_for(user, pk: int, capability: Can = Can.READ_PROJECTS) -> Course:
    return get_activity_for(user, Course.objects.select_related("current_venue_commune"), pk, capability)


def _trainee_for(user, pk: int, capability: Can) -> Trainee:
    """The trainee if the user may read their personal data (else 404) and run the course (else 403)."""
    trainee = Trainee.objects.visible_to(user).select_related("course__project").filter(pk=pk).first()
    if trainee is None:
        raise Http404
    if not trainee.course.may(user, capability):
        raise PermissionDenied
    return trainee


def _trainees_of(user, course):
    """The course's trainees whose personal data the user may read, in the order of its sheet."""
    return Trainee.objects.visible_to(user).filter(course=course).order_by("name_key", "pk")


def _choices(user, capability: Can) -> dict:
    scope = Scope.of(user)
    return {"communes": scope.communes(capability), "province_id": scope.home_province_id(capability)}


def course_url(course) -> str:
    return reverse("activities:course_detail", args=[course.pk])


def project_url(project) -> str:
    return reverse("projects:detail", args=[project.pk])


# ------------------------------------------------------------------ courses


@requires(Can.READ_PROJECTS)
def course_list(request):
    filters = CourseFilter(request.GET or None, user=request.user)
    courses = filters.apply(Course.objects.visible_to(request.user)).select_related(
        "project", "current_venue_commune"
    )
    page = light_page(courses.order_by("-start_on", "-pk"), request.GET.get("page"))
    counts = course_counts([course.pk for course in page])  # one query for the page's courses
    context = {
        "filters": filters,
        "page": page,
        "rows": [(course, counts[course.pk]) for course in page],
        "querystring_without_page": querystring_without_page(request),
        "can_list_trainees": Scope.of(request.user).can(Can.READ_PERSONAL_DATA),
    }
    return render(request, "activities/course_list.html", context)


@requires(Can.READ_PROJECTS)
def course_export(request, file_type="xlsx"):
    filters = CourseFilter(request.GET or None, user=request.user)
    courses = filters.apply(Course.objects.visible_to(request.user))
    return table_response(
        course_table(courses), _("Training courses"), file_type, place_name(request.user, Can.READ_PROJECTS)
    )


@login_required
def course_create(request, project_pk: int):
    project = get_project_to_record(request.user, project_pk)
    course = Course(project=project, created_by=request.user)
    form = CourseForm(request.POST or None, instance=course, **_choices(request.user, Can.RUN_PROJECTS))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            save_audited(form.save(commit=False), request.user)
        messages.success(request, _("Course created. Add its trainees and sessions."))
        return redirect(course_url(course))
    context = {
        "form": form,
        "title": _("New training course"),
        "subtitle": str(project),
        "cancel_url": project_url(project),
    }
    return render(request, "form_page.html", context, status=400 if form.errors else 200)


@login_required
def course_detail(request, pk: int):
    user = request.user
    course = _course_for(user, pk)
    sessions = list(course.sessions.all())
    # Who may read every trainee's personal data sees the whole list; a commune's officer or an
    # establishment's representative only their own people; the others only the counts.
    scope = Scope.of(user)
    sees_all = scope.can_at(Can.READ_PERSONAL_DATA, Place.of(course.project.current_province_id))
    sees_some = sees_all or scope.can(Can.READ_PERSONAL_DATA)
    page = light_page(
        _trainees_of(user, course).select_related("current_commune") if sees_some else Trainee.objects.none(),
        request.GET.get("page"),
        per_page=TRAINEES_PER_PAGE,
    )
    context = {
        "course": course,
        "counts": course_counts([course.pk])[course.pk],
        "sessions": sessions,
        "page": page,
        "rows": _with_attendance(page) if sessions else [(t, None) for t in page],
        "querystring_without_page": querystring_without_page(request),
        "sees_all": sees_all,
        "sees_some": sees_some,
        "can_edit": course.may(user, Can.RUN_PROJECTS),
        "entries": history([course, *sessions])[:100],
        "import_url": reverse("activities:trainee_import", args=[course.pk]),
        "certificates_url": reverse("activities:course_certificates", args=[course.pk]),
        "certificates_pdf_url": reverse("activities:course_certificates_pdf", args=[course.pk]),
    }
    return render(request, "activities/course_detail.html", context)


def _with_attendance(page) -> list[tuple]:
    """Each trainee of the page with (present, sessions recorded), from one query over the page's rows."""
    ids = [trainee.pk for trainee in page]
    counted = {
        row["trainee_id"]: (row["present"], row["recorded"])
        for row in Attendance.objects.filter(trainee_id__in=ids)
        .values("trainee_id")
        .annotate(present=Count("pk", filter=Q(present=True)), recorded=Count("pk"))
    }
    return [(trainee, counted.get(trainee.pk, (0, 0))) for trainee in page]


@login_required
def course_edit(request, pk: int):
    course = _course_for(request.user, pk, Can.RUN_PROJECTS)
    form = CourseForm(request.POST or None, instance=course, **_choices(request.user, Can.RUN_PROJECTS))
    context = {
        "title": _("Edit the training course"),
        "subtitle": str(course.project),
        "cancel_url": course_url(course),
    }
    return edit_page(request, form, "form_page.html", context, done_url=course_url(course))


@login_required
def course_delete(request, pk: int):
    course = _course_for(request.user, pk, Can.RUN_PROJECTS)
    blockers = []
    if course.trainees.exists():
        blockers.append(
            _("Its list of trainees: delete the trainees first, or keep the course and correct it.")
        )
    if request.method == "POST" and not blockers:
        with transaction.atomic():
            delete_audited(course, request.user)
        messages.success(request, _("Training course deleted."))
        return redirect(project_url(course.project))
    context = {"object": course, "blockers": blockers, "cancel_url": course_url(course)}
    status = 409 if request.method == "POST" else 200
    return render(request, "registry/confirm_delete.html", context, status=status)


# ------------------------------------------------------------------ sessions and attendance


@login_required
def session_create(request, pk: int):
    course = _course_for(request.user, pk, Can.RUN_PROJECTS)
    form = SessionForm(request.POST or None, instance=CourseSession(course=course))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            session = form.save(commit=False)
            save_audited(session, request.user)
        messages.success(request, _("Session added. Mark who was present."))
        return redirect("activities:session_attendance", pk=session.pk)
    context = {
        "form": form,
        "title": _("Add a session"),
        "subtitle": str(course),
        "cancel_url": course_url(course),
    }
    return render(request, "form_page.html", context, status=400 if form.errors else 200)


@login_required
def session_attendance(request, pk: int):
    course_id = CourseSession.objects.filter(pk=pk).values_list("course_id", flat=True).first()
    if course_id is None:
        raise Http404
    course = _course_for(request.user, course_id, Can.RUN_PROJECTS)
    session = get_object_or_404(course.sessions, pk=pk)
    trainees = list(_trainees_of(request.user, course).values_list("pk", "full_name", "birth_year"))
    recorded = dict(session.attendance.values_list("trainee_id", "present"))
    # Everyone present until someone says otherwise (the usual case on the sheet).
    present = [pk for pk, *_rest in trainees if recorded.get(pk, True)]
    form = AttendanceForm(request.POST or None, trainees=trainees, initial={"present": present})
    if request.method == "POST" and form.is_valid():
        shown = {pk for pk, *_rest in trainees}
        # Trainees the user may not see keep what was recorded for them.
        kept = {tid for tid, was in recorded.items() if was and tid not in shown}
        unrecorded = (
            course.trainees.exclude(pk__in=shown).exclude(pk__in=recorded).values_list("pk", flat=True)
        )
        chosen = set(form.cleaned_data["present"]) | kept | set(unrecorded)
        try:
            mark_attendance(request.user, session, chosen)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            absent = len(shown - chosen)
            messages.success(
                request,
                _("Attendance saved: %(present)s present, %(absent)s absent.")
                % {"present": len(shown & chosen), "absent": absent},
            )
            return redirect(course_url(course))
    context = {"form": form, "session": session, "course": course, "trainees": trainees}
    return render(request, "activities/session_attendance.html", context, status=400 if form.errors else 200)


# ------------------------------------------------------------------ trainees


@login_required
def trainee_create(request, pk: int):
    course = _course_for(request.user, pk, Can.RUN_PROJECTS)
    trainee = Trainee(course=course)
    form = TraineeForm(request.POST or None, instance=trainee, **_trainee_choices(request.user))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            save_audited(form.save(commit=False), request.user)
        messages.success(request, _("Trainee added: %(name)s.") % {"name": trainee.full_name})
        if request.POST.get("next") == "another":
            return redirect("activities:trainee_create", pk=course.pk)
        return redirect(course_url(course))
    context = {"form": form, "course": course, "title": _("Add a trainee"), "cancel_url": course_url(course)}
    return render(request, "activities/trainee_form.html", context, status=400 if form.errors else 200)


def _trainee_choices(user) -> dict:
    return {
        **_choices(user, Can.RUN_PROJECTS),
        "establishments": Establishment.objects.visible_to(user),
    }


@login_required
def trainee_edit(request, pk: int):
    trainee = _trainee_for(request.user, pk, Can.RUN_PROJECTS)
    form = TraineeForm(request.POST or None, instance=trainee, **_trainee_choices(request.user))
    done = course_url(trainee.course)
    context = {"course": trainee.course, "title": _("Edit the trainee"), "cancel_url": done, "editing": True}
    return edit_page(request, form, "activities/trainee_form.html", context, done_url=done)


@login_required
def trainee_delete(request, pk: int):
    trainee = _trainee_for(request.user, pk, Can.RUN_PROJECTS)
    if request.method == "POST":
        with transaction.atomic():
            delete_audited(trainee, request.user)
        messages.success(request, _("Trainee deleted."))
        return redirect(course_url(trainee.course))
    context = {"object": trainee, "cancel_url": course_url(trainee.course)}
    return render(request, "registry/confirm_delete.html", context)


@login_required
def course_results(request, pk: int):
    """The results sheet of a page of trainees: completed, certificate, employed and where, saved
    together (one transaction) through `Trainee.record_completion`, or not at all."""
    course = _course_for(request.user, pk, Can.RUN_PROJECTS)
    page = light_page(_trainees_of(request.user, course), request.GET.get("page"), per_page=TRAINEES_PER_PAGE)
    rows = [
        (
            trainee,
            ResultForm(
                # Only the rows the sheet showed (a trainee added since then is not wiped).
                request.POST if f"t{trainee.pk}-row" in request.POST else None,
                prefix=f"t{trainee.pk}",
                initial={
                    "completed": trainee.completed,
                    "certificate_number": trainee.certificate_number,
                    "employed": trainee.employed_after_training,
                    "employed_at": trainee.employed_at,
                },
            ),
        )
        for trainee in page
    ]
    posted = [(trainee, form) for trainee, form in rows if form.is_bound]
    valid = request.method == "POST" and all([form.is_valid() for _t, form in posted])
    if valid and _unique_certificates(course, posted) and _save_results(request.user, posted):
        messages.success(request, _("Results saved."))
        return redirect(f"{reverse('activities:course_results', args=[course.pk])}?page={page.number}")
    failed = request.method == "POST"
    context = {
        "course": course,
        "page": page,
        "rows": rows,
        "querystring_without_page": querystring_without_page(request),
        "failed": failed,
    }
    return render(request, "activities/course_results.html", context, status=400 if failed else 200)


def _unique_certificates(course, rows) -> bool:
    """A certificate number names one trainee of the course: refuse one given twice."""
    numbers: dict[str, list] = {}
    for _trainee, form in rows:
        number = form.cleaned_data["certificate_number"]
        if number:
            numbers.setdefault(number, []).append(form)
    taken = set(
        course.trainees.filter(certificate_number__in=list(numbers))
        .exclude(pk__in=[trainee.pk for trainee, _form in rows])
        .values_list("certificate_number", flat=True)
    )
    ok = True
    for number, forms in numbers.items():
        if len(forms) > 1 or number in taken:
            ok = False
            for form in forms:
                form.add_error(
                    "certificate_number",
                    _("Certificate number %(number)s is given to another trainee of this course.")
                    % {"number": number},
                )
    return ok


def _save_results(user, rows) -> bool:
    with transaction.atomic():
        for trainee, form in rows:
            if not form.changed_from(trainee):
                continue
            data = form.cleaned_data
            try:
                trainee.record_completion(
                    user,
                    completed=data["completed"],
                    certificate_number=data["certificate_number"],
                    employed=data["employed"],
                    employed_at=data["employed_at"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
                transaction.set_rollback(True)  # nothing of the sheet is kept
                return False
    return True


# What a row of the trainee list shows (activities/templatetags/activity_rows.py).
TRAINEE_LIST_COLUMNS = (
    "id",
    "full_name",
    "birth_year",
    "sex",
    "current_commune__name",
    "course_id",
    "course__title",
    "completed",
    "employed_after_training",
    "employed_at",
)


@requires(Can.READ_PERSONAL_DATA)
def trainee_list(request):
    filters = TraineeFilter(request.GET or None, user=request.user)
    trainees = filters.apply(Trainee.objects.visible_to(request.user)).values(*TRAINEE_LIST_COLUMNS)
    page = light_page(trainees, request.GET.get("page"))  # one query, no count
    context = {
        "filters": filters,
        "page": page,
        "course_url": reverse("activities:course_list"),
        "sexes": dict(Sex.choices),
        "querystring_without_page": querystring_without_page(request),
        "course_filter": filters.is_valid() and filters.cleaned_data.get("course"),
    }
    return render(request, "activities/trainee_list.html", context)


@requires(Can.READ_PERSONAL_DATA)
def trainee_export(request, file_type="xlsx"):
    filters = TraineeFilter(request.GET or None, user=request.user)
    trainees = filters.apply(Trainee.objects.visible_to(request.user))
    return table_response(
        trainee_table(trainees), _("Trainees"), file_type, place_name(request.user, Can.READ_PERSONAL_DATA)
    )


urlpatterns = [
    path("courses/", course_list, name="course_list"),
    path("courses/export/", course_export, name="course_export"),
    path("courses/export.csv", course_export, {"file_type": "csv"}, name="course_export_csv"),
    path("projects/<int:project_pk>/courses/new/", course_create, name="course_create"),
    path("courses/<int:pk>/", course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", course_edit, name="course_edit"),
    path("courses/<int:pk>/delete/", course_delete, name="course_delete"),
    path("courses/<int:pk>/results/", course_results, name="course_results"),
    path("courses/<int:pk>/sessions/new/", session_create, name="session_create"),
    path("courses/sessions/<int:pk>/attendance/", session_attendance, name="session_attendance"),
    path("courses/<int:pk>/trainees/new/", trainee_create, name="trainee_create"),
    path("trainees/", trainee_list, name="trainee_list"),
    path("trainees/export/", trainee_export, name="trainee_export"),
    path("trainees/export.csv", trainee_export, {"file_type": "csv"}, name="trainee_export_csv"),
    path("trainees/<int:pk>/edit/", trainee_edit, name="trainee_edit"),
    path("trainees/<int:pk>/delete/", trainee_delete, name="trainee_delete"),
]
