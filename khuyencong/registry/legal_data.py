"""Reference rows with a legal basis, written by migrations and editable by administrators.

`verified` follows the rule of plans/legal_data/: True only where the article is confirmed in
the codified texts and the value is the one the review of issue 9 recorded.
"""

import datetime

from khuyencong.legal_texts import (
    ND_45_2012,
    ND_45_2012_FROM,
    ND_235_2025,
    ND_235_2025_FROM,
    ND_235_NEWS,
    PHAP_DIEN,
    basis,
)

ART_4 = basis(ND_45_2012, "Điều 4")
AMENDED_BY_235 = "Điều: chưa xác định (sửa đổi, bổ sung Nghị định 45/2012/NĐ-CP)"
ND_235 = basis(ND_235_2025, AMENDED_BY_235)

# (code, name, legal basis, in force from, source, verified)
ACTIVITY_TYPES = [
    ("1", "Đào tạo nghề, truyền nghề, nâng cao tay nghề"),
    (
        "2",
        "Nâng cao năng lực quản lý: đào tạo, hội thảo, tham quan, khởi sự doanh nghiệp, thương mại điện tử",
    ),
    (
        "3",
        "Mô hình trình diễn kỹ thuật, chuyển giao công nghệ, máy móc thiết bị tiên tiến, sản xuất sạch hơn",
    ),
    (
        "4",
        "Phát triển sản phẩm CNNT tiêu biểu: bình chọn, hội chợ triển lãm, phòng trưng bày, xây dựng thương hiệu",
    ),
    ("5", "Tư vấn đầu tư, thị trường, tài chính, thiết kế mẫu mã, bao bì, công nghệ"),
    ("6", "Cung cấp thông tin, tuyên truyền"),
    ("7", "Liên doanh, liên kết, hợp tác kinh tế, phát triển cụm công nghiệp, xử lý ô nhiễm môi trường"),
    ("8", "Hợp tác quốc tế về khuyến công"),
    ("9", "Nâng cao năng lực hệ thống khuyến công"),
]
ACTIVITY_TYPES = [(code, name, ART_4, ND_45_2012_FROM, PHAP_DIEN, True) for code, name in ACTIVITY_TYPES]
# Decree 235/2025/NĐ-CP (in force 15/10/2025) adds digital transformation and sustainable production.
ACTIVITY_TYPES.append(
    (
        "10",
        "Chuyển đổi số; sản xuất và tiêu dùng bền vững, sản xuất sạch hơn",
        ND_235,
        ND_235_2025_FROM,
        ND_235_NEWS,
        False,
    )
)

# Who Decree 235/2025/NĐ-CP supports and puts first: (role, code, name).
BENEFICIARY_KINDS = [
    (
        "beneficiary",
        "sme",
        "Doanh nghiệp nhỏ và vừa trực tiếp đầu tư sản xuất công nghiệp - tiểu thủ công nghiệp",
    ),
    ("beneficiary", "cooperative", "Hợp tác xã, liên hiệp hợp tác xã"),
    ("beneficiary", "household-business", "Hộ kinh doanh"),
    ("beneficiary", "clean-production", "Cơ sở áp dụng sản xuất sạch hơn, sản xuất và tiêu dùng bền vững"),
    ("beneficiary", "ccn-infrastructure", "Doanh nghiệp đầu tư hạ tầng cụm công nghiệp"),
    ("beneficiary", "craft-village", "Làng nghề, làng nghề truyền thống được công nhận"),
    ("beneficiary", "artisan", "Nghệ nhân nhân dân, nghệ nhân ưu tú"),
    ("location", "commune-ward-special-zone", "Cơ sở đặt tại xã, phường, đặc khu"),
    ("priority", "women-owned", "Cơ sở do phụ nữ làm chủ"),
    ("priority", "ethnic-minority", "Cơ sở do người dân tộc thiểu số làm chủ"),
    (
        "priority",
        "disadvantaged-area",
        "Cơ sở ở địa bàn có điều kiện kinh tế - xã hội khó khăn, đặc biệt khó khăn",
    ),
]


# Who Decree 45/2012/NĐ-CP supported before Decree 235/2025/NĐ-CP: the rural industrial establishments
# of its Art. 1.2 (the article is the one Circular 46/2012/TT-BCT Art. 3 details, by its codified title;
# the words of the list were not read in the codified copy, so the rows stay unchecked). In force until
# the day before Decree 235/2025 took effect, whose rows above replace them.
ND_45_ART_1_2 = basis(ND_45_2012, "Điều 1 khoản 2")
ND_45_BENEFICIARIES_TO = ND_235_2025_FROM - datetime.timedelta(days=1)
BENEFICIARY_KINDS_45 = [
    ("beneficiary", "sme", "Doanh nghiệp nhỏ và vừa"),
    ("beneficiary", "cooperative", "Hợp tác xã, liên hiệp hợp tác xã"),
    ("beneficiary", "coop-group", "Tổ hợp tác"),
    ("beneficiary", "household-business", "Hộ kinh doanh"),
    (
        "location",
        "rural-area",
        "Cơ sở đặt tại huyện, thị xã, thị trấn, xã và các phường thuộc thành phố loại 2, loại 3",
    ),
]


def activity_type_rows():
    for order, (code, name, legal_basis, start, source, verified) in enumerate(ACTIVITY_TYPES, start=1):
        yield {
            "code": code,
            "name": name,
            "legal_basis": legal_basis,
            "effective_from": start,
            "effective_to": None,
            "source": source,
            "verified": verified,
            "order": order,
        }


def beneficiary_rows():
    for order, (role, code, name) in enumerate(BENEFICIARY_KINDS, start=1):
        yield {
            "role": role,
            "code": code,
            "name": name,
            "legal_basis": ND_235,
            "effective_from": ND_235_2025_FROM,
            "effective_to": None,
            "source": ND_235_NEWS,
            "verified": False,
            "order": order,
        }
    for order, (role, code, name) in enumerate(BENEFICIARY_KINDS_45, start=1):
        yield {
            "role": role,
            "code": code,
            "name": name,
            "legal_basis": ND_45_ART_1_2,
            "effective_from": ND_45_2012_FROM,
            "effective_to": ND_45_BENEFICIARIES_TO,
            "source": PHAP_DIEN,
            "verified": False,
            "order": order,
        }


def seed(apps) -> None:
    """Correct the rows of the first release by their natural key (code and document), or write them."""
    ActivityType = apps.get_model("registry", "ActivityType")
    BeneficiaryKind = apps.get_model("registry", "BeneficiaryKind")
    for row in activity_type_rows():
        document = row["legal_basis"].split(",")[0]
        found = [
            r for r in ActivityType.objects.filter(code=row["code"]) if r.legal_basis.startswith(document)
        ]
        if not found:
            ActivityType.objects.create(**row)
        for existing in found:
            for name, value in row.items():
                setattr(existing, name, value)
            existing.save()
    for row in beneficiary_rows():
        BeneficiaryKind.objects.update_or_create(
            role=row["role"], code=row["code"], effective_from=row["effective_from"], defaults=row
        )
