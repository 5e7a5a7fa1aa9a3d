"""The đề án: one project from the application to the closed file.

Status changes only through the methods below; each one checks the state it starts
from, the role and scope of whoever does it and the data it needs, then writes the
change, a timeline event and an audit entry in one transaction. `version` rises on
every change so an edit made on a stale copy is refused instead of overwriting.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.permissions import Can, ScopeLevel
from khuyencong.accounts.scopes import Scope
from khuyencong.audit.log import action_code, diff, record, snapshot
from khuyencong.geo.models import REFORM_DATE
from khuyencong.modelfields import DongAmountField
from khuyencong.plans.models import DossierRequirement, SupportRule
from khuyencong.vnformat import dong
from khuyencong.vntext import fold

from .lifecycle import Lifecycle
from .money import Payments
from .states import COMMITTED, SOUGHT_OR_GRANTED, Status


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user, capability: Can = Can.READ_PROJECTS):
        """Province staff see their province's projects; commune officers their commune's and those
        supporting its establishments; an establishment's representative the projects it benefits
        from or applied for (the same rule as `Project.place`)."""
        scope = Scope.of(user)
        if scope.is_national(capability):
            return self.all()
        if not scope.can(capability):
            return self.none()
        condition = scope.q(capability, province="current_province", establishment=None)
        establishments = scope.ids(capability, ScopeLevel.ESTABLISHMENT)
        if establishments:
            condition |= Q(applicant_id__in=establishments) | Q(
                pk__in=self._supporting(establishment_id__in=establishments)
            )
        communes = scope.ids(capability, ScopeLevel.COMMUNE)
        if communes:
            condition |= Q(applicant__current_commune_id__in=communes) | Q(
                pk__in=self._supporting(establishment__current_commune_id__in=communes)
            )
        return self.filter(condition)

    @staticmethod
    def _supporting(**establishment_filter):
        """Ids of the projects whose beneficiaries match the filter."""
        return ProjectBeneficiary.objects.filter(**establishment_filter).values("project_id")

    def support_of(self, establishment):
        """The projects that asked for or gave support to the establishment, as applicant or beneficiary."""
        return self.filter(
            Q(applicant=establishment) | Q(pk__in=self._supporting(establishment=establishment)),
            status__in=SOUGHT_OR_GRANTED,
        )

    def committed_total(self) -> int:
        """Support committed: the settled amount once settled, else the approved support."""
        return self.filter(status__in=COMMITTED).aggregate(
            total=Coalesce(Sum(Coalesce("settled_amount", "approved_support")), 0)
        )["total"]

    def search(self, term: str):
        """Every word of the term, diacritics folded, in any order."""
        queryset = self
        for word in fold(term).split()[:8]:
            queryset = queryset.filter(search_key__contains=word)
        return queryset


class Project(Lifecycle, Payments, models.Model):
    Status = Status

    # NULL until the first save gives the row its number: many unsaved drafts may lack one at once.
    code = models.CharField(_("code"), max_length=30, unique=True, null=True, editable=False)  # noqa: DJ001
    title = models.CharField(_("title"), max_length=400)
    description = models.TextField(_("content and expected outputs"), blank=True)
    activity_type = models.ForeignKey(
        "registry.ActivityType", verbose_name=_("activity type"), on_delete=models.PROTECT, related_name="+"
    )
    support_item = models.SlugField(
        _("support item"),
        max_length=40,
        blank=True,
        db_index=False,
        help_text=_("The item whose cap applies, if any."),
    )
    source = models.ForeignKey(
        "plans.FundingSource", verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("plan year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    # As it was when the project was made; today's province is derived for scopes.
    province = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    current_province = models.ForeignKey(
        "geo.AdminUnit", null=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the project takes place, if in one commune."),
    )
    current_commune = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    implementing_unit = models.CharField(_("implementing unit"), max_length=250)
    applicant = models.ForeignKey(
        "registry.Establishment",
        verbose_name=_("applicant establishment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    beneficiaries = models.ManyToManyField(
        "registry.Establishment", through="ProjectBeneficiary", related_name="+", blank=True
    )
    beneficiaries_later = models.BooleanField(
        _("beneficiaries chosen later"),
        default=False,
        help_text=_("e.g. trainees or exhibitors selected later"),
    )
    start_on = models.DateField(_("start"), null=True, blank=True)
    end_on = models.DateField(_("end"), null=True, blank=True)

    support_amount = DongAmountField(_("khuyến công support (đồng)"), validators=[MinValueValidator(0)])
    counterpart_amount = DongAmountField(_("counterpart (đồng)"), validators=[MinValueValidator(0)])
    total_amount = DongAmountField(_("total cost (đồng)"), validators=[MinValueValidator(0)])
    # Support over the cap only as priority support (up to the rule's multiple of the cap), on the
    # competent authority's decision recorded here; no one else approves over a cap (docs/legal-rules.md).
    priority_decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("priority support decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="priority_projects",
        editable=False,
    )
    priority_support = DongAmountField(
        _("priority support allowed (đồng)"), null=True, blank=True, editable=False
    )

    batch = models.ForeignKey(
        "plans.Batch",
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        editable=False,
    )
    approved_support = DongAmountField(_("approved support (đồng)"), null=True, blank=True, editable=False)
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    approval_decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("approval decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_projects",
        editable=False,
    )
    settled_amount = DongAmountField(_("settled amount (đồng)"), null=True, blank=True, editable=False)
    settled_on = models.DateField(_("settled on"), null=True, blank=True, editable=False)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True, editable=False)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    search_key = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-year", "-pk"]
        indexes = [
            # Lists show the newest first, in a province or nationally; these serve them without a sort.
            models.Index(fields=["current_province", "-year", "-id"], name="project_province_year"),
            models.Index(fields=["-year", "-id"], name="project_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_amount=F("support_amount") + F("counterpart_amount")),
                name="project_budget_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}" if self.code else self.title

    # ------------------------------------------------------------ derived data

    def save(self, *args, **kwargs):
        self.current_province = self.province.current_unit() if self.province.is_legacy else self.province
        if self.commune_id:
            current = self.commune.current_unit() if self.commune.is_legacy else self.commune
            self.current_commune = current
        else:
            self.current_commune = None
        self.search_key = fold(f"{self.code or ''} {self.title} {self.implementing_unit}")
        super().save(*args, **kwargs)
        if not self.code:
            self.code = f"{self.year}-{self.source.code}-{self.pk:05d}"
            type(self).objects.filter(pk=self.pk).update(
                code=self.code, search_key=fold(f"{self.code} {self.title} {self.implementing_unit}")
            )

    # ------------------------------------------------------------ creation

    @classmethod
    def create_draft(
        cls, by, *, beneficiaries=(), note: str = "", on: datetime.date | None = None, **fields
    ) -> Project:
        """The one way a project comes to be: a draft made by `by`, audited with its beneficiaries,
        with the dossier checklist of the rules in force on `on` (today by default; an earlier day for
        a file's history) laid out. The applicant is a beneficiary."""
        with transaction.atomic():
            project = cls(created_by=by, **fields)
            project.clean()
            project.save()
            people = [project.applicant] if project.applicant_id else []
            people += [e for e in beneficiaries if e.pk != project.applicant_id]
            named = project.replace_beneficiaries(people)
            # One creation entry with its fields and its beneficiaries (links, saved after the row):
            # a separate "changed: beneficiaries" entry would read as an edit made after creation.
            changes = diff({}, snapshot(project)) | ({"beneficiaries": named} if named else {})
            record(by, project, action_code(project, "created"), changes, note)
            # The timeline's first line, dated the day the file was made (`on` for a file's history).
            project.events.create(action="created", actor=by, happened_on=on or timezone.localdate())
            project.create_dossier(on)
        return project

    @property
    def rule_date(self) -> datetime.date:
        """The date whose rules apply: the submission, or today for a draft."""
        return self.submitted_on or timezone.localdate()

    def support_rule(self):
        return SupportRule.resolve(
            self.activity_type.code,
            self.support_item,
            self.source.kind,
            self.rule_date,
            self.current_province_id,
        )

    def support_cap(self) -> int | None:
        return self.support_rule().cap_for(self.total_amount or 0)

    def over_cap(self, amount: int | None = None) -> bool:
        cap = self.support_cap()
        return cap is not None and (amount if amount is not None else self.support_amount) > cap

    def priority_cap(self) -> int | None:
        """The most a priority decision may allow: the cap times the factor of the rule in force."""
        return self.support_rule().priority_cap_for(self.total_amount or 0)

    def cap_refusal(self, amount: int) -> str:
        """Why the amount may not be granted, or "" when it may: within the cap, or within a recorded
        priority decision that itself stays within the priority multiple of the cap."""
        cap = self.support_cap()
        if cap is None or amount <= cap:
            return ""
        limit = self.priority_cap()
        allowed = self.priority_support if self.priority_decision_id else None
        if allowed is not None and limit is not None and amount <= min(allowed, limit):
            return ""
        if allowed is None:
            return _(
                "%(amount)s đồng is over the cap of %(cap)s đồng; only a priority support decision "
                "of the competent authority, recorded on the project, allows more."
            ) % {"amount": dong(amount), "cap": dong(cap)}
        return _(
            "%(amount)s đồng is over the %(allowed)s đồng that the priority decision allows "
            "(at most %(limit)s đồng under the rule)."
        ) % {"amount": dong(amount), "allowed": dong(allowed), "limit": dong(limit or cap)}

    def clean(self):
        errors = {}
        amounts = (self.support_amount, self.counterpart_amount, self.total_amount)
        if None not in amounts and amounts[0] + amounts[1] != amounts[2]:
            errors["total_amount"] = _(
                "Support %(support)s + counterpart %(counterpart)s = %(sum)s đồng, not %(total)s."
            ) % {
                "support": dong(self.support_amount),
                "counterpart": dong(self.counterpart_amount),
                "sum": dong(self.support_amount + self.counterpart_amount),
                "total": dong(self.total_amount),
            }
        if self.start_on and self.end_on and self.end_on < self.start_on:
            errors["end_on"] = _("The end is before the start.")
        if self.commune_id and self.commune.is_legacy and (self.start_on or self.rule_date) >= REFORM_DATE:
            errors["commune"] = _("Communes from before 1/7/2025 are only for projects before that date.")
        if errors:
            raise ValidationError(errors)

    # ------------------------------------------------------------ money

    def disbursed(self, until: datetime.date | None = None) -> int:
        payments = self.payments.all()
        if until:
            payments = payments.filter(paid_on__lte=until)
        return payments.aggregate(total=Coalesce(Sum("amount"), 0))["total"]

    def advanced(self) -> int:
        return self.payments.filter(kind="advance").aggregate(total=Coalesce(Sum("amount"), 0))["total"]

    @staticmethod
    def approved_support_on(day: datetime.date):
        """The approved support in force on the day, as a query expression (one subquery, no query per row).

        Amount adjustments take effect on their decision's date and follow one another in date order
        (`adjust` refuses one dated before the last), so the amount on a day is the amount before the
        first adjustment after it, else today's amount. From today on every adjustment is in force and
        the plain column is read.
        """
        if day >= timezone.localdate():
            return F("approved_support")
        first_after = (
            ProjectVersion.objects.filter(
                project=models.OuterRef("pk"), kind=ProjectVersion.Kind.AMOUNT, effective_on__gt=day
            )
            .order_by("effective_on", "pk")
            .values("support_before")[:1]
        )
        return Coalesce(
            models.Subquery(first_after), F("approved_support"), output_field=models.BigIntegerField()
        )

    def payment_limit(self) -> int:
        """The most that may be disbursed: the settled amount once settled, else the approved support."""
        return self.settled_amount if self.settled_amount is not None else (self.approved_support or 0)

    # ------------------------------------------------------------ dossier and appraisal

    def create_dossier(self, on: datetime.date | None = None) -> None:
        """Lay out the checklist of the activity type in force on the project's date (or `on`)."""
        known = set(self.dossier_items.values_list("requirement_id", flat=True))
        requirements = DossierRequirement.for_project(
            self.activity_type.code, self.support_item, on or self.rule_date, self.current_province_id
        )
        self.dossier_items.bulk_create(
            self.dossier_items.model(
                project=self, requirement=r, stage=r.stage, name=r.name, required=r.required
            )
            for r in requirements
            if r.pk not in known
        )

    def missing_documents(self, stage: str) -> list[str]:
        items = self.dossier_items.filter(stage=stage, required=True)
        return [item.name for item in items if not item.satisfied]

    def missing_appraisals(self) -> list[str]:
        from .records import Appraisal

        needed = [Appraisal.Step.CENTRE] + ([Appraisal.Step.FINANCE] if self.source.finance_appraisal else [])
        latest = {}
        for appraisal in self.appraisals.order_by("appraised_on", "at", "pk"):
            latest[appraisal.step] = appraisal
        return [
            str(Appraisal.Step(step).label)
            for step in needed
            if step not in latest or latest[step].conclusion != Appraisal.Conclusion.PASS
        ]


class ProjectBeneficiary(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="beneficiary_links")
    establishment = models.ForeignKey("registry.Establishment", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        constraints = [
            models.UniqueConstraint(fields=["project", "establishment"], name="beneficiary_unique")
        ]
        indexes = [models.Index(fields=["establishment"], name="beneficiary_establishment")]

    def __str__(self) -> str:
        return str(self.establishment)


class ProjectEvent(models.Model):
    """One step in a project's life, for its timeline: who did what, when, why, by which decision."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    reason = models.TextField(_("reason"), blank=True)
    decision = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="project_events"
    )

    class Meta:
        verbose_name = _("project event")
        verbose_name_plural = _("project events")
        # In the order things happened, which is not the order they were entered for a file's history.
        ordering = ["happened_on", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.action}"


class ProjectVersion(models.Model):
    """What an adjustment changed: the values before and after, and the decision that allowed it."""

    class Kind(models.TextChoices):
        AMOUNT = "amount", _("Amount")
        CONTENT = "content", _("Content")
        BENEFICIARY = "beneficiary", _("Beneficiaries")
        SCHEDULE = "schedule", _("Schedule")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="versions")
    kind = models.CharField(_("what changed"), max_length=12, choices=Kind.choices)
    changes = models.JSONField(_("changes"), default=dict)
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="project_versions",
    )
    reason = models.TextField(_("reason"))
    # An adjustment takes effect on its decision's date: figures of an earlier day keep the amount before.
    effective_on = models.DateField(_("effective from"))
    # For an amount adjustment, the approved support before and from `effective_on`.
    support_before = DongAmountField(_("approved support before (đồng)"), null=True, blank=True)
    support_after = DongAmountField(_("approved support after (đồng)"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("project version")
        verbose_name_plural = _("project versions")
        ordering = ["effective_on", "at", "pk"]
        indexes = [
            # The amount in force on a day: the first amount adjustment after it (see support_on).
            models.Index(
                fields=["project", "effective_on"],
                condition=Q(kind="amount"),
                name="project_version_amount",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.kind} {self.at:%d/%m/%Y}"
