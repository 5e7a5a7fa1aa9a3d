from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.concurrency import VersionedFormMixin
from khuyencong.formstyle import StyledFormMixin
from khuyencong.geo.models import AdminUnit
from khuyencong.geo.picker import UnitChoiceField
from khuyencong.uploads import check_photo

from .models import (
    ActivityType,
    Certification,
    CraftVillage,
    Establishment,
    Need,
    Product,
    normalise_tax_code,
)


class EstablishmentForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    commune = UnitChoiceField(level="commune", label=_("Commune"))
    confirm_duplicate = forms.BooleanField(
        required=False,
        label=_("Yes, this is a different establishment with the same name in this commune"),
    )

    class Meta:
        model = Establishment
        fields = [
            "name",
            "legal_form",
            "tax_code",
            "representative",
            "phone",
            "email",
            "address",
            "commune",
            "trade",
            "vsic_code",
            "craft_village",
            "main_products",
            "workers",
            "year_founded",
        ]

    def __init__(self, *args, communes=None, villages=None, province=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if communes is not None:
            self.fields["commune"].queryset = communes
        self.fields["commune"].widget.province = province
        self.fields["craft_village"].queryset = (
            villages if villages is not None else CraftVillage.objects.none()
        )
        self.duplicates = Establishment.objects.none()
        if not self.data.get("confirm_duplicate"):  # shown only when a same-name record is found
            self.fields["confirm_duplicate"].widget = forms.HiddenInput()

    def clean_tax_code(self):
        value = normalise_tax_code(self.cleaned_data.get("tax_code"))
        if not value:
            return None
        existing = Establishment.objects.filter(tax_code=value).exclude(pk=self.instance.pk).first()
        if existing and Scope.of(self.user).can_at(Can.READ_REGISTRY, existing.place()):
            self.existing_with_tax_code = existing
            raise ValidationError(
                _("Tax code %(code)s is already registered to “%(name)s” (no. %(pk)s)."),
                code="duplicate_tax_code",
                params={"code": value, "name": existing.name, "pk": existing.pk},
            )
        if existing:
            # Registered where this user may not look: say no more than that it is taken.
            raise ValidationError(
                _(
                    "This tax code is already registered to an establishment outside your area; "
                    "ask the Centre of its province."
                ),
                code="duplicate_tax_code",
            )
        return value

    def clean_year_founded(self):
        year = self.cleaned_data.get("year_founded")
        if year is not None and not 1800 <= year <= 2100:
            raise ValidationError(_("Year founded must be between 1800 and 2100."))
        return year

    def clean(self):
        cleaned = super().clean()
        name, commune = cleaned.get("name"), cleaned.get("commune")
        if name and commune:
            probe = Establishment(name=name, commune=commune, pk=self.instance.pk)
            self.duplicates = probe.same_name_in_commune()[:5]
            if self.duplicates and not cleaned.get("confirm_duplicate"):
                self.fields["confirm_duplicate"].widget = forms.CheckboxInput(
                    attrs={"class": "form-check-input"}
                )
                self.add_error(
                    "confirm_duplicate",
                    _(
                        "An establishment with this name is already registered in this commune. "
                        "Open it below, or tick the box to register another one."
                    ),
                )
        return cleaned


class CraftVillageForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    commune = UnitChoiceField(level="commune", label=_("Commune"))

    class Meta:
        model = CraftVillage
        fields = [
            "name",
            "commune",
            "craft",
            "recognition_number",
            "recognition_date",
            "households",
            "workers",
        ]
        widgets = {"recognition_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, communes=None, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.fields["commune"].queryset = communes
        self.fields["commune"].widget.province = province


class ProductForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    photo = forms.ImageField(
        label=_("Photo"), required=False, help_text=_("JPEG, PNG or WebP, at most 5 MB.")
    )

    class Meta:
        model = Product
        fields = ["name", "group", "description"]

    def clean_photo(self):
        return check_photo(self.cleaned_data.get("photo"))


class CertificationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["kind", "year", "stars", "decision_number"]


class NeedForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Need
        fields = ["activity_type", "description", "estimated_cost", "collected_by"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_type"].queryset = ActivityType.in_force()


class ContactNeedForm(NeedForm):
    """A need of someone not in the registry yet: who, where, and how to reach them."""

    commune = UnitChoiceField(level="commune", label=_("Commune"))

    class Meta(NeedForm.Meta):
        fields = ["contact_name", "contact_phone", "commune", *NeedForm.Meta.fields]

    def __init__(self, *args, communes=None, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].required = True
        self.fields["contact_phone"].required = True
        if communes is not None:
            self.fields["commune"].queryset = communes
        self.fields["commune"].widget.province = province


class DeclineForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


def check_workbook_upload(upload):
    """What a request may learn of an uploaded workbook without opening it: its name, size and first
    bytes. The rest is measured by the task worker (registry/workbook.py, docs/adr/0011-hostile-files.md)."""
    if not upload.name.lower().endswith(".xlsx"):
        raise ValidationError(_("Only .xlsx workbooks can be imported."))
    if upload.size > settings.MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is larger than 50 MB."))
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        raise ValidationError(_("This file is not an Excel workbook (.xlsx)."))
    return upload


class ImportUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx)"), help_text=_("An Excel workbook, at most 50 MB."))
    province = forms.ModelChoiceField(
        queryset=AdminUnit.objects.none(),
        required=False,
        label=_("Province of the list"),
        help_text=_("Rows that name no province are placed in it."),
        empty_label=_("Read from the list"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A user of one province imports into it (docs/permissions.md); one who reaches several,
        # or the whole country, says which province the list belongs to.
        ids = Scope.of(user).province_ids(Can.MANAGE_REGISTRY)
        if ids is not None and len(ids) <= 1:
            del self.fields["province"]
            self.fixed_province = AdminUnit.objects.filter(pk__in=ids).first() if ids else None
        else:
            provinces = AdminUnit.objects.current().provinces().order_by("name")
            self.fields["province"].queryset = provinces if ids is None else provinces.filter(pk__in=ids)
            self.fields["province"].label_from_instance = AdminUnit.label
            self.fixed_province = None

    @property
    def default_province(self):
        """The province of rows without one: the user's own, or the one chosen."""
        if "province" in self.fields:
            return self.cleaned_data.get("province")
        return self.fixed_province

    def clean_file(self):
        return check_workbook_upload(self.cleaned_data["file"])
