"""The registry: rural industrial establishments, craft villages, products and needs.

Each place-bound record keeps the unit it was made with (`commune`, possibly a
pre-2025 commune) and, derived on save, today's commune and province, through
which scopes and filters work.
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Place, Scope
from khuyencong.audit.log import action_code, record
from khuyencong.concurrency import Versioned
from khuyencong.converters import FIRST_YEAR, LAST_YEAR
from khuyencong.dated import Dated
from khuyencong.modelfields import DongAmountField
from khuyencong.uploads import private_storage, stored_photo_name
from khuyencong.vntext import clean, fold

# ASCII digits only: \d also takes other scripts' digits ("٠٩٠٠١٢٣٤٥٦"), which would be a second
# key for the same tax code, unseen by the duplicate check.
TAX_CODE_RE = re.compile(r"^([0-9]{10}|[0-9]{10}-[0-9]{3}|[0-9]{12})$")


def normalise_tax_code(value: object) -> str:
    """Strip spaces and dots people type into tax codes; keep digits and the one dash."""
    text = clean(value).replace(" ", "").replace(".", "")
    # A spreadsheet may have turned the code into a number ("1234567890.0").
    if re.fullmatch(r"\d+\.0", clean(value)):
        text = clean(value)[:-2]
    return text


def validate_tax_code(value: str) -> None:
    if value and not TAX_CODE_RE.match(value):
        raise ValidationError(
            _(
                "Tax code “%(value)s” is not valid: it must be 10 digits, 10 digits-3 digits "
                "for a dependent unit, or the owner's 12-digit personal identification number."
            ),
            code="tax_code",
            params={"value": value},
        )


def is_personal_id(tax_code: str | None) -> bool:
    """A 12-digit code is a person's identification number: personal data."""
    return bool(tax_code) and len(tax_code) == 12 and tax_code.isdigit()


def tax_code_as_seen(tax_code: str | None, personal_access: bool) -> str:
    """A tax code as a reader sees it: a personal ID masked (••••••••1234) for one who may not read it."""
    if not is_personal_id(tax_code) or personal_access:
        return tax_code or ""
    return f"{'•' * 8}{tax_code[-4:]}"


def search_key_of(name: str, tax_code: str | None, representative: str, trade: str) -> str:
    """What an establishment is found by. A personal ID is left out: a role that sees it masked
    could otherwise recover it digit by digit through the search box (it is searched only whole,
    by those allowed to read it: `EstablishmentQuerySet.search`)."""
    code = None if is_personal_id(tax_code) else tax_code
    return fold(" ".join(filter(None, [name, code, representative, trade])))


class Placed(models.Model):
    """A record bound to a commune, with today's commune and province derived from it."""

    commune = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "commune"},
    )
    # Indexed by each model with the columns its lists filter and sort on.
    current_commune = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("commune today"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        db_index=False,
    )
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province today"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        db_index=False,
    )

    class Meta:
        abstract = True

    def derive_place(self) -> None:
        if not self.commune_id:
            return
        current = self.commune.current_unit() if self.commune.is_legacy else self.commune
        self.current_commune = current
        self.province_id = current.province_id if current else None


class Tracked(models.Model):
    """Who registered the record, and when it was made and last changed."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ActivityType(Dated):
    """A khuyến công activity type, as a legal text lists it, with its validity."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order of display"), default=0)

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="activity_type_unique")
        ]

    def __str__(self) -> str:
        return self.name


