"""Product contests: the selection of typical rural industrial products (*bình chọn sản phẩm công
nghiệp nông thôn tiêu biểu*, Circular 26/2014/TT-BCT).

The law is data: the levels a contest may have, the criteria with their maximum scores, the pass
threshold, the conditions an entry must meet and how long a certificate is valid are dated rows
(activities/legal_data.py, listed in docs/legal-rules.md); a province may add its own (Art. 24.2 lets
the provincial People's Committee set its own rules for its contests). A contest applies the rows in
force on the day it is held. Results are decided only by `Contest.decide_results`, which certifies
exactly the entries whose average over the jury meets the threshold and whose conditions are met,
issues their certificates and writes the certification on the product's registry record, audited, in
one transaction.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.audit.log import action_code, record, save_audited
from khuyencong.concurrency import Versioned
from khuyencong.dated import Dated
from khuyencong.plans.models import Provincial
from khuyencong.uploads import private_storage, stored_document_name, stored_photo_name

from .base import OnProject

SCORE = {"max_digits": 5, "decimal_places": 2}
CENT = Decimal("0.01")


class Level(models.TextChoices):
    """The levels Art. 3.1 and Art. 6.2 of Circular 26/2014/TT-BCT name (which are in force: ContestLevel)."""

    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Provincial")
    REGION = "region", _("Regional")
    NATIONAL = "national", _("National")


# ---------------------------------------------------------------- dated rules


class ContestLevel(Dated):
    """A level at which contests may be held, and the certification it gives the product."""

    code = models.CharField(_("level"), max_length=12, choices=Level.choices)
    name = models.CharField(_("name"), max_length=200)
    organiser = models.CharField(_("organised by"), max_length=250, blank=True)
    certification_kind = models.CharField(_("certification given"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order of display"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("contest level")
        verbose_name_plural = _("contest levels")
        ordering = ["order", "-effective_from"]

    def __str__(self) -> str:
        return self.name


class ContestLevelScoped(Provincial, Dated):
    """A contest rule row for one level (or every level when empty), national or one province's own."""

    level = models.CharField(
        _("level"), max_length=12, choices=Level.choices, blank=True, help_text=_("Empty: every level.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True

    @classmethod
    def applying(cls, level: str, on: datetime.date, province_id: int | None):
        """The rows in force on the day for the level: a province's own rows replace the national ones
        of the same code (Art. 24.2), a level's own rows the every-level ones."""
        rows = cls.in_force(on).filter(cls.national_or(province_id), level__in=[level, ""])
        chosen: dict[str, ContestLevelScoped] = {}
        for row in sorted(rows, key=lambda r: (r.province_id is not None, bool(r.level), r.effective_from)):
            chosen[row.code] = row
        return sorted(chosen.values(), key=lambda r: (r.order, r.code))


class ContestCriterion(ContestLevelScoped):
    """A scoring criterion and its maximum score (Art. 7, Annexes 3 and 4 of Circular 26/2014)."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("criterion"), max_length=300)
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order of display"), default=0)

    class Meta:
        verbose_name = _("contest criterion")
        verbose_name_plural = _("contest criteria")
        ordering = ["order", "-effective_from"]

    def __str__(self) -> str:
        return self.name


class ContestRule(ContestLevelScoped):
    """The pass threshold (Art. 17.1) or the certificate's validity (Art. 17.3): one row each."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("rule"), max_length=300)
    pass_score = models.DecimalField(
        _("average score needed (at least)"),
        **SCORE,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    valid_years = models.PositiveSmallIntegerField(
        _("certificate valid until 31 December of year number"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("The year of issue counts as the first year."),
    )
    order = models.PositiveSmallIntegerField(_("order of display"), default=0)

    class Meta:
        verbose_name = _("contest rule")
        verbose_name_plural = _("contest rules")
        ordering = ["order", "-effective_from"]

    def __str__(self) -> str:
        return self.name


class ContestCondition(ContestLevelScoped):
    """A condition an entry must meet besides the score (Art. 4, Art. 12, Art. 17.1)."""

    class Kind(models.TextChoices):
        CHECKED = "checked", _("Checked by the organiser on the entry")
        PRIOR_CERTIFICATE = "prior", _("A valid certificate of a lower level")

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("condition"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    required_level = models.CharField(
        _("level of the certificate required"), max_length=12, choices=Level.choices, blank=True
    )
    # Art. 12.2.d: where the district round was not held, a provincial entry needs no district certificate.
    waived_if_not_held = models.BooleanField(_("waived when the lower round was not held"), default=False)
    order = models.PositiveSmallIntegerField(_("order of display"), default=0)

    class Meta:
        verbose_name = _("contest condition")
        verbose_name_plural = _("contest conditions")
        ordering = ["order", "-effective_from"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if (self.kind == self.Kind.PRIOR_CERTIFICATE) != bool(self.required_level):
            raise ValidationError(
                {"required_level": _("A lower-level certificate condition names its level; no other does.")}
            )


# ---------------------------------------------------------------- the rules of one contest


class RulesOfTheDay:
    """The rows that apply to a contest: of its level, on its day, national or its province's own."""

    def __init__(self, level: str, on: datetime.date, province_id: int | None):
        self.level, self.on, self.province_id = level, on, province_id
        self.level_row = ContestLevel.in_force(on).filter(code=level).order_by("-effective_from").first()
        self.criteria = ContestCriterion.applying(level, on, province_id)
        self.conditions = ContestCondition.applying(level, on, province_id)
        rules = ContestRule.applying(level, on, province_id)
        self.pass_score = next((r.pass_score for r in rules if r.pass_score is not None), None)
        self.valid_years = next((r.valid_years for r in rules if r.valid_years is not None), None)

    @property
    def complete(self) -> bool:
        return bool(self.level_row and self.criteria and self.pass_score is not None and self.valid_years)

    def valid_until(self, issued_on: datetime.date) -> datetime.date:
        """Art. 17.3: to the end of 31 December of the N-th year, the year of issue being the first."""
        return datetime.date(issued_on.year + self.valid_years - 1, 12, 31)


def certification_valid_on(certification, on: datetime.date) -> bool:
    """Whether a registry certification was in force on the day. One entered by hand without an end
    date is valid as Art. 17.3 (the rule in force when it was issued) says."""
    if certification.year > on.year:
        return False
    if certification.valid_until:
        return certification.valid_until >= on
    issued = datetime.date(certification.year, 1, 1)
    row = ContestRule.in_force(issued).filter(valid_years__isnull=False, province__isnull=True).first()
    return row is not None and datetime.date(certification.year + row.valid_years - 1, 12, 31) >= on


# ---------------------------------------------------------------- contests


class Contest(OnProject, Versioned):
    """One round of the selection at one level, run as (part of) a project."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DECIDED = "decided", _("Results decided")

    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    title = models.CharField(_("title"), max_length=300)
    organiser = models.CharField(_("organised by"), max_length=250)
    held_on = models.DateField(_("date of the contest"), help_text=_("The rules in force on this day apply."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, editable=False
    )
    result_decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("decision recognising the results"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("date of the decision"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("product contest")
        verbose_name_plural = _("product contests")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["project", "held_on"], name="contest_project")]

    def __str__(self) -> str:
        return self.title

    def rules(self) -> RulesOfTheDay:
        if "_rules" not in self.__dict__:
            self._rules = RulesOfTheDay(self.level, self.held_on, self.project.current_province_id)
        return self._rules

    def clean(self):
        if (
            self.level
            and self.held_on
            and not ContestLevel.in_force(self.held_on).filter(code=self.level).exists()
        ):
            raise ValidationError(
                {
                    "level": _("No contest of this level is provided for by the rules in force on %(day)s.")
                    % {"day": f"{self.held_on:%d/%m/%Y}"}
                }
            )

    @property
    def decided(self) -> bool:
        return self.status == self.Status.DECIDED

    def ranking(self) -> list[ContestEntry]:
        """Entries with their average score so far (None until a juror has a full sheet) and the
        conditions of the contest's day each does not meet (what deciding would say), best first."""
        entries = list(self.entries.select_related("product", "establishment"))
        averages = averages_of(self)
        rules = self.rules()
        for entry in entries:
            entry.current_average = averages.get(entry.pk)
            entry.unmet = entry.unmet_conditions(rules) if rules.complete else []
            entry.below_threshold = (
                rules.complete
                and entry.current_average is not None
                and entry.current_average < rules.pass_score
            )
        return sorted(entries, key=lambda e: (e.current_average is None, -(e.current_average or 0), e.pk))

    def decide_results(self, by, decision, on: datetime.date) -> list[ContestCertificate]:
        """Recognise the results by the decision (Art. 17.2): certify exactly the entries whose average
        over the jury meets the threshold and that meet the conditions in force on the contest's day
        (Art. 17.1), issue their certificates (Art. 17.3) and write the product's certification."""
        from khuyencong.registry.models import Certification

        if decision is None:
            raise ValidationError({"decision": _("Choose the decision recognising the results.")})
        if on < self.held_on:
            raise ValidationError({"on": _("The decision cannot be dated before the contest.")})
        if decision.issued_on != on:
            raise ValidationError(
                {
                    "on": _("The date is the decision's own date (%(day)s).")
                    % {"day": f"{decision.issued_on:%d/%m/%Y}"}
                }
            )
        rules = self.rules()
        if not rules.complete:
            raise ValidationError(
                _("The rules for this level on the contest's date are incomplete: see the rules screen.")
            )
        with transaction.atomic():
            locked = type(self)._base_manager.select_for_update().get(pk=self.pk)
            if locked.status != self.Status.OPEN:
                raise ValidationError(_("The results of this contest were already decided."))
            entries = list(self.entries.select_related("product"))
            if not entries:
                raise ValidationError(_("The contest has no entry."))
            missing = missing_scores(self)
            if missing:
                raise ValidationError(
                    _("Some score sheets are incomplete: %(missing)s.") % {"missing": "; ".join(missing[:10])}
                )
            sums = score_sums(self)
            jurors = self.jury.count()
            certificates = []
            for entry in sorted(entries, key=lambda e: e.pk):
                total = sums.get(entry.pk, Decimal(0))
                entry.average_score = (total / jurors).quantize(CENT, ROUND_HALF_UP)
                # Compared exactly (sum ≥ threshold × jurors), not on the rounded average.
                passed = total >= rules.pass_score * jurors
                entry.certified = passed and not entry.unmet_conditions(rules)
                save_audited(entry, by, verb="scored")
                if entry.certified:
                    certificates.append(
                        self._certify(by, entry, decision, on, len(certificates) + 1, Certification)
                    )
            self.status, self.result_decision, self.decided_on = self.Status.DECIDED, decision, on
            self.version = locked.version + 1
            save_audited(self, by, verb="decided")
        return certificates

    def _certify(self, by, entry, decision, on, number, Certification) -> ContestCertificate:
        rules = self.rules()
        kind = rules.level_row.certification_kind
        certification = Certification(
            product=entry.product,
            kind=kind,
            year=on.year,
            decision_number=decision.symbol,
            valid_until=rules.valid_until(on),
        )
        certification.full_clean()
        save_audited(certification, by, note=str(self))
        certificate = ContestCertificate(
            entry=entry,
            # Numbered within the decision: the number, then the decision's symbol.
            number=f"{number:03d}/{decision.symbol}",
            issued_on=on,
            valid_until=rules.valid_until(on),
            certification=certification,
        )
        save_audited(certificate, by)
        return certificate


def score_sums(contest) -> dict[int, Decimal]:
    """Each entry's sum of every juror's scores over the criteria that apply."""
    criteria = [c.pk for c in contest.rules().criteria]
    rows = (
        JuryScore.objects.filter(entry__contest=contest, criterion_id__in=criteria, juror__contest=contest)
        .values("entry_id")
        .annotate(total=models.Sum("score"))
    )
    return {row["entry_id"]: row["total"] for row in rows}


def averages_of(contest) -> dict[int, Decimal]:
    """The average of the jurors' totals, over the jurors whose sheet for the entry is complete."""
    criteria = {c.pk for c in contest.rules().criteria}
    sheets: dict[tuple[int, int], list] = {}
    for score in JuryScore.objects.filter(entry__contest=contest, criterion_id__in=criteria):
        sheets.setdefault((score.entry_id, score.juror_id), []).append(score.score)
    totals: dict[int, list[Decimal]] = {}
    for (entry, _juror), scores in sheets.items():
        if len(scores) == len(criteria):
            totals.setdefault(entry, []).append(sum(scores))
    return {entry: (sum(t) / len(t)).quantize(CENT, ROUND_HALF_UP) for entry, t in totals.items()}


def missing_scores(contest) -> list[str]:
    """'juror — entry' for each score sheet that lacks a criterion."""
    criteria = {c.pk for c in contest.rules().criteria}
    found = set(
        JuryScore.objects.filter(entry__contest=contest, criterion_id__in=criteria).values_list(
            "entry_id", "juror_id", "criterion_id"
        )
    )
    jury = list(contest.jury.all())
    if not jury:
        return [str(_("no jury member"))]
    missing = []
    for entry in contest.entries.select_related("product"):
        for juror in jury:
            if any((entry.pk, juror.pk, c) not in found for c in criteria):
                missing.append(f"{juror.full_name} — {entry.product.name}")
    return missing


def entry_photo_path(instance, filename: str) -> str:
    return stored_photo_name(f"contest-entries/{instance.contest_id}", instance, "photo")


def entry_dossier_path(instance, filename: str) -> str:
    return stored_document_name("contest-entries", instance, "dossier")


class ContestEntry(Versioned):
    """A product entered in a contest by its establishment (Art. 4, Art. 12)."""

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="entries"
    )
    product = models.ForeignKey(
        "registry.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="contest_entries",
    )
    establishment = models.ForeignKey(
        "registry.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    photo = models.ImageField(
        _("photo"), upload_to=entry_photo_path, storage=private_storage, blank=True, max_length=200
    )
    dossier = models.FileField(
        _("registration dossier"),
        upload_to=entry_dossier_path,
        storage=private_storage,
        blank=True,
        max_length=200,
    )
    # The codes of the organiser-checked conditions found met (ContestCondition.Kind.CHECKED).
    conditions_met = models.JSONField(_("conditions met"), default=list, blank=True)
    lower_round_not_held = models.BooleanField(
        _("the lower-level round was not held"),
        default=False,
        help_text=_("Art. 12.2.d of Circular 26/2014/TT-BCT: then no district certificate is needed."),
    )
    average_score = models.DecimalField(_("average score"), **SCORE, null=True, blank=True, editable=False)
    certified = models.BooleanField(_("certified"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contest entry")
        verbose_name_plural = _("contest entries")
        ordering = ["contest", "pk"]
        constraints = [models.UniqueConstraint(fields=["contest", "product"], name="contest_entry_once")]

    def __str__(self) -> str:
        return str(self.product) if self.product_id else "—"

    def save(self, *args, **kwargs):
        self.establishment_id = self.product.establishment_id
        super().save(*args, **kwargs)

    def unmet_conditions(self, rules: RulesOfTheDay) -> list[ContestCondition]:
        """The conditions in force on the contest's day that this entry does not meet."""
        unmet = []
        for condition in rules.conditions:
            if condition.kind == ContestCondition.Kind.CHECKED:
                if condition.code not in (self.conditions_met or []):
                    unmet.append(condition)
            elif not self.holds_certificate(condition.required_level, rules.on) and not (
                condition.waived_if_not_held and self.lower_round_not_held
            ):
                # Art. 12: the lower level's certificate "còn giá trị" — still valid on the contest's day.
                unmet.append(condition)
        return unmet

    def holds_certificate(self, level: str, on: datetime.date) -> bool:
        row = ContestLevel.objects.filter(code=level).first()
        if row is None:
            return False
        certifications = self.product.certifications.filter(kind=row.certification_kind)
        return any(certification_valid_on(c, on) for c in certifications)


class JuryMember(models.Model):
    """A member of the contest's jury (Ban Giám khảo, Art. 11)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Head of the jury")
        VICE = "vice", _("Deputy head")
        MEMBER = "member", _("Member")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="jury")
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    organisation = models.CharField(_("position and organisation"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        ordering = ["contest", "role", "pk"]

    def __str__(self) -> str:
        return self.full_name


class JuryScore(models.Model):
    """One juror's score of one entry on one criterion (the score sheet of Annex 4)."""

    entry = models.ForeignKey(ContestEntry, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ContestCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), **SCORE, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("jury score")
        verbose_name_plural = _("jury scores")
        constraints = [
            models.UniqueConstraint(fields=["entry", "juror", "criterion"], name="jury_score_once"),
            models.CheckConstraint(condition=Q(score__gte=0), name="jury_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.juror} · {self.criterion} · {self.score}"

    def clean(self):
        if self.score is not None and self.criterion_id and self.score > self.criterion.max_score:
            raise ValidationError(
                {
                    "score": _("“%(criterion)s” is scored out of %(max)s; %(score)s is more.")
                    % {"criterion": self.criterion.name, "max": self.criterion.max_score, "score": self.score}
                }
            )


def record_score_sheet(by, entry: ContestEntry, juror: JuryMember, scores: dict[int, Decimal]) -> None:
    """Write one juror's sheet for one entry (criterion pk → score), every score checked, audited as one."""
    contest = entry.contest
    if contest.decided:
        raise ValidationError(_("The results are decided; scores can no longer change."))
    if juror.contest_id != contest.pk:
        raise ValidationError(_("This juror is not on this contest's jury."))
    criteria = {c.pk: c for c in contest.rules().criteria}
    errors = {}
    rows = []
    for pk, score in scores.items():
        criterion = criteria.get(pk)
        if criterion is None:
            raise ValidationError(_("A criterion that does not apply to this contest was scored."))
        row = JuryScore(entry=entry, juror=juror, criterion=criterion, score=score)
        try:
            row.clean()
        except ValidationError as error:
            errors[f"criterion_{pk}"] = error.messages
        if score is not None and score < 0:
            errors[f"criterion_{pk}"] = [str(_("A score cannot be negative."))]
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        JuryScore.objects.filter(entry=entry, juror=juror).delete()
        JuryScore.objects.bulk_create(r for r in rows if r.score is not None)
        record(
            by,
            entry,
            action_code(entry, "scored_by_juror"),
            {
                "juror": [None, juror.full_name],
                **{criteria[r.criterion_id].code: [None, str(r.score)] for r in rows},
            },
        )


class ContestCertificate(models.Model):
    """The certificate a certified entry receives (Art. 17.3, the form of Annex 6), linked to the
    certification it wrote on the product's registry record."""

    entry = models.OneToOneField(ContestEntry, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("certificate number"), max_length=80)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    certification = models.OneToOneField(
        "registry.Certification", on_delete=models.PROTECT, related_name="contest_certificate"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("contest certificate")
        verbose_name_plural = _("contest certificates")
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return self.number
