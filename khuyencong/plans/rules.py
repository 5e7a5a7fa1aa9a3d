"""Screens for the dated rules: everyone who plans reads them; administrators add and edit rows.

A rule is never edited out of history: when the law changes, the old row gets an end date and a
new row starts the next day, so projects keep the rule of their own date.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.accounts.access import role_required
from khuyencong.accounts.models import Role
from khuyencong.accounts.scopes import has_role
from khuyencong.audit.log import save_audited
from khuyencong.formfields import DayField
from khuyencong.formstyle import StyledFormMixin

from .models import READ_ROLES, AppraisalCriterion, DeadlineRule, DossierRequirement, SupportRule

RULES = {
    "support": (SupportRule, gettext_lazy("Support caps and advance shares")),
    "deadlines": (DeadlineRule, gettext_lazy("Deadlines")),
    "dossier": (DossierRequirement, gettext_lazy("Dossier checklists")),
    "appraisal": (AppraisalCriterion, gettext_lazy("Appraisal criteria")),
}
DATED_FIELDS = ["legal_basis", "effective_from", "effective_to"]


class DatedRuleForm(StyledFormMixin, forms.ModelForm):
    effective_from = DayField(label=gettext_lazy("Effective from"))
    effective_to = DayField(label=gettext_lazy("Effective to"), required=False)


def rule_form(model):
    fields = [
        f.name for f in model._meta.fields if f.editable and f.name != "id" and f.name not in DATED_FIELDS
    ]
    return forms.modelform_factory(model, form=DatedRuleForm, fields=[*fields, *DATED_FIELDS])


def _kind(kind: str):
    if kind not in RULES:
        raise Http404
    return RULES[kind]


def _rows(model):
    has_province = any(f.name == "province" for f in model._meta.fields)
    return model.objects.select_related("province") if has_province else model.objects.all()


@role_required(*READ_ROLES)
def rule_list(request):
    today = timezone.localdate()
    sections = [
        (kind, title, _rows(model), set(model.in_force(today).values_list("pk", flat=True)))
        for kind, (model, title) in RULES.items()
    ]
    can_edit = has_role(request.user, [Role.ADMINISTRATOR])
    return render(request, "plans/rules.html", {"sections": sections, "can_edit": can_edit})


@role_required(Role.ADMINISTRATOR)
def rule_edit(request, kind: str, pk: int | None = None):
    model, title = _kind(kind)
    instance = get_object_or_404(model, pk=pk) if pk else model()
    form = rule_form(model)(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        save_audited(form.save(commit=False), request.user)
        messages.success(request, _("Rule saved."))
        return redirect("plans:rules")
    context = {"form": form, "title": title, "cancel_url": "/plans/rules/"}
    return render(request, "form_page.html", context, status=400 if form.errors else 200)
