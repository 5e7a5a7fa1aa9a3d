"""The contest rules on the rules screen and in docs/legal-rules.md (plans/rules.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_contest_rules() -> None:
    """The contest rules on the rules screen and in docs/legal-rules.md (plans/rules.py)."""
    from khuyencong.plans.rules import register_rules

    from . import legal_data
    from .models import ContestCondition, ContestCriterion, ContestLevel, ContestRule

    def checked(row):
        return "✓" if row["verified"] else "✗"

    dated = [("Legal basis", "legal_basis"), ("From", "effective_from"), ("To", "effective_to")]
    tail = [("Checked", checked), ("Source", "source"), ("Note", "note")]
    level = ("Level", lambda row: row["level"] or "all")
    sections = [
        (
            "contest-levels",
            ContestLevel,
            _("Product contests: levels"),
            [("Code", "code"), ("Name", "name"), ("Organised by", "organiser")],
            legal_data.level_rows,
        ),
        (
            "contest-criteria",
            ContestCriterion,
            _("Product contests: criteria and maximum scores"),
            [level, ("Code", "code"), ("Criterion", "name"), ("Max score", "max_score")],
            legal_data.criterion_rows,
        ),
        (
            "contest-rules",
            ContestRule,
            _("Product contests: pass threshold and certificate validity"),
            [
                level,
                ("Code", "code"),
                ("Rule", "name"),
                ("Pass score", "pass_score"),
                ("Valid years", "valid_years"),
            ],
            legal_data.rule_rows,
        ),
        (
            "contest-conditions",
            ContestCondition,
            _("Product contests: conditions of an entry"),
            [
                level,
                ("Code", "code"),
                ("Condition", "name"),
                ("Kind", "kind"),
                ("Certificate of", "required_level"),
            ],
            legal_data.condition_rows,
        ),
    ]
    doc_titles = {
        "contest-levels": "Product contests: levels (Circular 26/2014/TT-BCT)",
        "contest-criteria": "Product contests: criteria and maximum scores",
        "contest-rules": "Product contests: pass threshold and certificate validity",
        "contest-conditions": "Product contests: conditions of an entry",
    }
    for kind, model, title, columns, rows in sections:
        register_rules(kind, model, title, (doc_titles[kind], [*columns, *dated, *tail], rows))
