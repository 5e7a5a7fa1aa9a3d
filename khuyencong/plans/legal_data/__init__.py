"""The rows of the programme's rules as the legal texts set them, written by migrations.

Administrators edit them afterwards (a new row with its own validity when the law changes);
code reads them only through the models, never from here. docs/legal-rules.md is generated from
these lists (`manage.py legal_rules_doc`) and says, row by row, what was checked and against what.

`verified` is True only where the article is confirmed in the codified texts (Bộ pháp điển,
topic 7.5 "Khuyến công") and the value is the one the review of the legal texts recorded in the
project's issue 9; every other row is shown on the rules screen as not checked against the text.
"""

from .appraisal import appraisal_rows
from .deadlines import deadline_rows
from .documents import dossier_rows, seed_plain_words
from .funding import FUNDING_SOURCES, MILLION
from .support import AMENDMENTS_64_2024, SUPPORT_RULES

__all__ = [
    "AMENDMENTS_64_2024",
    "FUNDING_SOURCES",
    "MILLION",
    "SUPPORT_RULES",
    "appraisal_rows",
    "deadline_rows",
    "dossier_rows",
    "seed",
]


DATA_ONLY = {"document", "was", "note", "max_million"}


def _fields(row: dict) -> dict:
    values = {k: v for k, v in row.items() if k not in DATA_ONLY}
    if "max_million" in row:
        values["max_amount"] = row["max_million"] * MILLION if row["max_million"] else None
    return values


def _upsert(Model, match: dict, values: dict) -> None:
    """Correct the row found by its natural key, or write it: databases seeded by the first release hold
    the uncorrected rows, new ones hold none."""
    rows = list(Model.objects.filter(**match))
    if rows:
        for row in rows:
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
    else:
        Model.objects.create(**values)


def seed(apps) -> None:
    FundingSource = apps.get_model("plans", "FundingSource")
    SupportRule = apps.get_model("plans", "SupportRule")
    DeadlineRule = apps.get_model("plans", "DeadlineRule")
    DossierRequirement = apps.get_model("plans", "DossierRequirement")
    AppraisalCriterion = apps.get_model("plans", "AppraisalCriterion")
    for code, name, kind, finance, order, _basis in FUNDING_SOURCES:
        FundingSource.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "finance_appraisal": finance, "order": order}
        )
    for row in SUPPORT_RULES:
        documents = [row["document"]] + ([row["was"]] if row.get("was") else [])
        found = SupportRule.objects.filter(
            province__isnull=True, activity_code=row["activity_code"], item_code=row["item_code"]
        )
        if row["priority_factor"] is not None:
            found = found.filter(priority_factor__isnull=False)
        elif not row["item_code"]:
            found = found.filter(priority_factor__isnull=True)
        pks = [r.pk for r in found if any(r.legal_basis.startswith(d) for d in documents)]
        _upsert(SupportRule, {"pk__in": pks}, _fields(row))
    for row in deadline_rows():
        match = {"province__isnull": True, "code": row["code"], "effective_from": row["effective_from"]}
        _upsert(DeadlineRule, match, _fields(row))
    for row in dossier_rows():
        match = {k: row[k] for k in ("activity_code", "item_code", "stage")}
        names = {"name__in": [row["name"]] + ([row["was"]] if row["was"] else [])}
        _upsert(DossierRequirement, {"province__isnull": True, **match, **names}, _fields(row))
    seed_plain_words(apps)
    for row in appraisal_rows():
        names = [row["name"]] + ([row["was"]] if row["was"] else [])
        document = row["legal_basis"].split(",")[0]
        match = {
            "province__isnull": True,
            "step": row["step"],
            "name__in": names,
            "legal_basis__startswith": document,
        }
        _upsert(AppraisalCriterion, match, _fields(row))
