"""Events: conferences, workshops, training sessions, study tours, fairs and exhibitions.

An event hangs on its project (models/base.py) and keeps what the programme's files keep of it:
the notice that announced it, the organising board and the decision that set it up, the tender
packages of its services (estimate and contractor-selection plan, each approved by decision),
the participants who registered and attended, and — for a fair or an exhibition — its exhibitors
and their booths.

A booth's support is never typed: it is the cap of the support rule in force on the event's first
day for the fair item (Joint Circular 26/2014/TTLT-BTC-BCT Art. 6.2 point d: organising a fair in
the country, 100% of the booth rent; an establishment taking part in another fair in the country,
80% of the booth rent), worked out by `SupportRule.resolve` and stored with the row and article it
came from. A rule row that says nothing (no rate entered for the date) leaves the support unknown,
and the booth says so; nothing is assumed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.audit.log import save_audited
from khuyencong.concurrency import Versioned, save_versioned
from khuyencong.modelfields import DongAmountField

from .base import Held, OnProject, current_of

# The support rows that apply to booths: activity type 4 of Decree 45/2012 Art. 4 (typical rural
# industrial products: fairs and exhibitions), items seeded by plans/legal_data/support.py.
FAIR_ACTIVITY = "4"
ORGANISED_FAIR_ITEM = "fair"
FAIR_ATTENDANCE_ITEM = "fair-participation"


class Event(OnProject, Held, Versioned):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        WORKSHOP = "workshop", _("Workshop")
        TRAINING_SESSION = "training_session", _("Training session")
        STUDY_TOUR = "study_tour", _("Study tour")
        FAIR = "fair", _("Fair")
        EXHIBITION = "exhibition", _("Exhibition")
        FAIR_ATTENDANCE = "fair_attendance", _("Taking part in another province's fair")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    # "events" is the project's timeline (projects.ProjectEvent): this is its activities' events.
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="activity_events",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    organiser = models.CharField(
        _("organiser"),
        max_length=250,
        help_text=_("e.g. Sở Công Thương Hưng Yên, Cục Công Thương địa phương"),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    notice = models.ForeignKey(
        "documents.Document",
        verbose_name=_("notice or plan of the event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "The document that announced the event, e.g. a notice of the provincial People's Committee."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, editable=False
    )
    visitors = models.PositiveIntegerField(
        _("visitors"), null=True, blank=True, editable=False, validators=[MaxValueValidator(10**8)]
    )
    sales = DongAmountField(_("sales reported (đồng)"), null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_on", "-pk"]
        indexes = [models.Index(fields=["project", "start_on"], name="event_project")]

    def __str__(self) -> str:
        return self.title

    # ------------------------------------------------------------ fairs

    @property
    def has_booths(self) -> bool:
        return self.kind in (self.Kind.FAIR, self.Kind.EXHIBITION, self.Kind.FAIR_ATTENDANCE)

    @property
    def support_item(self) -> str:
        """The support item a booth of this event falls under ("" for an event without booths)."""
        if self.kind == self.Kind.FAIR_ATTENDANCE:
            return FAIR_ATTENDANCE_ITEM
        return ORGANISED_FAIR_ITEM if self.has_booths else ""

    def booth_rule(self):
        """The caps in force on the event's first day for its booths (None for an event without booths)."""
        from khuyencong.plans.models import SupportRule

        if not self.has_booths:
            return None
        return SupportRule.resolve(
            FAIR_ACTIVITY,
            self.support_item,
            self.project.source.kind,
            self.start_on,
            self.project.current_province_id,
        )

    def booth_totals(self) -> dict:
        """Booths, standard booths, m², rent and support of the event, in one query."""
        totals = self.booths.aggregate(
            n_booths=Count("pk"),
            n_standard=Count("pk", filter=Q(standard=True)),
            sum_area=Sum("size_m2"),
            sum_rent=Sum("rent"),
            sum_support=Sum("support"),
            n_unknown=Count("pk", filter=Q(support__isnull=True)),
        )
        # The aliases differ from the fields' names: an aggregate named like a field it reads is refused.
        return {key.split("_", 1)[1]: value or 0 for key, value in totals.items()}

    def refresh_booth_support(self, by) -> int:
        """Work out every booth's support again (the date or the kind changed); audited per booth."""
        changed = 0
        rule = self.booth_rule()
        for booth in self.booths.select_related("exhibitor"):
            booth.event = self
            if booth.apply_support(rule):
                save_audited(booth, by, verb="support_recomputed")
                changed += 1
        return changed

    # ------------------------------------------------------------ steps

    def save_changes(self, by, loaded_version: int | None) -> dict:
        """Save an edit (refusing a stale copy) and, when the date or kind moved, the booths' support."""
        with transaction.atomic():
            changes = save_versioned(self, by, loaded_version)
            if {"start_on", "kind"} & set(changes):
                self.refresh_booth_support(by)
            return changes

    def report_results(
        self, by, *, visitors: int | None = None, sales: int | None = None, today: datetime.date | None = None
    ) -> None:
        """The event took place: its visitors and, for a fair, the sales its exhibitors reported."""
        today = today or timezone.localdate()
        if self.status == self.Status.CANCELLED:
            raise ValidationError(_("A cancelled event has no results."))
        if self.start_on > today:
            raise ValidationError(
                _("The event has not begun yet: its results can be reported from its first day.")
            )
        if sales is not None and not self.has_booths:
            raise ValidationError(_("Sales are reported for fairs and exhibitions only."))
        self.status = self.Status.HELD
        self.visitors, self.sales = visitors, sales
        with transaction.atomic():
            save_audited(self, by, verb="results_reported")

    def cancel(self, by, reason: str) -> None:
        if self.status != self.Status.PLANNED:
            raise ValidationError(_("Only a planned event can be cancelled."))
        if not reason.strip():
            raise ValidationError(_("Say why the event is cancelled."))
        self.status, self.cancel_reason = self.Status.CANCELLED, reason.strip()
        with transaction.atomic():
            save_audited(self, by, verb="cancelled")

    def board_for(self, by) -> OrganisingBoard:
        """The event's organising board, made (audited) the first time it is needed."""
        board = OrganisingBoard.objects.filter(event=self).first()
        if board is None:
            board = OrganisingBoard(event=self)
            save_audited(board, by)
        return board


