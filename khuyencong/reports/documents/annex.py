"""The periodic report's Excel annex: the summary tables and a sheet of records per figure group."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from khuyencong.exporting import MILLIONS, Table, TotalRow, to_workbook

from .words import (
    RECORD_GROUPS,
    RECORD_KINDS,
    RECORD_PARTS,
    _date,
    _province_label,
    period_label,
    province_lines,
)


def _caption(report: Mapping, title: str) -> list[str]:
    return [
        title,
        f"{_province_label(report)} - {period_label(report)}",
        "Đơn vị: triệu đồng; tỷ lệ như trong báo cáo",
    ]


def summary_tables(report: Mapping) -> list[Table]:
    """The annex's summary tables: the same figures as the paper's, amounts in triệu đồng as numbers a
    reader can sum (each cell holds the exact amount: `exporting.MILLIONS`), ratios as the report writes
    them."""
    national, local = report["national_plan"], report["local_plan"]
    tables = [
        *_province_tables(report),
        Table(
            title="Kế hoạch KCQG",
            caption=_caption(report, "Kế hoạch khuyến công quốc gia"),
            headings=["TT", "Nhiệm vụ, đề án", "Tình trạng", "Kế hoạch", "Đã giải ngân", "Tiến độ"],
            rows=[
                *(
                    [
                        n,
                        task["title"],
                        task.get("status_display"),
                        task["planned"],
                        task["disbursed"],
                        task.get("progress"),
                    ]
                    for n, task in enumerate(national.get("tasks") or (), 1)
                ),
                TotalRow(
                    ["", "Tổng cộng", "", national["planned"], national["disbursed"], national.get("percent")]
                ),
            ],
            widths=[6, 50, 18, 16, 16, 24],
            formats={3: MILLIONS, 4: MILLIONS},
        ),
        Table(
            title="Quyết định giao KCQG",
            caption=_caption(report, "Quyết định giao kế hoạch khuyến công quốc gia"),
            headings=["TT", "Số, ký hiệu", "Ngày", "Cơ quan ban hành", "Trích yếu", "Nhiệm vụ"],
            rows=[
                *(
                    [n, item["symbol"], _date(item.get("date")), item.get("issuer"), item.get("subject"), ""]
                    for n, item in enumerate(national.get("assigned_by") or (), 1)
                ),
                *(
                    [
                        None,
                        item["symbol"],
                        _date(item.get("date")),
                        item.get("issuer"),
                        item.get("subject"),
                        task["title"],
                    ]
                    for task in national.get("tasks") or ()
                    for item in task.get("decisions") or ()
                ),
            ],
            widths=[6, 18, 12, 28, 60, 40],
        ),
        Table(
            title="Kế hoạch KCĐP theo đợt",
            caption=_caption(report, "Kế hoạch khuyến công địa phương theo đợt"),
            headings=["Đợt", "Quyết định", "Ngày", "Kế hoạch", "Đã thực hiện", "Tỷ lệ", "Số đề án"],
            rows=[
                *(
                    [
                        batch.get("label"),
                        (batch.get("decision") or {}).get("symbol"),
                        _date((batch.get("decision") or {}).get("date")),
                        batch["planned"],
                        batch["disbursed"],
                        batch.get("percent"),
                        batch.get("projects"),
                    ]
                    for batch in local.get("batches") or ()
                ),
                TotalRow(
                    [
                        "Cả năm",
                        "",
                        None,
                        local["planned"],
                        local["disbursed"],
                        local.get("percent_of_year"),
                        sum(batch.get("projects") or 0 for batch in local.get("batches") or ()),
                    ]
                ),
                [
                    "Cùng kỳ năm trước",
                    "",
                    None,
                    None,
                    local.get("previous_disbursed"),
                    local.get("change"),
                    None,
                ],
            ],
            widths=[18, 18, 12, 16, 16, 12, 10],
            formats={3: MILLIONS, 4: MILLIONS},
        ),
        Table(
            title="Nội dung chính",
            caption=_caption(report, "Các nội dung chính được hỗ trợ (khuyến công địa phương)"),
            headings=["Mã", "Nội dung hoạt động", "Số đề án", "Kinh phí thực hiện"],
            rows=[
                [item.get("activity_type"), item["name"], item.get("projects"), item["disbursed"]]
                for item in local.get("main_contents") or ()
            ],
            widths=[6, 50, 10, 18],
            formats={3: MILLIONS},
        ),
    ]
    if report.get("summarised"):
        # The country's tasks are counted per province above; each is in the run's records file.
        tables = [table for table in tables if table.title != "Kế hoạch KCQG"]
    projects = report["projects"]
    statuses = projects.get("statuses") or ()
    tables.append(
        Table(
            title="Đề án theo nội dung",
            caption=_caption(report, "Đề án theo nội dung hoạt động và tình trạng"),
            headings=["Mã", "Nội dung hoạt động", *(status["label"] for status in statuses), "Tổng số"],
            rows=[
                *(
                    [
                        line.get("activity_type"),
                        line["name"],
                        *(line.get("by_status", {}).get(status["code"], 0) for status in statuses),
                        line.get("total"),
                    ]
                    for line in projects.get("by_type") or ()
                ),
                TotalRow(
                    [
                        "",
                        "Tổng cộng",
                        *(
                            sum(
                                line.get("by_status", {}).get(status["code"], 0)
                                for line in projects.get("by_type") or ()
                            )
                            for status in statuses
                        ),
                        projects.get("total"),
                    ]
                ),
            ],
            widths=[6, 40],
        )
    )
    tables.append(
        Table(
            title="Kết quả đầu ra",
            caption=_caption(report, "Kết quả đầu ra của các hoạt động"),
            headings=["STT", "Chỉ tiêu", "Kết quả"],
            rows=[
                [number, item["label"], item.get("value")]
                for number, item in enumerate(report.get("outputs") or (), start=1)
            ],
            widths=[6, 40, 12],
        )
    )
    establishments = report["establishments"]
    for key, name, title, heading in (
        ("by_commune", "commune", "Cơ sở theo địa bàn", "Xã, phường"),
        ("by_trade", "trade", "Cơ sở theo ngành nghề", "Ngành nghề"),
    ):
        tables.append(
            Table(
                title=title,
                caption=_caption(report, f"Cơ sở công nghiệp nông thôn được hỗ trợ - {title.lower()}"),
                headings=["TT", heading, "Số cơ sở", "Kinh phí"],
                rows=[
                    *(
                        [n, line[name], line.get("count"), line["amount"]]
                        for n, line in enumerate(establishments.get(key) or (), 1)
                    ),
                    TotalRow(["", "Tổng cộng", establishments.get("total"), establishments["amount"]]),
                ],
                widths=[6, 45, 10, 18],
                formats={3: MILLIONS},
            )
        )
    tables.append(
        Table(
            title="Văn bản ban hành",
            caption=_caption(report, "Văn bản đã ban hành trong kỳ"),
            headings=["TT", "Số, ký hiệu", "Ngày", "Cơ quan ban hành", "Trích yếu"],
            rows=[
                [n, item["symbol"], _date(item.get("date")), item.get("issuer"), item.get("subject")]
                for n, item in enumerate(report.get("documents") or (), 1)
            ],
            widths=[6, 18, 12, 28, 60],
        )
    )
    return tables


def _province_tables(report: Mapping) -> list[Table]:
    """The roll-up's line per province for each plan (`by_province`; none for a province's report)."""
    tables = []
    for key, title, caption in (
        ("national_plan", "KCQG theo tỉnh", "Kế hoạch khuyến công quốc gia theo tỉnh, thành phố"),
        ("local_plan", "KCĐP theo tỉnh", "Kế hoạch khuyến công địa phương theo tỉnh, thành phố"),
    ):
        plan = report[key]
        if "by_province" not in plan:
            continue
        tasks = key == "national_plan"
        rows = province_lines(plan)
        tables.append(
            Table(
                title=title,
                caption=_caption(report, caption),
                headings=[
                    "Mã tỉnh",
                    "Tỉnh, thành phố",
                    *(["Số nhiệm vụ"] if tasks else []),
                    "Kế hoạch",
                    "Đã thực hiện",
                    "Tỷ lệ",
                    "Cùng kỳ năm trước",
                    "Thay đổi",
                ],
                rows=[
                    *(
                        [
                            row["code"],
                            row["name"],
                            *([row.get("tasks")] if tasks else []),
                            row["planned"],
                            row["disbursed"],
                            row.get("percent"),
                            row.get("previous_disbursed"),
                            row.get("change"),
                        ]
                        for row in rows
                    ),
                    TotalRow(
                        [
                            "",
                            "Cả nước",
                            *([plan.get("tasks_total", len(plan.get("tasks") or ()))] if tasks else []),
                            plan["planned"],
                            plan["disbursed"],
                            plan.get("percent"),
                            plan.get("previous_disbursed"),
                            plan.get("change"),
                        ]
                    ),
                ],
                widths=[8, 30, *([12] if tasks else []), 16, 16, 10, 16, 10],
                formats={index: MILLIONS for index in ((3, 4, 6) if tasks else (2, 3, 5))},
            )
        )
    return tables


def record_tables(report: Mapping) -> list[Table]:
    """A sheet per figure group of `report["records"]`: the records its figures were computed from.
    The country's summarised figures have one sheet instead, counting each group's records by kind
    (the records themselves are in the run's records file)."""
    if report.get("summarised"):
        return [_record_counts_table(report)]
    groups: Mapping[str, Iterable[Mapping]] = report.get("records") or {}
    keys = [key for key in RECORD_GROUPS if key in groups] + [
        key for key in groups if key not in RECORD_GROUPS
    ]
    return [
        Table(
            title=f"Hồ sơ - {RECORD_GROUPS.get(key, key)}",
            caption=_caption(report, f"Hồ sơ làm căn cứ số liệu: {RECORD_GROUPS.get(key, key)}"),
            headings=["Loại", "Mã số", "Nội dung", "Ngày", "Số tiền"],
            rows=[
                [
                    _kind(record),
                    record.get("id"),
                    record.get("label"),
                    _date(record.get("date")),
                    record.get("amount"),
                ]
                for record in groups[key]
            ],
            widths=[24, 10, 60, 12, 18],
            formats={4: MILLIONS},
        )
        for key in keys
    ]


def _kind(record: Mapping) -> str:
    """ "Thanh toán - Cùng kỳ năm trước": the record's kind, and the side of the figure it is on."""
    kind = RECORD_KINDS.get(record.get("kind"), record.get("kind"))
    part = record.get("part")
    return f"{kind} - {RECORD_PARTS.get(part, part)}" if part else kind


def _record_counts_table(report: Mapping) -> Table:
    counts: Mapping[str, Iterable[Mapping]] = report.get("record_counts") or {}
    keys = [key for key in RECORD_GROUPS if key in counts] + [k for k in counts if k not in RECORD_GROUPS]
    return Table(
        title="Hồ sơ - tổng hợp",
        caption=[
            *_caption(report, "Hồ sơ làm căn cứ số liệu, theo nhóm và loại"),
            "Danh sách từng hồ sơ: tệp CSV kèm theo báo cáo (Danh sách hồ sơ)",
        ],
        headings=["Nhóm số liệu", "Loại", "Số hồ sơ", "Số tiền"],
        rows=[
            [
                RECORD_GROUPS.get(key, key),
                _kind(line),
                line.get("count"),
                line.get("amount"),
            ]
            for key in keys
            for line in counts[key]
        ],
        widths=[22, 34, 10, 18],
        formats={3: MILLIONS},
    )


def periodic_xlsx(report: Mapping) -> bytes:
    """The Excel annex: the summary tables, then a sheet of records per figure group."""
    return to_workbook([*summary_tables(report), *record_tables(report)])


# ------------------------------------------------------------------ file names
