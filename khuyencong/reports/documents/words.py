"""What the report's paper and annex both say the same way: units, placeholders, kinds of records and
documents, and the phrases and labels made of the report's dict."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping

from khuyencong.vnformat import grouped, millions

UNIT = "triệu đồng"
TEXT_KEYS = ("achievements", "shortcomings", "next_tasks", "recommendations")
PLACEHOLDER = "(Chưa có nội dung: phần này do cán bộ soạn thảo bổ sung trong trình soạn báo cáo.)"
NO_RECORDS = "Không có."

# How a symbol's type part is named in a sentence ("Quyết định số 1363/QĐ-UBND").
DOCUMENT_KINDS = {
    "QĐ": "Quyết định",
    "TB": "Thông báo",
    "KH": "Kế hoạch",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "CT": "Chỉ thị",
    "HD": "Hướng dẫn",
    "NQ": "Nghị quyết",
    "TT": "Thông tư",
    "NĐ": "Nghị định",
}
ACTIVITY_KINDS = {"event": "Sự kiện", "course": "Khóa đào tạo", "contest": "Bình chọn", "media": "Tin bài"}
RECORD_KINDS = {
    "project": "Đề án",
    "payment": "Thanh toán",
    "batch": "Đợt kế hoạch",
    "document": "Văn bản",
    "course": "Khóa đào tạo",
    "event": "Sự kiện",
    "media": "Tin bài",
    "establishment": "Cơ sở",
    "contest": "Bình chọn",
    "acceptance": "Biên bản nghiệm thu",
}
# Which side of a figure a record stands on (periodic.py's `part`).
RECORD_PARTS = {
    "period": "Trong kỳ",
    "previous": "Cùng kỳ năm trước",
    "planned": "Kế hoạch",
    "task": "Nhiệm vụ KCQG",
}
RECORD_GROUPS = {
    "national_plan": "Kế hoạch KCQG",
    "local_plan": "Kế hoạch KCĐP",
    "projects": "Đề án",
    "outputs": "Kết quả đầu ra",
    "establishments": "Cơ sở được hỗ trợ",
    "documents": "Văn bản ban hành",
}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# ------------------------------------------------------------------ reading the dict


def money(item: Mapping, key: str) -> str:
    """An amount as the dict writes it (`key_display`), in triệu đồng."""
    display = item.get(f"{key}_display")
    if display is not None:
        return display
    # The contract gives every amount its display; should one be missing, it is written the way
    # the builder writes them (vnformat.millions), in Vietnamese since the paper is.
    return millions(item.get(key), "vi")


def ratio(value: str | None) -> str:
    return value if value else "—"


def count(value: int | None) -> str:
    return "—" if value is None else grouped(value, "vi")


def change_words(change: str | None) -> str:
    """ "+12,50%" → "tăng 12,50%", "-3,10%" → "giảm 3,10%": the dict's string, in words."""
    if not change:
        return ""
    if change.startswith("+"):
        return f"tăng {change[1:]}"
    if change.startswith(("-", "−")):
        return f"giảm {change[1:]}"
    return f"bằng {change}" if change.strip("0,.%") == "" else f"thay đổi {change}"


def document_kind(symbol: str) -> str:
    """ "1363/QĐ-UBND" → "Quyết định"; "Văn bản" when the symbol has no known type."""
    _, _, tail = (symbol or "").partition("/")
    for part in reversed(tail.split("/")):
        head = part.split("-")[0]
        if head in DOCUMENT_KINDS:
            return DOCUMENT_KINDS[head]
    return "Văn bản"


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def decision_phrase(decision: Mapping) -> str:
    """ "Quyết định số 1363/QĐ-UBND ngày 20/07/2015 của UBND tỉnh Hưng Yên về việc thành lập …"."""
    symbol = decision.get("symbol") or ""
    text = f"{document_kind(symbol)} số {symbol}"
    if decision.get("date_display"):
        text += f" ngày {decision['date_display']}"
    if decision.get("issuer"):
        text += f" của {decision['issuer']}"
    subject = (decision.get("subject") or "").strip().rstrip(".;")
    if subject:
        lowered = subject.lower()
        if lowered.startswith("về việc"):  # the subject says it already: "Về việc thông báo …"
            text += f" về việc{subject[len('về việc') :]}"
        elif lowered.startswith(("về ", "v/v")):
            text += f" {_lower_first(subject)}"
        else:
            text += f" về việc {_lower_first(subject)}"
    return text


def period_label(report: Mapping) -> str:
    return report["period"].get("label") or (
        f"từ {_dmy(report['period']['from'])} đến {_dmy(report['period']['to'])}"
    )


def _dmy(iso: str | None) -> str:
    if not iso:
        return ""
    day = datetime.date.fromisoformat(iso)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _date(iso: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(iso) if iso else None


def _place(report: Mapping) -> str:
    scope = report["scope"]
    if scope.get("kind") == "province" and scope.get("province"):
        return scope["province"].get("name") or ""
    return "Hà Nội"  # the Ministry's seat, where the national roll-up is signed


def _province_label(report: Mapping) -> str:
    scope = report["scope"]
    if scope.get("kind") == "province" and scope.get("province"):
        province = scope["province"]
        return province.get("label") or province.get("name") or ""
    return "Cả nước"  # as the report's page names it


# ------------------------------------------------------------------ the paper


def province_lines(plan: Mapping) -> list[dict]:
    """The roll-up's `by_province` lines, each with its `tasks`: as the country's summary keeps them
    (reports/country.py), else counted from the plan's tasks (the command's full roll-up)."""
    rows = list(plan.get("by_province") or ())
    if rows and "tasks" not in rows[0]:
        counted = Counter(task.get("province_code") for task in plan.get("tasks") or ())
        rows = [{**row, "tasks": counted.get(row["code"], 0)} for row in rows]
    return rows
