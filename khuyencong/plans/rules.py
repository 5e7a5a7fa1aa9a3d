"""Screens for the dated rules: everyone who plans reads them; administrators add and edit rows.

A rule is never edited out of history: when the law changes, the old row gets an end date and a
new row starts the next day, so projects keep the rule of their own date.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.accounts.access import requires
from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.concurrency import VersionedFormMixin, edit_page
from khuyencong.formfields import DayField
from khuyencong.formstyle import StyledFormMixin
from khuyencong.registry.models import ActivityType, BeneficiaryKind

from .models import AppraisalCriterion, DeadlineRule, DossierRequirement, SupportRule

RULES = {
    "support": (SupportRule, gettext_lazy("Support caps and advance shares")),
    "deadlines": (DeadlineRule, gettext_lazy("Deadlines")),
    "dossier": (DossierRequirement, gettext_lazy("Dossier checklists")),
    "appraisal": (AppraisalCriterion, gettext_lazy("Appraisal criteria")),
    # The registry's dated rows rest on legal texts too (Decree 235/2025 added activity type 10 and the
    # beneficiary groups, not yet checked against its articles): the screen shows them with the rest
    # so it can say which are unverified (docs/legal-rules.md lists every seeded row).
    "activity-types": (ActivityType, gettext_lazy("Activity types")),
    "beneficiary-kinds": (BeneficiaryKind, gettext_lazy("Beneficiary groups and priorities")),
}
# Sections of docs/legal-rules.md that apps above plans add with their rows (plans never imports them).
DOC_SECTIONS: list = []


def register_rules(kind: str, model, title, doc_section=None) -> None:
    """Show a higher app's dated rows on the rules screen (and in docs/legal-rules.md): the activities
    app registers its contest rules from its AppConfig.ready, as projects/outputs.py does for outputs."""
    RULES[kind] = (model, title)
    if doc_section is not None and doc_section not in DOC_SECTIONS:
        DOC_SECTIONS.append(doc_section)


DATED_FIELDS = ["legal_basis", "effective_from", "effective_to", "source", "verified"]


class DatedRuleForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    effective_from = DayField(label=gettext_lazy("Effective from"))
    effective_to = DayField(label=gettext_lazy("Effective to"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "province" in self.fields:
            scope = Scope.of(user)
            provinces = self.fields["province"].queryset
            if not scope.is_national(Can.EDIT_RULES):
                # A province's administrator writes that province's own rows, never national ones.
                self.fields["province"].queryset = provinces.filter(pk__in=scope.province_ids(Can.EDIT_RULES))
                self.fields["province"].required = True
                self.fields["province"].empty_label = None
                self.fields["province"].help_text = _(
                    "A rule of your province's own (its council's resolution)."
                )


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


@requires(Can.READ_RULES)
def rule_list(request):
    today = timezone.localdate()
    sections = []
    for kind, (model, title) in RULES.items():
        rows = list(_rows(model))
        editable = {row.pk for row in rows if _editable(row, request.user)}
        in_force = set(model.in_force(today).values_list("pk", flat=True))
        sections.append((kind, title, rows, in_force, editable))
    can_add = Scope.of(request.user).can(Can.EDIT_RULES)
    return render(request, "plans/rules.html", {"sections": sections, "can_add": can_add})


def _editable(row, user) -> bool:
    editable_by = getattr(row, "editable_by", None)
    # Rows without a province (activity types, say) are national.
    return editable_by(user) if editable_by else Scope.of(user).is_national(Can.EDIT_RULES)


@requires(Can.EDIT_RULES)
def rule_edit(request, kind: str, pk: int | None = None):
    model, title = _kind(kind)
    instance = get_object_or_404(model, pk=pk) if pk else model()
    if pk and not _editable(instance, request.user):
        raise PermissionDenied
    form = rule_form(model)(request.POST or None, instance=instance, user=request.user)
    back = reverse("plans:rules")
    context = {"title": title, "cancel_url": back}
    return edit_page(request, form, "form_page.html", context, done_url=back, message=_("Rule saved."))
