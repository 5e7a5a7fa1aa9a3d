"""The rows of the programme's rules as the legal texts set them, seeded by a migration.

Administrators edit them afterwards (a new row with its own validity when the law
changes); code reads them only through the models, never from here.
"""

import datetime

TTLT_26_2014 = "Thông tư liên tịch 26/2014/TTLT-BTC-BCT"
TTLT_26_2014_FROM = datetime.date(2014, 4, 4)
TTLT_26_2014_TO = datetime.date(2018, 5, 10)
TT_28_2018 = "Thông tư 28/2018/TT-BTC"
TT_28_2018_FROM = datetime.date(2018, 5, 11)
TT_36_2013 = "Thông tư 36/2013/TT-BCT"
TT_36_2013_FROM = datetime.date(2014, 2, 10)
TT_36_2013_ART_14 = "Thông tư 36/2013/TT-BCT, Điều 14"
MILLION = 1_000_000

# (code, name, kind, finance appraisal, order)
FUNDING_SOURCES = [
    ("KCQG", "Kinh phí khuyến công quốc gia", "national", False, 1),
    ("KCĐP", "Kinh phí khuyến công địa phương", "local", True, 2),
    ("KHAC", "Nguồn khác (đối ứng, tài trợ)", "other", False, 3),
]

# (activity code, item code, item name, max %, max million đồng, advance %, advance only after acceptance)
_CAPS_2014 = [
    ("", "", "Mức tạm ứng chung", None, None, 70, False),
    ("3", "demo-model", "Mô hình trình diễn kỹ thuật", None, 500, None, False),
    ("3", "machinery", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến", None, 200, None, False),
    ("4", "brand", "Hỗ trợ xây dựng thương hiệu", 50, 35, None, False),
    ("4", "fair", "Tổ chức, tham gia hội chợ triển lãm", None, None, None, False),
]
_CAPS_2018 = [
    ("", "", "Mức tạm ứng chung", None, None, 70, False),
    ("3", "demo-model", "Mô hình trình diễn kỹ thuật", 30, 1000, None, False),
    ("3", "machinery", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến", 50, 300, None, False),
    ("3", "production-line", "Hỗ trợ dây chuyền máy móc thiết bị", 50, 450, None, False),
    ("4", "contest-regional", "Bình chọn sản phẩm CNNT tiêu biểu cấp khu vực", None, 200, None, False),
    ("4", "contest-national", "Bình chọn sản phẩm CNNT tiêu biểu cấp quốc gia", None, 400, None, False),
    ("4", "fair", "Tổ chức, tham gia hội chợ triển lãm", None, None, None, False),
    ("7", "ccn-infrastructure", "Hỗ trợ hạ tầng cụm công nghiệp", None, None, 30, False),
    ("2", "startup", "Hỗ trợ khởi sự doanh nghiệp", None, None, 100, True),
]
SUPPORT_RULES = [(row, TTLT_26_2014, TTLT_26_2014_FROM, TTLT_26_2014_TO) for row in _CAPS_2014] + [
    (row, TT_28_2018, TT_28_2018_FROM, None) for row in _CAPS_2018
]

# (code, kind, day, month, year offset, days, source kind)
DEADLINES = [
    ("registration", "yearly", 20, 5, 0, None, "national"),
    ("submission", "yearly", 15, 6, 0, None, "national"),
    ("monthly_report", "monthly", 25, None, 0, None, "national"),
    ("settlement_dossier", "after", None, None, 0, 15, "national"),
    ("closure", "yearly", 22, 1, 1, None, "national"),
]

# Application documents: kept short on purpose (the 2015 report found dossiers too heavy for households: docs/domain.md §1).
APPLICATION_DOCUMENTS = [
    ("", "", "Đơn đề nghị hỗ trợ (mẫu rút gọn)", True),
    ("", "", "Thuyết minh đề án và dự toán kinh phí", True),
    ("", "", "Giấy chứng nhận đăng ký doanh nghiệp / hộ kinh doanh (bản sao)", False),
]
# Documents at acceptance (Circular 36/2013/TT-BCT, Art. 14).
ACCEPTANCE_DOCUMENTS = [
    ("1", "", "Quyết định cấp chứng chỉ nghề", True),
    ("1", "", "Danh sách học viên có ký nhận", True),
    ("1", "", "Danh sách lao động có việc làm sau đào tạo", True),
    ("3", "demo-model", "Hóa đơn, chứng từ mua sắm", True),
    ("3", "demo-model", "Danh sách người tham dự hội nghị trình diễn có ký nhận", True),
    ("3", "machinery", "Hợp đồng mua bán máy móc thiết bị", True),
    ("3", "machinery", "Biên bản nghiệm thu, thanh lý hợp đồng", True),
    ("4", "brand", "Giấy chứng nhận đăng ký nhãn hiệu", True),
    ("4", "fair", "Danh sách đơn vị tham gia hội chợ", True),
    ("4", "fair", "Hợp đồng thuê gian hàng", True),
    ("4", "contest-regional", "Quyết định của hội đồng bình chọn và danh sách sản phẩm đạt giải", True),
    ("4", "contest-national", "Quyết định của hội đồng bình chọn và danh sách sản phẩm đạt giải", True),
]

# (step, criterion, maximum score)
APPRAISAL_CRITERIA = [
    ("centre", "Sự cần thiết, phù hợp với chương trình khuyến công", 30),
    ("centre", "Tính khả thi của nội dung và tiến độ", 30),
    ("centre", "Năng lực của đơn vị thực hiện và cơ sở thụ hưởng", 20),
    ("centre", "Hiệu quả kinh tế - xã hội, khả năng nhân rộng", 20),
    ("finance", "Dự toán phù hợp chế độ, định mức chi", 60),
    ("finance", "Nguồn vốn đối ứng được bảo đảm", 40),
]


def seed(apps) -> None:
    FundingSource = apps.get_model("plans", "FundingSource")
    SupportRule = apps.get_model("plans", "SupportRule")
    DeadlineRule = apps.get_model("plans", "DeadlineRule")
    DossierRequirement = apps.get_model("plans", "DossierRequirement")
    AppraisalCriterion = apps.get_model("plans", "AppraisalCriterion")
    for code, name, kind, finance, order in FUNDING_SOURCES:
        FundingSource.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "finance_appraisal": finance, "order": order}
        )
    for (activity, item, name, percent, million, advance, after), basis, start, end in SUPPORT_RULES:
        SupportRule.objects.get_or_create(
            activity_code=activity,
            item_code=item,
            effective_from=start,
            defaults={
                "item_name": name,
                "max_percent": percent,
                "max_amount": million * MILLION if million else None,
                "advance_percent": advance,
                "advance_after_acceptance_only": after,
                "legal_basis": basis,
                "effective_to": end,
            },
        )
    for code, kind, day, month, offset, days, source in DEADLINES:
        DeadlineRule.objects.get_or_create(
            code=code,
            effective_from=TT_36_2013_FROM,
            defaults={
                "kind": kind,
                "day": day,
                "month": month,
                "year_offset": offset,
                "days": days,
                "source_kind": source,
                "legal_basis": TT_36_2013,
            },
        )
    documents = [(row, "application", TT_36_2013) for row in APPLICATION_DOCUMENTS]
    documents += [(row, "acceptance", TT_36_2013_ART_14) for row in ACCEPTANCE_DOCUMENTS]
    for order, ((activity, item, name, required), stage, basis) in enumerate(documents):
        DossierRequirement.objects.get_or_create(
            activity_code=activity,
            item_code=item,
            stage=stage,
            name=name,
            effective_from=TT_36_2013_FROM,
            defaults={"required": required, "order": order, "legal_basis": basis},
        )
    for order, (step, name, score) in enumerate(APPRAISAL_CRITERIA):
        AppraisalCriterion.objects.get_or_create(
            step=step,
            name=name,
            effective_from=TT_36_2013_FROM,
            defaults={"max_score": score, "order": order, "legal_basis": TT_36_2013},
        )
