"""The periodic report's Excel annex: the summary tables and a sheet of records per figure group."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from khuyencong.exporting import MONEY, Table, TotalRow, to_workbook

from .words import (
    RECORD_GROUPS,
    RECORD_KINDS,
    _date,
    _province_label,
    period_label,
)


def _caption(report: Mapping, title: str) -> list[str]:
    return [
        title,
        f"{_province_label(report)} - {period_label(report)}",
        "Số tiền: đồng; tỷ lệ như trong báo cáo",
    ]


def summary_tables(report: Mapping) -> list[Table]:
    """The annex's summary tables: the same figures as the paper's, amounts in whole đồng (numbers
    a reader can sum), ratios as the report writes them."""
    national, local = report["national_plan"], report["local_plan"]
    tables = [
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
            formats={3: MONEY, 4: MONEY},
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
            formats={3: MONEY, 4: MONEY},
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
            formats={3: MONEY},
        ),
    ]
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
                formats={3: MONEY},
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


def record_tables(report: Mapping) -> list[Table]:
    """A sheet per figure group of `report["records"]`: the records its figures were computed from."""
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
                    RECORD_KINDS.get(record.get("kind"), record.get("kind")),
                    record.get("id"),
                    record.get("label"),
                    _date(record.get("date")),
                    record.get("amount"),
                ]
                for record in groups[key]
            ],
            widths=[14, 10, 60, 12, 18],
            formats={4: MONEY},
        )
        for key in keys
    ]


def periodic_xlsx(report: Mapping) -> bytes:
    """The Excel annex: the summary tables, then a sheet of records per figure group."""
    return to_workbook([*summary_tables(report), *record_tables(report)])


# ------------------------------------------------------------------ file names
