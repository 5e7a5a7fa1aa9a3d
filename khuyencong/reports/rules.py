"""The national programme's targets on the rules screen and in docs/legal-rules.md (plans/rules.py)."""

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
