"""Reporting duties: the reports the legal texts require of a province, and each one sent.

A duty is a dated row (reports/legal_data/duties.py): its code stays while the law behind it
changes, so a period is judged by the row in force on the period's last day (a 2015 quarter by
Joint Circular 26/2014 Art. 9.3, a 2026 one by Decree 45/2012 as amended). A `DutyReport` is one
period's report, kept only once it is sent: what has not been sent is computed, never stored.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.audit.log import record, snapshot
from khuyencong.concurrency import Versioned
from khuyencong.dated import Dated
from khuyencong.geo.models import REFORM_DATE, AdminUnit
from khuyencong.plans.models import Provincial


@dataclass(frozen=True)
class DutyPeriod:
    start: datetime.date
    end: datetime.date
    label: str


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _day_in(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


class ReportingDuty(Provincial, Dated, Versioned):
    """A report the texts require: who sends it to whom, how often, and by which day."""

    class Frequency(models.TextChoices):
        MONTH = "month", _("monthly")
        QUARTER = "quarter", _("quarterly")
        HALF = "half", _("first six months")
        YEAR = "year", _("yearly")

    class DueKind(models.TextChoices):
        NONE = "none", _("the text sets no day")
        AFTER_END = "after_end", _("days after the period's end")
        NEXT_MONTH = "next_month", _("a day of the month after the period")
        LAST_MONTH = "last_month", _("a day of the period's last month")

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=250)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    due_kind = models.CharField(_("due day rule"), max_length=12, choices=DueKind.choices)
    due_days = models.PositiveSmallIntegerField(
        _("days after the period"), null=True, blank=True, validators=[MaxValueValidator(366)]
    )
    due_day = models.PositiveSmallIntegerField(
        _("day of the month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    reporter = models.CharField(_("reported by"), max_length=200)
    recipient = models.CharField(_("sent to"), max_length=250)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("reporting duty")
        verbose_name_plural = _("reporting duties")
        ordering = ["code", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.legal_basis})"

    def clean(self):
        super().clean()
        needed = {self.DueKind.AFTER_END: "due_days", self.DueKind.NEXT_MONTH: "due_day"}
        needed[self.DueKind.LAST_MONTH] = "due_day"
        name = needed.get(self.due_kind)
        if name and getattr(self, name) is None:
            raise ValidationError({name: _("Required for this due day rule.")})

    @classmethod
    def find(cls, code: str, on: datetime.date, province_id: int | None) -> ReportingDuty | None:
        """The row in force on `on`: the province's own first (its reporting regulation), then the national."""
        rows = cls.in_force(on).filter(cls.national_or(province_id), code=code)
        return min(rows, key=lambda r: (r.province_id is None, -r.effective_from.toordinal()), default=None)

    @classmethod
    def codes_in(cls, year: int, province_id: int | None) -> list[str]:
        """The duties with a row in force at some time of the year, national or the province's."""
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        rows = cls.objects.filter(cls.national_or(province_id), effective_from__lte=end).filter(
            models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=start)
        )
        return sorted(set(rows.values_list("code", flat=True)))

    def periods(self, year: int) -> list[DutyPeriod]:
        if self.frequency == self.Frequency.MONTH:
            months = [(m, m) for m in range(1, 13)]
            label = "{first:02d}/{year}"
        elif self.frequency == self.Frequency.QUARTER:
            months = [(1, 3), (4, 6), (7, 9), (10, 12)]
            label = "Q{number}/{year}"
        elif self.frequency == self.Frequency.HALF:
            months, label = [(1, 6)], "6T/{year}"
        else:
            months, label = [(1, 12)], "{year}"
        return [
            DutyPeriod(
                datetime.date(year, first, 1),
                _month_end(year, last),
                label.format(first=first, year=year, number=number),
            )
            for number, (first, last) in enumerate(months, start=1)
        ]

    def due_on(self, period_end: datetime.date) -> datetime.date | None:
        """The day the report of a period ending on `period_end` is due; None when no day is set."""
        if self.due_kind == self.DueKind.AFTER_END and self.due_days is not None:
            return period_end + datetime.timedelta(days=self.due_days)
        if self.due_kind == self.DueKind.NEXT_MONTH and self.due_day:
            following = period_end.replace(day=1) + datetime.timedelta(days=32)
            return _day_in(following.year, following.month, self.due_day)
        if self.due_kind == self.DueKind.LAST_MONTH and self.due_day:
            return _day_in(period_end.year, period_end.month, self.due_day)
        return None


