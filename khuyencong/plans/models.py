"""Funding sources, annual plans and their batches, and the dated rules of the programme.

Every legal number (support caps, advance shares, deadlines, dossier checklists,
appraisal criteria) is a row with its legal basis and validity dates: the rule in force
on a project's date applies, and an administrator edits the rows when the law changes.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Place, Scope
from khuyencong.audit.log import delete_audited, save_audited
from khuyencong.concurrency import Versioned, lock_version
from khuyencong.dated import Dated
from khuyencong.modelfields import DongAmountField
from khuyencong.vnformat import dong, roman

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class FundingSource(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", _("National (KCQG)")
        LOCAL = "local", _("Local (KCĐP)")
        OTHER = "other", _("Other (counterpart, sponsorship)")

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    finance_appraisal = models.BooleanField(
        _("appraised by the Department of Finance"),
        default=False,
        help_text=_("Projects on this source need the finance appraisal before they are appraised."),
    )
    order = models.PositiveSmallIntegerField(_("order of display"), default=0)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------- dated rules


class Provincial(models.Model):
    """A rule row that is national (no province) or one province's own (its council's resolution)."""

    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province", "generation": "current"},
        help_text=_("Empty for a national rule; a province's own rates (council resolution) name it."),
    )

    class Meta:
        abstract = True

    @staticmethod
    def national_or(province_id: int | None) -> Q:
        return Q(province__isnull=True) | Q(province_id=province_id)

    def editable_by(self, user) -> bool:
        """A national row needs a national grant; a province's own row a grant over that province."""
        scope = Scope.of(user)
        if self.province_id is None:
            return scope.is_national(Can.EDIT_RULES)
        return scope.can_at(Can.EDIT_RULES, Place.of(self.province_id))


