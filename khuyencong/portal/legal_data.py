"""The portal's rule rows (EligibilityRule), written by its migration; docs/self-service.md lists them.

`verified` follows plans/legal_data/: True only where the article's own words were compared. Here only
the article's codified title was read ("Điều kiện để được hỗ trợ kinh phí khuyến công"), so the row
stays unchecked until someone reads its words.
"""

from khuyencong.legal_texts import PHAP_DIEN, TTLT_26_2014, TTLT_26_2014_FROM, TTLT_26_2014_TO, basis

ELIGIBILITY_RULES = [
    {
        "code": "no-repeat-support",
        "name": "Chưa được hỗ trợ kinh phí khuyến công cho cùng một nội dung",
        "legal_basis": basis(TTLT_26_2014, "Điều 7"),
        "effective_from": TTLT_26_2014_FROM,
        "effective_to": TTLT_26_2014_TO,
        "source": PHAP_DIEN,
        "verified": False,
        "note": (
            "Điều 7 “Điều kiện để được hỗ trợ kinh phí khuyến công” (tên điều đã đối chiếu trong Bộ pháp "
            "điển, đề mục 7.5); lời văn của điều chưa đối chiếu được. Sau 10/05/2018 (Thông tư "
            "28/2018/TT-BTC) chưa nhập quy định tương ứng."
        ),
    },
]


def seed(apps) -> None:
    EligibilityRule = apps.get_model("portal", "EligibilityRule")
    for row in ELIGIBILITY_RULES:
        EligibilityRule.objects.update_or_create(
            code=row["code"], effective_from=row["effective_from"], defaults=row
        )
