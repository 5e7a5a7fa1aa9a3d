"""Import establishments from the spreadsheets provinces actually keep.

parse → validate every row → report (new / updated / unchanged / invalid, with row
numbers and reasons) → commit everything in one transaction, or nothing. Rows are
matched to the registry by tax code, else by name and commune, so importing the
same file twice changes nothing the second time.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from khuyencong.accounts.permissions import Can
from khuyencong.accounts.scopes import Place as ScopePlace
from khuyencong.accounts.scopes import Scope
from khuyencong.audit.log import build_entry
from khuyencong.audit.models import AuditEntry
from khuyencong.bulkcopy import copy_insert
from khuyencong.exporting import Table, to_xlsx
from khuyencong.geo.models import AdminUnit
from khuyencong.vntext import clean, fold, fold_words

from .addresses import Place, UnitIndex, split_address
from .headings import ESTABLISHMENT_HEADINGS, HeadingTable
from .models import TAX_CODE_RE, CraftVillage, Establishment, normalise_tax_code
from .sheets import LEGAL_FORM_LABELS
from .workbook import ImportFileError, SheetReader

HEADER_SCAN_ROWS = 30
BATCH = 1000
# How many valid rows the preview lists with their units; all of them are counted.
PREVIEW_ROWS = 200
# How many of a heading row's cells a message quotes, and how much of each.
QUOTED_HEADINGS = 40
QUOTED_LENGTH = 60
LegalForm = Establishment.LegalForm

LEGAL_FORM_WORDS = [
    (LegalForm.COOPERATIVE_GROUP, ("to hop tac", "tht", "cooperative group", "coop group")),
    (LegalForm.COOPERATIVE, ("hop tac xa", "htx", "cooperative")),
    (LegalForm.HOUSEHOLD, ("ho kinh doanh", "ho gia dinh", "ho ca the", "hkd", "ho", "household")),
    (LegalForm.ENTERPRISE, ("doanh nghiep", "cong ty", "dn", "tnhh", "co phan", "dntn", "enterprise")),
]
# Fields compared and written: what a row can change on an existing record.
ROW_FIELDS = (
    "name",
    "legal_form",
    "tax_code",
    "representative",
    "phone",
    "email",
    "address",
    "trade",
    "main_products",
    "workers",
    "year_founded",
    "craft_village_id",
    "commune_id",
)


# A name's leading words that say its legal form, checked in this order: lists
# often have no legal-form column, and "HTX Dệt may Tân Hưng" is a cooperative whatever the default.
# Folded (no diacritics, lower case) and without dots, so "H.T.X", "Cty." and "Hợp tác xã" all match.
NAME_WORDS = [
    (LegalForm.COOPERATIVE_GROUP, ("to hop tac", "tht")),
    (LegalForm.COOPERATIVE, ("hop tac xa", "htx", "lien hiep hop tac xa", "lhhtx")),
    (
        LegalForm.ENTERPRISE,
        ("cong ty", "cty", "ct tnhh", "ct cp", "ctcp", "tnhh", "cp", "dntn", "doanh nghiep", "dn"),
    ),
    (LegalForm.HOUSEHOLD, ("ho kinh doanh", "hkd")),
]


def infer_legal_form(name: object) -> str | None:
    """The legal form a name's leading words say, or None when they say none (a person's name)."""
    folded = fold_words(str(name or "").replace(".", ""))
    for form, words in NAME_WORDS:
        if any(folded == w or folded.startswith(w + " ") for w in words):
            return form
    return None


def parse_legal_form(value: object, name: str) -> str | None:
    return read_legal_form(value, name)[0]


def read_legal_form(value: object, name: str) -> tuple[str | None, str]:
    """The legal form and where it came from: "" (the cell), "name" (read from the name, the cell being
    empty or the column absent) or "default" (neither says: a household business, the usual case)."""
    text = fold_words(value)
    if text in LegalForm.values:
        return text, ""
    for form, words in LEGAL_FORM_WORDS:
        if any(text == w or text.startswith(w + " ") for w in words):
            return form, ""
    if text:
        return None, ""
    inferred = infer_legal_form(name)
    if inferred:
        return inferred, "name"
    return LegalForm.HOUSEHOLD, "default"


def parse_count(value: object, low: int, high: int) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        if float(value) != int(value):
            raise ValueError
        number = int(value)
    else:
        match = re.fullmatch(r"\s*(\d{1,7})(?:[.,]0+)?\s*(nguoi|ld|lao dong)?\s*", fold(value))
        if not match:
            raise ValueError
        number = int(match.group(1))
    if not low <= number <= high:
        raise ValueError
    return number


@dataclass(slots=True)
class RowResult:
    number: int
    cells: list
    outcome: str = ""
    reasons: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    place: Place | None = None
    existing_id: int | None = None
    changes: dict = field(default_factory=dict)
    name_key: str = ""
    # Where the legal form came from when no cell gave it: "name" or "default" (read_legal_form).
    legal_form_from: str = ""


@dataclass
class ImportReport:
    header_row: int = 0
    headings: list = field(default_factory=list)
    # Every text of the heading row, and of the sub-heading row under it, for a message.
    heading_texts: list = field(default_factory=list)
    columns: dict = field(default_factory=dict)
    counts: dict = field(default_factory=lambda: {"new": 0, "updated": 0, "unchanged": 0, "invalid": 0})
    invalid: list[RowResult] = field(default_factory=list)
    # The first valid rows with the unit each is placed in, as written and today (`preview_rows`).
    valid: list[dict] = field(default_factory=list)
    error: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary_line(self) -> str:
        c = self.counts
        return f"new={c['new']} updated={c['updated']} unchanged={c['unchanged']} invalid={c['invalid']}"


def _header_keys(cells: list, table: HeadingTable = ESTABLISHMENT_HEADINGS) -> dict[int, str]:
    keys = {}
    for index, value in enumerate(cells):
        key = table.key(value)
        if key and key not in keys.values():
            keys[index] = key
    return keys


def _quoted(texts: list[str]) -> str:
    """“STT”, “Tên cơ sở”, “Xã”: the distinct texts of a heading row, for a message."""
    seen = list(dict.fromkeys(t[:QUOTED_LENGTH] for t in texts if t))
    more = len(seen) > QUOTED_HEADINGS
    quoted = ", ".join(f"“{t}”" for t in seen[:QUOTED_HEADINGS])
    return f"{quoted}, …" if more else quoted


def missing_columns_error(
    missing: list[tuple[str, ...]], row: int, texts: list[str], table: HeadingTable = ESTABLISHMENT_HEADINGS
) -> ImportFileError:
    """One message for a list that lacks columns the import needs: which, and the headings read."""
    names = []
    for keys in missing:
        name = f"“{table.label(keys)}”"
        if len(keys) > 1:
            alternatives = ", ".join(f"“{table.label((k,))}”" for k in keys[1:])
            name = _("%(column)s (or %(alternatives)s holding it)") % {
                "column": name,
                "alternatives": alternatives,
            }
        names.append(name)
    message = ngettext(
        "The list has no column %(columns)s, which the import needs.",
        "The list has no columns %(columns)s, which the import needs.",
        len(missing),
    ) % {"columns": "; ".join(names)}
    if any(texts):
        message += " " + _("The headings read in row %(row)s are %(headings)s.") % {
            "row": row,
            "headings": _quoted(texts),
        }
    return ImportFileError(message)


def _is_numbering_row(cells: list) -> bool:
    filled = [c for c in cells if c not in (None, "")]
    return bool(filled) and all(re.fullmatch(r"\(?\d{1,2}\)?", str(c).strip()) for c in filled)


def outside_scope_reason() -> str:
    # One message for every row the importer may not write, whatever the reason, so that the
    # report never tells whether a tax code is registered somewhere the user cannot see.
    return _(
        "This row is outside your area: its commune, or the establishment its tax code belongs to, "
        "is not one you manage. The Centre of that province must enter it."
    )


def no_header_message() -> str:
    return _(
        "No heading row was found in the first %(n)s rows: one row must name at least the establishment "
        "(“Tên cơ sở”) and one more column."
    ) % {"n": HEADER_SCAN_ROWS}


def _find_header(
    rows: Iterator[tuple[int, list]], report: ImportReport, table: HeadingTable, no_header: Callable[[], str]
) -> None:
    """Consume the rows up to and including the heading row, and record its columns.

    Without a row that names the table's anchor column (the establishment, the trainee), the row
    naming most known columns is taken for the heading row, to say which needed column it lacks
    and what it holds instead.
    """
    best: tuple[int, int, list] = (0, 0, [])
    for scanned, (number, cells) in enumerate(rows, start=1):
        keys = _header_keys(cells, table)
        if table.anchor in keys.values() and len(keys) >= 2:
            report.header_row, report.columns = number, keys
            report.headings = ["" if c is None else clean(c) for c in cells]
            return
        if len(keys) > best[0]:
            best = (len(keys), number, ["" if c is None else clean(c) for c in cells])
        if scanned >= HEADER_SCAN_ROWS:
            break
    count, number, texts = best
    if count:
        found = set(_header_keys(texts, table).values())
        raise missing_columns_error([k for k in table.required if not found & set(k)], number, texts, table)
    raise ImportFileError(no_header())


def _absorb_subheader(number: int, cells: list, report: ImportReport, table: HeadingTable) -> bool:
    """A second heading row under a merged group heading ("Địa chỉ" over "Xã | Huyện")."""
    if number != report.header_row + 1:
        return False
    keys = _header_keys(cells, table)
    if not keys:
        return False
    anchor_col = next(col for col, key in report.columns.items() if key == table.anchor)
    anchor_cell = cells[anchor_col] if anchor_col < len(cells) else None
    if anchor_cell not in (None, "") and keys.get(anchor_col) != table.anchor:
        return False
    for col, key in keys.items():
        report.columns = {c: k for c, k in report.columns.items() if k != key and c != col}
        report.columns[col] = key
    # Each column is known by its own heading, the lower one: "Xã", not the group's "Địa chỉ".
    lower = ["" if c is None else clean(c) for c in cells]
    width = max(len(report.headings), len(lower))
    upper = report.headings + [""] * (width - len(report.headings))
    lower += [""] * (width - len(lower))
    report.headings = [low or high for high, low in zip(upper, lower, strict=True)]
    report.heading_texts = upper + lower
    return True


def read_headings(
    rows: Iterator[tuple[int, list]],
    report: ImportReport,
    table: HeadingTable,
    no_header: Callable[[], str],
) -> Iterator[tuple[int, list]]:
    """Find the heading row and the row of sub-headings under it, if any; then refuse a list
    that lacks a column the import needs, as a whole and with one message. Returns the rows
    after the headings."""
    _find_header(rows, report, table, no_header)
    report.heading_texts = list(report.headings)
    following = next(rows, None)
    if following is not None and not _absorb_subheader(*following, report, table):
        rows = itertools.chain([following], rows)
    found = set(report.columns.values())
    missing = [keys for keys in table.required if not found & set(keys)]
    if missing:
        raise missing_columns_error(missing, report.header_row, report.heading_texts, table)
    return rows


class EstablishmentImporter:
    """Reads, checks and writes a registry workbook.

    `scope` is whose area the rows must lie in (the uploader's, or the confirmer's at commit):
    rows are matched, updated and created only inside it. None is the server's operator at the
    command line, who has the whole database anyway.
    """

    def __init__(
        self,
        source,
        *,
        default_province=None,
        actor=None,
        scope: Scope | None = None,
        progress: Callable[[int, int], None] | None = None,
        name: str = "",
    ):
        self.source = source
        self.name = name  # the uploader's file name, for the messages that refuse the file
        self.default_province = default_province
        self.actor = actor
        self.scope = scope
        self.progress = progress or (lambda done, total: None)

    def _in_scope(self, province_id, commune_id) -> bool:
        if self.scope is None:
            return True
        return self.scope.can_at(Can.MANAGE_REGISTRY, ScopePlace.of(province_id, [commune_id]))

    # Reading and checking ------------------------------------------------------------

    def _read_headings(
        self, rows: Iterator[tuple[int, list]], report: ImportReport
    ) -> Iterator[tuple[int, list]]:
        return read_headings(rows, report, ESTABLISHMENT_HEADINGS, no_header_message)

    def _row_values(self, cells: list, columns: dict[int, str]) -> dict:
        values = {}
        for col, key in columns.items():
            values[key] = cells[col] if col < len(cells) else None
        return values

    def _check(self, row: RowResult, units: UnitIndex, villages: dict) -> None:
        raw = row.values
        reasons = row.reasons
        name = clean(raw.get("name"))[:255]
        if not name:
            reasons.append(_("The establishment name is missing."))
        legal_form, row.legal_form_from = read_legal_form(raw.get("legal_form"), name)
        if legal_form is None:
            reasons.append(_("Unknown legal form “%(value)s”.") % {"value": clean(raw.get("legal_form"))})
        tax_code = normalise_tax_code(raw.get("tax_code"))
        if tax_code and not TAX_CODE_RE.match(tax_code):
            reasons.append(
                _("Tax code “%(value)s” is not 10 digits, 10-3 digits or 12 digits.") % {"value": tax_code}
            )
        email = clean(raw.get("email"))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                reasons.append(_("Email “%(value)s” is not valid.") % {"value": email})
        numbers = {}
        for key, low, high, message in (
            ("workers", 0, 1_000_000, _("Number of workers “%(value)s” is not a whole number.")),
            ("year_founded", 1800, 2100, _("Year founded “%(value)s” is not a year between 1800 and 2100.")),
        ):
            try:
                numbers[key] = parse_count(raw.get(key), low, high)
            except ValueError:
                reasons.append(message % {"value": clean(raw.get(key))})
        address = clean(raw.get("address"))
        hamlet = clean(raw.get("hamlet"))
        if hamlet and fold(hamlet) not in fold(address):
            address = f"{hamlet}, {address}" if address else hamlet
        place_names = {k: clean(raw.get(k)) for k in ("commune", "district", "province")}
        if not place_names["commune"]:
            place_names.update({k: v for k, v in split_address(address).items() if not place_names.get(k)})
        place = units.resolve(
            place_names["commune"],
            place_names.get("district", ""),
            place_names.get("province", ""),
            clean(raw.get("commune_code")),
            self.default_province,
        )
        if place.error:
            reasons.append(place.error)
        elif place.unit and not self._in_scope(place.province_id, place.current_commune_id):
            reasons.append(outside_scope_reason())
        village_id = None
        village_name = clean(raw.get("craft_village"))
        if village_name and place.province_id:
            village_id = villages.get((place.province_id, fold(village_name)))
            if village_id is None:
                reasons.append(
                    _("Craft village “%(value)s” is not in the registry: register it first.")
                    % {"value": village_name}
                )
        row.place = place
        row.name_key = fold(name)
        row.values = {
            "name": name,
            "legal_form": legal_form,
            "tax_code": tax_code or None,
            "representative": clean(raw.get("representative"))[:150],
            "phone": clean(raw.get("phone"))[:30],
            "email": email[:254],
            "address": address[:300],
            "trade": clean(raw.get("trade"))[:200],
            "main_products": clean(raw.get("main_products"))[:300],
            "workers": numbers.get("workers"),
            "year_founded": numbers.get("year_founded"),
            "craft_village_id": village_id,
            "commune_id": place.unit.id if place.unit else None,
        }

    @staticmethod
    def _note_duplicate(row: RowResult, seen: dict) -> None:
        values = row.values
        if values["tax_code"]:
            key = ("tax", values["tax_code"])
        else:
            key = ("name", row.name_key, values["commune_id"])
        if key in seen:
            row.reasons.append(_("The same establishment as row %(row)s.") % {"row": seen[key]})
        else:
            seen[key] = row.number

    def _match(self, rows: list[RowResult]) -> None:
        """Decide new / updated / unchanged for a batch of valid rows, one query per key kind."""
        tax_codes = [r.values["tax_code"] for r in rows if r.values["tax_code"]]
        name_keys = [r.name_key for r in rows if not r.values["tax_code"]]
        fields = ["id", "province_id", "current_commune_id", *ROW_FIELDS]
        by_tax = {
            e["tax_code"]: e for e in Establishment.objects.filter(tax_code__in=tax_codes).values(*fields)
        }
        by_name = {}
        # Of several records with one name in one commune, a row without a tax code is the
        # one without a tax code, so that re-importing the same file matches the same record.
        records = Establishment.objects.filter(name_key__in=name_keys).values(*fields, "name_key")
        for e in sorted(records, key=lambda e: (e["tax_code"] is not None, e["id"])):
            by_name.setdefault((e["name_key"], e["commune_id"]), e)
        for row in rows:
            values = row.values
            if values["tax_code"]:
                existing = by_tax.get(values["tax_code"])
            else:
                existing = by_name.get((row.name_key, values["commune_id"]))
            if existing is None:
                row.outcome = "new"
                continue
            if not self._in_scope(existing["province_id"], existing["current_commune_id"]):
                row.reasons.append(outside_scope_reason())
                continue
            row.existing_id = existing["id"]
            row.changes = {
                f: [existing[f], v] for f, v in values.items() if v not in (None, "") and existing[f] != v
            }
            row.outcome = "updated" if row.changes else "unchanged"

    def analyse(self) -> tuple[ImportReport, list[RowResult]]:
        report = ImportReport()
        reader = SheetReader(self.source, name=self.name)
        try:
            return self._analyse(reader, report)
        finally:
            reader.close()

    def _analyse(self, reader: SheetReader, report: ImportReport):
        total = reader.estimated_rows
        units = UnitIndex.current()
        villages = {
            (v["province_id"], fold(v["name"])): v["id"]
            for v in CraftVillage.objects.values("id", "name", "province_id")
        }
        rows_iter = self._read_headings(reader.rows(), report)
        results: list[RowResult] = []
        pending: list[RowResult] = []
        seen: dict = {}
        for number, cells in rows_iter:
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            if number <= report.header_row + 2 and _is_numbering_row(cells):
                continue
            row = RowResult(number=number, cells=cells, values=self._row_values(cells, report.columns))
            self._check(row, units, villages)
            if not row.reasons:
                self._note_duplicate(row, seen)
            if not row.reasons:
                row.cells = None  # only invalid rows are written back out; keep memory flat
            results.append(row)
            if not row.reasons:
                pending.append(row)
            if len(pending) >= BATCH:
                self._match(pending)
                pending = []
            if number % BATCH == 0:
                self.progress(number, total)
        self._match(pending)
        for row in results:
            if row.reasons:
                row.outcome = "invalid"
                report.invalid.append(row)
            report.counts[row.outcome] += 1
        report.valid = preview_rows([row for row in results if not row.reasons][:PREVIEW_ROWS])
        self.progress(total, total)
        return report, results

    # Writing -----------------------------------------------------------------------------

    def commit(self) -> ImportReport:
        report, results = self.analyse()
        try:
            with transaction.atomic():
                self._write_new([r for r in results if r.outcome == "new"])
                self._write_updates([r for r in results if r.outcome == "updated"])
        except IntegrityError as exc:
            # Someone registered one of these establishments while the file was being read.
            raise ImportFileError(
                _(
                    "The registry changed while the file was being imported; nothing was saved. Import it again."
                )
            ) from exc
        return report

    def _derive(self, est: Establishment, place: Place) -> None:
        est.current_commune_id = place.current_commune_id
        est.province_id = place.province_id
        est.refresh_keys()

    def _write_new(self, rows: list[RowResult]) -> None:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            objects = []
            for row in chunk:
                est = Establishment(**row.values, source=Establishment.Source.IMPORT, created_by=self.actor)
                self._derive(est, row.place)
                objects.append(est)
            copy_insert(Establishment, objects)
            copy_insert(
                AuditEntry,
                [
                    build_entry(self.actor, est, "imported", _created_changes(row.values))
                    for est, row in zip(objects, chunk, strict=True)
                ],
            )

    def _write_updates(self, rows: list[RowResult]) -> None:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            existing = Establishment.objects.in_bulk([r.existing_id for r in chunk])
            changed_fields = set()
            for row in chunk:
                est = existing[row.existing_id]
                for name, (_old, new) in row.changes.items():
                    setattr(est, name, new)
                    changed_fields.add(name)
                if "commune_id" in row.changes:
                    est.current_commune_id, est.province_id = (
                        row.place.current_commune_id,
                        row.place.province_id,
                    )
                    changed_fields |= {"current_commune_id", "province_id"}
                est.refresh_keys()
                est.version += 1  # a form opened before the import must not save over it
            fields = sorted(
                {f.removesuffix("_id") for f in changed_fields}
                | {"name_key", "search_key", "updated_at", "version"}
            )
            now = timezone.now()
            for est in existing.values():
                est.updated_at = now
            Establishment.objects.bulk_update(list(existing.values()), fields)
            AuditEntry.objects.bulk_create(
                build_entry(self.actor, existing[row.existing_id], "import_updated", _readable(row.changes))
                for row in chunk
            )


def preview_rows(rows: list[RowResult]) -> list[dict]:
    """Valid rows as the preview lists them, each with the unit it is placed in as the list wrote
    it and the unit that is today, through the crosswalk of the 1/7/2025 reform (docs/programme.md).

    One query for the units, and one or two for each distinct unit of before the reform (a list
    names a few dozen communes, however long it is).
    """
    units = AdminUnit.objects.select_related("parent__parent").in_bulk(
        {row.values["commune_id"] for row in rows}
    )
    labels = {}
    for pk, unit in units.items():
        today = unit.current_unit()
        labels[pk] = (unit.label(), today.label() if today else "")
    return [
        {
            "row": row.number,
            "name": row.values["name"],
            "outcome": row.outcome,
            "legal_form": row.values["legal_form"],
            "legal_form_from": row.legal_form_from,
            "then": labels[row.values["commune_id"]][0],
            "today": labels[row.values["commune_id"]][1],
        }
        for row in rows
    ]


def _readable(changes: dict) -> dict:
    return {key.removesuffix("_id"): [_show(old), _show(new)] for key, (old, new) in changes.items()}


def _created_changes(values: dict) -> dict:
    return {key.removesuffix("_id"): [None, _show(v)] for key, v in values.items() if v not in (None, "")}


def _show(value):
    if value in LEGAL_FORM_LABELS:
        return LEGAL_FORM_LABELS[value]
    return None if value is None else str(value)


def invalid_rows_workbook(report: ImportReport) -> bytes:
    """The invalid rows as they were, with their row number and the reason, to fix and import again.

    The cells are the uploader's own, so they go through the same exporter as every list: a cell
    that reads "=HYPERLINK(…)" comes back as that text, never as a live formula."""
    headings = [_("Row"), *report.headings, _("Reason")]
    width = len(report.headings)
    rows = (
        [row.number, *(list(row.cells) + [None] * width)[:width], " ".join(row.reasons)]
        for row in report.invalid
    )
    return to_xlsx(Table(_("Invalid rows"), headings, rows))