def reporting_units(province: AdminUnit, period_end: datetime.date) -> list[AdminUnit]:
    """Who reported for today's province over a period: before 1/7/2025 each province merged into it
    reported on its own (Thái Bình and Hưng Yên for today's Hưng Yên), afterwards the province itself."""
    if period_end < REFORM_DATE:
        before = list(
            AdminUnit.objects.provinces()
            .legacy()
            .filter(successions__rank=0, successions__successor=province)
            .distinct()
            .order_by("name")
        )
        if before:
            return before
    return [province]


class DutyReport(models.Model):
    """One period's report of a duty for one province, sent: its number and symbol, day, and who said so."""

    # The code names the duty across its dated rows; `duty` (the row in force) says it in words.
    audit_skipped_fields = ("code",)

    code = models.SlugField(_("duty"), max_length=40)
    duty = models.ForeignKey(
        ReportingDuty,
        verbose_name=_("rule in force"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The province that reported, as it was over the period."),
    )
    current_province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province today"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    number = models.CharField(_("number and symbol"), max_length=60)
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("marked by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document in the register"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report sent")
        verbose_name_plural = _("reports sent")
        ordering = ["-period_end", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "province", "period_start", "period_end"], name="duty_report_once_per_period"
            )
        ]
        indexes = [models.Index(fields=["current_province", "period_end"], name="duty_report_province_end")]

    def __str__(self) -> str:
        return f"{self.number} — {self.duty.name} ({self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y})"

    @classmethod
    def earliest_sent_on(cls, period: DutyPeriod, due: datetime.date | None) -> datetime.date:
        """A report tells of its period, so it is sent once the period is over; a report due within its
        period (a day of the period's last month) may go from the period's start."""
        return period.start if due is not None and due <= period.end else period.end

    @classmethod
    def mark_sent(
        cls,
        by,
        *,
        code: str,
        province: AdminUnit,
        period: DutyPeriod,
        number: str,
        sent_on: datetime.date,
        note: str = "",
        document=None,
    ) -> DutyReport:
        """Record that the period's report was sent (its number and day), audited; refused when the day
        is before the period allows or in the future, or the period's report is already marked sent."""
        current = province.current_unit() if province.is_legacy else province
        duty = ReportingDuty.find(code, period.end, current.pk)
        if duty is None:
            raise ValidationError(_("No reporting duty of this kind was in force at the end of the period."))
        due = duty.due_on(period.end)
        errors = {}
        if sent_on > timezone.localdate():
            errors["sent_on"] = _("The day sent cannot be in the future.")
        elif sent_on < cls.earliest_sent_on(period, due):
            errors["sent_on"] = _(
                "The report cannot have been sent before %(day)s, the end of its period."
            ) % {"day": f"{cls.earliest_sent_on(period, due):%d/%m/%Y}"}
        if not number.strip():
            errors["number"] = _("Enter the report's number and symbol.")
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            # Lock the duty row so two people marking the same period at once cannot both pass the check.
            ReportingDuty.objects.select_for_update().get(pk=duty.pk)
            taken = cls.objects.filter(
                code=code, province=province, period_start=period.start, period_end=period.end
            )
            if taken.exists():
                raise ValidationError(_("This period's report is already marked as sent."))
            report = cls.objects.create(
                code=code,
                duty=duty,
                province=province,
                current_province=current,
                period_start=period.start,
                period_end=period.end,
                due_on=due,
                number=number.strip(),
                sent_on=sent_on,
                sent_by=by,
                note=note,
                document=document,
            )
            changes = {
                key: [None, value] for key, value in snapshot(report).items() if value not in (None, "")
            }
            record(by, report, "reports.dutyreport.sent", changes)
        return report

    @property
    def days_late(self) -> int:
        return max((self.sent_on - self.due_on).days, 0) if self.due_on else 0
