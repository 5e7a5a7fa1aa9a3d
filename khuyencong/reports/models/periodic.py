"""The periodic report as staff keep it: one report per province (or the whole country) and period,
and its versions, each holding the figures it stood on and what staff wrote in sections II–IV.

A version is never changed: saving the editor writes the next one, so the report sent on a day can
always be produced again exactly as it was, whatever the records became since."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Place, Scope
from khuyencong.audit.log import save_audited

# Sections II–IV, in the report's order (docs/reports.md).
TEXT_FIELDS = ("achievements", "shortcomings", "next_tasks", "recommendations")


class Grouping(models.TextChoices):
    AS_THEN = "as_then", _("Units as they were in the period")
    TODAY = "today", _("Re-mapped onto today's units")


class PeriodicReportQuerySet(models.QuerySet):
    def visible_to(self, user, capability: Can = Can.READ_REPORTS):
        """A province's reports to whoever holds the capability over it; the country's to national scope."""
        return Scope.of(user).filter(self, capability, province="province")


class PeriodicReport(models.Model):
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Today's province; empty for the whole country."),
    )
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    kind = models.CharField(_("period"), max_length=10)
    grouping = models.CharField(
        _("communes grouped by"), max_length=10, choices=Grouping.choices, default=Grouping.AS_THEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeriodicReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["-period_to", "-period_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")), name="report_period_in_order"
            ),
        ]

    def __str__(self) -> str:
        place = self.province.name if self.province_id else str(_("the whole country"))
        return f"{self.period().label} — {place}"

    def period(self):
        from khuyencong.reports.periods import Period

        return Period(self.period_from, self.period_to, self.kind)

    def place(self) -> Place:
        return Place.of(self.province_id)

    def may(self, user, capability: Can) -> bool:
        """A province's report: the capability over the province. The country's report is read and
        written by national scope: the Ministry, which reads every province, writes its own roll-up
        (docs/permissions.md "Reports")."""
        scope = Scope.of(user)
        if self.province_id is None:
            return scope.is_national(Can.READ_REPORTS if capability == Can.WRITE_REPORTS else capability)
        return scope.can_at(capability, self.place())

    @staticmethod
    def may_open_national(user) -> bool:
        return Scope.of(user).is_national(Can.READ_REPORTS)

    def latest_version(self) -> ReportVersion | None:
        return self.versions.order_by("-number").first()

    def clean(self):
        if self.period_from and self.period_to and self.period_to < self.period_from:
            raise ValidationError({"period_to": _("The end of the period is before its start.")})

    @classmethod
    def open(cls, by, province, period, grouping: str = Grouping.AS_THEN) -> PeriodicReport:
        """The report of the province (None: the country) and period, made the first time it is asked for."""
        with transaction.atomic():
            report = (
                cls.objects.select_for_update()
                .filter(province=province, period_from=period.start, period_to=period.end, grouping=grouping)
                .first()
            )
            if report is None:
                report = cls(
                    province=province,
                    period_from=period.start,
                    period_to=period.end,
                    kind=period.kind,
                    grouping=grouping,
                    created_by=by,
                )
                report.full_clean()
                save_audited(report, by)
        return report

    def write_version(self, by, texts: dict[str, str], figures: dict, note: str = "") -> ReportVersion:
        """The next version: the figures as computed now and sections II–IV as written, audited."""
        with transaction.atomic():
            # The row lock keeps two editors saving at once from taking the same number.
            PeriodicReport.objects.select_for_update().get(pk=self.pk)
            last = self.versions.aggregate(last=Max("number"))["last"] or 0
            version = ReportVersion(
                report=self,
                number=last + 1,
                figures=figures,
                note=note,
                created_by=by,
                **{name: (texts.get(name) or "").strip() for name in TEXT_FIELDS},
            )
            version.full_clean()
            save_audited(version, by)
        return version


class ReportVersion(models.Model):
    report = models.ForeignKey(
        PeriodicReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    figures = models.JSONField(_("figures"), default=dict, editable=False)
    achievements = models.TextField(_("achievements"), blank=True)
    shortcomings = models.TextField(_("shortcomings and their causes"), blank=True)
    next_tasks = models.TextField(_("tasks and solutions for the next period"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    note = models.CharField(_("note on this version"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")]

    def __str__(self) -> str:
        return f"{self.report} — {_('version')} {self.number}"

    def texts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in TEXT_FIELDS}
