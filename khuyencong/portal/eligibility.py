"""Who may apply: an establishment, an activity type and a day, judged by the rules in force that day.

Every rule is a dated row with its legal basis (khuyencong/dated.py; docs/legal-rules.md):
- the activity type: `registry.ActivityType` rows (Decree 45/2012/NĐ-CP Art. 4; the type added by
  Decree 235/2025/NĐ-CP from 15/10/2025);
- who is supported and where: `registry.BeneficiaryKind` rows (Decree 45/2012 Art. 1.2 until 14/10/2025,
  Decree 235/2025 from 15/10/2025);
- support already received for the same content: `EligibilityRule` rows below (Joint Circular
  26/2014/TTLT-BTC-BCT Art. 7, "Điều kiện để được hỗ trợ kinh phí khuyến công").

A day with no row in force for a rule says so ("not checked") rather than guessing; the answer names
each failed rule with its legal basis, so "not eligible because …" can be read by the applicant.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.dated import Dated
from khuyencong.registry.models import ActivityType, BeneficiaryKind, Establishment


def vn_date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


class EligibilityRule(Dated):
    """A condition on the applicant that is neither a beneficiary group nor an activity type."""

    class Code(models.TextChoices):
        NO_REPEAT_SUPPORT = (
            "no-repeat-support",
            gettext_lazy("No support already received for the same content"),
        )

    code = models.CharField(gettext_lazy("rule"), max_length=40, choices=Code.choices)
    name = models.CharField(gettext_lazy("name"), max_length=300)
    note = models.TextField(gettext_lazy("note"), blank=True)

    class Meta:
        app_label = "portal"
        verbose_name = gettext_lazy("eligibility rule")
        verbose_name_plural = gettext_lazy("eligibility rules")
        ordering = ["code", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="eligibility_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.legal_basis})"


# The registry's legal forms and the beneficiary group each belongs to (registry/legal_data.py codes).
KIND_OF_FORM = {
    Establishment.LegalForm.ENTERPRISE: "sme",
    Establishment.LegalForm.COOPERATIVE: "cooperative",
    Establishment.LegalForm.COOPERATIVE_GROUP: "coop-group",
    Establishment.LegalForm.HOUSEHOLD: "household-business",
}


@dataclass
class Finding:
    """One rule's answer: passed True, False, or None when it cannot be judged here."""

    rule: str
    passed: bool | None
    reason: str
    legal_basis: str = ""
    verified: bool = False
    # Which rule, for code and tests: "activity", "who", "where", "support" (the `rule` is words).
    code: str = ""

    @property
    def public_basis(self) -> str:
        """The basis as the applicant reads it, without internal notes (`public_basis` below)."""
        return public_basis(self.legal_basis, self.verified)


@dataclass
class Verdict:
    day: datetime.date
    findings: list[Finding] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return all(f.passed is not False for f in self.findings)

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if f.passed is False]

    @property
    def to_check(self) -> list[Finding]:
        return [f for f in self.findings if f.passed is None]

    def reasons(self) -> list[str]:
        """ "Not eligible because …": each failed rule in plain words, with its legal basis."""
        return [f"{f.reason} ({f.legal_basis})" if f.legal_basis else f.reason for f in self.failed]


def judge(
    establishment: Establishment, activity_code: str, day: datetime.date, exclude_project=None
) -> Verdict:
    """Whether the establishment may apply for the activity type on the day, rule by rule."""
    verdict = Verdict(day)
    checks = {
        "activity": _activity_type(activity_code, day),
        "who": _beneficiary(establishment, day),
        "where": _location(establishment, day),
        "support": _repeat_support(establishment, activity_code, day, exclude_project),
    }
    for code, found in checks.items():
        found.code = code
        verdict.findings.append(found)
    return verdict


def _activity_type(code: str, day: datetime.date) -> Finding:
    rule = _("Kind of support")
    found = ActivityType.in_force(day).filter(code=code).first()
    if found:
        return Finding(
            rule,
            True,
            _("“%(name)s” is offered on %(day)s.") % {"name": found.name, "day": vn_date(day)},
            found.legal_basis,
            found.verified,
        )
    known = ActivityType.objects.filter(code=code).order_by("effective_from").first()
    basis = known.legal_basis if known else ""
    if known and known.effective_from > day:
        reason = _("This kind of support starts only on %(start)s; it was not offered on %(day)s.") % {
            "start": vn_date(known.effective_from),
            "day": vn_date(day),
        }
    else:
        reason = _("This kind of support is not offered on %(day)s.") % {"day": vn_date(day)}
    return Finding(rule, False, reason, basis, bool(known and known.verified))


def _beneficiary(establishment: Establishment, day: datetime.date) -> Finding:
    rule = _("Who may be supported")
    groups = list(BeneficiaryKind.in_force(day).filter(role=BeneficiaryKind.Role.BENEFICIARY))
    if not groups:
        return Finding(
            rule, None, _("No rule on who may be supported is entered for %(day)s.") % {"day": vn_date(day)}
        )
    wanted = KIND_OF_FORM.get(establishment.legal_form)
    match = next((g for g in groups if g.code == wanted), None)
    if match:
        return Finding(
            rule,
            True,
            _("“%(group)s” may be supported.") % {"group": match.name},
            match.legal_basis,
            match.verified,
        )
    return Finding(
        rule,
        False,
        _("A “%(form)s” is not among those supported on %(day)s: %(groups)s.")
        % {
            "form": establishment.get_legal_form_display(),
            "day": vn_date(day),
            "groups": "; ".join(g.name for g in groups),
        },
        groups[0].legal_basis,
        all(g.verified for g in groups),
    )


