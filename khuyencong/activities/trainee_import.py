"""Import a course's trainee list from the workbook the course's organisers keep.

The registry importer's pipeline (docs/adr/0003-import-pipeline.md), on one course: the workbook
is measured and read by registry/workbook.py, its headings found by registry/establishment_import.py
`read_headings` with the trainee table (activities/trainee_headings.py), every row checked, then a
report (new / updated / unchanged / invalid, with row numbers and reasons naming the cell), and
only on confirmation everything written in one transaction. A trainee is matched by the course's
natural key — folded name and birth year (Trainee's `trainee_unique`) — so importing the same
list twice changes nothing the second time. A cell left empty never blanks what is recorded.

Communes are read with the registry's unit index (registry/addresses.py): a name of before the
1/7/2025 reform is kept as written and counted in today's commune; a trainee may come from another
province (the list then names it), but a commune that cannot be found is a row error.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from khuyencong.accounts.permissions import Can
from khuyencong.audit.log import build_entry
from khuyencong.audit.models import AuditEntry
from khuyencong.geo.models import AdminUnit
from khuyencong.registry.addresses import UnitIndex, split_address
from khuyencong.registry.establishment_import import (
    HEADER_SCAN_ROWS,
    ImportReport,
    RowResult,
    _is_numbering_row,
    read_headings,
)
from khuyencong.registry.models import TAX_CODE_RE, Establishment, normalise_tax_code
from khuyencong.registry.workbook import ImportFileError, SheetReader
from khuyencong.vntext import clean, fold, fold_words

from .models import Course, Sex, Trainee
from .trainee_headings import TRAINEE_HEADINGS

# A course's list: the model caps planned trainees at 10,000 (Course.planned_trainees).
MAX_ROWS = 10_000
PREVIEW_ROWS = 200
# What a row can change on a trainee already on the course's list.
ROW_FIELDS = (
    "full_name",
    "sex",
    "ethnicity",
    "commune_id",
    "establishment_id",
    "completed",
    "certificate_number",
    "employed_after_training",
    "employed_at",
)

# Cells that mark something, as lists write them (folded): a tick, "x", "có"; and those that deny it.
YES = {"x", "v", "✓", "✔", "co", "1", "yes", "true", "dung"}
NO = {"0", "khong", "chua", "-", "no", "false", "k"}
# A result column holds "Đạt", "Hoàn thành" or the grade (giỏi, khá, trung bình) for a trainee who
# completed; "Không đạt", "Chưa hoàn thành", "Yếu", "Bỏ học" for one who did not.
COMPLETED_WORDS = ("dat", "hoan thanh", "ht", "gioi", "kha", "trung binh", "tb", "xuat sac", "tot")
NOT_COMPLETED_WORDS = ("khong", "chua", "yeu", "kem", "bo hoc", "nghi hoc", "truot")
EMPLOYED_WORDS = ("co viec lam", "da co viec lam", "co viec", "da co")
MALE_WORDS = {"nam", "m", "male", "trai"}
FEMALE_WORDS = {"nu", "f", "female", "gai"}

DATE_TEXT = re.compile(r"(?:(\d{1,2})[/.\-](\d{1,2})[/.\-]|(\d{1,2})[/.\-])?(\d{4})")
ISO_DATE_TEXT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
# Excel keeps a date as the days since 1899-12-30: 1/1/1900 is 2, 31/12/2100 is 73,415.
EXCEL_SERIALS = range(2, 73_416)


def parse_birth_year(value: object, latest: int) -> int | None:
    """The year of a birth cell: a year ("1985", 1985), a date written dd/mm/yyyy (or with "-" or
    "."), mm/yyyy, yyyy-mm-dd, a date cell, or an Excel date serial. None when empty;
    ValueError when it is none of these or the year is not between 1900 and `latest`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, datetime.datetime | datetime.date):
        year = value.year
    elif isinstance(value, int | float):
        if float(value) != int(value):
            raise ValueError
        number = int(value)
        if 1900 <= number <= 2100:
            year = number
        elif number in EXCEL_SERIALS:
            year = from_excel(number).year
        else:
            raise ValueError
    else:
        text = re.sub(r"(?i)^năm\s+", "", clean(value))
        match = DATE_TEXT.fullmatch(text)
        iso = ISO_DATE_TEXT.fullmatch(text)
        if match:
            day, month, month_only, year_text = match.groups()
            year = int(year_text)
            if day:
                datetime.date(year, int(month), int(day))  # ValueError for 31/02
            elif month_only and not 1 <= int(month_only) <= 12:
                raise ValueError
        elif iso:
            year = int(iso.group(1))
            datetime.date(year, int(iso.group(2)), int(iso.group(3)))
        else:
            raise ValueError
    if not 1900 <= year <= latest:
        raise ValueError
    return year


