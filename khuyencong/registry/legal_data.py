"""Reference rows with a legal basis, seeded by migrations and editable by administrators."""

import datetime

DECREE_45 = "Nghị định 45/2012/NĐ-CP, Điều 4"
DECREE_45_IN_FORCE = datetime.date(2012, 7, 10)
DECREE_235 = "Nghị định 235/2025/NĐ-CP"
DECREE_235_IN_FORCE = datetime.date(2025, 10, 15)

# Activity types of Decree 45/2012/NĐ-CP Art. 4; item 10 was added by Decree 235/2025/NĐ-CP.
ACTIVITY_TYPES = [
    ("1", "Đào tạo nghề, truyền nghề, nâng cao tay nghề", DECREE_45, DECREE_45_IN_FORCE),
    (
        "2",
        "Nâng cao năng lực quản lý: đào tạo, hội thảo, tham quan, khởi sự doanh nghiệp, thương mại điện tử",
        DECREE_45,
        DECREE_45_IN_FORCE,
    ),
    (
        "3",
        "Mô hình trình diễn kỹ thuật, chuyển giao công nghệ, máy móc thiết bị tiên tiến, sản xuất sạch hơn",
        DECREE_45,
        DECREE_45_IN_FORCE,
    ),
    (
        "4",
        "Phát triển sản phẩm CNNT tiêu biểu: bình chọn, hội chợ triển lãm, phòng trưng bày, xây dựng thương hiệu",
        DECREE_45,
        DECREE_45_IN_FORCE,
    ),
    (
        "5",
        "Tư vấn đầu tư, thị trường, tài chính, thiết kế mẫu mã, bao bì, công nghệ",
        DECREE_45,
        DECREE_45_IN_FORCE,
    ),
    ("6", "Cung cấp thông tin, tuyên truyền", DECREE_45, DECREE_45_IN_FORCE),
    (
        "7",
        "Liên doanh, liên kết, hợp tác kinh tế, phát triển cụm công nghiệp, xử lý ô nhiễm môi trường",
        DECREE_45,
        DECREE_45_IN_FORCE,
    ),
    ("8", "Hợp tác quốc tế về khuyến công", DECREE_45, DECREE_45_IN_FORCE),
    ("9", "Nâng cao năng lực hệ thống khuyến công", DECREE_45, DECREE_45_IN_FORCE),
    ("10", "Chuyển đổi số; sản xuất và tiêu dùng bền vững", DECREE_235, DECREE_235_IN_FORCE),
]


def seed_activity_types(ActivityType) -> None:
    for order, (code, name, basis, in_force) in enumerate(ACTIVITY_TYPES, start=1):
        ActivityType.objects.get_or_create(
            code=code, effective_from=in_force, defaults={"name": name, "legal_basis": basis, "order": order}
        )
