"""Calls for proposals: a province's Centre opens applications for some activity types, between two
days, on a funding source (and possibly a batch). Establishments apply to a published, open call
through the guided application (portal/applying.py; docs/self-service.md)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Place, Scope
from khuyencong.concurrency import Versioned


class CallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def open_on(self, day: datetime.date):
        return self.published().filter(opens_on__lte=day, closes_on__gte=day)

    def open_first(self, day: datetime.date | None = None):
        """Open calls first (closing soonest first), then those still to open, then the closed ones."""
        day = day or timezone.localdate()
        return self.annotate(
            rank=Case(
                When(opens_on__lte=day, closes_on__gte=day, then=Value(0)),
                When(opens_on__gt=day, then=Value(1)),
                default=Value(2),
            )
        ).order_by("rank", "closes_on", "pk")

    def managed_by(self, user):
        return Scope.of(user).filter(
            self, Can.MANAGE_CALLS, province="province", commune=None, establishment=None
        )


class Call(Versioned):
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province"},
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(
        _("what the call supports, in plain words"),
        help_text=_("Say who may apply, what is supported and how, without legal terms."),
    )
    source = models.ForeignKey(
        "plans.FundingSource", verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="+"
    )
    batch = models.ForeignKey(
        "plans.Batch",
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    activity_types = models.ManyToManyField(
        "registry.ActivityType", verbose_name=_("kinds of support accepted"), related_name="+"
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        app_label = "portal"
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        ordering = ["-opens_on", "-pk"]
        indexes = [models.Index(fields=["published", "closes_on"], name="call_published_closes")]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The call closes before it opens.")})

    def place(self) -> Place:
        return Place.of(self.province_id, [])

    def is_open(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.published and self.opens_on <= day <= self.closes_on
