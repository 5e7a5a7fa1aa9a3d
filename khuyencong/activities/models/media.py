"""Information work (*thông tin tuyên truyền*): reports, articles, bulletins, leaflets, posts."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.concurrency import Versioned
from khuyencong.uploads import private_storage, stored_document_name

from .base import OnProject


def media_file_path(instance, filename: str) -> str:
    return stored_document_name("media-items", instance, "file")


class MediaItem(OnProject, Versioned):
    class Kind(models.TextChoices):
        TV = "tv", _("Television report")
        RADIO = "radio", _("Radio report")
        NEWSPAPER = "newspaper", _("Newspaper article")
        BULLETIN = "bulletin", _("Bulletin")
        LEAFLET = "leaflet", _("Leaflet or brochure")
        WEBSITE = "website", _("Website post")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    channel = models.CharField(
        _("channel"),
        max_length=200,
        help_text=_("e.g. Đài PT-TH Hưng Yên, Báo Hưng Yên, Bản tin Công Thương"),
    )
    published_on = models.DateField(_("date published"))
    title = models.CharField(_("title"), max_length=300)
    link = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(
        _("file"), upload_to=media_file_path, storage=private_storage, blank=True, max_length=200
    )
    # Copies printed, broadcasts aired, readers or views — as the channel reports it.
    reach = models.PositiveIntegerField(
        _("reach"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10**9)],
        help_text=_("Copies, broadcasts or views, as the channel reports them."),
    )
    episodes = models.PositiveSmallIntegerField(
        _("number of issues or broadcasts"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )

    class Meta:
        verbose_name = _("media item")
        verbose_name_plural = _("media items")
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["project", "published_on"], name="media_project")]

    def __str__(self) -> str:
        return self.title
