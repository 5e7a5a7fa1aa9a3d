"""Forms of the project screens. Step forms know which model step they drive (`perform`)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from khuyencong.documents.models import Document
from khuyencong.formfields import DayField, DongField
from khuyencong.formstyle import StyledFormMixin
from khuyencong.geo.picker import UnitChoiceField, UnitSelectField
from khuyencong.plans.models import AppraisalCriterion, Batch, SupportRule
from khuyencong.plans.room import Why, openings_for
from khuyencong.registry.models import ActivityType
from khuyencong.registry.picker import (
    EstablishmentChoiceField,
    EstablishmentMultipleChoiceField,
    EstablishmentReadMultiPickerWidget,
)
from khuyencong.uploads import PAPER_KINDS, check_document, check_photo
from khuyencong.vnformat import dong

from .models import (
    STEPS,
    Acceptance,
    Appraisal,
    DossierItem,
    Milestone,
    MonitoringVisit,
    Payment,
    ProgressReport,
    Project,
    ProjectVersion,
)
from .outputs import recorded_outputs_of
from .waiting import WAITING, waiting


class ProjectForm(StyledFormMixin, forms.ModelForm):
    commune = UnitChoiceField(level="commune", label=_("Commune"), required=False)
    applicant = EstablishmentChoiceField(label=_("Applicant establishment"), required=False)
    other_beneficiaries = EstablishmentMultipleChoiceField(
        label=_("Other beneficiary establishments"),
        required=False,
        help_text=_(
            "Establishments that also benefit, e.g. the households of a group; the applicant is one already."
        ),
    )
    support_item = forms.ChoiceField(label=_("Support item"), required=False)
    support_amount = DongField(label=_("Khuyến công support (đồng)"))
    counterpart_amount = DongField(label=_("Counterpart (đồng)"))
    total_amount = DongField(label=_("Total cost (đồng)"))
    start_on = DayField(label=_("Start"), required=False)
    end_on = DayField(label=_("End"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "title",
            "activity_type",
            "support_item",
            "source",
            "year",
            "province",
            "commune",
            "implementing_unit",
            "applicant",
            "beneficiaries_later",
            "description",
            "start_on",
            "end_on",
            "support_amount",
            "counterpart_amount",
            "total_amount",
        ]
        field_classes = {"province": UnitSelectField}  # the two "Tỉnh X" labelled with their validity
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(
        self, *args, provinces=None, communes=None, establishments=None, applicant_required=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        # An establishment's representative applies for their own establishment, never for nobody.
        self.fields["applicant"].required = applicant_required
        today = timezone.localdate()
        self.fields["activity_type"].queryset = ActivityType.in_force(today)
        items = SupportRule.in_force(today).exclude(item_code="").order_by("activity_code", "item_name")
        self.fields["support_item"].choices = [
            ("", _("— none (no cap item) —")),
            *sorted({(r.item_code, f"{r.activity_code}. {r.item_name}") for r in items}, key=lambda c: c[1]),
        ]
        # A project dated from 1/7/2025 names today's units only (Project.clean refuses an old
        # commune); one of before keeps either generation. A new project is dated today.
        day = (self.instance.start_on or self.instance.rule_date) if self.instance.pk else today
        if provinces is not None:
            provinces = provinces.usable_on(day)
        if communes is not None:
            communes = communes.usable_on(day)
        self.fields["province"].queryset = provinces
        self.fields["commune"].queryset = communes
        self.fields["applicant"].queryset = establishments
        self.fields["other_beneficiaries"].queryset = establishments
        if self.instance.pk:
            self.initial.setdefault(
                "other_beneficiaries",
                list(
                    self.instance.beneficiary_links.exclude(
                        establishment_id=self.instance.applicant_id
                    ).values_list("establishment_id", flat=True)
                ),
            )
        self.fields["version"].initial = self.instance.version
        if provinces is not None and provinces.count() == 1:
            self.fields["province"].initial = provinces.first()

    def draft_fields(self) -> dict:
        """The project's own fields as entered, for `Project.create_draft`."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def beneficiaries(self) -> list:
        """The applicant first, then the others, each once."""
        chosen = [self.cleaned_data.get("applicant"), *(self.cleaned_data.get("other_beneficiaries") or [])]
        return list({e.pk: e for e in chosen if e is not None}.values())

    def clean(self):
        data = super().clean()
        item, activity = data.get("support_item"), data.get("activity_type")
        if item and activity and not SupportRule.items_for(activity.code).filter(item_code=item).exists():
            self.add_error("support_item", _("This support item does not belong to the activity type."))
        return data


