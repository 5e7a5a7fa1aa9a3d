"""Periodic report dicts for the renderers' tests, in the shape of the contract (README, "The periodic
report's JSON"): the seed's 9-month 2015 report of Hưng Yên written out by hand, and a hypothesis
strategy for any report of that shape whose totals are the sums of their lines. The renderers
consume only this dict, so their tests build it here and never touch the ORM."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
from hypothesis import strategies as st

from khuyencong.vnformat import millions, percent, ratio

M = 1_000_000


def decision(id, symbol, day, issuer, subject):
    day = datetime.date.fromisoformat(day)
    return {
        "id": id,
        "symbol": symbol,
        "date": day.isoformat(),
        "date_display": f"{day.day:02d}/{day.month:02d}/{day.year}",
        "issuer": issuer,
        "subject": subject,
    }


def with_display(item: dict, *keys: str) -> dict:
    """Each money key with its `_display`, as the builder writes it."""
    for key in keys:
        item[f"{key}_display"] = millions(item[key], "vi")
    return item


STATUSES = [
    {"code": "approved", "label": "Đã phê duyệt"},
    {"code": "in_progress", "label": "Đang thực hiện"},
    {"code": "accepted", "label": "Đã nghiệm thu"},
]


def demo_report() -> dict:
    """The seed's figures: 1.380 national; 936 = 485 + 451 local; 341,7 executed, +57,25% on the
    same period (217,3 in 2014), 70,45% of batch I."""
    assign = decision(
        1,
        "11355/QĐ-BCT",
        "2014-12-15",
        "Bộ Công Thương",
        "Giao kế hoạch kinh phí khuyến công quốc gia năm 2015",
    )
    notice = decision(
        2,
        "125/TB-UBND",
        "2015-06-29",
        "UBND tỉnh Hưng Yên",
        "Tổ chức Hội nghị công tác khuyến công và Hội chợ hàng CNNT khu vực phía Bắc năm 2015",
    )
    board = decision(
        3,
        "1363/QĐ-UBND",
        "2015-07-20",
        "UBND tỉnh Hưng Yên",
        "Thành lập Ban tổ chức Hội chợ hàng CNNT khu vực phía Bắc năm 2015",
    )
    estimate = decision(
        4,
        "1675/QĐ-UBND",
        "2015-09-07",
        "UBND tỉnh Hưng Yên",
        "Phê duyệt giá trị dự toán gói thầu dịch vụ tổ chức Hội chợ",
    )
    selection = decision(
        5,
        "1744/QĐ-UBND",
        "2015-09-11",
        "UBND tỉnh Hưng Yên",
        "Phê duyệt kế hoạch lựa chọn nhà thầu gói thầu dịch vụ tổ chức Hội chợ",
    )
    batch_one = decision(
        6,
        "245/QĐ-UBND",
        "2015-02-05",
        "UBND tỉnh Hưng Yên",
        "Phê duyệt kế hoạch khuyến công địa phương đợt I năm 2015",
    )
    batch_two = decision(
        7,
        "1502/QĐ-UBND",
        "2015-08-10",
        "UBND tỉnh Hưng Yên",
        "Phê duyệt kế hoạch khuyến công địa phương đợt II năm 2015",
    )
    conference = with_display(
        {
            "project_id": 101,
            "title": "Hội nghị công tác khuyến công thường niên khu vực phía Bắc năm 2015",
            "status": "in_progress",
            "status_display": "Đang thực hiện",
            "planned": 380 * M,
            "disbursed": 0,
            "progress": "Đang chuẩn bị tổ chức",
            "activities": [
                {
                    "kind": "event",
                    "id": 1,
                    "title": "Hội nghị khuyến công phía Bắc",
                    "start": "2015-11-05",
                    "end": "2015-11-06",
                }
            ],
            "decisions": [notice],
        },
        "planned",
        "disbursed",
    )
    fair = with_display(
        {
            "project_id": 102,
            "title": "Hội chợ hàng công nghiệp nông thôn khu vực phía Bắc năm 2015",
            "status": "in_progress",
            "status_display": "Đang thực hiện",
            "planned": 1000 * M,
            "disbursed": 0,
            "progress": "Đã phê duyệt kế hoạch lựa chọn nhà thầu",
            "activities": [
                {
                    "kind": "event",
                    "id": 2,
                    "title": "Hội chợ hàng CNNT phía Bắc",
                    "start": "2015-10-20",
                    "end": "2015-10-25",
                }
            ],
            "decisions": [notice, board, estimate, selection],
        },
        "planned",
        "disbursed",
    )
    national = with_display(
        {
            "planned": 1380 * M,
            "disbursed": 0,
            "percent": percent(ratio(0, 1380 * M), "vi"),
            "assigned_by": [assign],
            "tasks": [conference, fair],
        },
        "planned",
        "disbursed",
    )
    batches = [
        with_display(
            {
                "number": 1,
                "label": "Đợt I",
                "decision": batch_one,
                "planned": 485 * M,
                "disbursed": 341_700_000,
                "percent": "70,45%",
                "projects": 9,
            },
            "planned",
            "disbursed",
        ),
        with_display(
            {
                "number": 2,
                "label": "Đợt II",
                "decision": batch_two,
                "planned": 451 * M,
                "disbursed": 0,
                "percent": "0,00%",
                "projects": 5,
            },
            "planned",
            "disbursed",
        ),
    ]
    local = with_display(
        {
            "planned": 936 * M,
            "disbursed": 341_700_000,
            "percent_of_year": "36,51%",
            "previous_disbursed": 217_300_000,
            "change": "+57,25%",
            "batches": batches,
            "main_contents": [
                with_display(
                    {
                        "activity_type": "1",
                        "name": "Đào tạo nghề, truyền nghề",
                        "projects": 4,
                        "disbursed": 201_700_000,
                    },
                    "disbursed",
                ),
                with_display(
                    {
                        "activity_type": "6",
                        "name": "Thông tin tuyên truyền",
                        "projects": 3,
                        "disbursed": 140_000_000,
                    },
                    "disbursed",
                ),
            ],
        },
        "planned",
        "disbursed",
        "previous_disbursed",
    )
    return {
        "schema": 1,
        "scope": {
            "kind": "province",
            "province": {
                "code": 33,
                "name": "Hưng Yên",
                "label": "Tỉnh Hưng Yên",
                "before_reform": [{"code": 34, "label": "Tỉnh Thái Bình (đến 30/6/2025)"}],
            },
            "provinces": [{"code": 33, "name": "Hưng Yên"}],
        },
        "period": {
            "from": "2015-01-01",
            "to": "2015-09-30",
            "kind": "m9",
            "label": "9 tháng đầu năm 2015",
            "year": 2015,
            "previous_from": "2014-01-01",
            "previous_to": "2014-09-30",
        },
        "unit": "triệu đồng",
        "national_plan": national,
        "local_plan": local,
        "projects": {
            "total": 16,
            "by_type": [
                {
                    "activity_type": "1",
                    "name": "Đào tạo nghề, truyền nghề",
                    "total": 9,
                    "by_status": {"approved": 2, "in_progress": 4, "accepted": 3},
                },
                {
                    "activity_type": "6",
                    "name": "Thông tin tuyên truyền",
                    "total": 7,
                    "by_status": {"approved": 1, "in_progress": 5, "accepted": 1},
                },
            ],
            "statuses": STATUSES,
        },
        "outputs": [
            {"key": "trainees", "label": "Học viên", "value": 165},
            {"key": "employed", "label": "Lao động có việc làm sau đào tạo", "value": 142},
            {"key": "media_items", "label": "Tin bài, phóng sự", "value": 12},
        ],
        "establishments": with_display(
            {
                "total": 7,
                "amount": 341_700_000,
                "by_commune": [
                    with_display(
                        {"commune": "Xã Tân Châu, Huyện Khoái Châu", "count": 4, "amount": 201_700_000},
                        "amount",
                    ),
                    with_display(
                        {"commune": "Xã Liêu Xá, Huyện Yên Mỹ", "count": 3, "amount": 140_000_000}, "amount"
                    ),
                ],
                "by_trade": [
                    with_display({"trade": "Mây tre đan", "count": 4, "amount": 201_700_000}, "amount"),
                    with_display({"trade": "Chế biến nông sản", "count": 3, "amount": 140_000_000}, "amount"),
                ],
                "grouping": "as_then",
            },
            "amount",
        ),
        "documents": [notice, board, estimate, selection],
        "records": {
            "national_plan": [
                {
                    "kind": "project",
                    "id": 101,
                    "label": conference["title"],
                    "date": "2015-06-29",
                    "amount": 380 * M,
                },
                {
                    "kind": "project",
                    "id": 102,
                    "label": fair["title"],
                    "date": "2015-06-29",
                    "amount": 1000 * M,
                },
            ],
            "local_plan": [
                {
                    "kind": "batch",
                    "id": 1,
                    "label": "Đợt I - 245/QĐ-UBND",
                    "date": "2015-02-05",
                    "amount": 485 * M,
                },
                {
                    "kind": "batch",
                    "id": 2,
                    "label": "Đợt II - 1502/QĐ-UBND",
                    "date": "2015-08-10",
                    "amount": 451 * M,
                },
                {
                    "kind": "payment",
                    "id": 501,
                    "label": "Tạm ứng đề án đào tạo nghề mây tre đan",
                    "date": "2015-05-12",
                    "amount": 201_700_000,
                    "part": "period",
                },
                {
                    "kind": "payment",
                    "id": 502,
                    "label": "Thanh toán đề án thông tin tuyên truyền",
                    "date": "2015-08-20",
                    "amount": 140_000_000,
                    "part": "period",
                },
                {
                    "kind": "payment",
                    "id": 401,
                    "label": "Thanh toán đề án năm 2014",
                    "date": "2014-09-15",
                    "amount": 217_300_000,
                    "part": "previous",
                },
            ],
            "projects": [
                {
                    "kind": "project",
                    "id": 200 + n,
                    "label": f"Đề án số {n}",
                    "date": "2015-03-01",
                    "amount": None,
                }
                for n in range(1, 17)
            ],
            "outputs": [
                {
                    "kind": "course",
                    "id": 1,
                    "label": "Lớp đào tạo nghề mây tre đan",
                    "date": "2015-04-01",
                    "amount": None,
                }
            ],
            "establishments": [
                {
                    "kind": "establishment",
                    "id": 900 + n,
                    "label": f"Cơ sở số {n}",
                    "date": None,
                    "amount": None,
                }
                for n in range(1, 8)
            ],
            "documents": [
                {
                    "kind": "document",
                    "id": item["id"],
                    "label": item["symbol"],
                    "date": item["date"],
                    "amount": None,
                }
                for item in (notice, board, estimate, selection)
            ],
        },
    }


# ------------------------------------------------------------------ any report of the shape

# Printable Vietnamese text, with the letters a font or a converter is most likely to break.
WORDS = (
    st.text(
        alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ àảãáạằẳẵắặầẩẫấậềểễếệỏõọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ0123456789",
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
AMOUNT = st.integers(min_value=0, max_value=5 * 10**10)
DAY = st.dates(min_value=datetime.date(2014, 1, 1), max_value=datetime.date(2026, 12, 31))


@st.composite
def decisions(draw, id):
    day = draw(DAY)
    number = draw(st.integers(min_value=1, max_value=99999))
    return decision(id, f"{number}/QĐ-UBND", day.isoformat(), "UBND tỉnh Hưng Yên", draw(WORDS))


@st.composite
def reports(draw) -> dict:
    report = demo_report()
    tasks = []
    for n in range(draw(st.integers(min_value=0, max_value=3))):
        planned = draw(AMOUNT)
        disbursed = draw(st.integers(min_value=0, max_value=planned))
        tasks.append(
            with_display(
                {
                    "project_id": n + 1,
                    "title": draw(WORDS),
                    "status": "in_progress",
                    "status_display": "Đang thực hiện",
                    "planned": planned,
                    "disbursed": disbursed,
                    "progress": draw(WORDS),
                    "activities": [],
                    "decisions": [draw(decisions(n + 10))],
                },
                "planned",
                "disbursed",
            )
        )
    national = with_display(
        {
            "planned": sum(task["planned"] for task in tasks),
            "disbursed": sum(task["disbursed"] for task in tasks),
            "assigned_by": [draw(decisions(1))],
            "tasks": tasks,
        },
        "planned",
        "disbursed",
    )
    national["percent"] = (
        percent(ratio(national["disbursed"], national["planned"]), "vi") if national["planned"] else None
    )
    batches = []
    for n in range(draw(st.integers(min_value=0, max_value=3))):
        planned = draw(AMOUNT)
        disbursed = draw(st.integers(min_value=0, max_value=planned))
        batch = {
            "number": n + 1,
            "label": f"Đợt {['I', 'II', 'III'][n]}",
            "decision": draw(st.none() | decisions(20 + n)),
            "planned": planned,
            "disbursed": disbursed,
            "percent": percent(ratio(disbursed, planned), "vi") if planned else None,
            "projects": draw(st.integers(min_value=0, max_value=40)),
        }
        batches.append(with_display(batch, "planned", "disbursed"))
    previous = draw(st.none() | AMOUNT)
    local = {
        "planned": sum(batch["planned"] for batch in batches),
        "disbursed": sum(batch["disbursed"] for batch in batches),
        "previous_disbursed": previous,
        "batches": batches,
        "main_contents": [
            with_display(
                {
                    "activity_type": str(n),
                    "name": draw(WORDS),
                    "projects": draw(st.integers(0, 9)),
                    "disbursed": draw(AMOUNT),
                },
                "disbursed",
            )
            for n in range(draw(st.integers(min_value=0, max_value=3)))
        ],
    }
    local["percent_of_year"] = (
        percent(ratio(local["disbursed"], local["planned"]), "vi") if local["planned"] else None
    )
    local["change"] = (
        percent(ratio(local["disbursed"] - previous, previous), "vi", signed=True) if previous else None
    )
    local = with_display(local, "planned", "disbursed")
    local["previous_disbursed_display"] = millions(previous, "vi") if previous is not None else None
    communes = [
        with_display(
            {"commune": draw(WORDS), "count": draw(st.integers(1, 50)), "amount": draw(AMOUNT)}, "amount"
        )
        for _ in range(draw(st.integers(min_value=0, max_value=4)))
    ]
    establishments = with_display(
        {
            "total": sum(line["count"] for line in communes),
            "amount": sum(line["amount"] for line in communes),
            "by_commune": communes,
            "by_trade": [{**line, "trade": line["commune"]} for line in communes],
            "grouping": draw(st.sampled_from(["as_then", "today"])),
        },
        "amount",
    )
    by_type = []
    for n in range(draw(st.integers(min_value=0, max_value=3))):
        by_status = {status["code"]: draw(st.integers(0, 20)) for status in STATUSES}
        by_type.append(
            {
                "activity_type": str(n + 1),
                "name": draw(WORDS),
                "total": sum(by_status.values()),
                "by_status": by_status,
            }
        )
    documents = [draw(decisions(40 + n)) for n in range(draw(st.integers(min_value=0, max_value=3)))]
    records = {
        group: [
            {
                "kind": "payment",
                "id": n,
                "label": draw(WORDS),
                "date": draw(st.none() | DAY.map(datetime.date.isoformat)),
                "amount": draw(st.none() | AMOUNT),
            }
            for n in range(draw(st.integers(min_value=0, max_value=4)))
        ]
        for group in ("national_plan", "local_plan", "projects", "outputs", "establishments", "documents")
    }
    report.update(
        national_plan=national,
        local_plan=local,
        projects={"total": sum(line["total"] for line in by_type), "by_type": by_type, "statuses": STATUSES},
        outputs=[
            {"key": f"k{n}", "label": draw(WORDS), "value": draw(st.integers(0, 10**6))}
            for n in range(draw(st.integers(0, 4)))
        ],
        establishments=establishments,
        documents=documents,
        records=records,
    )
    return report


def displays(report) -> set[str]:
    """Every figure the report states: each amount's `_display`, each ratio string, each count."""
    found: set[str] = set()

    def walk(value, key=""):
        if isinstance(value, dict):
            for inner_key, inner in value.items():
                if inner_key != "records":
                    walk(inner, inner_key)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, key)
        elif (isinstance(value, str) and (key.endswith("_display") and key != "status_display")) or (
            isinstance(value, str) and key in ("percent", "percent_of_year", "change")
        ):
            found.add(value)

    walk(report)
    return found


