"""Downloading a project's pre-filled papers (docs/self-service.md, "Pre-filled papers").

Whoever may see the project may download its papers: the establishment's representative, the
Centre's staff and the officers of the project's commune (`get_project_for` → 404 outside the
scope). The papers only restate the record, so reading the project is the capability needed."""

from django.http import Http404, HttpResponse

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can

from .. import paperwork
from ..scoping import get_project_for

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@requires(Can.READ_PROJECTS)
def project_paper(request, pk: int, kind: str, file_type: str = "docx"):
    if kind not in paperwork.KINDS or file_type not in CONTENT_TYPES:
        raise Http404
    project = get_project_for(request.user, pk)
    build = paperwork.to_docx if file_type == "docx" else paperwork.to_pdf
    response = HttpResponse(build(project, kind), content_type=CONTENT_TYPES[file_type])
    response["Content-Disposition"] = (
        f'attachment; filename="{project.code or project.pk}-{kind}.{file_type}"'
    )
    return response
