"""Forms of the activities that every area shares; each area keeps its own in forms_<area>.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.concurrency import VersionedFormMixin
from khuyencong.formfields import DayField
from khuyencong.formstyle import StyledFormMixin
from khuyencong.uploads import check_document

from .models import MediaItem


class MediaItemForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    published_on = DayField(label=_("Date published"))
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("PDF or Word (docx), e.g. the article or leaflet.")
    )

    class Meta:
        model = MediaItem
        fields = ["kind", "channel", "published_on", "title", "link", "file", "reach", "episodes"]

    def clean_file(self):
        return check_document(self.cleaned_data.get("file"))