def _rural(unit) -> bool | None:
    """Decree 45/2012 Art. 1.2: a commune (xã) or township (thị trấn) qualifies; a ward (phường)
    only in a city of class 2 or 3, which the registry does not hold: the Centre checks it."""
    kind = (unit.division_type or "").lower()
    if kind.startswith("xã") or kind.startswith("thị trấn"):
        return True
    return None


# What each location row asks, by its code (registry/legal_data.py).
LOCATION_TESTS = {
    "rural-area": _rural,
    "commune-ward-special-zone": lambda unit: True,
}


def _location(establishment: Establishment, day: datetime.date) -> Finding:
    rule = _("Where the establishment is")
    rows = list(BeneficiaryKind.in_force(day).filter(role=BeneficiaryKind.Role.LOCATION))
    if not rows:
        return Finding(
            rule,
            None,
            _("No rule on where the establishment must be is entered for %(day)s.") % {"day": vn_date(day)},
        )
    row = rows[0]
    test = LOCATION_TESTS.get(row.code)
    answer = test(establishment.commune) if test else None
    if answer:
        return Finding(
            rule,
            True,
            _("%(place)s: %(rule)s.") % {"place": establishment.commune.name, "rule": row.name},
            row.legal_basis,
            row.verified,
        )
    if answer is None:
        return Finding(
            rule,
            None,
            _("%(place)s: the Centre will check it against the rule “%(rule)s”.")
            % {"place": establishment.commune.name, "rule": row.name},
            row.legal_basis,
            row.verified,
        )
    return Finding(
        rule,
        False,
        _("%(place)s is not a place the rule covers: %(rule)s.")
        % {"place": establishment.commune.name, "rule": row.name},
        row.legal_basis,
        row.verified,
    )


def _repeat_support(establishment, activity_code: str, day: datetime.date, exclude_project) -> Finding:
    from khuyencong.projects.models import Project, ProjectBeneficiary
    from khuyencong.projects.models.states import COMMITTED

    rule = _("Support already received")
    row = EligibilityRule.in_force(day).filter(code=EligibilityRule.Code.NO_REPEAT_SUPPORT).first()
    if row is None:
        return Finding(
            rule,
            None,
            _("No rule on support already received is entered for %(day)s.") % {"day": vn_date(day)},
        )
    # Approved or later (COMMITTED), as beneficiary or applicant, for the same kind of support.
    projects = Project.objects.filter(
        activity_type__code=activity_code,
        status__in=COMMITTED,
        pk__in=ProjectBeneficiary.objects.filter(establishment=establishment).values("project_id"),
    )
    if exclude_project is not None:
        projects = projects.exclude(pk=exclude_project.pk)
    earlier = list(projects.order_by("approved_on", "pk")[:5])
    if not earlier:
        return Finding(
            rule, True, _("No earlier support for the same content was found."), row.legal_basis, row.verified
        )
    return Finding(
        rule,
        False,
        _("The establishment already received support for the same content: %(projects)s.")
        % {"projects": "; ".join(str(p) for p in earlier)},
        row.legal_basis,
        row.verified,
    )


@dataclass
class Cap:
    """The most support allowed on a day, in đồng (None: no cap), and the rule it comes from.

    `max_percent` and `max_amount` are what the cap is made of, so a page can say it before a total
    cost is typed (a share of a cost not yet known is no amount). `basis` is the row's legal basis as
    entered, for staff; `public_basis` is what an applicant may read: the text and article when the
    row was checked against the text, the text alone when its article is not known, nothing else.
    """

    amount: int | None
    basis: str
    verified: bool
    max_percent: object = None
    max_amount: int | None = None
    public_basis: str = ""


def public_basis(legal_basis: str, verified: bool) -> str:
    """The legal basis as an applicant may read it: no internal marker such as "Điều: chưa xác định"."""
    from khuyencong.legal_texts import UNKNOWN_ARTICLE

    if not legal_basis:
        return ""
    if UNKNOWN_ARTICLE in legal_basis:
        return legal_basis.split(",")[0].strip()
    return legal_basis if verified else legal_basis.split(",")[0].strip()


def cap_on(activity_code: str, item_code: str, source_kind: str, day, province_id, total: int | None) -> Cap:
    """The cap of the SupportRule rows in force on the day (plans/models.py `SupportRule.resolve`);
    with no total cost (None) the amount is only the fixed ceiling, if the cap has no share of the cost."""
    from khuyencong.plans.models import SupportRule

    resolved = SupportRule.resolve(activity_code, item_code, source_kind, day, province_id)
    verified = all(rule.verified for rule in resolved.sources) if resolved.sources else False
    if total is None:
        amount = resolved.max_amount if resolved.max_percent is None else None
    else:
        amount = resolved.cap_for(total)
    cap_row = next(
        (r for r in resolved.sources if r.max_percent is not None or r.max_amount is not None), None
    )
    return Cap(
        amount,
        resolved.cap_basis,
        verified,
        max_percent=resolved.max_percent,
        max_amount=resolved.max_amount,
        public_basis=public_basis(cap_row.legal_basis, cap_row.verified) if cap_row else "",
    )
