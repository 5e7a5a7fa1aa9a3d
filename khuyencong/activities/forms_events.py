"""Forms of the events: the event, its results and cancelling, the board, tenders, participants,
exhibitors and booths. Decisions are picked from the documents the user may see; establishments
from those the user may see; communes anywhere (a fair draws exhibitors from every province)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.concurrency import VersionedFormMixin
from khuyencong.documents.models import Document
from khuyencong.formfields import DayField, DongField
from khuyencong.formstyle import StyledFormMixin
from khuyencong.geo.models import AdminUnit
from khuyencong.geo.picker import UnitChoiceField
from khuyencong.registry.models import Establishment
from khuyencong.registry.picker import EstablishmentChoiceField

from .models import BoardMember, Booth, Event, Exhibitor, OrganisingBoard, Participant, TenderPackage


def _documents(user):
    return Document.objects.visible_to(user).order_by("-issued_on", "-number")


def _communes():
    return AdminUnit.objects.filter(level="commune")


class EventPartForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """A form of an event or of one of its parts: `user` names what its choices may offer."""

    document_fields: tuple = ()

    def __init__(self, *args, user=None, event=None, **kwargs):
        self.user, self.event = user, event
        super().__init__(*args, **kwargs)
        for name in self.document_fields:
            self.fields[name].queryset = _documents(user)
        if "establishment" in self.fields:
            self.fields["establishment"].queryset = Establishment.objects.visible_to(user).order_by("name")
        if "commune" in self.fields:
            self.fields["commune"].queryset = _communes()


class EventForm(EventPartForm):
    venue_commune = UnitChoiceField(level="commune", label=_("Commune of the venue"), required=False)
    start_on = DayField(label=_("Start"))
    end_on = DayField(label=_("End"))
    document_fields = ("notice",)

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "organiser",
            "venue",
            "venue_commune",
            "start_on",
            "end_on",
            "agenda",
            "notice",
            "note",
        ]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 4}), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue_commune"].queryset = _communes()


class EventResultsForm(StyledFormMixin, forms.Form):
    visitors = forms.IntegerField(label=_("Visitors"), required=False, min_value=0, max_value=10**8)
    sales = DongField(label=_("Sales reported (đồng)"), required=False)

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        if event is not None and not event.has_booths:
            del self.fields["sales"]


class EventCancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class BoardForm(EventPartForm):
    document_fields = ("decision",)

    class Meta:
        model = OrganisingBoard
        fields = ["decision"]


class BoardMemberForm(EventPartForm):
    class Meta:
        model = BoardMember
        fields = ["name", "position", "role"]


class TenderForm(EventPartForm):
    estimate_value = DongField(label=_("Estimate (đồng)"), required=False)
    contract_value = DongField(label=_("Contract value (đồng)"), required=False)
    contract_date = DayField(label=_("Contract date"), required=False)
    document_fields = ("estimate_decision", "selection_plan_decision")

    class Meta:
        model = TenderPackage
        fields = [
            "name",
            "estimate_decision",
            "estimate_value",
            "selection_plan_decision",
            "selection_method",
            "contractor",
            "contract_value",
            "contract_date",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class ParticipantForm(EventPartForm):
    """The registration form: who comes, for whom, from where."""

    establishment = EstablishmentChoiceField(label=_("Establishment"), required=False)
    commune = UnitChoiceField(level="commune", label=_("Commune"), required=False)
    registered_on = DayField(label=_("Registered on"))

    class Meta:
        model = Participant
        fields = ["person_name", "organisation", "establishment", "commune", "registered_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["registered_on"].initial = timezone.localdate()


class ExhibitorForm(EventPartForm):
    establishment = EstablishmentChoiceField(
        label=_("Establishment"),
        required=False,
        help_text=_("Pick it from the registry; otherwise type the exhibitor's name below."),
    )
    commune = UnitChoiceField(level="commune", label=_("Commune"), required=False)

    class Meta:
        model = Exhibitor
        fields = ["establishment", "name", "commune", "products"]
        widgets = {"products": forms.Textarea(attrs={"rows": 3})}

    def clean_establishment(self):
        establishment = self.cleaned_data.get("establishment")
        if establishment is not None and self.event is not None:
            listed = self.event.exhibitors.filter(establishment=establishment).exclude(pk=self.instance.pk)
            if listed.exists():
                raise forms.ValidationError(_("This establishment is already an exhibitor of the event."))
        return establishment


class BoothForm(EventPartForm):
    rent = DongField(label=_("Rent (đồng)"))

    class Meta:
        model = Booth
        fields = ["exhibitor", "number", "standard", "size_m2", "rent", "paid_by"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exhibitor"].queryset = (
            self.event.exhibitors.order_by("name") if self.event else Exhibitor.objects.none()
        )

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        clash = Booth.objects.filter(event=self.event, number__iexact=number).exclude(pk=self.instance.pk)
        if self.event is not None and clash.exists():
            raise forms.ValidationError(
                _("Booth %(number)s is already listed at this event."), params={"number": number}
            )
        return number