class OrganisingBoard(Versioned):
    """The organising board (*Ban tổ chức*) of one event, set up by decision."""

    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="board"
    )
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("decision setting up the board"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organising board")
        verbose_name_plural = _("organising boards")

    def __str__(self) -> str:
        return str(_("Organising board of %(event)s") % {"event": self.event})


class BoardMember(Versioned):
    class Role(models.TextChoices):
        HEAD = "head", _("Head of the board")
        DEPUTY = "deputy", _("Deputy head")
        MEMBER = "member", _("Member")

    board = models.ForeignKey(
        OrganisingBoard, verbose_name=_("organising board"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(
        _("position"), max_length=250, blank=True, help_text=_("e.g. Phó Giám đốc Sở Công Thương")
    )
    role = models.CharField(_("role in the board"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        ordering = [
            "board",
            models.Case(models.When(role="head", then=0), models.When(role="deputy", then=1), default=2),
            "pk",
        ]

    def __str__(self) -> str:
        return self.name


class TenderPackage(Versioned):
    """A tender package (*gói thầu*) of the event's services: its estimate and selection plan by decision."""

    class Method(models.TextChoices):
        # The ways of selecting a contractor of the Law on Procurement 43/2013/QH13, Art. 20 to 26.
        OPEN = "open", _("Open bidding")
        LIMITED = "limited", _("Limited bidding")
        DIRECT = "direct", _("Direct appointment")
        DIRECT_SHORT = "direct_short", _("Shortened direct appointment")
        SHOPPING = "shopping", _("Competitive shopping")
        PROCUREMENT = "procurement", _("Direct procurement")
        SELF = "self", _("Self-performance")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="tenders"
    )
    name = models.CharField(_("package name"), max_length=300)
    estimate_decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("decision approving the estimate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    estimate_value = DongAmountField(_("estimate (đồng)"), null=True, blank=True)
    selection_plan_decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("decision approving the contractor-selection plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    selection_method = models.CharField(
        _("selection method"), max_length=15, choices=Method.choices, blank=True
    )
    contractor = models.CharField(_("contractor"), max_length=250, blank=True)
    contract_value = DongAmountField(_("contract value (đồng)"), null=True, blank=True)
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("tender package")
        verbose_name_plural = _("tender packages")
        ordering = ["event", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        signed = self.contract_value is not None or self.contract_date is not None
        if signed and not self.contractor.strip():
            errors["contractor"] = _("Name the contractor the contract was signed with.")
        if (
            self.contract_value is not None
            and self.estimate_value is not None
            and self.contract_value > self.estimate_value
        ):
            errors["contract_value"] = _("The contract value is above the approved estimate.")
        if errors:
            raise ValidationError(errors)


class Participant(Versioned):
    """Someone registered for the event: a person, for an organisation or an establishment."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participants"
    )
    person_name = models.CharField(_("full name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)
    establishment = models.ForeignKey(
        "registry.Establishment",
        verbose_name=_("establishment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "commune"},
    )
    current_commune = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    registered_on = models.DateField(_("registered on"))
    attended = models.BooleanField(_("attended"), default=False, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "person_name", "pk"]
        indexes = [models.Index(fields=["event", "attended"], name="participant_event")]

    def __str__(self) -> str:
        return self.person_name

    def save(self, *args, **kwargs):
        self.current_commune = current_of(self.commune)
        super().save(*args, **kwargs)

    def mark_attended(self, by, attended: bool = True) -> None:
        if attended and self.event.status == Event.Status.CANCELLED:
            raise ValidationError(_("Nobody attends a cancelled event."))
        if attended and self.event.start_on > timezone.localdate():
            raise ValidationError(_("The event has not begun yet."))
        self.attended = attended
        with transaction.atomic():
            save_audited(self, by, verb="attended" if attended else "absent")


class Exhibitor(Versioned):
    """An establishment (or another exhibitor) showing at a fair or an exhibition."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="exhibitors"
    )
    establishment = models.ForeignKey(
        "registry.Establishment",
        verbose_name=_("establishment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(
        _("name"),
        max_length=250,
        blank=True,
        help_text=_("Needed when the exhibitor is not in the registry."),
    )
    commune = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "commune"},
    )
    current_commune = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    products = models.TextField(_("products shown"), blank=True)

    class Meta:
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        ordering = ["event", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "establishment"],
                condition=Q(establishment__isnull=False),
                name="exhibitor_once_per_event",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.establishment_id is None and not self.name.strip():
            raise ValidationError({"name": _("Choose an establishment or type the exhibitor's name.")})
        if self.event_id and not self.event.has_booths:
            raise ValidationError(_("Only a fair or an exhibition has exhibitors."))

    def save(self, *args, **kwargs):
        if self.establishment_id is not None:
            # The registry's name and commune, unless the form named others (a trading name).
            self.name = self.name.strip() or self.establishment.name
            if self.commune_id is None:
                self.commune_id = self.establishment.commune_id
        self.current_commune = current_of(self.commune)
        super().save(*args, **kwargs)


class Booth(Versioned):
    """A booth at a fair, its rent, who paid it, and the support the rule in force allows for it."""

    class PaidBy(models.TextChoices):
        PROGRAMME = "programme", _("The khuyến công programme")
        EXHIBITOR = "exhibitor", _("The exhibitor")
        SHARED = "shared", _("Shared (programme's support, the rest by the exhibitor)")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="booths")
    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.CASCADE, related_name="booths"
    )
    number = models.CharField(_("booth number"), max_length=20)
    standard = models.BooleanField(
        _("standard booth"), default=True, help_text=_("A standard booth is 3 m × 3 m.")
    )
    size_m2 = models.DecimalField(
        _("size (m²)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal(9),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(10_000))],
    )
    rent = DongAmountField(_("rent (đồng)"))
    paid_by = models.CharField(_("paid by"), max_length=10, choices=PaidBy.choices, default=PaidBy.SHARED)
    support = DongAmountField(_("support (đồng)"), null=True, blank=True, editable=False)
    support_basis = models.CharField(_("basis of the support"), max_length=500, blank=True, editable=False)
    support_rule = models.ForeignKey(
        "plans.SupportRule",
        verbose_name=_("support rule applied"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["event", "number", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "number"], name="booth_number_unique")]
        indexes = [models.Index(fields=["event"], name="booth_event")]

    def __str__(self) -> str:
        return str(_("Booth %(number)s") % {"number": self.number})

    def clean(self):
        if self.exhibitor_id and self.event_id and self.exhibitor.event_id != self.event_id:
            raise ValidationError({"exhibitor": _("The exhibitor is not one of this event's.")})

    def apply_support(self, rule=None) -> bool:
        """Work out the support under the rule in force on the event's first day; True when it changed.

        An exhibitor who pays their booth alone gets nothing. Otherwise the support is the rule's cap
        on the rent (the share of the rent, and the amount cap if the row has one). A row with no
        rate for the date leaves the support unknown: it is never guessed."""
        rule = rule if rule is not None else self.event.booth_rule()
        before = (self.support, self.support_basis, self.support_rule_id)
        cap_row = next(
            (
                r
                for r in (rule.sources if rule else [])
                if r.max_percent is not None or r.max_amount is not None
            ),
            None,
        )
        if self.paid_by == self.PaidBy.EXHIBITOR:
            self.support, self.support_rule = 0, None
            self.support_basis = str(_("Paid by the exhibitor: no support."))
        elif cap_row is None:
            self.support, self.support_rule = None, None
            self.support_basis = str(
                _("No support rate is entered for this item on %(day)s: the support cannot be worked out.")
                % {"day": f"{self.event.start_on:%d/%m/%Y}"}
            )
        else:
            self.support = rule.cap_for(self.rent)
            self.support_rule = cap_row
            basis = rule.cap_basis
            if cap_row in rule.fallback_rows:
                basis = _("%(basis)s (the national row: the province has entered none of its own)") % {
                    "basis": basis
                }
            self.support_basis = basis[:500]
        return before != (self.support, self.support_basis, self.support_rule_id)

    def save_with_support(self, by, loaded_version: int | None = None) -> dict:
        """Save the booth (a new one, or an edit refusing a stale copy) with its support worked out."""
        self.apply_support()
        with transaction.atomic():
            if self.pk is None:
                return save_audited(self, by)
            return save_versioned(self, by, loaded_version)
