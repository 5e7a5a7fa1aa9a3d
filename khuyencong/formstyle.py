"""Bootstrap classes for Django form widgets, so templates render fields with
`{{ field.as_field_group }}` and keep Django's labels, help text ids and aria attributes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .formfields import CountField, DayField, bound_day

CHOOSE = _("— choose —")


class UnstyledWrapper:
    """Options whose inputs carry the widget's class and whose wrapper does not: Django gives the
    wrapper the widget's class too, and a wrapper styled as a check input is drawn as a tiny box with
    the choices spilling out of it over the next field."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)  # the options' attributes are copied by now
        context["widget"]["attrs"] = {k: v for k, v in context["widget"]["attrs"].items() if k != "class"}
        return context


class ChoiceButtons(UnstyledWrapper, forms.RadioSelect):
    """Radio buttons, one choice of several."""


class CheckList(UnstyledWrapper, forms.CheckboxSelectMultiple):
    """Check boxes, any of several (a contest entry's conditions)."""


class StyledFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in list(self.fields.items()):
            # A count typed "12.000" is twelve thousand here (formfields.CountField); hidden ones stay.
            if type(field) is forms.IntegerField and type(field.widget) is forms.NumberInput:
                field = self.fields[name] = CountField.replacing(field)
            if isinstance(field, forms.DateField) and not isinstance(field, DayField):
                bound_day(field)
            wrapped = {forms.RadioSelect: ChoiceButtons, forms.CheckboxSelectMultiple: CheckList}
            if type(field.widget) in wrapped:
                field.widget = wrapped[type(field.widget)](
                    attrs=field.widget.attrs, choices=field.widget.choices
                )
            widget = field.widget
            # Radio buttons and check boxes of a choice are check inputs too: "form-control" drew them
            # as empty text boxes (the appraisal's conclusion).
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            if isinstance(field, forms.ModelChoiceField) and str(field.empty_label or "").startswith("-"):
                field.empty_label = CHOOSE
            elif isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and field.choices:
                choices = list(field.choices)
                if choices and choices[0][0] == "" and str(choices[0][1]).startswith("-"):
                    field.choices = [("", CHOOSE), *choices[1:]]
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{existing} {css}".strip()
