import math

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from khuyencong.formstyle import StyledFormMixin
from khuyencong.geo.models import AdminUnit
from khuyencong.geo.picker import UnitPickerWidget
from khuyencong.phones import phone_or_none

from . import throttle
from .models import RoleAssignment, User
from .permissions import ROLE_LEVELS, Can, ScopeLevel
from .scopes import Scope


class ThrottledLoginForm(StyledFormMixin, auth_forms.AuthenticationForm):
    """The login form, throttled by user name and address with growing delays (`throttle.py`).

    Inside a delay the password is not checked at all, so the answer says nothing about it.
    """

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        # Django's words name "user name" and letter case: people who signed up with a phone have neither.
        "invalid_login": _(
            "No account matches this phone number, email or user name with this password. Check both, "
            "or use “Forgot your password?” below."
        ),
        "throttled": _("Too many failed logins. Wait %(wait)s and try again, or reset your password."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Household owners sign up with a phone number or an email (portal/signup.py).
        self.fields["username"].label = _("Phone number, email or user name")

    def clean_username(self):
        # An account made at sign-up by phone is named by its number as 0XXXXXXXXX; whoever types it
        # another way sign-up accepts ("0912 345 678", "+84 912 345 678") means that account. The
        # throttle then counts every spelling as one name.
        username = self.cleaned_data.get("username")
        number = phone_or_none(username)
        if number is None or User.objects.filter(username=username).exists():
            return username
        if User.objects.filter(username=number).exists():
            return number
        # An account with another user name but this number: sign-up tells its owner to sign in
        # with the number (portal/signup.py), so the number names it when it is the only one.
        holders = list(User.objects.filter(phone=number).values_list("username", flat=True)[:2])
        return holders[0] if len(holders) == 1 else number

    def clean(self):
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # nothing to check: the required fields say what is missing
        refusal = []

        def check() -> bool:
            try:
                super(ThrottledLoginForm, self).clean()
            except ValidationError as exc:
                refusal.append(exc)
                return False
            return True

        try:
            signed_in = throttle.attempt(self.request, username, check)
        except throttle.Throttled as exc:
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"wait": wait_text(exc.seconds), "seconds": exc.seconds},
            ) from None
        if not signed_in:
            raise refusal[0]
        return self.cleaned_data


def wait_text(seconds: int) -> str:
    """The wait in seconds under a minute ("12 seconds"), else in whole minutes rounded up."""
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


class InviteForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_phone(self):
        """A mobile number is kept as 0XXXXXXXXX, as sign-up keeps it, so that signing in by number
        finds it however it was typed here; a landline stays as typed."""
        typed = self.cleaned_data.get("phone", "").strip()
        return phone_or_none(typed) or typed

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("A user with this email already exists."))
        return email


class RoleAssignmentForm(StyledFormMixin, forms.ModelForm):
    """A role in a scope, granted by an administrator who may reach that scope (`Scope.may_grant`)."""

    unit = forms.ModelChoiceField(
        queryset=AdminUnit.objects.current(),
        required=False,
        label=_("Province or commune"),
        widget=UnitPickerWidget(level="", generation="current"),
        help_text=_("For a province or commune scope: type its name and pick it."),
    )

    class Meta:
        model = RoleAssignment
        fields = ["role", "scope_level", "unit", "establishment"]
        widgets = {"establishment": forms.NumberInput(attrs={"min": 1})}
        help_texts = {"establishment": _("For an establishment representative: the establishment's number.")}
        error_messages = {
            "establishment": {
                "invalid_choice": _("There is no establishment with this number in your area."),
            }
        }

    def __init__(self, *args, granted_by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.granted_by = granted_by
        scope = Scope.of(granted_by)
        self.fields["unit"].widget.province = scope.home_province_id(Can.MANAGE_USERS)
        self.fields["unit"].widget.level_from = self["scope_level"].auto_id
        if not scope.is_national(Can.MANAGE_USERS):
            # Only what this administrator may hand out is offered: no national scope, and no role
            # that is held only nationally (the Ministry's).
            grantable = {level for level in ScopeLevel if level != ScopeLevel.NATIONAL}
            self.fields["scope_level"].choices = [
                (value, label) for value, label in self.fields["scope_level"].choices if value in grantable
            ]
            self.fields["role"].choices = [
                (value, label)
                for value, label in self.fields["role"].choices
                if not value or ROLE_LEVELS[value] & grantable
            ]

    def _post_clean(self):
        super()._post_clean()
        assignment = self.instance
        if self.errors or not assignment.scope_level:
            return
        if not Scope.of(self.granted_by).may_grant(assignment.scope_level, assignment.place()):
            field = "establishment" if assignment.scope_level == ScopeLevel.ESTABLISHMENT else "unit"
            if assignment.scope_level == ScopeLevel.NATIONAL:
                field = "scope_level"
            self.add_error(
                field,
                ValidationError(
                    _("You can grant roles only inside your own scope, at its level or below."),
                    code="outside_scope",
                ),
            )
