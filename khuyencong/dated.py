"""Rows of law: a legal basis and the dates between which the row is in force.

Activity types, support caps, advance shares, deadlines, dossier checklists and appraisal
criteria all change with the law; each is a row with its validity, and whatever asks uses the
row in force on its own date (a 2015 project keeps the 2015 caps).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Dated(models.Model):
    legal_basis = models.CharField(_("legal basis"), max_length=250)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    # Where the text of the rule can be read, and whether the row was checked against it: a row
    # nobody has compared with the text says so on the rules screen (docs/legal-rules.md).
    source = models.CharField(
        _("source of the text"),
        max_length=500,
        blank=True,
        help_text=_("Where the legal text can be read: an address or the official gazette."),
    )
    verified = models.BooleanField(
        _("checked against the text"),
        default=False,
        help_text=_("Leave unticked until someone has compared the row with the legal text."),
    )

    class Meta:
        abstract = True

    @classmethod
    def in_force(cls, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return cls.objects.filter(effective_from__lte=on).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on)
        )

    def clean(self):
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("The end of validity is before its start.")})