def parse_sex(value: object) -> str | None:
    """Sex from a "Giới tính" cell: Nam / Nữ (any case, with or without marks), M / F. None when empty."""
    text = fold_words(value)
    if not text:
        return None
    if text in MALE_WORDS:
        return Sex.MALE
    if text in FEMALE_WORDS:
        return Sex.FEMALE
    raise ValueError


def parse_mark(value: object) -> bool | None:
    """A tick cell: True (x, ✓, có, 1), False (không, 0, -), None when empty; ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise ValueError
    text = fold_words(value) or clean(value).lower()
    if not text:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError


def _starts(text: str, words) -> bool:
    return any(text == w or text.startswith(w + " ") for w in words)


def parse_completed(value: object) -> bool | None:
    try:
        return parse_mark(value)
    except ValueError:
        text = fold_words(value)
        if _starts(text, NOT_COMPLETED_WORDS):
            return False
        if _starts(text, COMPLETED_WORDS):
            return True
        raise


def parse_employed(value: object) -> bool | None:
    try:
        return parse_mark(value)
    except ValueError:
        text = fold_words(value)
        if _starts(text, ("khong", "chua")):
            return False
        if _starts(text, EMPLOYED_WORDS):
            return True
        raise


@dataclass
class TraineeRow:
    """What a valid row would write, before it is matched to the course's list."""

    establishment_text: str = ""
    establishment_cell: str = ""


