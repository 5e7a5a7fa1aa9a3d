"""The national khuyến công programme 2026–2030 and its targets, written by a migration.

What was read (the `search` tool's stored copy of the decision, hethongphapluat.vn): Decision
2646/QĐ-BCT of the Minister of Industry and Trade, dated 23/9/2025, "Phê duyệt Chương trình khuyến
công quốc gia giai đoạn 2026 - 2030". Art. 1 issues the programme as an attachment to the decision;
Art. 2 puts the decision in force on the day it was signed; Art. 3 names who carries it out (the
Departments of Industry and Trade of the provinces among them). It rests on Decree 45/2012/NĐ-CP and
Decree 235/2025/NĐ-CP of 27/8/2025.

What was not read: the programme itself (the attachment). Its objectives and any target figures
(how many establishments, models, trainees, products… by 2030) were not found in any stored copy, so
no number is entered: each row has an empty `target`, `verified` False and a note saying so
("chưa đối chiếu được"). A row per output the system counts (activities/outputs.py) lets an
administrator enter the programme's number on the rules screen once someone has read it; whether the
programme sets a target for that output at all is part of what is not known.
"""

from __future__ import annotations

import datetime

QD_2646_2025 = "Quyết định 2646/QĐ-BCT ngày 23/9/2025 của Bộ trưởng Bộ Công Thương"
QD_2646_2025_SIGNED = datetime.date(2025, 9, 23)
PROGRAMME = "Chương trình khuyến công quốc gia giai đoạn 2026 - 2030"
PERIOD = (datetime.date(2026, 1, 1), datetime.date(2030, 12, 31))
SOURCE = (
    "Quyết định 2646/QĐ-BCT, trang quyết định (Điều 1–3): "
    "https://hethongphapluat.vn/quyet-dinh-2646-qd-bct-nam-2025-phe-duyet-chuong-trinh-khuyen-cong-quoc-gia-"
    "giai-doan-2026-2030-do-bo-truong-bo-cong-thuong-ban-hanh.html; văn bản Chương trình kèm theo: chưa đọc được"
)
NOT_READ = (
    "Chưa đối chiếu được: chưa đọc được văn bản Chương trình ban hành kèm Quyết định 2646/QĐ-BCT, nên "
    "Chương trình có đặt chỉ tiêu cho kết quả này hay không và chỉ tiêu bao nhiêu đều chưa biết; "
    "không nhập số nào."
)
# The outputs counted by activities/outputs.py, in its order (the keys of its OUTPUTS).
OUTPUT_KEYS = (
    "trainees",
    "trainees_completed",
    "employed_after_training",
    "models_built",
    "machines",
    "booths",
    "exhibitors",
    "participants",
    "certified_products",
    "brands",
    "media_items",
    "jobs_created",
)


def target_rows() -> list[dict]:
    return [
        {
            "programme": PROGRAMME,
            "output": key,
            "target": None,
            "statement": "",
            "legal_basis": f"{QD_2646_2025}, Điều 1 (Chương trình kèm theo), mục tiêu: chưa xác định",
            "effective_from": PERIOD[0],
            "effective_to": PERIOD[1],
            "source": SOURCE,
            "verified": False,
            "note": NOT_READ,
        }
        for key in OUTPUT_KEYS
    ]


def seed(apps) -> None:
    """Write the rows that are missing; a row an administrator has since completed from the text
    (its number, ticked as checked) is left as it is."""
    Target = apps.get_model("reports", "ProgrammeTarget")
    for row in target_rows():
        Target.objects.get_or_create(programme=row["programme"], output=row["output"], defaults=row)
