"""The lines of a project's cost estimate (the "dự toán kinh phí" of the đề án).

A line is what the money goes to and how much, in đồng. The lines are optional: a project without
them is estimated as one line, its own amounts. Where an applicant types them (the wizard's budget
step) they must add up to the project's total cost; the pre-filled estimate, the đề án and the
acceptance's Form 3b list them (projects/paperwork.py).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.modelfields import DongAmountField
from khuyencong.vnformat import dong


class CostLine(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="cost_lines")
    position = models.PositiveSmallIntegerField(_("line"), default=0)
    content = models.CharField(_("what the money goes to"), max_length=250)
    amount = DongAmountField(_("cost (đồng)"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.content}: {dong(self.amount)} đ"
