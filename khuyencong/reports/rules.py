"""The reports app's rows of law on the rules screen and in docs/legal-rules.md (plans/rules.py): the
reporting duties and the national programme's targets."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_target_rules() -> None:
    from khuyencong.plans.rules import register_rules

    from .legal_data import target_rows
    from .models import ProgrammeTarget

    columns = [
        ("Programme", "programme"),
        ("Output", "output"),
        ("Target", "target"),
        ("Legal basis", "legal_basis"),
        ("From", "effective_from"),
        ("To", "effective_to"),
        ("Checked", lambda row: "✓" if row["verified"] else "✗"),
        ("Source", "source"),
        ("Note", "note"),
    ]
    register_rules(
        "programme-targets",
        ProgrammeTarget,
        _("National programme targets"),
        ("National khuyến công programme 2026–2030: targets (Decision 2646/QĐ-BCT)", columns, target_rows),
    )


def register_duty_rules() -> None:
    """The duties on the rules screen and in docs/legal-rules.md (plans/rules.py)."""
    from django.utils.translation import gettext_lazy

    from khuyencong.plans.rules import register_rules

    from .legal_data import duty_rows
    from .models import ReportingDuty

    columns = [
        ("Code", "code"),
        ("Report", "name"),
        ("Frequency", "frequency"),
        ("Reported by", "reporter"),
        ("Sent to", "recipient"),
        ("Due day", lambda row: row["due_kind"]),
        ("Legal basis", "legal_basis"),
        ("From", "effective_from"),
        ("To", "effective_to"),
        ("Checked", lambda row: "✓" if row["verified"] else "✗"),
        ("Source", "source"),
        ("Note", "note"),
    ]
    title = "Reporting duties (reports a province sends, and to whom)"
    register_rules(
        "reporting-duties", ReportingDuty, gettext_lazy("Reporting duties"), (title, columns, duty_rows)
    )
