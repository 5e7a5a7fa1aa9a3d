"""GET filters of the registry lists; the same filter feeds the page and its export."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.permissions import Can, ScopeLevel
from khuyencong.accounts.scopes import Scope
from khuyencong.formstyle import StyledFormMixin
from khuyencong.geo.models import AdminUnit
from khuyencong.geo.picker import UnitChoiceField
from khuyencong.ids import record_id
from khuyencong.vntext import fold, sort_key

from .models import CraftVillage, Establishment, Need

YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]
# A craft-village list longer than this is offered only once a province narrows it.
VILLAGE_CHOICES_MAX = 300


def province_choices(user=None) -> list[tuple[str, str]]:
    """Today's provinces where the user reads the registry (those of their communes and establishments
    too), in Vietnamese alphabetical order; every province without a user (the admin's list)."""
    provinces = AdminUnit.objects.current().provinces()
    if user is not None:
        scope = Scope.of(user)
        wide = scope.provinces(Can.READ_REGISTRY).current()
        if not scope.is_national(Can.READ_REGISTRY):
            communes = scope.ids(Can.READ_REGISTRY, ScopeLevel.COMMUNE)
            establishments = scope.ids(Can.READ_REGISTRY, ScopeLevel.ESTABLISHMENT)
            provinces = provinces.filter(
                Q(pk__in=wide.values("pk"))
                | Q(pk__in=AdminUnit.objects.filter(pk__in=communes).values("province_id"))
                | Q(
                    pk__in=Establishment.objects.filter(pk__in=establishments).values(
                        "current_commune__province_id"
                    )
                )
            )
    rows = sorted(provinces.values_list("id", "name"), key=lambda row: sort_key(row[1]))
    return [("", _("All")), *((str(pk), name) for pk, name in rows)]


class EstablishmentFilter(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    province = forms.TypedChoiceField(
        label=_("Province"), required=False, coerce=int
    )  # choices set in __init__, read once per request: a callable here is read again at every iteration
    commune = UnitChoiceField(level="commune", generation="current", label=_("Commune"), required=False)
    legal_form = forms.ChoiceField(
        label=_("Legal form"), required=False, choices=[("", _("All")), *Establishment.LegalForm.choices]
    )
    trade = forms.CharField(label=_("Trade"), required=False, max_length=100)
    craft_village = forms.TypedChoiceField(label=_("Craft village"), required=False, coerce=int)
    has_needs = forms.ChoiceField(label=_("Has needs"), required=False, choices=YES_NO)

    def __init__(self, *args, villages=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["province"].choices = province_choices(user)
        villages = villages if villages is not None else CraftVillage.objects.none()
        province = record_id(self.data.get("province")) if self.is_bound else None
        if province is not None:
            villages = villages.filter(province_id=province)
        options = list(villages.order_by("name").values_list("id", "name")[: VILLAGE_CHOICES_MAX + 1])
        if len(options) > VILLAGE_CHOICES_MAX:
            self.fields["craft_village"].choices = [("", _("Choose a province first"))]
        else:
            self.fields["craft_village"].choices = [
                ("", _("All")),
                *((str(pk), name) for pk, name in options),
            ]

    def apply(self, queryset):
        """Filter the queryset by the valid fields; invalid input is ignored, never an error page."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("q"):
            queryset = queryset.search(data["q"], self.user)
        if data.get("province"):
            queryset = queryset.filter(province_id=data["province"])
        if data.get("commune"):
            queryset = queryset.filter(current_commune=data["commune"])
        if data.get("legal_form"):
            queryset = queryset.filter(legal_form=data["legal_form"])
        for word in fold(data.get("trade")).split()[:5]:
            queryset = queryset.filter(search_key__contains=word)
        if data.get("craft_village"):
            queryset = queryset.filter(craft_village_id=data["craft_village"])
        if data.get("has_needs") in ("yes", "no"):
            has = Exists(Need.objects.filter(establishment=OuterRef("pk")))
            queryset = queryset.filter(has if data["has_needs"] == "yes" else ~has)
        return queryset


class VillageFilter(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def apply(self, queryset):
        data = self.cleaned_data if self.is_valid() else {}
        for word in fold(data.get("q")).split()[:8]:
            queryset = queryset.filter(search_key__contains=word)
        return queryset


class NeedFilter(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Need.Status.choices]
    )

    def apply(self, queryset):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        return queryset
