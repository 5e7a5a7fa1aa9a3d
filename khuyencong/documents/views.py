from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.audit.log import history, save_audited
from khuyencong.downloads import file_response
from khuyencong.paging import light_page, querystring_without_page

from .forms import DocumentForm, DocumentSearchForm
from .models import Document
from .symbols import DOCUMENT_TYPES


def get_document_for(user, pk) -> Document:
    document = Document.objects.visible_to(user).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


@requires(Can.READ_DOCUMENTS)
def document_list(request):
    search = DocumentSearchForm(request.GET or None)
    documents = Document.objects.visible_to(request.user)
    if search.is_valid():
        data = search.cleaned_data
        documents = documents.search(data["q"] or "")
        if data["doc_type"]:
            documents = documents.filter(doc_type=data["doc_type"])
        if data["year"]:
            documents = documents.filter(issued_on__year=data["year"])
    context = {
        "search": search,
        "types": DOCUMENT_TYPES.items(),
        "page": light_page(documents, request.GET.get("page")),
        "querystring_without_page": querystring_without_page(request),
    }
    return render(request, "documents/document_list.html", context)


@requires(Can.READ_DOCUMENTS)
def document_detail(request, pk: int):
    document = get_document_for(request.user, pk)
    context = {
        "document": document,
        "plans": document.plans.visible_to(request.user),
        "batches": document.batches.filter(plan__in=document.plans.model.objects.visible_to(request.user)),
        "adjustments": document.adjustments.select_related("batch__plan"),
        # Each project once, whether the document approved it, changed it or sits on its file.
        "projects": document.approved_projects.model.objects.visible_to(request.user)
        .filter(Q(approval_decision=document) | Q(events__decision=document))
        .distinct()
        .order_by("code", "pk"),
        "entries": history([document]),
    }
    return render(request, "documents/document_detail.html", context)


@requires(Can.READ_DOCUMENTS)
def document_file(request, pk: int):
    document = get_document_for(request.user, pk)
    if not document.file:
        raise Http404
    return file_response(document.file, f"{document.type_label} {document.symbol}")


@requires(Can.EDIT_DOCUMENTS)
def document_create(request):
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        instance=Document(created_by=request.user),
        provinces=Scope.of(request.user).provinces(Can.EDIT_DOCUMENTS).filter(generation="current"),
    )
    if request.method == "POST" and form.is_valid():
        document = form.save(commit=False)
        save_audited(document, request.user)
        messages.success(request, _("Document registered."))
        return redirect("documents:detail", pk=document.pk)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("Register a document"), "cancel_url": "/documents/"},
    )
