"""Reporting duties (ReportingDuty rows): Decree 45/2012 Art. 16.1.i, Joint Circular 26/2014 Art. 9.3,
Circular 36/2013 Art. 21.5, Circular 26/2014/TT-BCT Art. 23.2.g.

Read in the codified topic 7.5 "Khuyến công" (docs/legal-rules.md, "How each row was checked"). None
of these articles names a day by which the report is due, so no national row carries one: a row
says `due_kind = "none"` and the screens say "the text sets no day". A province whose People's
Committee set the days in its own reporting regulation (Circular 46/2012/TT-BCT Art. 9.1.c asks the
Department to draft one) enters them as the province's own row of the same code.

The monthly progress report of each project (Circular 36/2013 Art. 23.3.a, before the 25th) is a
project's duty, counted by the overdue lists from the DeadlineRule "monthly_report"; it is not
repeated here.
"""

import datetime

from khuyencong.legal_texts import (
    ND_45_2012,
    ND_45_2012_FROM,
    ND_235_2025_FROM,
    ND_235_NEWS,
    PHAP_DIEN_TEXT,
    TT_26_2014_BCT,
    TT_26_2014_BCT_FROM,
    TT_36_2013,
    TT_36_2013_FROM,
    TTLT_26_2014,
    TTLT_26_2014_FROM,
    TTLT_26_2014_TO,
    basis,
)

DAY = datetime.timedelta(days=1)
NO_DAY = (
    "Văn bản không quy định ngày gửi báo cáo; tỉnh đặt ngày bằng dòng riêng của tỉnh theo quy định "
    "về chế độ báo cáo do Ủy ban nhân dân tỉnh ban hành."
)
NOT_28_2018 = (
    "Thông tư 28/2018/TT-BCT được cho là thay thế Thông tư 36/2013/TT-BCT: chưa đối chiếu được "
    "(bản pháp điển đã đọc vẫn ghi Thông tư 36/2013 còn hiệu lực; lời văn Thông tư 28/2018/TT-BCT "
    "chưa đọc được)."
)

QUARTERLY = {
    "code": "province_quarterly",
    "name": "Báo cáo định kỳ hằng quý về hoạt động khuyến công tại địa phương",
    "frequency": "quarter",
    "reporter": "Ủy ban nhân dân cấp tỉnh (Sở Công Thương tham mưu)",
    "recipient": "Bộ Công Thương",
}
NATIONAL_PLAN = {
    "name": "Báo cáo tình hình thực hiện kế hoạch khuyến công quốc gia trên địa bàn",
    "reporter": "Sở Công Thương",
    "recipient": "Cục Công nghiệp địa phương (Bộ Công Thương) và Ủy ban nhân dân cấp tỉnh",
}

# (duty, legal basis, from, to, checked, source, note)
DUTIES = [
    (
        QUARTERLY,
        basis(ND_45_2012, "Điều 16 khoản 1 điểm i"),
        ND_45_2012_FROM,
        TTLT_26_2014_FROM - DAY,
        True,
        PHAP_DIEN_TEXT,
        "Ủy ban nhân dân tỉnh theo dõi, đánh giá, định kỳ hằng quý báo cáo Bộ Công Thương. " + NO_DAY,
    ),
    (
        QUARTERLY,
        basis(TTLT_26_2014, "Điều 9 khoản 3"),
        TTLT_26_2014_FROM,
        TTLT_26_2014_TO,
        True,
        PHAP_DIEN_TEXT,
        "Định kỳ 3 tháng báo cáo Bộ Công Thương về hoạt động khuyến công tại địa phương; Nghị định "
        "45/2012 Điều 16 khoản 1 điểm i đặt cùng nghĩa vụ. " + NO_DAY,
    ),
    (
        QUARTERLY,
        basis(ND_45_2012, "Điều 16 khoản 1 điểm i"),
        TTLT_26_2014_TO + DAY,
        ND_235_2025_FROM - DAY,
        True,
        PHAP_DIEN_TEXT,
        "Thông tư 28/2018/TT-BTC thay Thông tư liên tịch 26/2014 từ 11/05/2018; điều tương ứng của nó "
        "chưa đọc được. " + NO_DAY,
    ),
    (
        QUARTERLY,
        basis(ND_45_2012, "Điều 16 khoản 1 điểm i, như được sửa đổi bởi Nghị định 235/2025/NĐ-CP"),
        ND_235_2025_FROM,
        None,
        False,
        ND_235_NEWS,
        "Chưa đối chiếu được: lời văn Nghị định 235/2025/NĐ-CP chưa đọc được, nên chưa biết nghĩa vụ báo "
        "cáo quý có đổi hay không; dòng này giữ nghĩa vụ cũ. " + NO_DAY,
    ),
    (
        {**NATIONAL_PLAN, "code": "national_plan_quarter", "frequency": "quarter"},
        basis(TT_36_2013, "Điều 21 khoản 5"),
        TT_36_2013_FROM,
        None,
        True,
        PHAP_DIEN_TEXT,
        "Báo cáo quý. " + NO_DAY + " " + NOT_28_2018,
    ),
    (
        {**NATIONAL_PLAN, "code": "national_plan_half", "frequency": "half"},
        basis(TT_36_2013, "Điều 21 khoản 5"),
        TT_36_2013_FROM,
        None,
        True,
        PHAP_DIEN_TEXT,
        "Báo cáo 6 tháng (sáu tháng đầu năm). " + NO_DAY + " " + NOT_28_2018,
    ),
    (
        {**NATIONAL_PLAN, "code": "national_plan_year", "frequency": "year"},
        basis(TT_36_2013, "Điều 21 khoản 5"),
        TT_36_2013_FROM,
        None,
        True,
        PHAP_DIEN_TEXT,
        "Báo cáo tổng kết năm. " + NO_DAY + " " + NOT_28_2018,
    ),
    (
        {
            "code": "contest_year",
            "name": "Báo cáo kết quả bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
            "frequency": "year",
            "reporter": "Sở Công Thương",
            "recipient": "Cục Công nghiệp địa phương (Bộ Công Thương)",
        },
        basis(TT_26_2014_BCT, "Điều 23 khoản 2 điểm g"),
        TT_26_2014_BCT_FROM,
        None,
        True,
        PHAP_DIEN_TEXT,
        "Định kỳ hằng năm hoặc đột xuất: kết quả tổ chức bình chọn, kết quả hỗ trợ và tình hình sản xuất "
        "kinh doanh của các cơ sở có sản phẩm được cấp Giấy chứng nhận. " + NO_DAY,
    ),
]


def duty_rows():
    for duty, legal_basis, start, end, verified, source, note in DUTIES:
        yield {
            **duty,
            "due_kind": "none",
            "due_days": None,
            "due_day": None,
            "legal_basis": legal_basis,
            "effective_from": start,
            "effective_to": end,
            "source": source,
            "verified": verified,
            "note": note,
        }


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
