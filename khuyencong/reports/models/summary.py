"""What the dashboards keep between views: a stamp per (today's province, year) that moves on every
committed change of the records the figures are made of, and the national programme's targets.

The figures themselves are never stored: they are computed by `reports.execution` and
`activities.outputs` and cached under a key that holds the stamps they depend on, so a change
makes the next view compute them again (docs/adr/0014-dashboard-figures-cached-by-stamp.md).
"""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.activities.outputs import OUTPUTS
from khuyencong.dated import Dated


class SummaryStamp(models.Model):
    """The figures of a province's year changed when `version` moved. Today's province: a plan or
    project made on a province of before 1/7/2025 stamps the province it became (docs/programme.md)."""

    province = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveIntegerField(_("version"), default=1)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="summary_stamp_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.province_id}/{self.year} v{self.version}"

    @classmethod
    def digest(cls, years, province_id: int | None = None) -> str | None:
        """A digest of the stamps of the years, of one province (of every province for None): it
        changes whenever one of them moves. None when there is no stamp yet."""
        stamps = cls.objects.filter(year__in=list(years))
        if province_id:
            stamps = stamps.filter(province_id=province_id)
        found = sorted(stamps.values_list("pk", "version"))
        return hashlib.sha256(repr(found).encode()).hexdigest()[:24] if found else None

    @classmethod
    def bump(cls, province_id: int, year: int) -> None:
        """Move the stamp of the province's year (made at its first change). Runs after the commit
        of the change, in its own short transaction: one UPDATE of a small row, no lock held for long."""
        if province_id is None or year is None:
            return
        now = timezone.now()
        moved = cls.objects.filter(province_id=province_id, year=year).update(
            version=F("version") + 1, changed_at=now
        )
        if moved:
            return
        try:
            with transaction.atomic():
                cls.objects.create(province_id=province_id, year=year, changed_at=now)
        except IntegrityError:  # made at the same moment by another process: move it instead
            cls.objects.filter(province_id=province_id, year=year).update(
                version=F("version") + 1, changed_at=now
            )


OUTPUT_CHOICES = [(output.key, output.label) for output in OUTPUTS]


class ProgrammeTarget(Dated):
    """A figure the national khuyến công programme sets for its period, for one output counted by
    `activities.outputs` (the key). `target` is empty where the programme's number has not been read
    from its text: the dashboard then says so rather than show a number nobody checked."""

    programme = models.CharField(_("programme"), max_length=250)
    output = models.CharField(_("output"), max_length=40, choices=OUTPUT_CHOICES)
    target = models.PositiveIntegerField(_("target"), null=True, blank=True)
    statement = models.TextField(
        _("what the programme states"), blank=True, help_text=_("The programme's own words for the target.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("programme target")
        verbose_name_plural = _("programme targets")
        ordering = ["-effective_from", "output"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "output"], name="programme_target_unique"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_output_display()} ({self.effective_from:%Y}–{self.effective_to:%Y})"
            if (self.effective_to)
            else str(self.get_output_display())
        )
