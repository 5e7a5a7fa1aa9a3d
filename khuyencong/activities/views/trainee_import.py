"""Import a course's trainee list: upload, the preview, confirm, the invalid rows.

The registry import's steps (registry/views/imports.py): the upload is checked by its name, size
and first bytes only, then handed to a task worker once saved (docs/adr/0011-hostile-files.md);
the page polls until the preview is ready. An import belongs to its course: whoever runs the
course's project (Centre staff of its province, who read its trainees' personal data too) sees,
confirms and downloads it; anyone else gets 404 for a course out of sight, 403 otherwise.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from khuyencong.accounts.permissions import Can
from khuyencong.downloads import file_response
from khuyencong.registry.models import TransitionError

from ..forms_trainee_import import TraineeListForm
from ..models import Course, TraineeImport, get_activity_for
from ..tasks import trainee_import_task


def _course(request, course_pk: int) -> Course:
    return get_activity_for(request.user, Course.objects, course_pk, Can.RUN_PROJECTS)


def _job(request, course_pk: int, pk) -> TraineeImport:
    course = _course(request, course_pk)
    job = course.trainee_imports.filter(pk=pk).first()
    if job is None:
        raise Http404
    job.course = course
    return job


def _dispatch(job: TraineeImport) -> None:
    """To the task worker once the job is committed for it to find; never read in the request."""
    transaction.on_commit(partial(trainee_import_task.enqueue, str(job.pk)))


def _job_url(job: TraineeImport) -> str:
    return reverse("activities:trainee_import_job", args=[job.course_id, job.pk])


@login_required
def trainee_import(request, course_pk: int):
    course = _course(request, course_pk)
    form = TraineeListForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = TraineeImport(course=course, created_by=request.user, original_name=upload.name[:255])
        job.file.save("upload.xlsx", upload, save=False)
        job.save()
        _dispatch(job)
        return redirect(_job_url(job))
    context = {
        "course": course,
        "form": form,
        "recent": course.trainee_imports.select_related("created_by")[:10],
        "project_url": reverse("projects:detail", args=[course.project_id]),
    }
    return render(
        request, "activities/trainee_import_upload.html", context, status=400 if form.errors else 200
    )


@login_required
def trainee_import_job(request, course_pk: int, pk):
    job = _job(request, course_pk, pk)
    template = "activities/trainee_import_job.html"
    if request.headers.get("HX-Request"):
        if not job.running:
            return HttpResponse(headers={"HX-Refresh": "true"})
        template += "#progress"
    context = {
        "job": job,
        "course": job.course,
        "upload_url": reverse("activities:trainee_import", args=[job.course_id]),
        "project_url": reverse("projects:detail", args=[job.course.project_id]),
    }
    return render(request, template, context)


@login_required
@require_POST
def trainee_import_confirm(request, course_pk: int, pk):
    job = _job(request, course_pk, pk)
    try:
        job.start_commit(request.user)
    except TransitionError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_job_url(job))
    _dispatch(job)
    return redirect(_job_url(job))


@login_required
def trainee_import_invalid(request, course_pk: int, pk):
    job = _job(request, course_pk, pk)
    if not job.invalid_file:
        raise Http404
    return file_response(job.invalid_file, f"Dòng lỗi - {job.original_name.rsplit('.', 1)[0]}")


urlpatterns = [
    path("courses/<int:course_pk>/import/", trainee_import, name="trainee_import"),
    path("courses/<int:course_pk>/import/<uuid:pk>/", trainee_import_job, name="trainee_import_job"),
    path(
        "courses/<int:course_pk>/import/<uuid:pk>/confirm/",
        trainee_import_confirm,
        name="trainee_import_confirm",
    ),
    path(
        "courses/<int:course_pk>/import/<uuid:pk>/invalid.xlsx",
        trainee_import_invalid,
        name="trainee_import_invalid",
    ),
]