class StepDateMixin:
    """The day a step happened: today unless said, never in the future, never before the previous step
    (the model checks the same; here the user sees it on the field)."""

    def date_field(self, name: str, *, required: bool = False):
        field = self.fields[name]
        field.required = required
        field.initial = timezone.localdate()
        field.help_text = _("The day it happened; today if left empty.") if not required else field.help_text
        field.widget.attrs["max"] = timezone.localdate().isoformat()
        last = self.project.last_step_on() if self.project is not None else None
        if last:
            field.widget.attrs["min"] = last.isoformat()

    def checked_day(self, day):
        if day is not None and self.project is not None:
            try:
                self.project.check_step_date(day)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        return day


class StepForm(StepDateMixin, StyledFormMixin, forms.Form):
    """A step that needs nothing but who does it and the day; `on` defaults to today."""

    on = DayField(label=_("Date"), required=False)

    def __init__(self, *args, project=None, user=None, **kwargs):
        self.project, self.user = project, user
        super().__init__(*args, **kwargs)
        self.date_field("on")

    def clean_on(self):
        return self.checked_day(self.cleaned_data.get("on"))

    def day(self):
        return self.cleaned_data.get("on") or timezone.localdate()

    def perform(self, action: str):
        return getattr(self.project, action)(self.user, on=self.day())


