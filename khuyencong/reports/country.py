"""The country's report as the site keeps and writes it: the provinces' lines, with every task and
record in a list of its own (docs/reports.md, "The country's report").

`periodic.build(period)` with no province returns everything: each of the country's national tasks
(about 15,000 a year) and each record behind a figure (about 150,000 payments, batches and projects
in nine months). That is the command's JSON. A paper with a row per task is some 300 pages nobody
reads, and an annex listing 150,000 records cost the task most of its time (make bench, "reports").
So the background run keeps and writes the country's figures summarised:

* `national_plan.by_province` gains `tasks` (the province's tasks); `national_plan.tasks` and the
  tasks' own decisions are left out, `tasks_total` and `decisions_total` say how many there were;
* `records` is empty and `record_counts` says, per figure group, how many records of each kind (and
  part) it counts and their amount;
* `summarised` is true.

The lists themselves go to the run's records file (`records_csv`): one line per record, its group
first, as the province's annex lists them. A province's report keeps its lists: it is the place to
read each record of a province.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping

from khuyencong.downloads import dated_name, safe_name
from khuyencong.exporting import Table, to_csv

from .documents.words import RECORD_GROUPS, RECORD_KINDS, RECORD_PARTS, _province_label, period_label


def is_summarised(figures: Mapping) -> bool:
    return bool(figures.get("summarised"))


def summarise(figures: Mapping) -> dict:
    """The country's figures with the provinces' lines in place of the lists (see the module)."""
    national = dict(figures["national_plan"])
    tasks = national.pop("tasks", None) or []
    per_province = Counter(task.get("province_code") for task in tasks)
    national["by_province"] = [
        {**row, "tasks": per_province.get(row["code"], 0)} for row in national.get("by_province") or ()
    ]
    national["tasks"] = []
    national["tasks_total"] = len(tasks)
    national["decisions_total"] = len(national.get("decisions") or ())
    national["decisions"] = list(national.get("assigned_by") or ())
    return {
        **figures,
        "national_plan": national,
        "records": {},
        "record_counts": record_counts(figures.get("records") or {}),
        "summarised": True,
    }


def record_counts(records: Mapping) -> dict:
    """Per group, `[{kind, part, count, amount}]`: how many records of each kind the group counts."""
    counts: dict = {}
    for group, rows in records.items():
        lines: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
        for record in rows:
            line = lines[(record.get("kind"), record.get("part") or "")]
            line[0] += 1
            line[1] += record.get("amount") or 0
        counts[group] = [
            {"kind": kind, "part": part, "count": count, "amount": amount}
            for (kind, part), (count, amount) in lines.items()
        ]
    return counts


def _lines(records: Mapping) -> Iterator[list]:
    keys = [key for key in RECORD_GROUPS if key in records] + [k for k in records if k not in RECORD_GROUPS]
    for key in keys:
        group = RECORD_GROUPS.get(key, key)
        for record in records[key]:
            yield [
                group,
                RECORD_KINDS.get(record.get("kind"), record.get("kind")),
                RECORD_PARTS.get(record.get("part"), record.get("part") or ""),
                record.get("id"),
                record.get("label"),
                record.get("date") or "",
                record.get("amount"),
            ]


def records_csv(figures: Mapping) -> bytes:
    """Every record of the full figures, one line each (UTF-8 with BOM, RFC 4180: `exporting.to_csv`),
    amounts in whole đồng."""
    table = Table(
        title="Hồ sơ",
        caption=[f"Hồ sơ làm căn cứ số liệu - Cả nước - {period_label(figures)}", "Số tiền: đồng"],
        headings=["Nhóm số liệu", "Loại", "Phần", "Mã số", "Nội dung", "Ngày", "Số tiền"],
        rows=_lines(figures.get("records") or {}),
    )
    return to_csv(table)


def records_filename(figures: Mapping) -> str:
    """ "Danh sách hồ sơ báo cáo khuyến công 9 tháng đầu năm 2024 - Cả nước - 30-11-2026.csv" """
    return safe_name(
        dated_name(
            f"Danh sách hồ sơ báo cáo khuyến công {period_label(figures)}", _province_label(figures), "csv"
        )
    )
