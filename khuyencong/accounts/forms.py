from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khuyencong.formstyle import StyledFormMixin
from khuyencong.geo.models import AdminUnit
from khuyencong.geo.picker import UnitPickerWidget

from . import throttle
from .models import RoleAssignment, User
from .permissions import Can, ScopeLevel
from .scopes import Scope


class ThrottledLoginForm(StyledFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "locked": _(
            "Too many failed logins. Wait %(minutes)s minutes and try again, or reset your password."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request) if self.request else None
        if throttle.is_locked(username, address):
            raise ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_THROTTLE_WINDOW_SECONDS // 60},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.note_failure(username, address)
            raise
        throttle.clear(username)
        return cleaned


class InviteForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

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
        if not scope.is_national(Can.MANAGE_USERS):
            # Only the levels this administrator may hand out are offered.
            self.fields["scope_level"].choices = [
                (value, label)
                for value, label in self.fields["scope_level"].choices
                if value != ScopeLevel.NATIONAL
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
