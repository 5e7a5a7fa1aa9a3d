"""The reporting duties the legal texts set, as data rows written by a migration (reports/migrations).

Code reads them only through `ReportingDuty`; docs/legal-rules.md is generated from these lists
(`manage.py legal_rules_doc`), and says row by row what was checked against the text.
"""

from .duties import duty_rows

__all__ = ["duty_rows", "seed"]


def seed(apps) -> None:
    """Write or correct the national rows, found by their code and first day in force."""
    ReportingDuty = apps.get_model("reports", "ReportingDuty")
    for row in duty_rows():
        match = {"province__isnull": True, "code": row["code"], "effective_from": row["effective_from"]}
        found = list(ReportingDuty.objects.filter(**match))
        if not found:
            ReportingDuty.objects.create(**row)
        for duty in found:
            for name, value in row.items():
                setattr(duty, name, value)
            duty.save()
