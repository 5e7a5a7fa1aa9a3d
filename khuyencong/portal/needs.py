"""Needs in plain words: what an establishment may ask for, mapped onto the dated activity types.

The mapping is data keyed by the activity type's code (registry/legal_data.py, Decree 45/2012/NĐ-CP
Art. 4 and Decree 235/2025/NĐ-CP): a choice is offered only while a type of its code is in force, so a
change of the law changes the list without a change here (docs/self-service.md).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.permissions import Can, ScopeLevel
from khuyencong.accounts.scopes import Scope
from khuyencong.formfields import TrieuField
from khuyencong.formstyle import CHOOSE, ChoiceButtons
from khuyencong.phones import phone_or_none
from khuyencong.registry.models import ActivityType, Establishment, Need
from khuyencong.registry.scoping import need_collector

# (key, plain words, activity type code)
PLAIN_HELP = [
    ("training", _("Training and teaching the trade to workers"), "1"),
    ("management", _("Learning to run the business and sell online"), "2"),
    ("machines", _("New machines and equipment"), "3"),
    ("fairs", _("Showing products at fairs, building a brand"), "4"),
    ("advice", _("Advice on designs, packaging, loans or markets"), "5"),
    ("cleaner", _("Working together with others, treating pollution"), "7"),
    ("digital", _("Going digital, cleaner production"), "10"),
]

# Plain words for a need's status on the establishment's own pages.
PLAIN_STATUS = {
    Need.Status.NEW: _("Sent: waiting for the Centre to look at it"),
    Need.Status.REVIEWED: _("The Centre has looked at it"),
    Need.Status.INCLUDED: _("The Centre has taken it up and is preparing the support"),
    Need.Status.CLOSED: _("Done"),
    Need.Status.DECLINED: _("The Centre cannot help with this for now"),
}


def plain_help_of(activity_type) -> str:
    """The plain words of PLAIN_HELP for an activity type (by its code), else its own name."""
    if activity_type is None:
        return ""
    return next(
        (str(label) for _k, label, code in PLAIN_HELP if code == activity_type.code), activity_type.name
    )


def help_choices(on=None) -> list[tuple[str, str]]:
    codes = set(ActivityType.in_force(on).values_list("code", flat=True))
    return [(key, label) for key, label, code in PLAIN_HELP if code in codes]


def activity_type_of(key: str, on=None) -> ActivityType | None:
    code = next((code for k, _label, code in PLAIN_HELP if k == key), None)
    return ActivityType.in_force(on).filter(code=code).order_by("-effective_from").first()


def own_establishment_ids(user) -> set[int]:
    return Scope.of(user).ids(Can.EDIT_REGISTRY, ScopeLevel.ESTABLISHMENT)


class PlainNeedForm(forms.Form):
    # Drawn as the site's other choices (formstyle.ChoiceButtons): the browser's bare radio buttons were
    # small to tap on a phone.
    help = forms.ChoiceField(
        label=_("What help do you need?"), widget=ChoiceButtons(attrs={"class": "form-check-input"})
    )
    why = forms.CharField(
        label=_("Why, and what for?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("A few words are enough."),
    )
    cost = TrieuField(
        label=_("Rough cost (triệu đồng)"),
        required=False,
        help_text=_("A guess is fine, e.g. 150 or 1,5 tỷ. Leave empty if you do not know."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["help"].choices = help_choices()
        scope = Scope.of(user)
        own = own_establishment_ids(user)
        self.own_establishment = None
        if own and len(own) == 1:
            self.own_establishment = Establishment.objects.filter(pk__in=own).first()
        elif own:
            self.fields["establishment"] = forms.ModelChoiceField(
                label=_("For which establishment?"),
                queryset=Establishment.objects.filter(pk__in=own),
                empty_label=CHOOSE,
            )
        if not own:
            # Someone filing on an establishment's behalf: one of their communes, or someone not
            # registered yet, reached by name and phone.
            self.fields["establishment"] = forms.ModelChoiceField(
                label=_("Establishment"),
                required=False,
                queryset=Establishment.objects.visible_to(user, Can.EDIT_REGISTRY).order_by("name"),
                # Django's own empty choice is English ("- Select an option -"): every select of the
                # portal offers the Vietnamese one (formstyle.CHOOSE).
                empty_label=CHOOSE,
                help_text=_("Or, for someone not registered, give a name and phone below."),
            )
            self.fields["contact_name"] = forms.CharField(
                label=_("Contact name"), max_length=150, required=False
            )
            self.fields["contact_phone"] = forms.CharField(
                label=_("Contact phone"), max_length=30, required=False
            )
            self.fields["commune"] = forms.ModelChoiceField(
                label=_("Commune"),
                required=False,
                queryset=scope.communes(Can.EDIT_REGISTRY).filter(generation="current").order_by("name"),
                empty_label=CHOOSE,
            )
        for field in self.fields.values():
            if not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.setdefault(
                    "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                )

    def clean_contact_phone(self):
        # A mobile number written any way is kept as sign-up keeps it (0XXXXXXXXX); a landline as typed.
        value = self.cleaned_data.get("contact_phone", "")
        return phone_or_none(value) or value

    def clean(self):
        data = super().clean()
        if "contact_name" in self.fields and not data.get("establishment"):
            if not (data.get("contact_name") and data.get("contact_phone")):
                raise ValidationError(
                    _("Choose an establishment, or give the contact name and phone of who needs it.")
                )
            if not data.get("commune"):
                communes = self.fields["commune"].queryset
                if communes.count() != 1:
                    self.add_error("commune", _("Choose the commune."))
                else:
                    data["commune"] = communes.first()
        return data

    def build(self) -> Need:
        data = self.cleaned_data
        establishment = self.own_establishment or data.get("establishment")
        need = Need(
            establishment=establishment,
            activity_type=activity_type_of(data["help"]),
            description=data["why"],
            estimated_cost=data.get("cost"),
            collected_by=need_collector(self.user, establishment),
            created_by=self.user,
        )
        if establishment:
            need.commune = establishment.commune
        else:
            need.contact_name, need.contact_phone = data["contact_name"], data["contact_phone"]
            need.commune = data["commune"]
        return need