class TraineeImporter:
    """Reads, checks and writes one course's trainee list.

    `actor` is whoever uploaded (or confirmed) the list: the establishments a row names are looked
    up in their registry scope only, so a list never tells whether a name is registered elsewhere.
    """

    def __init__(self, source, *, course: Course, actor=None, name: str = ""):
        self.source = source
        self.course = course
        self.actor = actor
        self.name = name
        self.latest_year = course.start_on.year

    # Reading and checking ------------------------------------------------------------

    def analyse(self) -> tuple[ImportReport, list[RowResult]]:
        report = ImportReport()
        reader = SheetReader(self.source, name=self.name)
        try:
            if reader.estimated_rows > MAX_ROWS + HEADER_SCAN_ROWS:
                raise ImportFileError(
                    _("A course's list has at most %(limit)s rows; this sheet has %(count)s.")
                    % {"limit": f"{MAX_ROWS:,}".replace(",", "."), "count": reader.estimated_rows}
                )
            return self._analyse(reader, report)
        finally:
            reader.close()

    def _analyse(self, reader: SheetReader, report: ImportReport):
        units = UnitIndex.current()
        province = self.course.project.current_province
        rows = read_headings(reader.rows(), report, TRAINEE_HEADINGS, _no_header_message)
        results: list[RowResult] = []
        for number, cells in rows:
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            if number <= report.header_row + 2 and _is_numbering_row(cells):
                continue
            row = RowResult(number=number, cells=cells)
            self._check(row, report.columns, units, province)
            results.append(row)
        valid = [r for r in results if not r.reasons]
        self._find_establishments(valid)
        self._note_duplicates([r for r in valid if not r.reasons])
        self._match([r for r in valid if not r.reasons])
        for row in results:
            if row.reasons:
                row.outcome = "invalid"
                report.invalid.append(row)
            else:
                row.cells = None  # only invalid rows are written back out
            report.counts[row.outcome] += 1
        report.valid = preview_rows([r for r in results if not r.reasons][:PREVIEW_ROWS])
        return report, results

    def _check(self, row: RowResult, columns: dict[int, str], units: UnitIndex, province) -> None:
        raw: dict[str, object] = {}
        where: dict[str, str] = {}
        for col, key in columns.items():
            raw[key] = row.cells[col] if col < len(row.cells) else None
            where[key] = f"{get_column_letter(col + 1)}{row.number}"
        reasons = row.reasons

        def fail(key: str, message: str, **values) -> None:
            values.setdefault("value", clean(raw.get(key))[:60])
            problem = message % values
            cell = where.get(key) or where.get("hamlet")
            reasons.append(
                _("Cell %(cell)s: %(problem)s") % {"cell": cell, "problem": problem} if cell else problem
            )

        full_name = clean(raw.get("full_name"))
        if not full_name:
            reasons.append(_("The trainee's name is missing."))
        elif len(full_name) > 150:
            fail("full_name", _("the name is longer than 150 characters."))
        sex = None
        birth_year = None
        birth_unreadable = False
        try:
            sex = parse_sex(raw.get("sex"))
        except ValueError:
            fail("sex", _("the sex “%(value)s” is neither Nam nor Nữ."))
        try:
            birth_year = parse_birth_year(raw.get("birth"), self.latest_year)
        except ValueError:
            birth_unreadable = True
            fail(
                "birth",
                _(
                    "“%(value)s” is not a year of birth between 1900 and %(latest)s (a year, a date dd/mm/yyyy)."
                ),
                latest=self.latest_year,
            )
        marked = []
        for key, marked_sex in (("male", Sex.MALE), ("female", Sex.FEMALE)):
            value = raw.get(key)
            try:
                if parse_mark(value):
                    marked.append(marked_sex)
                continue
            except ValueError:
                pass
            try:
                year = parse_birth_year(value, self.latest_year)
            except ValueError:
                birth_unreadable = True
                fail(key, _("“%(value)s” is neither a mark (x) nor a year of birth."))
                continue
            marked.append(marked_sex)
            if birth_year is None:
                birth_year = year
        if len(marked) > 1:
            reasons.append(_("Both “Nam” and “Nữ” are marked."))
        elif marked:
            if sex and sex != marked[0]:
                reasons.append(_("The sex column and the “Nam”/“Nữ” columns disagree."))
            sex = marked[0]
        if birth_year is None and not birth_unreadable:
            reasons.append(_("The year of birth is missing."))

        completed = employed = None
        try:
            completed = parse_completed(raw.get("completed"))
        except ValueError:
            fail("completed", _("the result “%(value)s” is not understood (write Đạt, Không đạt or x)."))
        try:
            employed = parse_employed(raw.get("employed"))
        except ValueError:
            fail(
                "employed",
                _("“%(value)s” does not say whether the trainee has a job (write Có, Không or x)."),
            )
        certificate = clean(raw.get("certificate_number"))[:50]
        employed_at = clean(raw.get("employed_at"))[:250]
        if completed is None and certificate:
            completed = True  # a certificate is given only on completion
        if employed is None and employed_at:
            employed = True

        commune_id = None
        names = {k: clean(raw.get(k)) for k in ("commune", "district", "province")}
        read_from = "commune"
        if not names["commune"]:
            address = clean(raw.get("address"))
            hamlet = clean(raw.get("hamlet"))
            if hamlet and fold(hamlet) not in fold(address):
                address = f"{hamlet}, {address}" if address else hamlet
            names.update({k: v for k, v in split_address(address).items() if not names.get(k)})
            read_from = "address"
        if names["commune"]:
            place = units.resolve(names["commune"], names["district"], names["province"], "", province)
            if place.error:
                fail(read_from, "%(error)s", error=place.error)
            else:
                commune_id = place.unit.id
        row.name_key = fold(full_name)
        row.values = {
            "full_name": full_name,
            "sex": sex,
            "birth_year": birth_year,
            "ethnicity": clean(raw.get("ethnicity"))[:50] or None,
            "commune_id": commune_id,
            "establishment_id": None,
            "completed": completed,
            "certificate_number": certificate or None,
            "employed_after_training": employed,
            "employed_at": employed_at or None,
        }
        row.place = TraineeRow(
            establishment_text=clean(raw.get("establishment"))[:255],
            establishment_cell=where.get("establishment", ""),
        )

    def _find_establishments(self, rows: list[RowResult]) -> None:
        """Link each row's establishment by its tax code or its registered name, in the actor's
        registry scope; of several with one name, the one in the trainee's commune."""
        wanted = [r for r in rows if r.place.establishment_text]
        if not wanted:
            return
        codes = {normalise_tax_code(r.place.establishment_text) for r in wanted}
        codes = {c for c in codes if c and TAX_CODE_RE.match(c)}
        keys = {fold(r.place.establishment_text) for r in wanted}
        registry = Establishment.objects.all()
        if self.actor is not None:
            registry = Establishment.objects.visible_to(self.actor, Can.READ_REGISTRY)
        found = list(
            registry.filter(Q(tax_code__in=codes) | Q(name_key__in=keys)).values(
                "id", "tax_code", "name_key", "current_commune_id"
            )
        )
        by_code = {e["tax_code"]: e["id"] for e in found if e["tax_code"]}
        by_name: dict[str, list[dict]] = {}
        for e in found:
            by_name.setdefault(e["name_key"], []).append(e)
        for row in wanted:
            text = row.place.establishment_text
            code = normalise_tax_code(text)
            match = by_code.get(code) if code else None
            if match is None:
                named = by_name.get(fold(text), [])
                if len(named) > 1:
                    commune = self._current_commune(row.values["commune_id"])
                    named = [e for e in named if e["current_commune_id"] == commune] or named
                if len(named) == 1:
                    match = named[0]["id"]
                elif named:
                    row.reasons.append(
                        _("Cell %(cell)s: several establishments are named “%(value)s”: write its tax code.")
                        % {"cell": row.place.establishment_cell, "value": text[:60]}
                    )
                    continue
            if match is None:
                row.reasons.append(
                    _(
                        "Cell %(cell)s: the establishment “%(value)s” is not in the registry: register it "
                        "first, or leave the cell empty."
                    )
                    % {"cell": row.place.establishment_cell, "value": text[:60]}
                )
                continue
            row.values["establishment_id"] = match

    @staticmethod
    def _current_commune(commune_id):
        if commune_id is None:
            return None
        unit = AdminUnit.objects.filter(pk=commune_id).first()
        today = unit.current_unit() if unit else None
        return today.pk if today else None

    @staticmethod
    def _note_duplicates(rows: list[RowResult]) -> None:
        seen: dict[tuple, int] = {}
        for row in rows:
            key = (row.name_key, row.values["birth_year"])
            if key in seen:
                row.reasons.append(_("The same trainee as row %(row)s.") % {"row": seen[key]})
            else:
                seen[key] = row.number

    def _match(self, rows: list[RowResult]) -> None:
        """New / updated / unchanged against the course's list, in one query."""
        existing = {
            (t["name_key"], t["birth_year"]): t
            for t in Trainee.objects.filter(course=self.course).values(
                "id", "name_key", "birth_year", *ROW_FIELDS
            )
        }
        for row in rows:
            values = row.values
            found = existing.get((row.name_key, values["birth_year"]))
            given = {f: v for f, v in values.items() if f in ROW_FIELDS and v is not None}
            final = {f: given.get(f, found[f] if found else _default(f)) for f in ROW_FIELDS}
            if final["employed_after_training"] and not final["completed"]:
                row.reasons.append(_("Employed after training, but the trainee did not complete the course."))
            if final["certificate_number"] and not final["completed"]:
                row.reasons.append(_("A certificate number, but the trainee did not complete the course."))
            if row.reasons:
                continue
            if found is None:
                row.outcome = "new"
                row.values = {**final, "birth_year": values["birth_year"]}
                continue
            row.existing_id = found["id"]
            row.changes = {f: [found[f], v] for f, v in given.items() if found[f] != v}
            row.outcome = "updated" if row.changes else "unchanged"

    # Writing -----------------------------------------------------------------------------

    def commit(self) -> ImportReport:
        report, results = self.analyse()
        try:
            with transaction.atomic():
                self._write_new([r for r in results if r.outcome == "new"])
                self._write_updates([r for r in results if r.outcome == "updated"])
        except IntegrityError as exc:
            # Someone added one of these trainees to the course while the list was being read.
            raise ImportFileError(
                _(
                    "The course's list changed while the file was being imported; nothing was saved. Import it again."
                )
            ) from exc
        return report

    def _write_new(self, rows: list[RowResult]) -> None:
        currents = _current_communes({r.values["commune_id"] for r in rows})
        trainees = []
        for row in rows:
            trainee = Trainee(course=self.course, **row.values)
            trainee.name_key = row.name_key
            trainee.current_commune_id = currents.get(trainee.commune_id)
            trainees.append(trainee)
        Trainee.objects.bulk_create(trainees)
        AuditEntry.objects.bulk_create(
            build_entry(
                self.actor,
                trainee,
                "imported",
                {
                    k.removesuffix("_id"): [None, _show(v)]
                    for k, v in row.values.items()
                    if v not in (None, "", False)
                },
            )
            for trainee, row in zip(trainees, rows, strict=True)
        )

    def _write_updates(self, rows: list[RowResult]) -> None:
        if not rows:
            return
        existing = Trainee.objects.in_bulk([r.existing_id for r in rows])
        currents = _current_communes({r.changes["commune_id"][1] for r in rows if "commune_id" in r.changes})
        changed = {"version", "updated_at"}
        now = timezone.now()
        for row in rows:
            trainee = existing[row.existing_id]
            for field, (_old, new) in row.changes.items():
                setattr(trainee, field, new)
                changed.add(field.removesuffix("_id"))
            if "commune_id" in row.changes:
                trainee.current_commune_id = currents.get(trainee.commune_id)
                changed.add("current_commune")
            if "full_name" in row.changes:
                trainee.name_key = fold(trainee.full_name)
                changed.add("name_key")
            trainee.version += 1  # a form opened before the import must not save over it
            trainee.updated_at = now
        Trainee.objects.bulk_update(list(existing.values()), sorted(changed))
        AuditEntry.objects.bulk_create(
            build_entry(
                self.actor,
                existing[row.existing_id],
                "import_updated",
                {k.removesuffix("_id"): [_show(old), _show(new)] for k, (old, new) in row.changes.items()},
            )
            for row in rows
        )


