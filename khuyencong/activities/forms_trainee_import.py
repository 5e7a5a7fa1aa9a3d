"""The upload of a course's trainee list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.formstyle import StyledFormMixin
from khuyencong.registry.forms import check_workbook_upload


class TraineeListForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Trainee list (.xlsx)"),
        help_text=_("An Excel workbook, at most 50 MB; the first sheet is read."),
    )

    def clean_file(self):
        return check_workbook_upload(self.cleaned_data["file"])