class BeneficiaryKind(Dated):
    """Who khuyến công may support, and whom it puts first, as a legal text says, with its validity.

    The groups change with the law (Decree 235/2025/NĐ-CP widened them from 15/10/2025), so they are
    dated rows like the activity types; docs/legal-rules.md lists each with its article.
    """

    class Role(models.TextChoices):
        BENEFICIARY = "beneficiary", _("Beneficiary")
        PRIORITY = "priority", _("Priority")
        LOCATION = "location", _("Where the beneficiary is")

    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order of display"), default=0)

    class Meta:
        verbose_name = _("beneficiary group")
        verbose_name_plural = _("beneficiary groups")
        ordering = ["role", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["role", "code", "effective_from"], name="beneficiary_kind_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CraftVillageQuerySet(models.QuerySet):
    def visible_to(self, user, capability: Can = Can.READ_REGISTRY):
        return Scope.of(user).filter(self, capability, establishment=None)


class CraftVillage(Placed, Versioned):
    name = models.CharField(_("name"), max_length=200)
    craft = models.CharField(_("craft"), max_length=200)
    recognition_number = models.CharField(_("recognition decision number"), max_length=50, blank=True)
    recognition_date = models.DateField(_("recognition date"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    workers = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    search_key = models.CharField(max_length=400, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CraftVillageQuerySet.as_manager()

    class Meta:
        verbose_name = _("craft village")
        verbose_name_plural = _("craft villages")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["province", "name"], name="village_province_idx"),
            models.Index(fields=["current_commune"], name="village_commune_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean(self.name)
        self.derive_place()
        self.search_key = fold(f"{self.name} {self.craft}")
        super().save(*args, **kwargs)

    def place(self) -> Place:
        return Place.of(self.province_id, [self.current_commune_id])


class EstablishmentQuerySet(models.QuerySet):
    def visible_to(self, user, capability: Can = Can.READ_REGISTRY):
        return Scope.of(user).filter(self, capability, establishment="pk")

    def with_personal_access(self, user):
        """Mark each row with whether the user may read a household owner's personal ID."""
        scope = Scope.of(user)
        if scope.is_national(Can.READ_PERSONAL_DATA):
            return self.annotate(personal_access=Value(True, output_field=models.BooleanField()))
        if not scope.can(Can.READ_PERSONAL_DATA):
            return self.annotate(personal_access=Value(False, output_field=models.BooleanField()))
        return self.annotate(
            personal_access=Case(
                When(scope.q(Can.READ_PERSONAL_DATA, establishment="pk"), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def search(self, term: str, user=None):
        """Every word of the term in the search key (which never holds a personal ID); a whole
        12-digit personal ID also finds its establishment, for a user allowed to read it there."""
        qs = self
        for word in fold(term).split()[:8]:
            qs = qs.filter(search_key__contains=word)
        personal_id = normalise_tax_code(term)
        if user is not None and is_personal_id(personal_id):
            readable = Scope.of(user).filter(self, Can.READ_PERSONAL_DATA, establishment="pk")
            qs = qs | readable.filter(tax_code=personal_id)
        return qs


class Establishment(Placed, Tracked, Versioned):
    class LegalForm(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        COOPERATIVE = "cooperative", _("Cooperative")
        COOPERATIVE_GROUP = "coop_group", _("Cooperative group")
        HOUSEHOLD = "household", _("Household business")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by staff")
        SELF = "self", _("Registered by the establishment")
        IMPORT = "import", _("Imported")

    name = models.CharField(_("name of the establishment"), max_length=255)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    # NULL, not "", for "no tax code": the unique constraint then ignores the many without one.
    tax_code = models.CharField(  # noqa: DJ001
        _("tax code"),
        max_length=14,
        null=True,
        blank=True,
        validators=[validate_tax_code],
        help_text=_(
            "10 digits; 10-3 digits for a dependent unit; 12-digit personal ID for a household business."
        ),
    )
    representative = models.CharField(_("representative"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(
        _("address"), max_length=300, blank=True, help_text=_("Hamlet, street, house number")
    )
    trade = models.CharField(_("trade"), max_length=200, blank=True)
    vsic_code = models.CharField(_("VSIC code"), max_length=10, blank=True)
    craft_village = models.ForeignKey(
        CraftVillage,
        verbose_name=_("craft village"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="establishments",
    )
    workers = models.PositiveIntegerField(_("number of workers"), null=True, blank=True)
    year_founded = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    main_products = models.CharField(_("main products"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    name_key = models.CharField(max_length=255, editable=False)
    search_key = models.CharField(max_length=600, editable=False)

    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")
        ordering = ["search_key", "id"]
        indexes = [
            models.Index(fields=["province", "search_key"], name="est_province_key_idx"),
            models.Index(fields=["current_commune", "search_key"], name="est_commune_key_idx"),
            models.Index(fields=["name_key", "commune"], name="est_name_commune_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["tax_code"], name="est_tax_code_unique")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean(self.name)
        self.tax_code = normalise_tax_code(self.tax_code) or None
        self.derive_place()
        self.refresh_keys()
        super().save(*args, **kwargs)

    def refresh_keys(self) -> None:
        self.name_key = fold(self.name)
        self.search_key = search_key_of(self.name, self.tax_code, self.representative, self.trade)

    def place(self) -> Place:
        return Place.of(self.province_id, [self.current_commune_id], [self.pk])

    def tax_code_for(self, user) -> str:
        """The tax code as this user may see it: a personal ID is masked unless their role allows."""
        visible = getattr(self, "personal_access", None)
        if visible is None and is_personal_id(self.tax_code):
            visible = Scope.of(user).can_at(Can.READ_PERSONAL_DATA, self.place())
        return tax_code_as_seen(self.tax_code, bool(visible))

    def same_name_in_commune(self):
        """Other establishments with this name in the same commune: likely duplicates."""
        return Establishment.objects.filter(name_key=fold(self.name), commune_id=self.commune_id).exclude(
            pk=self.pk
        )


class Product(Versioned):
    class Group(models.TextChoices):
        HANDICRAFT = "handicraft", _("Handicraft")
        FOOD = "food", _("Processed food and agro-forestry-fishery products")
        MACHINERY = "machinery", _("Machinery and parts")
        OTHER = "other", _("Other")

    establishment = models.ForeignKey(
        Establishment, verbose_name=_("establishment"), on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("product group"), max_length=20, choices=Group.choices)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def product_photo_path(instance, filename: str) -> str:
    # Public media are served with the type their extension says: it is the format Pillow found.
    folder = f"products/{instance.product.establishment_id}/{instance.product_id}"
    return stored_photo_name(folder, instance, "image", stem=f"{timezone.now():%Y%m%d%H%M%S%f}")


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=product_photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")

    def __str__(self) -> str:
        return self.caption or self.image.name


class Certification(models.Model):
    class Kind(models.TextChoices):
        TYPICAL_DISTRICT = "typical_district", _("Typical rural industrial product — district")
        TYPICAL_PROVINCIAL = "typical_province", _("Typical rural industrial product — provincial")
        TYPICAL_REGIONAL = "typical_region", _("Typical rural industrial product — regional")
        TYPICAL_NATIONAL = "typical_national", _("Typical rural industrial product — national")
        OCOP = "ocop", _("OCOP")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("certification"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    stars = models.PositiveSmallIntegerField(_("OCOP stars"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    # A contest's certificate is valid to 31 December of its third year (Circular 26/2014/TT-BCT
    # Art. 17.3); written by the contest's result decision (activities/models/contests.py).
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["-year"]

    def __str__(self) -> str:
        label = f"{self.get_kind_display()} {self.year}"
        return f"{label} ({self.stars}★)" if self.stars else label

    def clean(self):
        if self.kind == self.Kind.OCOP and not (self.stars and 3 <= self.stars <= 5):
            raise ValidationError({"stars": _("An OCOP certification has 3 to 5 stars.")})
        if self.kind != self.Kind.OCOP and self.stars:
            raise ValidationError({"stars": _("Stars apply to OCOP certifications only.")})


class NeedQuerySet(models.QuerySet):
    def visible_to(self, user, capability: Can = Can.READ_REGISTRY):
        return Scope.of(user).filter(self, capability)


class TransitionError(ValidationError):
    pass


class Need(Placed, Tracked, Versioned):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        REVIEWED = "reviewed", _("Reviewed")
        INCLUDED = "included", _("Included in a project")
        CLOSED = "closed", _("Closed")
        DECLINED = "declined", _("Declined")

    class Collector(models.TextChoices):
        SELF = "self", _("The establishment itself")
        COMMUNE_OFFICER = "commune_officer", _("Commune officer")
        SURVEY = "survey", _("Survey")
        CENTRE = "centre", _("Centre staff")

    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="needs",
    )
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    activity_type = models.ForeignKey(
        ActivityType, verbose_name=_("activity type wanted"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description"))
    estimated_cost = DongAmountField(_("estimated cost (đồng)"), null=True, blank=True)
    collected_by = models.CharField(_("collected by"), max_length=20, choices=Collector.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, editable=False
    )
    status_reason = models.TextField(_("reason"), blank=True, editable=False)
    project_reference = models.CharField(_("project"), max_length=100, blank=True, editable=False)

    objects = NeedQuerySet.as_manager()

    # Allowed status moves: from-state → to-states.
    TRANSITIONS = {
        Status.NEW: {Status.REVIEWED, Status.DECLINED},
        Status.REVIEWED: {Status.INCLUDED, Status.DECLINED},
        Status.INCLUDED: {Status.CLOSED},
        Status.CLOSED: set(),
        Status.DECLINED: set(),
    }

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["province", "status"], name="need_province_idx"),
            models.Index(fields=["current_commune", "status"], name="need_commune_idx"),
        ]

    def __str__(self) -> str:
        who = self.establishment.name if self.establishment_id else self.contact_name
        return f"{self.activity_type} — {who}"

    def save(self, *args, **kwargs):
        if self.establishment_id:
            self.commune_id = self.establishment.commune_id
        self.derive_place()
        super().save(*args, **kwargs)

    def place(self) -> Place:
        return Place.of(self.province_id, [self.current_commune_id], [self.establishment_id])

    def clean(self):
        if not self.establishment_id and not (self.contact_name and self.contact_phone):
            raise ValidationError(
                _("Choose an establishment, or give the contact name and phone of who needs it.")
            )
        if self.estimated_cost is not None and self.estimated_cost < 0:
            raise ValidationError({"estimated_cost": _("The estimated cost cannot be negative.")})

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.REVIEWED)

    def _move(self, to: str, by, reason: str = "", **extra) -> None:
        with transaction.atomic():
            # Read the status under a lock: two people acting on the same page must not both pass.
            self.status = Need.objects.select_for_update().values_list("status", flat=True).get(pk=self.pk)
            if to not in self.TRANSITIONS[self.Status(self.status)]:
                raise TransitionError(
                    _("A need that is “%(from)s” cannot become “%(to)s”.")
                    % {"from": self.get_status_display(), "to": self.Status(to).label}
                )
            old = self.get_status_display()
            self.status = to
            self.status_reason = reason
            for key, value in extra.items():
                setattr(self, key, value)
            self.version += 1
            self.save(update_fields=["status", "status_reason", "updated_at", "version", *extra])
            changes = {"status": [old, self.get_status_display()]}
            if reason:
                changes["status_reason"] = [None, reason]
            record(by, self, action_code(self, to), changes)

    def review(self, by) -> None:
        self._move(self.Status.REVIEWED, by)

    def include(self, by, project_reference: str = "") -> None:
        self._move(self.Status.INCLUDED, by, project_reference=project_reference)

    def close(self, by) -> None:
        self._move(self.Status.CLOSED, by)

    def decline(self, by, reason: str) -> None:
        if not clean(reason):
            raise TransitionError(_("Give the reason the need is declined."))
        self._move(self.Status.DECLINED, by, reason=clean(reason))


def import_file_path(instance, filename: str) -> str:
    return f"imports/{instance.pk}.xlsx"


class ImportRun(models.Model):
    """One spreadsheet upload: analysed (the preview), then committed or abandoned.

    What every importer keeps (the registry's establishments, a course's trainees): the status, the
    preview's counts and rows, the invalid rows' file, who confirmed and when it ended. Each importer
    adds who uploaded it, its file fields and what it imports into.
    """

    class Status(models.TextChoices):
        ANALYSING = "analysing", _("Checking the rows")
        READY = "ready", _("Ready to import")
        COMMITTING = "committing", _("Importing")
        DONE = "done", pgettext_lazy("import status", "Imported")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Who confirmed the import: the rows are written in their scope and logged under their name.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ANALYSING)
    counts = models.JSONField(default=dict)
    invalid_preview = models.JSONField(default=list)
    # The first valid rows, each with its unit as written and today's: what confirming would write.
    valid_preview = models.JSONField(default=list)
    error = models.TextField(blank=True)

    # How many invalid (and valid) rows the page lists; all invalid ones are in the downloadable file.
    PREVIEW_ROWS = 200
    # Columns set back when the confirmed import starts writing.
    RESET_ON_COMMIT: dict = {}

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def running(self) -> bool:
        return self.status in (self.Status.ANALYSING, self.Status.COMMITTING)

    @property
    def valid_rows(self) -> int:
        return sum(self.counts.get(k, 0) for k in ("new", "updated", "unchanged"))

    @property
    def importable(self) -> bool:
        """Whether confirming would write anything: a new or a changed row."""
        return self.counts.get("new", 0) + self.counts.get("updated", 0) > 0

    @property
    def actor(self):
        """Whose scope the rows are checked in: the confirmer's once confirmed, else the uploader's."""
        return (
            self.confirmed_by
            if self.status in (self.Status.COMMITTING, self.Status.DONE)
            else self.created_by
        )

    def start_commit(self, by) -> None:
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if locked.status != self.Status.READY:
                raise TransitionError(_("Only a checked import that is ready can be imported."))
            if not locked.importable:
                raise TransitionError(_("This list has no new or changed row to import."))
            self.status = self.Status.COMMITTING
            self.confirmed_by = by
            for name, value in self.RESET_ON_COMMIT.items():
                setattr(self, name, value)
            self.save(update_fields=["status", "confirmed_by", *self.RESET_ON_COMMIT])
            record(by, self, action_code(self, "confirmed"), {"file": [None, self.original_name]})

    def finish(self, report, invalid_file: bytes | None) -> None:
        from django.core.files.base import ContentFile

        self.counts = report.counts
        self.invalid_preview = [
            {"row": row.number, "reasons": row.reasons} for row in report.invalid[: self.PREVIEW_ROWS]
        ]
        self.valid_preview = report.valid[: self.PREVIEW_ROWS]
        if invalid_file:
            self.invalid_file.save(f"{self.pk}-invalid.xlsx", ContentFile(invalid_file), save=False)
        self.status = self.Status.DONE if self.status == self.Status.COMMITTING else self.Status.READY
        self.finished_at = timezone.now()
        self.save()

    def fail(self, message: str) -> None:
        self.status = self.Status.FAILED
        self.error = message
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "error", "finished_at"])


class ImportJob(ImportRun):
    """One import of establishments into the registry."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=import_file_path, storage=private_storage)
    default_province = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    invalid_file = models.FileField(
        upload_to="imports/invalid/", storage=private_storage, null=True, blank=True
    )

    RESET_ON_COMMIT = {"rows_done": 0}

    class Meta(ImportRun.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.rows_done / self.rows_total)) if self.rows_total else 0

    def report_progress(self, done: int, total: int) -> None:
        # An UPDATE of two columns: cheap enough every thousand rows, and visible to
        # the progress page because analysis runs outside the import transaction.
        ImportJob.objects.filter(pk=self.pk).update(rows_done=done, rows_total=total)

    def place(self) -> Place:
        return Place.of(self.default_province_id)
