"""The portal's rule rows (EligibilityRule), written by its migrations; docs/self-service.md lists them.

`verified` follows plans/legal_data/: True only where the article's own words were compared.

- Joint Circular 26/2014/TTLT-BTC-BCT Art. 7.4 (in force 08/04/2014 to 10/05/2018): read in the codified
  topic 7.5 "Khuyến công" (docs/legal-rules.md, "How each row was checked"): the establishment commits
  that the content was not supported by any state fund already.
- Circular 28/2018/TT-BTC replaced the Joint Circular on 11/05/2018; its words could not be read (the
  codified copy does not carry it), so its row names no article and stays unchecked: the check goes on
  in the applications of later days, the applicant reads the text's name only.
"""

from khuyencong.legal_texts import (
    PHAP_DIEN_TEXT,
    TT_28_2018,
    TT_28_2018_FROM,
    TTLT_26_2014,
    TTLT_26_2014_FROM,
    TTLT_26_2014_TO,
    VBPL,
    basis,
)

NAME = "Chưa được hỗ trợ kinh phí khuyến công cho cùng một nội dung"

ELIGIBILITY_RULES = [
    {
        "code": "no-repeat-support",
        "name": NAME,
        "legal_basis": basis(TTLT_26_2014, "Điều 7 khoản 4"),
        "effective_from": TTLT_26_2014_FROM,
        "effective_to": TTLT_26_2014_TO,
        "source": PHAP_DIEN_TEXT,
        "verified": True,
        "note": (
            "Điều 7 “Điều kiện để được hỗ trợ kinh phí khuyến công”, khoản 4: cam kết của tổ chức, cá nhân "
            "thực hiện đề án chưa được hỗ trợ từ bất kỳ nguồn kinh phí nào của nhà nước cho cùng một nội "
            "dung chi được kinh phí khuyến công hỗ trợ (đã đối chiếu lời văn trong Bộ pháp điển, đề mục 7.5)."
        ),
    },
    {
        "code": "no-repeat-support",
        "name": NAME,
        "legal_basis": basis(TT_28_2018),
        "effective_from": TT_28_2018_FROM,
        "effective_to": None,
        "source": VBPL,
        "verified": False,
        "note": (
            "Chưa đối chiếu được: Thông tư 28/2018/TT-BTC thay Thông tư liên tịch 26/2014/TTLT-BTC-BCT từ "
            "11/05/2018, nhưng chưa đọc được lời văn của nó (bản pháp điển đã đọc không chứa thông tư này), "
            "nên chưa biết điều nào quy định điều kiện không được hỗ trợ hai lần cho cùng một nội dung. "
            "Dòng này giữ điều kiện của Điều 7 khoản 4 Thông tư liên tịch 26/2014 cho tới khi đối chiếu."
        ),
    },
]


def seed(apps) -> None:
    EligibilityRule = apps.get_model("portal", "EligibilityRule")
    for row in ELIGIBILITY_RULES:
        EligibilityRule.objects.update_or_create(
            code=row["code"], effective_from=row["effective_from"], defaults=row
        )