def _default(field: str):
    return (
        False
        if field in ("completed", "employed_after_training")
        else (None if field.endswith("_id") else "")
    )


def _show(value):
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value in Sex.values:
        return str(Sex(value).label)
    return None if value is None else str(value)


def _current_communes(ids: set) -> dict:
    """Today's commune of each commune (legacy ones through the crosswalk of the 1/7/2025 reform)."""
    units = AdminUnit.objects.in_bulk({i for i in ids if i})
    out = {}
    for pk, unit in units.items():
        today = unit.current_unit() if unit.is_legacy else unit
        out[pk] = today.pk if today else None
    return out


def _no_header_message() -> str:
    return _(
        "No heading row was found in the first %(n)s rows: one row must name at least the trainee "
        "(“Họ và tên”) and one more column."
    ) % {"n": HEADER_SCAN_ROWS}


def preview_rows(rows: list[RowResult]) -> list[dict]:
    """Valid rows as the preview lists them: who, the commune as written and today, what it does."""
    units = AdminUnit.objects.select_related("parent__parent").in_bulk(
        {row.values["commune_id"] for row in rows if row.values["commune_id"]}
    )
    labels = {}
    for pk, unit in units.items():
        today = unit.current_unit()
        labels[pk] = (unit.label(), today.label() if today else "")
    sexes = dict(Sex.choices)
    out = []
    for row in rows:
        values = row.values
        then, today = labels.get(values["commune_id"], ("", ""))
        out.append(
            {
                "row": row.number,
                "name": values["full_name"],
                "birth_year": values["birth_year"],
                "sex": str(sexes.get(values["sex"], "")),
                "then": then,
                "today": today,
                "outcome": row.outcome,
                "changed": sorted(k.removesuffix("_id") for k in row.changes),
            }
        )
    return out
