"""Forms of the training screens: a course, a session, a trainee, a trainee's result, attendance."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.concurrency import VersionedFormMixin
from khuyencong.formfields import DayField
from khuyencong.formstyle import StyledFormMixin
from khuyencong.geo.models import REFORM_DATE
from khuyencong.geo.picker import UnitChoiceField
from khuyencong.registry.picker import EstablishmentChoiceField
from khuyencong.vntext import fold

from .models import Course, CourseSession, Trainee


class CourseForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    start_on = DayField(label=_("Start"))
    end_on = DayField(label=_("End"))
    venue_commune = UnitChoiceField(level="commune", label=_("Commune of the venue"), required=False)
    planned_trainees = forms.IntegerField(
        label=_("Planned trainees"),
        min_value=1,
        max_value=10_000,
        error_messages={
            "min_value": _("A course plans at least one trainee."),
            "max_value": _("At most 10,000 trainees can be planned for one course."),
        },
    )

    class Meta:
        model = Course
        fields = [
            "title",
            "trade",
            "venue",
            "venue_commune",
            "start_on",
            "end_on",
            "teachers",
            "planned_trainees",
        ]
        widgets = {"teachers": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, communes=None, province_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The venue is a commune where the user runs projects (their scope), of either generation:
        # a course of before 1/7/2025 names the commune of its day (checked in clean).
        self.fields["venue_commune"].queryset = communes
        self.fields["venue_commune"].widget.province = province_id

    def clean(self):
        data = super().clean()
        start, end, commune = data.get("start_on"), data.get("end_on"), data.get("venue_commune")
        # An end before the start is refused by Course.clean, on the end's field.
        if commune is not None and start and start >= REFORM_DATE and commune.is_legacy:
            self.add_error(
                "venue_commune",
                _(
                    "A course from 1/7/2025 takes place in one of today's communes: choose the commune it became."
                ),
            )
        if self.instance.pk and start and end and end >= start:
            outside = self.instance.sessions.exclude(held_on__range=(start, end)).order_by("held_on").first()
            if outside is not None:
                self.add_error(
                    None,
                    _("The session of %(day)s would fall outside the new dates: change or delete it first.")
                    % {"day": f"{outside.held_on:%d/%m/%Y}"},
                )
        return data


class SessionForm(StyledFormMixin, forms.ModelForm):
    held_on = DayField(label=_("Date"))

    class Meta:
        model = CourseSession
        fields = ["held_on", "topic", "hours"]

    def clean(self):
        data = super().clean()
        day = data.get("held_on")
        if day and self.instance.course.sessions.filter(held_on=day, topic=data.get("topic") or "").exists():
            self.add_error("held_on", _("This course already has a session on this day with this topic."))
        return data


class TraineeForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    commune = UnitChoiceField(level="commune", label=_("Commune of residence"), required=False)
    establishment = EstablishmentChoiceField(
        label=_("Establishment"),
        required=False,
        help_text=_("Where the trainee works or will work, if known."),
    )

    class Meta:
        model = Trainee
        fields = ["full_name", "sex", "birth_year", "ethnicity", "commune", "establishment"]

    def __init__(self, *args, communes=None, establishments=None, province_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["commune"].widget.province = province_id
        self.fields["establishment"].queryset = establishments
        self.fields["establishment"].widget.scope = "read"

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not fold(name):
            raise forms.ValidationError(_("Type the trainee's full name."))
        return name

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("The year of birth is in the future."))
        return year

    def clean(self):
        data = super().clean()
        name, year = data.get("full_name"), data.get("birth_year")
        if name and year:
            same = self.instance.course.trainees.filter(name_key=fold(name), birth_year=year)
            if self.instance.pk:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error(
                    "full_name",
                    _("%(name)s, born %(year)s, is already a trainee of this course.")
                    % {"name": name, "year": year},
                )
        return data


class ResultForm(StyledFormMixin, forms.Form):
    """One trainee's row of the results sheet."""

    completed = forms.BooleanField(label=_("Completed"), required=False)
    certificate_number = forms.CharField(label=_("Certificate number"), required=False, max_length=50)
    employed = forms.BooleanField(label=_("Employed after training"), required=False)
    employed_at = forms.CharField(label=_("Employed at"), required=False, max_length=250)

    def clean(self):
        data = super().clean()
        completed = data.get("completed")
        data["certificate_number"] = (data.get("certificate_number") or "").strip()
        data["employed_at"] = (data.get("employed_at") or "").strip()
        if data["certificate_number"] and not completed:
            self.add_error(
                "certificate_number",
                _(
                    "A certificate is given only to a trainee who completed the course: tick “Completed” or clear the number."
                ),
            )
        if data.get("employed") and not completed:
            self.add_error(
                "employed",
                _("Only a trainee who completed the course is counted as employed after it."),
            )
        if data["employed_at"] and not data.get("employed"):
            self.add_error("employed_at", _("Say where only for a trainee employed after the training."))
        return data

    def changed_from(self, trainee: Trainee) -> bool:
        data = self.cleaned_data
        return (
            data["completed"] != trainee.completed
            or data["certificate_number"] != trainee.certificate_number
            or data["employed"] != trainee.employed_after_training
            or data["employed_at"] != trainee.employed_at
        )


class AttendanceForm(forms.Form):
    """Who was present at a session: a box per trainee of the course, ticked for present."""

    present = forms.TypedMultipleChoiceField(
        label=_("Present"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, trainees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(pk, name) for pk, name, *_rest in trainees]
