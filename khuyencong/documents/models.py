"""The register of numbered documents (*văn bản*): decisions, notices, plans, letters.

Plans, batches, adjustments and project steps point at the document that decided
them, so a document's page can list everything it decided.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Scope
from khuyencong.uploads import private_storage, stored_document_name
from khuyencong.vntext import fold

from .symbols import DOCUMENT_TYPES, parse_symbol


def document_file_path(instance, filename: str) -> str:
    # The extension is the checked kind's: the uploader's name ("x.pdf.html") is not trusted.
    return stored_document_name("documents", instance, "file")


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user, capability: Can = Can.READ_DOCUMENTS):
        """A province's documents to its staff; central ones (no province) to every staff member."""
        scope = Scope.of(user)
        if scope.is_national(capability):
            return self.all()
        if not scope.can(capability):
            return self.none()
        return self.filter(scope.q(capability, commune=None, establishment=None) | Q(province__isnull=True))

    def search(self, term: str):
        """Every word of the term, diacritics folded, in any order: "hoi cho phia bac"."""
        queryset = self
        for word in fold(term).split()[:8]:
            queryset = queryset.filter(search_key__contains=word)
        return queryset


class Document(models.Model):
    symbol = models.CharField(_("number and symbol"), max_length=60)
    number = models.PositiveIntegerField(_("number"), editable=False)
    symbol_year = models.PositiveSmallIntegerField(_("year in the symbol"), null=True, editable=False)
    doc_type = models.CharField(_("type"), max_length=5, choices=list(DOCUMENT_TYPES.items()), editable=False)
    issuer_code = models.CharField(_("issuer code"), max_length=40, editable=False)
    issuer = models.CharField(_("issuer"), max_length=200, help_text=_("e.g. UBND tỉnh Hưng Yên"))
    issued_on = models.DateField(_("date issued"))
    summary = models.TextField(_("summary (trích yếu)"))
    signer = models.CharField(_("signed by"), max_length=150, blank=True)
    file = models.FileField(
        _("file"), upload_to=document_file_path, storage=private_storage, blank=True, max_length=200
    )
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for central documents (Government, Ministries)."),
    )
    search_key = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                "province", "symbol", ExtractYear("issued_on"), name="document_symbol_unique_per_year"
            )
        ]
        indexes = [models.Index(fields=["province", "-issued_on"], name="document_province_date")]

    def __str__(self) -> str:
        return f"{self.symbol} ({self.issued_on:%d/%m/%Y})" if self.issued_on else self.symbol

    def save(self, *args, **kwargs):
        parsed = parse_symbol(self.symbol)
        self.symbol = str(parsed)
        self.number, self.symbol_year = parsed.number, parsed.year
        self.doc_type, self.issuer_code = parsed.doc_type, parsed.issuer
        self.search_key = fold(f"{self.symbol} {self.issuer} {self.summary} {self.signer}")
        super().save(*args, **kwargs)

    @property
    def type_label(self) -> str:
        return str(DOCUMENT_TYPES.get(self.doc_type, self.doc_type))
