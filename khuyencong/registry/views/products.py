from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.accounts.permissions import Can
from khuyencong.audit.log import save_audited
from khuyencong.concurrency import edit_page, save_versioned

from ..forms import CertificationForm, ProductForm
from ..models import Certification, Product, ProductPhoto
from ..scoping import get_establishment_for, get_product_for
from .deleting import confirm_and_delete


def _save_product(request, form, product):
    with transaction.atomic():
        save_versioned(form.save(commit=False), request.user, form.cleaned_data["version"])
        photo = form.cleaned_data.get("photo")
        if photo:
            save_audited(ProductPhoto(product=product, image=photo, caption=product.name), request.user)


@login_required
def product_create(request, establishment_pk):
    establishment = get_establishment_for(request.user, establishment_pk, Can.EDIT_REGISTRY)
    product = Product(establishment=establishment)
    form = ProductForm(request.POST or None, request.FILES or None, instance=product)
    if request.method == "POST" and form.is_valid():
        _save_product(request, form, product)
        messages.success(request, _("Product added."))
        return redirect("registry:establishment_detail", pk=establishment.pk)
    return render(
        request,
        "registry/product_form.html",
        {"form": form, "est": establishment},
        status=400 if form.errors else 200,
    )


@login_required
def product_edit(request, pk):
    product = get_product_for(request.user, pk, Can.EDIT_REGISTRY)
    form = ProductForm(request.POST or None, request.FILES or None, instance=product)
    cert_form = CertificationForm(prefix="cert")
    context = {"est": product.establishment, "product": product, "cert_form": cert_form}
    done = reverse("registry:establishment_detail", args=[product.establishment_id])
    return edit_page(
        request,
        form,
        "registry/product_form.html",
        context,
        done_url=done,
        save=lambda form: _save_product(request, form, product),
    )


@login_required
def certification_add(request, pk):
    product = get_product_for(request.user, pk, Can.EDIT_REGISTRY)
    cert_form = CertificationForm(
        request.POST or None, prefix="cert", instance=Certification(product=product)
    )
    if request.method == "POST" and cert_form.is_valid():
        save_audited(cert_form.save(commit=False), request.user)
        messages.success(request, _("Certification added."))
        return redirect("registry:product_edit", pk=product.pk)
    form = ProductForm(instance=product)
    context = {"form": form, "est": product.establishment, "product": product, "cert_form": cert_form}
    return render(
        request, "registry/product_form.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
def product_delete(request, pk):
    product = get_product_for(request.user, pk, Can.EDIT_REGISTRY)
    return confirm_and_delete(
        request,
        product,
        cancel_url=reverse("registry:product_edit", args=[product.pk]),
        done_url=reverse("registry:establishment_detail", args=[product.establishment_id]),
        done_message=_("Product deleted."),
    )
