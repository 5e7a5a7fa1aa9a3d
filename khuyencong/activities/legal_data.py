"""The rows of the product contests' rules (Circular 26/2014/TT-BCT), written by a migration.

Read in the codified topic 7.5 "Khuyến công" (docs/legal-rules.md, "How each row was checked"):
Art. 3.1 and 6.2 (four levels), Art. 4 (which products may enter), Art. 7 (four criteria; the detail
and the score sheet are Annexes 3 and 4), Art. 12.2–12.4 (a higher level needs the lower level's valid
certificate; Art. 12.2.d: not when the district round was not held), Art. 17.1 (an average of at
least 70 points and Art. 4 and 7 met), Art. 17.3 (valid to 31 December of the third year counted from
the year of issue) and Art. 24.2 (a province may set its own rules for its contests).

Not verified (`verified` False), and why:
- the maximum score of each criterion: the codified copy carries only the annexes' file names; the
  scores 40/40/10/10 are from a third party's reproduction of Annex 4, not compared with the gazette;
- the end of the district level on 30/06/2025: districts ceased on 1/7/2025 (the two-level local
  government), but no text amending Art. 6.2 was found, so the end date is inferred, not read;
- Circular 14/2018/TT-BCT, cited by the Ministry's 2023 contest plan next to Circular 26/2014, was not
  read: whether it changed any of these rows is not known.
Code reads these rows only through the models (activities/models/contests.py).
"""

from __future__ import annotations

import datetime

from khuyencong.legal_texts import PHAP_DIEN_TEXT, TT_26_2014_BCT, TT_26_2014_BCT_FROM, basis

DISTRICTS_END = datetime.date(2025, 6, 30)
ANNEX_4_COPY = (
    "Phụ lục số 4 Thông tư 26/2014/TT-BCT (phiếu chấm điểm), theo bản chép lại của Công ty Luật Minh Khuê "
    "(luatminhkhue.vn); chưa đối chiếu với Công báo"
)


def _row(legal_article: str, verified: bool = True, source: str = PHAP_DIEN_TEXT, **values) -> dict:
    return {
        "legal_basis": basis(TT_26_2014_BCT, legal_article),
        "effective_from": TT_26_2014_BCT_FROM,
        "effective_to": None,
        "source": source,
        "verified": verified,
        **values,
    }


def level_rows() -> list[dict]:
    district_note = (
        "Cấp huyện không còn từ 01/7/2025 (chính quyền địa phương hai cấp); chưa tìm thấy văn bản sửa "
        "Điều 6 khoản 2, nên ngày hết hiệu lực là suy ra, chưa đối chiếu."
    )
    return [
        _row(
            "Điều 3 khoản 1 điểm a, Điều 6 khoản 2",
            verified=False,
            code="district",
            name="Cấp huyện",
            organiser="Ủy ban nhân dân cấp huyện",
            certification_kind="typical_district",
            order=1,
            note=district_note,
        )
        | {"effective_to": DISTRICTS_END},
        _row(
            "Điều 3 khoản 1 điểm b, Điều 6 khoản 2",
            code="province",
            name="Cấp tỉnh",
            organiser="Ủy ban nhân dân cấp tỉnh",
            certification_kind="typical_province",
            order=2,
            note="",
        ),
        _row(
            "Điều 3 khoản 1 điểm c, Điều 6 khoản 2",
            code="region",
            name="Cấp khu vực",
            organiser="Cục Công nghiệp địa phương - Bộ Công Thương",
            certification_kind="typical_region",
            order=3,
            note="Ba khu vực: phía Bắc (28 tỉnh), miền Trung và Tây Nguyên (15), phía Nam (20), theo địa giới trước 2025.",
        ),
        _row(
            "Điều 3 khoản 1 điểm d, Điều 6 khoản 2",
            code="national",
            name="Cấp quốc gia",
            organiser="Bộ Công Thương",
            certification_kind="typical_national",
            order=4,
            note="",
        ),
    ]


