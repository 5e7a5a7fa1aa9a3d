"""Certificates as Word (docx) or PDF (activities/certificates.py): a course's trainees' and a
certified product's.

A trainee's certificate carries their name and birth year: it is made for whoever runs the course's
project, and only of the trainees whose personal data they may read (`Trainee.objects.visible_to`).
A product's certificate is public (the product's registry record shows it): whoever sees the project.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse

from khuyencong.accounts.permissions import Can
from khuyencong.downloads import attachment
from khuyencong.projects.models import Project

from ..certificates import contest_certificate_text, to_docx, to_pdf, trainee_certificate_text
from ..models import ContestCertificate, Course, Trainee, get_activity_for

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
RENDERERS = {"docx": to_docx, "pdf": to_pdf}


def _file(texts, file_type: str, name: str) -> HttpResponse:
    if file_type not in RENDERERS:
        raise Http404
    response = HttpResponse(RENDERERS[file_type](texts), content_type=CONTENT_TYPES[file_type])
    return attachment(response, f"{name}.{file_type}")


def _certified(queryset):
    return (
        queryset.filter(completed=True)
        .exclude(certificate_number="")
        .select_related("course__project__current_province", "course__certificate_decision")
    )


@login_required
def course_certificates(request, pk: int, file_type: str = "docx"):
    course = get_activity_for(request.user, Course.objects, pk, Can.RUN_PROJECTS)
    trainees = list(
        _certified(Trainee.objects.visible_to(request.user).filter(course=course)).order_by("name_key", "pk")
    )
    if not trainees:
        return _none(request, course)
    return _file([trainee_certificate_text(t) for t in trainees], file_type, f"Chứng chỉ - {course.title}")


@login_required
def trainee_certificate(request, pk: int, file_type: str = "docx"):
    trainee = Trainee.objects.visible_to(request.user).select_related("course__project").filter(pk=pk).first()
    if trainee is None:
        raise Http404
    if not trainee.course.may(request.user, Can.RUN_PROJECTS):
        raise PermissionDenied
    if not (trainee.completed and trainee.certificate_number):
        return _none(request, trainee.course, trainee)
    trainee = _certified(Trainee.objects.filter(pk=trainee.pk)).get()
    return _file([trainee_certificate_text(trainee)], file_type, f"Chứng chỉ - {trainee.full_name}")


@login_required
def contest_certificate(request, pk: int, file_type: str = "docx"):
    """A certified product's certificate, for whoever sees the contest's project."""
    certificate = (
        ContestCertificate.objects.filter(
            pk=pk, entry__contest__project__in=Project.objects.visible_to(request.user).values("pk")
        )
        .select_related(
            "entry__product",
            "entry__establishment",
            "entry__contest__result_decision",
            "entry__contest__project__current_province",
        )
        .first()
    )
    if certificate is None:
        raise Http404
    text = contest_certificate_text(certificate)
    return _file([text], file_type, f"Giấy chứng nhận - {certificate.entry.product.name}")


def _none(request, course, trainee=None):
    """No certificate to make yet: say why, rather than hand out an empty file."""
    context = {
        "course": course,
        "trainee": trainee,
        "project_url": reverse("projects:detail", args=[course.project_id]),
    }
    return render(request, "activities/certificates_none.html", context)


urlpatterns = [
    path("contests/certificates/<int:pk>.docx", contest_certificate, name="contest_certificate"),
    path(
        "contests/certificates/<int:pk>.pdf",
        contest_certificate,
        {"file_type": "pdf"},
        name="contest_certificate_pdf",
    ),
    path("courses/<int:pk>/certificates.docx", course_certificates, name="course_certificates"),
    path(
        "courses/<int:pk>/certificates.pdf",
        course_certificates,
        {"file_type": "pdf"},
        name="course_certificates_pdf",
    ),
    path("trainees/<int:pk>/certificate.docx", trainee_certificate, name="trainee_certificate"),
    path(
        "trainees/<int:pk>/certificate.pdf",
        trainee_certificate,
        {"file_type": "pdf"},
        name="trainee_certificate_pdf",
    ),
]