class SupportRule(Provincial, Dated, Versioned):
    """Caps on khuyến công support and the share that may be advanced, for one support item.

    Empty activity, item or source means "any": the most specific row in force wins,
    field by field, so a general advance share can sit under item-specific caps.
    """

    activity_code = models.CharField(_("activity type code"), max_length=20, blank=True)
    item_code = models.SlugField(_("support item code"), max_length=40, blank=True)
    item_name = models.CharField(_("support item"), max_length=250)
    source_kind = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.Kind.choices, blank=True
    )
    max_percent = models.DecimalField(
        _("maximum share of the total cost (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    max_amount = DongAmountField(_("maximum support (đồng)"), null=True, blank=True)
    advance_percent = models.DecimalField(
        _("maximum advance (% of approved support)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    advance_after_acceptance_only = models.BooleanField(_("advance only after acceptance"), default=False)
    # The one exception to a cap in the texts: priority support, decided by the competent authority,
    # up to this multiple of the cap (docs/legal-rules.md names the article and whether it was checked).
    priority_factor = models.DecimalField(
        _("priority support: at most this multiple of the cap"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )

    class Meta:
        verbose_name = _("support rule")
        verbose_name_plural = _("support rules")
        ordering = ["-effective_from", "activity_code", "item_code"]

    def __str__(self) -> str:
        return f"{self.item_name} ({self.legal_basis})"

    @classmethod
    def items_for(cls, activity_code: str, on: datetime.date | None = None):
        """The support items (with caps) an activity type offers on the date."""
        return cls.in_force(on).filter(activity_code=activity_code).exclude(item_code="")

    @classmethod
    def resolve(
        cls,
        activity_code: str,
        item_code: str,
        source_kind: str,
        on: datetime.date,
        province_id: int | None = None,
    ) -> ResolvedRule:
        """The caps and advance share for a project.

        National rows (no province) are the national source's rules: a national project takes them,
        a province's own row first. A local (or other) project follows its province's own rows; where
        the province has entered none for a cap or an advance share, the national row is used and the
        result says so (`fallback`), naming the row, so that the form can tell the user.
        """
        candidates = cls.in_force(on).filter(
            cls.national_or(province_id),
            activity_code__in={activity_code, ""},
            item_code__in={item_code or "", ""},
            source_kind__in={source_kind, "", FundingSource.Kind.NATIONAL},
        )

        def specificity(rule):
            return (
                rule.province_id is not None,
                bool(rule.activity_code),
                bool(rule.item_code),
                bool(rule.source_kind),
                rule.effective_from,
            )

        national = FundingSource.Kind.NATIONAL
        resolved = ResolvedRule()
        fallback = []
        for rule in sorted(candidates, key=specificity, reverse=True):
            if rule.source_kind in {source_kind, ""}:
                resolved.take(rule)
            elif rule.province_id is None:  # a national-source row, for a project on another source
                fallback.append(rule)
        if source_kind != national:
            for rule in fallback:
                resolved.take(rule, fallback=True)
        return resolved


@dataclass
class ResolvedRule:
    """The caps and advance share that apply to one project, and the rows they came from."""

    max_percent: Decimal | None = None
    max_amount: int | None = None
    advance_percent: Decimal | None = None
    advance_after_acceptance_only: bool = False
    priority_factor: Decimal | None = None
    cap_basis: str = ""
    advance_basis: str = ""
    priority_basis: str = ""
    sources: list = field(default_factory=list)
    # The national rows a local project fell back on, because its province has entered no row of its own.
    fallback_rows: list = field(default_factory=list)

    def take(self, rule: SupportRule, fallback: bool = False) -> None:
        """Fill what is still unknown from a less specific rule."""
        used = False
        cap_unknown = self.max_percent is None and self.max_amount is None
        if cap_unknown and (rule.max_percent is not None or rule.max_amount is not None):
            self.max_percent, self.max_amount = rule.max_percent, rule.max_amount
            self.cap_basis = f"{rule.item_name} — {rule.legal_basis}"
            used = True
        if self.advance_percent is None and rule.advance_percent is not None:
            self.advance_percent = rule.advance_percent
            self.advance_after_acceptance_only = rule.advance_after_acceptance_only
            self.advance_basis = rule.legal_basis
            used = True
        if self.priority_factor is None and rule.priority_factor is not None:
            self.priority_factor = rule.priority_factor
            self.priority_basis = rule.legal_basis
            used = True
        if used:
            self.sources.append(rule)
            if fallback:
                self.fallback_rows.append(rule)

    @property
    def is_fallback(self) -> bool:
        return bool(self.fallback_rows)

    @property
    def fallback(self) -> str:
        """Why a national row applies to a local project, naming it; empty when none was needed."""
        if not self.fallback_rows:
            return ""
        rows = "; ".join(f"{r.item_name} — {r.legal_basis}" for r in self.fallback_rows)
        return _(
            "The province has entered no rule of its own for this item; the national row applies: %(rows)s."
        ) % {"rows": rows}

    def priority_cap_for(self, total_cost: int) -> int | None:
        """The most a priority decision may allow: the cap times the priority factor (None: no such rule)."""
        cap = self.cap_for(total_cost)
        if cap is None or self.priority_factor is None:
            return None
        return int(Decimal(cap) * self.priority_factor)

    def cap_for(self, total_cost: int) -> int | None:
        """The most support allowed for a project of this total cost; None when uncapped."""
        limits = []
        if self.max_percent is not None:
            # Whole đồng, rounded down: a cap is never exceeded by rounding.
            limits.append(int(Decimal(total_cost) * self.max_percent / 100))
        if self.max_amount is not None:
            limits.append(self.max_amount)
        return min(limits) if limits else None

    def advance_cap(self, approved_support: int) -> int | None:
        if self.advance_percent is None:
            return None
        return int(Decimal(approved_support) * self.advance_percent / 100)


class DeadlineRule(Provincial, Dated, Versioned):
    """A national or provincial deadline: a day of the year, a day of each month, or days after an event."""

    class Code(models.TextChoices):
        REGISTRATION = "registration", _("Project registration with the Department")
        SUBMISSION = "submission", _("Appraised projects sent to the Ministry")
        MONTHLY_REPORT = "monthly_report", _("Monthly progress report")
        SETTLEMENT_DOSSIER = "settlement_dossier", _("Settlement dossier after the last acceptance")
        CLOSURE = "closure", _("Closure and settlement of the year's projects")

    class Kind(models.TextChoices):
        YEARLY = "yearly", _("a day of the year")
        MONTHLY = "monthly", _("a day of each month")
        AFTER = "after", _("days after an event")

    # How the overdue lists count each deadline (projects/supervision.py): a rule of another kind
    # would lack the day, month or days they count with.
    KIND_OF_CODE = {
        Code.MONTHLY_REPORT: Kind.MONTHLY,
        Code.SETTLEMENT_DOSSIER: Kind.AFTER,
        Code.CLOSURE: Kind.YEARLY,
    }

    code = models.CharField(_("deadline"), max_length=30, choices=Code.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    day = models.PositiveSmallIntegerField(
        _("day"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    # A few years either way is all a deadline needs; past that the day falls outside any calendar.
    year_offset = models.SmallIntegerField(
        _("years after the plan year"),
        default=0,
        help_text=_("1 for a date in the next year."),
        validators=[MinValueValidator(-5), MaxValueValidator(5)],
    )
    days = models.PositiveSmallIntegerField(_("days after"), null=True, blank=True)
    source_kind = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.Kind.choices, blank=True
    )

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["code", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.get_code_display()} ({self.legal_basis})"

    def clean(self):
        super().clean()
        needed = {
            self.Kind.YEARLY: ("day", "month"),
            self.Kind.MONTHLY: ("day",),
            self.Kind.AFTER: ("days",),
        }.get(self.kind, ())
        errors = {
            name: _("Required for this kind of deadline.") for name in needed if getattr(self, name) is None
        }
        counted_as = self.KIND_OF_CODE.get(self.code)
        if counted_as and self.kind != counted_as:
            errors["kind"] = _("This deadline is counted as “%(kind)s”.") % {
                "kind": self.Kind(counted_as).label
            }
        # Checked against a leap year: 29 February is a day (due_in_year moves it to the 28th).
        yearly = self.kind == self.Kind.YEARLY and self.day and self.month in range(1, 13)
        if yearly and self.day > calendar.monthrange(2024, self.month)[1]:
            errors["day"] = _("This day does not exist in that month.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def find(
        cls, code: str, source_kind: str, on: datetime.date, province_id: int | None = None
    ) -> DeadlineRule | None:
        """The deadline in force: the province's own row first, then one for the source, then the newest."""
        rules = cls.in_force(on).filter(
            cls.national_or(province_id), code=code, source_kind__in={source_kind, ""}
        )
        return min(
            rules,
            key=lambda r: (r.province_id is None, r.source_kind == "", -r.effective_from.toordinal()),
            default=None,
        )

    def due_in_year(self, year: int) -> datetime.date:
        year += self.year_offset
        return datetime.date(year, self.month, min(self.day, calendar.monthrange(year, self.month)[1]))

    def due_after(self, event: datetime.date) -> datetime.date:
        return event + datetime.timedelta(days=self.days)

    def due_in_month(self, year: int, month: int) -> datetime.date:
        last_day = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
        return datetime.date(year, month, min(self.day, last_day))


class DossierRequirement(Provincial, Dated, Versioned):
    """One document a project's dossier must hold, per activity type (and support item) and stage."""

    class Stage(models.TextChoices):
        APPLICATION = "application", _("Application")
        ACCEPTANCE = "acceptance", _("Acceptance")

    activity_code = models.CharField(_("activity type code"), max_length=20, blank=True)
    item_code = models.SlugField(_("support item code"), max_length=40, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    name = models.CharField(_("document"), max_length=250)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order of display"), default=0)
    # What the establishment reads next to a paper it is to send (the wizard, the status page): the paper in plain words, an
    # example of what a household sends, and the pre-filled papers the system makes for it
    # (projects/paperwork.py KINDS). Data next to the row, not a mapping in code (plans/legal_data/).
    explanation = models.CharField(_("what it is, in plain words"), max_length=300, blank=True)
    example = models.CharField(_("an example of what to send"), max_length=300, blank=True)
    prefilled = models.CharField(
        _("pre-filled papers"),
        max_length=60,
        blank=True,
        help_text=_(
            "The papers the system fills for it, separated by commas: request-letter, proposal, "
            "estimate, result-report, completion-report."
        ),
    )

    class Meta:
        verbose_name = _("dossier requirement")
        verbose_name_plural = _("dossier requirements")
        ordering = ["stage", "order", "name"]

    def __str__(self) -> str:
        return self.name

    def prefilled_kinds(self) -> list[str]:
        return [kind.strip() for kind in self.prefilled.split(",") if kind.strip()]

    @classmethod
    def for_project(
        cls, activity_code: str, item_code: str, on: datetime.date, province_id: int | None = None
    ):
        """The national checklist and the province's own additions in force on the day."""
        return cls.in_force(on).filter(
            cls.national_or(province_id),
            activity_code__in={activity_code, ""},
            item_code__in={item_code or "", ""},
        )


class AppraisalCriterion(Provincial, Dated, Versioned):
    class Step(models.TextChoices):
        CENTRE = "centre", _("Centre appraisal")
        FINANCE = "finance", _("Finance appraisal")

    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    name = models.CharField(_("criterion"), max_length=250)
    # No national text gives a score: the national rows are the contents to appraise, unscored;
    # a province that scores its appraisals adds its own rows with their maximum.
    max_score = models.PositiveSmallIntegerField(_("maximum score"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order of display"), default=0)

    class Meta:
        verbose_name = _("appraisal criterion")
        verbose_name_plural = _("appraisal criteria")
        ordering = ["step", "order"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def for_step(cls, step: str, on: datetime.date, province_id: int | None = None):
        """The national criteria of the step in force on the day, and the province's own additions."""
        return cls.in_force(on).filter(cls.national_or(province_id), step=step)


# ---------------------------------------------------------------- plans and batches


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user, capability: Can = Can.READ_PLANS):
        return Scope.of(user).filter(
            self, capability, province="current_province", commune=None, establishment=None
        )


class Plan(Versioned):
    """The khuyến công budget of one province, year and funding source."""

    # The province as it was in the plan's year (a pre-2025 plan keeps its pre-2025 province).
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province"},
    )
    current_province = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+", editable=False, null=True
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    source = models.ForeignKey(FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=300)
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("approving decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "source__order"]
        constraints = [models.UniqueConstraint(fields=["province", "year", "source"], name="plan_unique")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def save(self, *args, **kwargs):
        self.current_province = self.province.current_unit() if self.province.is_legacy else self.province
        super().save(*args, **kwargs)

    def place(self) -> Place:
        return Place.of(self.current_province_id)


class BatchQuerySet(models.QuerySet):
    def with_amount_on(self, day: datetime.date):
        """Each batch's amount as it stood on the day (`amount_then`): 0 before its approval, then the
        latest adjustment in force, else the amount first approved. One query, adjustments included."""
        latest = (
            BatchAdjustment.objects.filter(batch=models.OuterRef("pk"), effective_on__lte=day)
            .order_by("-effective_on", "-pk")
            .values("new_amount")[:1]
        )
        return self.annotate(
            amount_then=models.Case(
                models.When(approved_on__gt=day, then=models.Value(0)),
                default=Coalesce(models.Subquery(latest), models.F("original_amount")),
                output_field=models.BigIntegerField(),
            )
        )


class Batch(Versioned):
    """A tranche (*đợt*) of a plan, approved by its own decision; projects are approved into it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="batches", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("batch number"), validators=[MinValueValidator(1)])
    original_amount = DongAmountField(
        _("amount approved (đồng)"), validators=[MinValueValidator(0)], editable=False
    )
    amount = DongAmountField(_("amount (đồng)"), validators=[MinValueValidator(0)])
    approved_on = models.DateField(_("approved on"))
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="batches",
    )

    objects = BatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="batch_unique")]

    def __str__(self) -> str:
        return _("Batch %(number)s — %(plan)s") % {"number": roman(self.number), "plan": self.plan}

    def save(self, *args, **kwargs):
        if self.original_amount is None:
            self.original_amount = self.amount
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return _("Batch %(number)s") % {"number": roman(self.number)}

    def amount_on(self, day: datetime.date) -> int:
        """The batch's amount as it stood on the day (0 before its approval)."""
        return Batch.objects.with_amount_on(day).values_list("amount_then", flat=True).get(pk=self.pk)

    @transaction.atomic
    def adjust(
        self,
        new_amount: int,
        decision,
        effective_on: datetime.date,
        reason: str,
        by,
        loaded_version: int | None = None,
    ) -> BatchAdjustment:
        """Change the amount by decision, keeping the old one; never below what is already allocated.

        `loaded_version` is the batch as the adjusting form showed it: if someone changed the batch
        since, the adjustment was decided on a stale amount and is refused.
        """
        locked = lock_version(self, loaded_version)
        allocated = locked.allocated_support()
        if new_amount < allocated:
            raise ValidationError(
                _(
                    "The batch already has %(allocated)s đồng allocated to approved projects; it cannot go below."
                ),
                params={"allocated": dong(allocated)},
            )
        adjustment = BatchAdjustment(
            batch=locked,
            decision=decision,
            effective_on=effective_on,
            old_amount=locked.amount,
            new_amount=new_amount,
            reason=reason,
            created_by=by,
        )
        save_audited(adjustment, by)
        locked.amount = new_amount
        locked.version += 1
        save_audited(locked, by, note=reason, verb="adjusted")
        self.amount, self.version = new_amount, locked.version
        return adjustment

    def allocated_support(self) -> int:
        """Support already committed to projects approved into this batch (final amount once settled)."""
        # Through the reverse relation projects declares: plans never imports the app above it.
        return self.projects.committed_total()


class BatchAdjustment(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="adjustments")
    decision = models.ForeignKey(
        "documents.Document", verbose_name=_("decision"), on_delete=models.PROTECT, related_name="adjustments"
    )
    effective_on = models.DateField(_("effective on"))
    old_amount = DongAmountField(_("old amount"))
    new_amount = DongAmountField(_("new amount"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("batch adjustment")
        verbose_name_plural = _("batch adjustments")
        ordering = ["effective_on", "pk"]

    def __str__(self) -> str:
        return f"{self.batch}: {self.old_amount} → {self.new_amount}"


# ---------------------------------------------------------------- yearly plan deadlines met


class PlanDeadlineDone(models.Model):
    """A province's yearly plan deadline (registration before 20/5, submission before 15/6) said to be met.

    Circular 36/2013 Art. 10 (docs/programme.md): the Department registers next year's national proposals
    and sends the appraised ones to the Ministry. Until the Ministry approves next year's plan no record
    here shows either was done, so the plan manager says so: who, and on what day. The overdue lists
    (projects/supervision.py) leave the deadline off once it is said to be met.
    """

    CODES = (DeadlineRule.Code.REGISTRATION, DeadlineRule.Code.SUBMISSION)

    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province", "generation": "current"},
    )
    year = models.PositiveSmallIntegerField(
        _("plan year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    code = models.CharField(_("deadline"), max_length=30, choices=[(c.value, c.label) for c in CODES])
    done_on = models.DateField(_("done on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan deadline met")
        verbose_name_plural = _("plan deadlines met")
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "code"], name="plan_deadline_done_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} — {self.province} — {self.year}"

    @classmethod
    def mark(cls, user, province, year: int, code: str, on: datetime.date) -> PlanDeadlineDone:
        """Say the deadline was met; only a plan manager over the province may (docs/permissions.md)."""
        if not Scope.of(user).can_at(Can.MANAGE_PLANS, Place.of(province.pk)):
            raise PermissionDenied
        if code not in cls.CODES:
            raise ValidationError(_("This deadline is not one a province marks as met."))
        cls.check_day(on, year)
        done = cls.objects.filter(province=province, year=year, code=code).first()
        if done is not None:  # said already (a second click): the first word stands
            return done
        done = cls(province=province, year=year, code=code, done_on=on, created_by=user)
        try:
            save_audited(done, user)
        except IntegrityError:  # two clicks at once: the other one was saved
            return cls.objects.get(province=province, year=year, code=code)
        return done

    @staticmethod
    def check_day(on: datetime.date, year: int) -> None:
        """The day it was met: the deadlines of a plan fall in the year before it (Circular 36/2013 Art. 10),
        so the day lies in that year, and not after today."""
        if on > timezone.localdate():
            raise ValidationError(_("The day it was met cannot be in the future."))
        if on < datetime.date(year - 1, 1, 1):
            raise ValidationError(
                _("The day it was met cannot be before %(start)s, the start of the year of the deadline.")
                % {"start": f"{datetime.date(year - 1, 1, 1):%d/%m/%Y}"}
            )

    def undo(self, user) -> None:
        """Take back a mark made by mistake: the deadline is owed again and returns to the overdue
        lists. The same plan managers who may mark it may undo it; the log keeps both."""
        if not Scope.of(user).can_at(Can.MANAGE_PLANS, Place.of(self.province_id)):
            raise PermissionDenied
        delete_audited(self, user)