def criterion_rows() -> list[dict]:
    criteria = [
        ("market", "Tiêu chí về đáp ứng thị trường và khả năng phát triển sản xuất", 40, "điểm a"),
        ("economic", "Tiêu chí về kinh tế - kỹ thuật - xã hội và môi trường", 40, "điểm b"),
        ("culture", "Tiêu chí về tính văn hóa, tính thẩm mỹ", 10, "điểm c"),
        ("other", "Một số tiêu chí khác", 10, "điểm d"),
    ]
    return [
        _row(
            f"Điều 7 khoản 1 {point}, khoản 2; Phụ lục số 3, 4",
            verified=False,
            source=ANNEX_4_COPY,
            level="",
            code=code,
            name=name,
            max_score=max_score,
            order=order,
            note="Điểm tối đa theo Phụ lục số 4 (tổng 100 điểm), một phiếu cho mọi cấp.",
        )
        for order, (code, name, max_score, point) in enumerate(criteria, 1)
    ]


def rule_rows() -> list[dict]:
    return [
        _row(
            "Điều 17 khoản 1",
            level="",
            code="pass-score",
            name="Điểm bình quân của Ban Giám khảo đạt từ 70 điểm trở lên",
            pass_score=70,
            valid_years=None,
            order=1,
            note="",
        ),
        _row(
            "Điều 17 khoản 3",
            level="",
            code="validity",
            name="Giấy chứng nhận có giá trị đến hết ngày 31/12 của năm thứ 3 (năm cấp là năm thứ nhất)",
            pass_score=None,
            valid_years=3,
            order=2,
            note="",
        ),
    ]


def condition_rows() -> list[dict]:
    checked = [
        ("own-production", "Sản phẩm do chính cơ sở công nghiệp nông thôn sản xuất", "Điều 4 khoản 2"),
        (
            "not-a-copy",
            "Không phải sản phẩm sao chép; không vi phạm sở hữu trí tuệ, tiêu chuẩn, quy chuẩn chất lượng, "
            "an toàn lao động, an toàn thực phẩm, bảo vệ môi trường",
            "Điều 4 khoản 3",
        ),
        (
            "mass-producible",
            "Có khả năng sản xuất hàng loạt, số lượng lớn, không phải sản phẩm độc bản, đáp ứng nhu cầu thị trường",
            "Điều 4 khoản 4",
        ),
    ]
    rows = [
        _row(
            f"{article}, Điều 17 khoản 1",
            level="",
            code=code,
            name=name,
            kind="checked",
            required_level="",
            waived_if_not_held=False,
            order=order,
            note="",
        )
        for order, (code, name, article) in enumerate(checked, 1)
    ]
    prior = [
        ("province", "district", "Điều 12 khoản 2 điểm b, d", True, "Giấy chứng nhận cấp huyện còn giá trị"),
        ("region", "province", "Điều 12 khoản 3 điểm b", False, "Giấy chứng nhận cấp tỉnh còn giá trị"),
        ("national", "region", "Điều 12 khoản 4 điểm b", False, "Giấy chứng nhận cấp khu vực còn giá trị"),
    ]
    for order, (level, required, article, waived, name) in enumerate(prior, 10):
        row = _row(
            article,
            level=level,
            code="prior-certificate",
            name=name,
            kind="prior",
            required_level=required,
            waived_if_not_held=waived,
            order=order,
            note="Không cần khi không tổ chức bình chọn cấp huyện (Điều 12 khoản 2 điểm d)."
            if waived
            else "",
        )
        if required == "district":
            # No district certificate can be asked for once districts are gone (inferred, not read).
            row.update(effective_to=DISTRICTS_END, verified=False)
            row["note"] += " Ngày hết hiệu lực 30/06/2025 là suy ra (không còn cấp huyện), chưa đối chiếu."
        rows.append(row)
    return rows


SEEDS = (
    ("ContestLevel", level_rows, ("code",)),
    ("ContestCriterion", criterion_rows, ("level", "code")),
    ("ContestRule", rule_rows, ("level", "code")),
    ("ContestCondition", condition_rows, ("level", "code")),
)


def seed(apps) -> None:
    """Write the rows, or correct those found by their natural key and start date (national rows only)."""
    for model_name, rows, keys in SEEDS:
        Model = apps.get_model("activities", model_name)
        for row in rows():
            match = {k: row[k] for k in keys} | {"effective_from": row["effective_from"]}
            if model_name != "ContestLevel":
                match["province__isnull"] = True
            found = Model.objects.filter(**match)
            if found.exists():
                found.update(**row)
            else:
                Model.objects.create(**row)
