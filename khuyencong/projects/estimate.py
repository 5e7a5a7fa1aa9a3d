"""Typing a project's estimate line by line (CostLine, docs/self-service.md "Budget"): one line's
form, the set of lines, what was typed, the check that the lines make the total, and writing them.

The applicant's wizard types amounts in triệu đồng (formfields.TrieuField), Centre staff in đồng
(formfields.DongField), under the same rules. "Add a line" needs no script: the lines typed come
back as an unbound set with one empty line more, judged only when sent.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from khuyencong.audit.log import delete_all_audited, save_audited
from khuyencong.formfields import DongField, TrieuField
from khuyencong.formstyle import StyledFormMixin

from .models import CostLine

# A bound on the form (a household's estimate has a handful of lines), not a rule of the programme.
MAX_LINES = 30
FIRST_LINES = 3
PREFIX = "lines"


class LineForm(StyledFormMixin, forms.Form):
    """One line: both parts, or neither (an empty line is left out). Amounts in triệu đồng."""

    amount_field = TrieuField
    amount_label = _("Million đồng")

    content = forms.CharField(label=_("Spent on"), max_length=250, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"] = self.amount_field(label=self.amount_label, required=False)
        # The unit is said once above the lines, not under each of them.
        self.fields["amount"].help_text = ""
        self.fields["amount"].widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        content, amount = (data.get("content") or "").strip(), data.get("amount")
        if content and amount is None and "amount" not in self.errors:
            self.add_error("amount", _("Give the cost of this line."))
        if amount is not None and not content:
            self.add_error("content", _("Say what this cost is for."))
        data["content"] = content
        return data


class DongLineForm(LineForm):
    """A line as Centre staff type it, in đồng like the rest of the project's form."""

    amount_field = DongField
    amount_label = _("Amount (đồng)")


def line_set(form_class=LineForm, data=None, *, rows=None):
    """The lines typed in `data` (bound); or `rows` shown again with one empty line more; or, with
    neither (a first visit, a draft kept before the lines existed), FIRST_LINES empty lines."""
    if rows is not None:
        more = forms.formset_factory(form_class, extra=1, max_num=MAX_LINES, absolute_max=MAX_LINES)
        return more(initial=rows, prefix=PREFIX)
    lines = forms.formset_factory(
        form_class, extra=FIRST_LINES, max_num=MAX_LINES, validate_max=True, absolute_max=MAX_LINES
    )
    bound = data if data is not None and f"{PREFIX}-TOTAL_FORMS" in data else None
    return lines(bound, prefix=PREFIX)


def filled(lines) -> list[tuple[str, int]]:
    """The lines filled in (content, amount in đồng), in their order; [] while any line is wrong."""
    if not lines.is_bound or not lines.is_valid():
        return []
    return [
        (row["content"], row["amount"])
        for row in lines.cleaned_data
        if row.get("content") and row.get("amount") is not None
    ]


def typed_rows(data) -> list[dict]:
    """The lines as typed (strings, unchecked), each in its place, empty ones too: what "add a line"
    shows again, below them the new one. Dropping the empty lines made the button seem to do nothing."""
    try:
        count = min(int(data.get(f"{PREFIX}-TOTAL_FORMS", 0)), MAX_LINES)
    except (TypeError, ValueError):
        count = 0
    rows = [
        {
            "content": str(data.get(f"{PREFIX}-{n}-content", ""))[:250],
            "amount": str(data.get(f"{PREFIX}-{n}-amount", ""))[:30],
        }
        for n in range(count)
    ]
    return rows


def mismatch(lines: list[tuple[str, int]], total: int | None) -> int | None:
    """The lines' sum when lines are given and do not make the total, else None."""
    if not lines or total is None:
        return None
    found = sum(amount for _content, amount in lines)
    return found if found != total else None


def replace(project, lines: list[tuple[str, int]], by) -> None:
    """Put the lines in place of the project's, audited; nothing is written when they are the same."""
    with transaction.atomic():
        kept = [(line.content, line.amount) for line in project.cost_lines.order_by("position", "pk")]
        if kept == lines:
            return
        delete_all_audited(project.cost_lines.all(), by)
        for position, (content, amount) in enumerate(lines, 1):
            save_audited(CostLine(project=project, position=position, content=content, amount=amount), by)
