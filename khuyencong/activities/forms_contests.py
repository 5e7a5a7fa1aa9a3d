"""Forms of the product contests: a contest, an entry, a jury member, a score sheet, the results."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from khuyencong.concurrency import VersionedFormMixin
from khuyencong.documents.models import Document
from khuyencong.formfields import DayField
from khuyencong.formstyle import StyledFormMixin
from khuyencong.registry.models import Establishment, Product
from khuyencong.uploads import check_document, check_photo

from .models import Contest, ContestCondition, ContestEntry, JuryMember


class ContestForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    held_on = DayField(label=_("Date of the contest"), help_text=_("The rules in force on this day apply."))

    class Meta:
        model = Contest
        fields = ["level", "title", "organiser", "held_on"]


class EntryForm(StyledFormMixin, forms.ModelForm):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    conditions_met = forms.MultipleChoiceField(
        label=_("Conditions found met"), required=False, widget=forms.CheckboxSelectMultiple
    )
    photo = forms.ImageField(
        label=_("Photo"), required=False, help_text=_("JPEG, PNG or WebP, at most 5 MB.")
    )
    dossier = forms.FileField(
        label=_("Registration dossier"), required=False, help_text=_("PDF or Word (docx).")
    )

    class Meta:
        model = ContestEntry
        fields = ["product", "photo", "dossier", "conditions_met", "lower_round_not_held"]

    def __init__(self, *args, user, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        # Only products of establishments the user may see in the registry.
        visible = Establishment.objects.visible_to(user).values("pk")
        self.fields["product"].queryset = (
            Product.objects.filter(establishment__in=visible)
            .exclude(contest_entries__contest=contest)
            .select_related("establishment")
            .order_by("name")
        )
        self.fields["product"].label_from_instance = lambda p: f"{p.name} — {p.establishment.name}"
        checked = [c for c in contest.rules().conditions if c.kind == ContestCondition.Kind.CHECKED]
        self.fields["conditions_met"].choices = [(c.code, c.name) for c in checked]
        if not any(c.waived_if_not_held for c in contest.rules().conditions):
            del self.fields["lower_round_not_held"]

    def clean_photo(self):
        return check_photo(self.cleaned_data.get("photo"))

    def clean_dossier(self):
        return check_document(self.cleaned_data.get("dossier"))


class JuryMemberForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = JuryMember
        fields = ["full_name", "role", "organisation"]


class ScoreSheetForm(StyledFormMixin, forms.Form):
    """One juror's scores: a field per entry and criterion, each bounded by the criterion's maximum."""

    def __init__(self, *args, contest, juror, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest, self.juror = contest, juror
        self.criteria = contest.rules().criteria
        self.entries = list(contest.entries.select_related("product", "establishment"))
        existing = {(s.entry_id, s.criterion_id): s.score for s in juror.scores.all()}
        self.rows = []
        for number, entry in enumerate(self.entries, 1):
            names = []
            for criterion in self.criteria:
                name = f"s_{entry.pk}_{criterion.pk}"
                self.fields[name] = forms.DecimalField(
                    # Several establishments enter products of one name: the entry says whose it is.
                    label=f"{number}. {entry.product.name} — {entry.establishment.name} · {criterion.name} "
                    f"(≤ {criterion.max_score})",
                    required=False,
                    min_value=0,
                    max_digits=5,
                    decimal_places=2,
                    validators=[MaxValueValidator(Decimal(criterion.max_score))],
                    initial=existing.get((entry.pk, criterion.pk)),
                    error_messages={
                        "max_value": _("At most %(limit_value)s points for this criterion."),
                        "min_value": _("A score cannot be negative."),
                    },
                )
                names.append(name)
            self.rows.append((entry, [self[name] for name in names]))

    def sheets(self):
        """(entry, {criterion pk: score}) for every entry."""
        for entry in self.entries:
            yield entry, {c.pk: self.cleaned_data.get(f"s_{entry.pk}_{c.pk}") for c in self.criteria}


class DecideForm(StyledFormMixin, forms.Form):
    decision = forms.ModelChoiceField(
        label=_("Decision recognising the results"), queryset=Document.objects.none()
    )
    confirm = forms.BooleanField(
        label=_(
            "I confirm: the certificates are issued and written on the products' records; this cannot be undone."
        ),
    )

    def __init__(self, *args, user, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        self.fields["decision"].queryset = (
            Document.objects.visible_to(user).filter(issued_on__gte=contest.held_on).order_by("-issued_on")
        )