class ReasonForm(StepForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def perform(self, action: str):
        return getattr(self.project, action)(self.user, reason=self.cleaned_data["reason"], on=self.day())


class DocumentRequestForm(ReasonForm):
    """Asking the establishment for papers: which of the application's papers (again), or another
    one the checklist does not name, and the day they must be sent by."""

    papers = forms.ModelMultipleChoiceField(
        label=_("Papers of the application to send (again)"),
        queryset=DossierItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other = forms.CharField(
        label=_("Another paper needed"),
        max_length=250,
        required=False,
        help_text=_("Name it as the establishment would, e.g. “Bản vẽ mặt bằng nhà xưởng”."),
    )
    due_on = DayField(label=_("To be sent by"))

    field_order = ["reason", "papers", "other", "due_on", "on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Message to the establishment")
        self.fields["papers"].queryset = self.project.dossier_items.filter(
            stage=DossierItem.Stage.APPLICATION
        )
        self.fields["due_on"].widget.attrs["min"] = timezone.localdate().isoformat()

    def clean(self):
        data = super().clean()
        if not data.get("papers") and not (data.get("other") or "").strip():
            self.add_error("papers", _("Choose the papers needed, or name another one."))
        due_on = data.get("due_on")
        if due_on is not None and due_on < self.day():
            self.add_error("due_on", _("The day to send by cannot be before the day of the request."))
        return data

    def perform(self, action: str):
        data = self.cleaned_data
        return self.project.request_documents(
            self.user,
            data["reason"],
            on=self.day(),
            papers=list(data["papers"]),
            other=data["other"],
            due_on=data["due_on"],
        )


class DecisionChoiceMixin:
    def documents(self):
        from khuyencong.plans.scoping import documents_for

        return documents_for(self.user)


class StopForm(DecisionChoiceMixin, ReasonForm):
    decision = forms.ModelChoiceField(label=_("Decision"), queryset=Document.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The decisions that can stop this project (Project.decision_refusal says why not the others).
        self.fields["decision"].queryset = self.project.deciding_documents(self.user, timezone.localdate())

    def clean(self):
        data = super().clean()
        refusal = self.project.decision_refusal(self.user, data.get("decision"), self.day())
        if refusal:
            self.add_error("decision", refusal)
        return data

    def perform(self, action: str):
        data = self.cleaned_data
        return self.project.stop(self.user, reason=data["reason"], decision=data["decision"], on=self.day())


class PriorityDecisionForm(DecisionChoiceMixin, StyledFormMixin, forms.Form):
    """The competent authority's decision granting priority support over the cap, and its amount."""

    decision = forms.ModelChoiceField(label=_("Priority support decision"), queryset=Document.objects.none())
    amount = DongField(label=_("Support the decision allows (đồng)"), min_value=1)

    def __init__(self, *args, project=None, user=None, **kwargs):
        self.project, self.user = project, user
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = self.documents()

    def perform(self):
        data = self.cleaned_data
        return self.project.record_priority_decision(self.user, data["decision"], data["amount"])


class BatchRoomField(forms.ModelChoiceField):
    """The batches that can take the project, each with the room left: "Batch II — 350.000.000 đồng left"."""

    rooms: dict[int, int] = {}

    def label_from_instance(self, obj) -> str:
        label = _("%(batch)s — %(room)s đồng left") % {
            "batch": obj.label,
            "room": dong(self.rooms.get(obj.pk)),
        }
        if obj.plan.province_id != obj.plan.current_province_id:
            return f"{label} ({obj.plan.province.label()})"
        return label


def _why_no_batch(project, openings) -> str:
    """Why no batch can take the project, with a link to where that is put right."""
    why = openings.why
    if why == Why.NO_PLAN:
        query = urlencode(
            {"province": project.current_province_id, "year": project.year, "source": project.source_id}
        )
        return format_html(
            '{} <a href="{}?{}">{}</a>',
            _("%(province)s has no plan for %(year)s on the source “%(source)s”.")
            % {"province": project.current_province, "year": project.year, "source": project.source},
            reverse("plans:plan_create"),
            query,
            _("Enter the plan"),
        )
    plan_page = reverse("reports:execution", args=[project.current_province_id, project.year])
    if why == Why.NO_BATCH:
        text = _("The plan of %(year)s on this source has no batch yet.") % {"year": project.year}
        return format_html(
            '{} <a href="{}">{}</a>',
            text,
            reverse("plans:batch_create", args=[openings.plans[0].pk]),
            _("Add a batch"),
        )
    if why == Why.NO_DECISION:
        batch = openings.undecided[0]
        text = _("%(batch)s of the plan has no approving decision recorded yet.") % {"batch": batch.label}
        return format_html(
            '{} <a href="{}">{}</a>',
            text,
            reverse("plans:batch_edit", args=[batch.pk]),
            _("Record the decision"),
        )
    text = _("Every batch of the plan is fully allocated: adjust a batch or add one.")
    return format_html('{} <a href="{}">{}</a>', text, plan_page, _("Open the plan"))


class ApprovalForm(DecisionChoiceMixin, StepForm):
    batch = BatchRoomField(label=_("Batch"), queryset=Batch.objects.none())
    decision = forms.ModelChoiceField(label=_("Approval decision"), queryset=Document.objects.none())
    approved_support = DongField(label=_("Approved support (đồng)"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.project
        # The batches of today's province (a plan made before 1/7/2025 included), year and source,
        # approved and with room left; when none, the field says why (plans/room.py).
        openings = openings_for(project)
        field = self.fields["batch"]
        field.rooms = {o.batch.pk: o.room for o in openings.open}
        field.queryset = (
            Batch.objects.filter(pk__in=field.rooms)
            .select_related("plan__province", "plan__current_province")
            .order_by("plan__province__generation", "plan__province__name", "number")
        )
        if openings.why:
            field.help_text = _why_no_batch(project, openings)
        # The decisions that can approve this project (Project.decision_refusal says why not the
        # others), and those of the batches that can take it: a batch's decision approves its projects.
        self.fields["decision"].queryset = project.deciding_documents(
            self.user, timezone.localdate(), also=[o.batch.decision_id for o in openings.open]
        )
        self.fields["approved_support"].initial = project.support_amount
        self.date_field("on", required=True)

    def clean(self):
        data = super().clean()
        batch = data.get("batch")
        refusal = self.project.decision_refusal(
            self.user, data.get("decision"), self.day(), also=batch.decision_id if batch else None
        )
        if refusal:
            self.add_error("decision", refusal)
        return data

    def perform(self, action: str):
        data = self.cleaned_data
        return self.project.approve(
            self.user, data["batch"], data["decision"], data["approved_support"], on=data["on"]
        )


class SettlementForm(DecisionChoiceMixin, StepForm):
    amount = DongField(label=_("Settled amount (đồng)"))
    decision = forms.ModelChoiceField(
        label=_("Settlement decision"), queryset=Document.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = self.documents()
        self.fields["amount"].initial = self.project.disbursed()

    def perform(self, action: str):
        data = self.cleaned_data
        return self.project.settle(self.user, data["amount"], on=self.day(), decision=data["decision"])


ACCEPTANCE_COUNTS = (
    "trainees",
    "trainees_completed",
    "employed_after_training",
    "models_built",
    "machines",
    "booths",
    "brands",
    "participants",
    "jobs_created",
)


class AcceptanceForm(StepDateMixin, StyledFormMixin, forms.ModelForm):
    COUNTS = ACCEPTANCE_COUNTS
    accepted_on = DayField(label=_("Acceptance date"))

    class Meta:
        model = Acceptance
        fields = ["accepted_on", "record_number", *ACCEPTANCE_COUNTS, "conclusion"]
        widgets = {"conclusion": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, project=None, user=None, **kwargs):
        self.project, self.user = project, user
        super().__init__(*args, **kwargs)
        for name in self.COUNTS:  # outputs that do not apply to this project are left empty
            self.fields[name].required = False
        # A count the project's records hold (a course's trainees, a fair's booths) is shown, not
        # typed: `Project.accept` writes it from the records of the acceptance day.
        self.recorded = recorded_outputs_of(project) if project is not None and project.pk else {}
        for name, count in self.recorded.items():
            if name in self.fields:
                field = self.fields[name]
                field.disabled = True
                field.initial = count
                field.help_text = _("Counted from the project's records.")
        self.date_field("accepted_on", required=True)

    def clean_accepted_on(self):
        return self.checked_day(self.cleaned_data.get("accepted_on"))

    def clean(self):
        data = super().clean()
        for name in self.COUNTS:
            if data.get(name) is None:
                data[name] = 0
        return data

    def perform(self, action: str):
        acceptance = self.save(commit=False)
        return self.project.accept(self.user, acceptance, on=acceptance.accepted_on)


STEP_FORM_CLASSES = {
    form.__name__: form
    for form in (
        StepForm,
        ReasonForm,
        DocumentRequestForm,
        StopForm,
        ApprovalForm,
        SettlementForm,
        AcceptanceForm,
    )
}


def step_form(action: str) -> type[forms.Form]:
    """The form class the step names in its definition (projects/models/lifecycle.py, STEPS)."""
    return STEP_FORM_CLASSES[STEPS[action].form]


class AppraisalForm(StepDateMixin, StyledFormMixin, forms.Form):
    on = DayField(label=_("Appraisal date"), required=False)
    comments = forms.CharField(label=_("Comments"), widget=forms.Textarea(attrs={"rows": 3}))
    # No conclusion is chosen beforehand: the appraiser states it, never inherits a default.
    conclusion = forms.ChoiceField(
        label=_("Conclusion"),
        choices=Appraisal.Conclusion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the conclusion of the appraisal.")},
    )

    def __init__(self, *args, criteria=(), project=None, **kwargs):
        criteria = list(criteria)
        self.criteria, self.project = [c for c in criteria if c.max_score is not None], project
        super().__init__(*args, **kwargs)
        self.date_field("on")
        # The national contents carry no score (no text gives one): the appraiser assesses them in words.
        contents = [c.name for c in criteria if c.max_score is None]
        if contents:
            self.fields["comments"].help_text = _("Assess: %(contents)s.") % {"contents": "; ".join(contents)}
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (/{criterion.max_score})", min_value=0, max_value=criterion.max_score
            )
        self.order_fields([f"score_{c.pk}" for c in self.criteria] + ["comments", "conclusion", "on"])
        # The mixin styled the fields that existed before the scores were added.
        for name in (f"score_{c.pk}" for c in self.criteria):
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean_on(self):
        return self.checked_day(self.cleaned_data.get("on"))

    def scores(self) -> dict[str, int]:
        return {str(c.pk): self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}

    @staticmethod
    def criteria_for(project, step):
        return AppraisalCriterion.for_step(step, project.rule_date, project.current_province_id)


class DossierUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, Word (DOCX), or a photo (JPEG, PNG) of the signed paper; at most %(limit)s."
        ) % {"limit": filesizeformat(settings.MAX_DOCUMENT_BYTES)}

    def clean_file(self):
        return check_document(self.cleaned_data.get("file"), kinds=PAPER_KINDS)


class DossierReviewForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("accepted", _("Accepted")),
            ("rejected", _("Returned")),
            ("accepted_paper", _("Received on paper")),
        ],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class PaymentForm(StyledFormMixin, forms.ModelForm):
    amount = DongField(
        label=_("Amount (đồng)"), min_value=1, help_text=_("For a recovery, the amount recovered.")
    )
    paid_on = DayField(label=_("Date"))
    lowers = forms.BooleanField(label=_("This settlement adjustment lowers the money paid"), required=False)

    class Meta:
        model = Payment
        fields = ["kind", "amount", "paid_on", "voucher_number", "lowers", "note"]

    def signed_amount(self) -> int:
        """Recoveries are given positive (the model signs them); a lowering adjustment is negative."""
        data = self.cleaned_data
        lowering = data["kind"] == Payment.Kind.SETTLEMENT and data.get("lowers")
        return -data["amount"] if lowering else data["amount"]


class PaymentReversalForm(StyledFormMixin, forms.Form):
    voucher_number = forms.CharField(label=_("Voucher number of the reversal"), max_length=50)
    on = DayField(label=_("Date"), required=False, help_text=_("Today if left empty."))
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def perform(self, project, payment, user):
        data = self.cleaned_data
        return project.reverse_payment(
            user, payment, data["voucher_number"], data["reason"], on=data.get("on")
        )


class AdjustmentForm(DecisionChoiceMixin, StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What changes"), choices=ProjectVersion.Kind.choices)
    decision = forms.ModelChoiceField(label=_("Decision"), queryset=Document.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    on = DayField(
        label=_("Effective from"), required=False, help_text=_("The decision's date if left empty.")
    )
    approved_support = DongField(label=_("New approved support (đồng)"), required=False, min_value=1)
    title = forms.CharField(label=_("New title"), required=False, max_length=400)
    description = forms.CharField(
        label=_("New content"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    start_on = DayField(label=_("New start"), required=False)
    end_on = DayField(label=_("New end"), required=False)
    beneficiaries = EstablishmentMultipleChoiceField(
        label=_("Beneficiaries"), required=False, widget=EstablishmentReadMultiPickerWidget
    )

    NEEDS = {
        "amount": ("approved_support",),
        "content": ("title",),
        "schedule": ("start_on", "end_on"),
        "beneficiary": ("beneficiaries",),
    }

    def __init__(self, *args, project=None, user=None, establishments=None, **kwargs):
        self.project, self.user = project, user
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = self.documents()
        self.fields["beneficiaries"].queryset = establishments
        self.initial.update(
            approved_support=project.approved_support,
            title=project.title,
            description=project.description,
            start_on=project.start_on,
            end_on=project.end_on,
            beneficiaries=list(project.beneficiary_links.values_list("establishment_id", flat=True)),
        )

    def clean(self):
        data = super().clean()
        for name in self.NEEDS.get(data.get("kind"), ()):
            if data.get(name) in (None, "") or (name == "beneficiaries" and not data.get(name)):
                self.add_error(name, _("Required for this kind of adjustment."))
        return data

    def perform(self):
        data = self.cleaned_data
        values = {name: data[name] for name in self.NEEDS[data["kind"]]}
        if data["kind"] == "content":
            values["description"] = data["description"]
        return self.project.adjust(
            self.user, data["kind"], data["decision"], data["reason"], on=data.get("on"), **values
        )


class MilestoneForm(StyledFormMixin, forms.ModelForm):
    due_on = DayField(label=_("Due"))

    class Meta:
        model = Milestone
        fields = ["name", "due_on", "note"]


class ProgressReportForm(StyledFormMixin, forms.ModelForm):
    month = DayField(label=_("Month reported on"), help_text=_("Any day of the month."))

    class Meta:
        model = ProgressReport
        fields = ["month", "percent_done", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class VisitForm(StyledFormMixin, forms.ModelForm):
    visited_on = DayField(label=_("Visit date"))
    follow_up_due = DayField(label=_("Follow-up due"), required=False)
    photo = forms.ImageField(
        label=_("Photo"), required=False, help_text=_("JPEG, PNG or WebP, at most 5 MB.")
    )

    class Meta:
        model = MonitoringVisit
        fields = ["visited_on", "visitors", "findings", "follow_up", "follow_up_due"]
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_photo(self):
        return check_photo(self.cleaned_data.get("photo"))


class FollowUpDoneForm(StyledFormMixin, forms.Form):
    result = forms.CharField(
        label=_("What was done"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    on = DayField(label=_("Date"), required=False, help_text=_("Today if left empty."))


class PlanDeadlineDoneForm(forms.Form):
    """The day a yearly plan deadline was met (PlanDeadlineDone.check_day bounds it)."""

    on = DayField(label=_("Met on"), required=False, help_text=_("Today if left empty."))


class ProjectFilterForm(forms.Form):
    q = forms.CharField(required=False)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(required=False, choices=[("", ""), *list(Project.Status.choices)])
    source = forms.CharField(required=False)
    activity = forms.CharField(required=False)
    # What the projects wait for: the full list behind a home page's "See all" (projects/waiting.py).
    waiting = forms.ChoiceField(required=False, choices=[("", ""), *((k, v[0]) for k, v in WAITING.items())])

    def apply(self, projects):
        """Each valid filter applies; an invalid one (a typed "abc" year) is ignored, not the others."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        projects = projects.search(data.get("q") or "")
        lookups = {
            "year": "year",
            "status": "status",
            "source": "source__code",
            "activity": "activity_type__code",
        }
        for name, lookup in lookups.items():
            if data.get(name):
                projects = projects.filter(**{lookup: data[name]})
        if data.get("waiting"):
            projects = waiting(data["waiting"], projects)
        return projects

    def waiting_title(self) -> str:
        """The title of the waiting list being shown, or ""."""
        name = getattr(self, "cleaned_data", {}).get("waiting")
        return str(WAITING[name][0]) if name else ""
