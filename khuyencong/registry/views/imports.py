from functools import partial

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.downloads import file_response

from ..forms import ImportUploadForm
from ..models import Establishment, ImportJob, TransitionError
from ..tasks import import_task

manage_only = requires(Can.MANAGE_REGISTRY)


def _get_job(request, pk) -> ImportJob:
    """An import is private to whoever uploaded it, and to administrators whose scope holds its province."""
    job = ImportJob.objects.filter(pk=pk).first()
    scope = Scope.of(request.user)
    if job is None or not (
        job.created_by_id == request.user.pk or scope.can_at(Can.OVERSEE_IMPORTS, job.place())
    ):
        raise Http404
    return job


def _dispatch(job: ImportJob) -> None:
    """Hand the job to a task worker, once the job is committed for the worker to find.

    Never read here, however small the file looks: a few kilobytes of workbook can take
    minutes and gigabytes to read (a merged-range or zip bomb), and even opening it costs
    more than a request should. The worker measures the file before reading it; the job
    page polls until it is done.
    """
    transaction.on_commit(partial(import_task.enqueue, str(job.pk)))


@manage_only
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob(
            created_by=request.user,
            original_name=upload.name[:255],
            default_province=form.default_province,
        )
        job.file.save("upload.xlsx", upload, save=False)
        job.save()
        _dispatch(job)
        return redirect("registry:import_job", pk=job.pk)
    recent = ImportJob.objects.filter(created_by=request.user)[:10]
    return render(request, "registry/import_upload.html", {"form": form, "recent": recent})


@manage_only
def import_job(request, pk):
    job = _get_job(request, pk)
    template = "registry/import_job.html"
    if request.headers.get("HX-Request"):
        if not job.running:
            # Finished: reload the whole page to show the counts and the confirm button.
            return HttpResponse(headers={"HX-Refresh": "true"})
        template += "#progress"
    # The legal form by its label, and whether the list gave it or it was read from the name.
    labels = dict(Establishment.LegalForm.choices)
    valid_preview = [
        {**item, "legal_form_label": labels.get(item.get("legal_form"), "—")}
        for item in job.valid_preview or []
    ]
    return render(request, template, {"job": job, "valid_preview": valid_preview})


@manage_only
@require_POST
def import_confirm(request, pk):
    job = _get_job(request, pk)
    try:
        job.start_commit(request.user)
    except TransitionError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registry:import_job", pk=job.pk)
    _dispatch(job)
    return redirect("registry:import_job", pk=job.pk)


@manage_only
def import_invalid_rows(request, pk):
    job = _get_job(request, pk)
    if not job.invalid_file:
        raise Http404
    return file_response(job.invalid_file, f"Dòng lỗi - {job.original_name.rsplit('.', 1)[0]}")
