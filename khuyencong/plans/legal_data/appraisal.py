"""Appraisal contents (AppraisalCriterion rows): Circular 36/2013 Art. 9, and the finance contents of
Joint Circular 26/2014 continued on Circular 28/2018; no text gives a score."""

from khuyencong.legal_texts import (
    PHAP_DIEN,
    PHAP_DIEN_TEXT,
    TEXTS,
    TT_28_2018,
    TT_36_2013,
    TTLT_26_2014,
    VBPL,
    basis,
)

# The contents an appraisal looks at. No text gives a score: the rows carry none; a province that scores
# adds its own rows with a maximum. (step, name, legal basis, verified, note, former name)
ART_9_NOTE = "Nội dung thẩm định đề án (thẩm định cấp cơ sở và cấp Bộ); không có thang điểm."
FINANCE_NOTE = (
    "Thẩm định tài chính là bước của địa phương; nội dung lấy từ điều nêu ở cột căn cứ (đã đọc), nhưng "
    "điều tương ứng sau 10/05/2018 (Thông tư 28/2018/TT-BTC) chưa đọc được."
)
APPRAISAL_CRITERIA = [
    (
        "centre",
        "Mức độ phù hợp của đề án với các nguyên tắc lập đề án (Điều 4)",
        basis(TT_36_2013, "Điều 9 khoản 1"),
        True,
        ART_9_NOTE,
        "Sự cần thiết, phù hợp với chương trình khuyến công",
    ),
    (
        "centre",
        "Mục tiêu, sự cần thiết và hiệu quả của đề án; tính hợp lý về sử dụng kinh phí, nguồn lực và cơ sở vật chất, kỹ thuật",
        basis(TT_36_2013, "Điều 9 khoản 2"),
        True,
        ART_9_NOTE,
        "Tính khả thi của nội dung và tiến độ",
    ),
    (
        "centre",
        "Năng lực của đơn vị thực hiện, đơn vị phối hợp, đơn vị thụ hưởng",
        basis(TT_36_2013, "Điều 9 khoản 3"),
        True,
        ART_9_NOTE,
        "Năng lực của đơn vị thực hiện và cơ sở thụ hưởng",
    ),
    (
        "centre",
        "Khả năng kết hợp, lồng ghép với các dự án, chương trình mục tiêu khác",
        basis(TT_36_2013, "Điều 9 khoản 4"),
        True,
        ART_9_NOTE,
        "Hiệu quả kinh tế - xã hội, khả năng nhân rộng",
    ),
    (
        "centre",
        "Sự phù hợp và đầy đủ của hồ sơ, tài liệu của đề án",
        basis(TT_36_2013, "Điều 9 khoản 5"),
        True,
        ART_9_NOTE,
        "",
    ),
    (
        "finance",
        "Dự toán phù hợp chế độ, định mức chi",
        basis(TTLT_26_2014, "Điều 6 (đoạn mở đầu)"),
        False,
        FINANCE_NOTE,
        "",
    ),
    (
        "finance",
        "Nguồn vốn đối ứng được bảo đảm",
        basis(TTLT_26_2014, "Điều 7 khoản 3"),
        False,
        FINANCE_NOTE,
        "",
    ),
]
# The finance contents rest on Joint Circular 26/2014, so they last as long as it (08/04/2014 –
# 10/05/2018); from 11/05/2018 the same contents continue on Circular 28/2018/TT-BTC, whose article
# was not read (unverified, article unknown) — without them a finance appraisal today would have none.
FINANCE_NOTE_2018 = (
    "Nội dung tiếp nối từ 11/05/2018 theo Thông tư 28/2018/TT-BTC (thay thế Thông tư liên tịch "
    "26/2014/TTLT-BTC-BCT); chưa đọc được lời văn: điều chưa xác định."
)
APPRAISAL_CRITERIA += [
    ("finance", name, basis(TT_28_2018), False, FINANCE_NOTE_2018, "")
    for step, name, legal_basis, verified, note, was in APPRAISAL_CRITERIA
    if step == "finance"
]


def _validity(legal_basis: str) -> tuple:
    """A row's validity is its text's (legal_texts.TEXTS): never before it came into force, never after
    it was replaced."""
    return next(dates for document, dates in TEXTS.items() if legal_basis.startswith(document))


def appraisal_rows():
    names = [name for _step, name, *_rest in APPRAISAL_CRITERIA]
    for step, name, legal_basis, verified, note, was in APPRAISAL_CRITERIA:
        start, end = _validity(legal_basis)
        yield {
            "step": step,
            "name": name,
            "max_score": None,
            # A continuation row keeps the place of the row it continues.
            "order": names.index(name),
            "legal_basis": legal_basis,
            "effective_from": start,
            "effective_to": end,
            "source": PHAP_DIEN_TEXT
            if verified
            else (VBPL if legal_basis.startswith(TT_28_2018) else PHAP_DIEN),
            "verified": verified,
            "note": note,
            "was": was,
        }
