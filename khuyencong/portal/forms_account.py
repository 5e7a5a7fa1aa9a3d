"""The forms of sign-up and of claiming an establishment (docs/self-service.md, "Sign-up and claim")."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import User
from khuyencong.formstyle import StyledFormMixin
from khuyencong.geo.picker import UnitChoiceField
from khuyencong.phones import normalise_phone

from .claims import Claim
from .signup import parse_contact


class SignupForm(StyledFormMixin, forms.Form):
    contact = forms.CharField(
        label=_("Your mobile number or email"),
        max_length=254,
        help_text=_("We send you a 6-digit code there. For example 0912 345 678."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )

    def clean_contact(self):
        channel, address = parse_contact(self.cleaned_data["contact"])
        self.channel, self.address = channel, address
        return address


class VerifyForm(StyledFormMixin, forms.Form):
    code = forms.RegexField(
        label=_("The 6-digit code"),
        regex=r"^\s*[0-9]{6}\s*$",
        error_messages={"invalid": _("The code has 6 digits; type it as you received it.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("The password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, address: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.address = address

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ; type the same one twice."))
        if first:
            probe = User(username=self.address, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(first, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class FindForm(StyledFormMixin, forms.Form):
    """Find one's establishment: by tax code, or by name in a commune."""

    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        required=False,
        help_text=_("The 10 digits of the business's tax code."),
    )
    name = forms.CharField(label=_("Name of the establishment"), max_length=120, required=False)
    commune = UnitChoiceField(level="commune", generation="current", label=_("Commune"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("tax_code") and not (cleaned.get("name") and cleaned.get("commune")):
            raise ValidationError(_("Type the tax code, or the name and the commune."))
        return cleaned


class ClaimNoteForm(StyledFormMixin, forms.Form):
    establishment = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("A word for the officer who checks (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: I am the owner; my phone number is on the business licence."),
    )


class NewEstablishmentForm(StyledFormMixin, forms.ModelForm):
    commune = UnitChoiceField(level="commune", generation="current", label=_("Commune"))

    class Meta:
        model = Claim
        fields = ["name", "legal_form", "commune", "address", "trade", "phone", "note"]
        labels = {
            "name": _("Name of your establishment"),
            "legal_form": _("What kind of business it is"),
            "trade": _("What you make or do"),
            "note": _("A word for the officer who checks (optional)"),
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "legal_form", "trade"):
            self.fields[name].required = True

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        return normalise_phone(value) if value.strip() else ""


class DecideForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (required to decline; the person is told)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
