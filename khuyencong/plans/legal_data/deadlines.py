"""Plan and reporting deadlines (DeadlineRule rows): Circular 36/2013 Art. 10, 18 and 23."""

from khuyencong.legal_texts import (
    PHAP_DIEN_TEXT,
    TT_36_2013,
    TT_36_2013_FROM,
    VBPL,
    basis,
)

# (code, kind, day, month, year offset, days, source kind, article, verified, note): Circular 36/2013.
DEADLINES = [
    (
        "registration",
        "yearly",
        20,
        5,
        0,
        None,
        "national",
        "Điều 10 khoản 1 điểm b",
        True,
        "Đơn vị gửi hồ sơ đề án về Sở Công Thương trước 20 tháng 5 hằng năm.",
    ),
    (
        "submission",
        "yearly",
        15,
        6,
        0,
        None,
        "national",
        "Điều 10 khoản 2 điểm b",
        True,
        "Sở Công Thương và các đơn vị gửi hồ sơ về Cục Công nghiệp địa phương trước ngày 15 tháng 6 hằng năm.",
    ),
    (
        "monthly_report",
        "monthly",
        25,
        None,
        0,
        None,
        "national",
        "Điều 23 khoản 3 điểm a",
        True,
        "Báo cáo tiến độ (Mẫu số 3b) trước ngày 25 hằng tháng; Điều 22 khoản 2 đặt cùng ngày cho Trung tâm "
        "Khuyến công quốc gia ở các vùng. Điều 23 có hai khoản đánh số 3: đây là khoản về báo cáo.",
    ),
    (
        "settlement_dossier",
        "after",
        None,
        None,
        0,
        15,
        "national",
        "Điều 18 khoản 1",
        True,
        "Chậm nhất 15 ngày sau nghiệm thu cơ sở đề án cuối cùng của hợp đồng.",
    ),
    (
        "closure",
        "yearly",
        22,
        1,
        1,
        None,
        "national",
        "Điều 18 khoản 2",
        True,
        "Thanh lý hợp đồng và quyết toán không chậm quá ngày 22 tháng 01 của năm sau.",
    ),
]


def deadline_rows():
    for code, kind, day, month, offset, days, source, article, verified, note in DEADLINES:
        yield {
            "code": code,
            "kind": kind,
            "day": day,
            "month": month,
            "year_offset": offset,
            "days": days,
            "source_kind": source,
            "legal_basis": basis(TT_36_2013, article),
            "effective_from": TT_36_2013_FROM,
            "effective_to": None,
            "source": PHAP_DIEN_TEXT if verified else VBPL,
            "verified": verified,
            "note": note,
        }