def sheets(data: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}


def in_millions(dong: int | None) -> Decimal | None:
    """An amount in đồng as the annex holds it, in triệu đồng."""
    return None if dong is None else Decimal(dong) / 1_000_000


def read_millions(cell) -> Decimal | None:
    """A number of the annex read back (openpyxl gives an int or a float) as the exact triệu đồng."""
    return None if cell is None else Decimal(str(cell))


def rows_after_headings(rows, first_heading):
    start = next(n for n, row in enumerate(rows) if row and row[0] == first_heading)
    return rows[start + 1 :]


def stated_figures(report) -> set[str]:
    """The figures the report's paper states (section I): each plan's planned, disbursed and shares,
    the previous period and the change, each local batch's line, the projects and establishments totals.
    The JSON holds more (allocated, remaining, to date) for other readers."""
    found = set()
    for key in ("national_plan", "local_plan"):
        plan = report[key]
        found |= {plan.get("planned_display"), plan.get("disbursed_display"), plan.get("percent")}
    local = report["local_plan"]
    for batch in local.get("batches") or ():  # the national plan is stated by its tasks
        found |= {batch.get("planned_display"), batch.get("disbursed_display"), batch.get("percent")}
    found |= {local.get("percent_of_year"), local.get("change")}
    found |= {str(report["projects"]["total"]), report["establishments"].get("amount_display")}
    return {figure for figure in found if figure}
