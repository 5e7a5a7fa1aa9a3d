"""The rows of the programme's rules as the legal texts set them, written by migrations.

Administrators edit them afterwards (a new row with its own validity when the law changes);
code reads them only through the models, never from here. docs/legal-rules.md is generated from
these lists (`manage.py legal_rules_doc`) and says, row by row, what was checked and against what.

`verified` is True only where the article is confirmed in the codified texts (Bộ pháp điển,
topic 7.5 "Khuyến công") and the value is the one the review of the legal texts recorded in the
project's issue 9; every other row is shown on the rules screen as not checked against the text.
"""

from khuyencong.legal_texts import (
    ND_45_2012,
    PHAP_DIEN,
    TT_28_2018,
    TT_28_2018_FROM,
    TT_36_2013,
    TT_36_2013_FROM,
    TTLT_26_2014,
    TTLT_26_2014_FROM,
    TTLT_26_2014_TO,
    VBPL,
    basis,
)

MILLION = 1_000_000


# (code, name, kind, finance appraisal, order, legal basis). Not dated rows: documented only.
FUNDING_SOURCES = [
    ("KCQG", "Kinh phí khuyến công quốc gia", "national", False, 1, basis(ND_45_2012, "Điều 12")),
    ("KCĐP", "Kinh phí khuyến công địa phương", "local", True, 2, basis(ND_45_2012, "Điều 13")),
    ("KHAC", "Nguồn khác (đối ứng, tài trợ)", "other", False, 3, basis(ND_45_2012, "Điều 11")),
]


def _support(document, article, start, end, verified, source, note="", **row):
    values = {
        "activity_code": "",
        "item_code": "",
        "source_kind": "national",
        "max_percent": None,
        "max_million": None,
        "advance_percent": None,
        "advance_after_acceptance_only": False,
        "priority_factor": None,
    }
    values.update(row)
    values.update(
        legal_basis=basis(document, article),
        document=document,
        effective_from=start,
        effective_to=end,
        verified=verified,
        source=source,
        note=note,
    )
    return values


_2014 = (TTLT_26_2014, TTLT_26_2014_FROM, TTLT_26_2014_TO)
_2018 = (TT_28_2018, TT_28_2018_FROM, None)
NOT_READ = "Giá trị chưa đối chiếu với nội dung điều."

# National caps and advance shares: they bind the national source (KCQG) only; a local project
# follows its province's own rows and falls back on these, saying so (SupportRule.resolve).
SUPPORT_RULES = [
    _support(
        *_2014[:1], "", *_2014[1:], False, VBPL, NOT_READ, item_name="Mức tạm ứng chung", advance_percent=70
    ),
    _support(
        _2014[0],
        "Điều 6 khoản 2",
        *_2014[1:],
        True,
        PHAP_DIEN,
        activity_code="3",
        item_code="demo-model",
        item_name="Mô hình trình diễn kỹ thuật",
        max_percent=30,
        max_million=500,
    ),
    _support(
        _2014[0],
        "Điều 6 khoản 2",
        *_2014[1:],
        True,
        PHAP_DIEN,
        "Chỉ mức tối đa về số tiền được nêu; tỷ lệ không ghi.",
        activity_code="3",
        item_code="demo-model-existing",
        item_name="Mô hình trình diễn kỹ thuật tại cơ sở đang hoạt động",
        max_million=100,
    ),
    _support(
        _2014[0],
        "Điều 6 khoản 2",
        *_2014[1:],
        True,
        PHAP_DIEN,
        activity_code="3",
        item_code="machinery",
        item_name="Hỗ trợ ứng dụng máy móc thiết bị tiên tiến",
        max_percent=50,
        max_million=200,
    ),
    _support(
        _2014[0],
        "Điều 6",
        *_2014[1:],
        False,
        PHAP_DIEN,
        NOT_READ,
        activity_code="4",
        item_code="brand",
        item_name="Hỗ trợ xây dựng thương hiệu",
        max_percent=50,
        max_million=35,
    ),
    _support(
        _2014[0],
        "Điều 6 khoản 2",
        *_2014[1:],
        False,
        PHAP_DIEN,
        "Mức chi chưa nhập: cần đọc nội dung điều.",
        activity_code="4",
        item_code="fair",
        item_name="Tổ chức, tham gia hội chợ triển lãm",
    ),
    _support(
        _2014[0],
        "Điều 6 khoản 2",
        *_2014[1:],
        False,
        PHAP_DIEN,
        "Mức chi chưa nhập: cần đọc nội dung điều.",
        activity_code="4",
        item_code="contest-regional",
        item_name="Bình chọn sản phẩm CNNT tiêu biểu cấp khu vực",
    ),
    _support(
        _2014[0],
        "Điều 6 khoản 2",
        *_2014[1:],
        False,
        PHAP_DIEN,
        "Mức chi chưa nhập: cần đọc nội dung điều.",
        activity_code="4",
        item_code="contest-national",
        item_name="Bình chọn sản phẩm CNNT tiêu biểu cấp quốc gia",
    ),
    _support(
        _2014[0],
        "Điều 6 (khoản chưa xác định)",
        *_2014[1:],
        False,
        PHAP_DIEN,
        "Khoản cho phép hỗ trợ ưu tiên đến 1,5 lần chưa tìm thấy trong văn bản đọc được.",
        item_name="Hỗ trợ ưu tiên theo quyết định của cấp có thẩm quyền",
        priority_factor=1.5,
    ),
    # Circular 36/2013 Art. 13 (first advance), in force from 10/02/2014: not Circular 28/2018.
    _support(
        TT_36_2013,
        "Điều 13",
        TT_36_2013_FROM,
        None,
        True,
        PHAP_DIEN,
        activity_code="7",
        item_code="ccn-infrastructure",
        item_name="Hỗ trợ hạ tầng cụm công nghiệp",
        advance_percent=30,
        was=TT_28_2018,
    ),
    _support(
        TT_36_2013,
        "Điều 13",
        TT_36_2013_FROM,
        None,
        False,
        PHAP_DIEN,
        "Tỷ lệ 100% theo Điều 13; điều kiện \u201cchỉ sau nghiệm thu\u201d chưa đối chiếu.",
        activity_code="2",
        item_code="startup",
        item_name="Hỗ trợ khởi sự doanh nghiệp",
        advance_percent=100,
        advance_after_acceptance_only=True,
        was=TT_28_2018,
    ),
    _support(
        *_2018[:1], "", *_2018[1:], False, VBPL, NOT_READ, item_name="Mức tạm ứng chung", advance_percent=70
    ),
    _support(
        _2018[0],
        "",
        *_2018[1:],
        False,
        VBPL,
        NOT_READ,
        activity_code="3",
        item_code="demo-model",
        item_name="Mô hình trình diễn kỹ thuật",
        max_percent=30,
        max_million=1000,
    ),
    _support(
        _2018[0],
        "",
        *_2018[1:],
        False,
        VBPL,
        NOT_READ,
        activity_code="3",
        item_code="machinery",
        item_name="Hỗ trợ ứng dụng máy móc thiết bị tiên tiến",
        max_percent=50,
        max_million=300,
    ),
    _support(
        _2018[0],
        "",
        *_2018[1:],
        False,
        VBPL,
        NOT_READ,
        activity_code="3",
        item_code="production-line",
        item_name="Hỗ trợ dây chuyền máy móc thiết bị",
        max_percent=50,
        max_million=450,
    ),
    _support(
        _2018[0],
        "",
        *_2018[1:],
        False,
        VBPL,
        NOT_READ,
        activity_code="4",
        item_code="contest-regional",
        item_name="Bình chọn sản phẩm CNNT tiêu biểu cấp khu vực",
        max_million=200,
    ),
    _support(
        _2018[0],
        "",
        *_2018[1:],
        False,
        VBPL,
        NOT_READ,
        activity_code="4",
        item_code="contest-national",
        item_name="Bình chọn sản phẩm CNNT tiêu biểu cấp quốc gia",
        max_million=400,
    ),
    _support(
        _2018[0],
        "",
        *_2018[1:],
        False,
        VBPL,
        "Mức chi chưa nhập: cần đọc nội dung điều.",
        activity_code="4",
        item_code="fair",
        item_name="Tổ chức, tham gia hội chợ triển lãm",
    ),
    _support(
        _2018[0],
        "",
        *_2018[1:],
        False,
        VBPL,
        "Khoản cho phép hỗ trợ ưu tiên đến 1,5 lần chưa tìm thấy trong văn bản đọc được.",
        item_name="Hỗ trợ ưu tiên theo quyết định của cấp có thẩm quyền",
        priority_factor=1.5,
    ),
]

# Circular 64/2024/TT-BTC amended Circular 28/2018/TT-BTC. Each amendment is written as
# (activity code, item code, changes, in force from): the 2018 row is closed the day before and a
# new row starts. None is entered: no text of Circular 64/2024 could be read (docs/legal-rules.md).
AMENDMENTS_64_2024: list = []

# (code, kind, day, month, year offset, days, source kind, article, verified, note)
DEADLINES = [
    ("registration", "yearly", 20, 5, 0, None, "national", "Điều 10", False, "Điều chọn theo tên điều."),
    ("submission", "yearly", 15, 6, 0, None, "national", "Điều 10", False, "Điều chọn theo tên điều."),
    ("monthly_report", "monthly", 25, None, 0, None, "national", "", False, NOT_READ),
    ("settlement_dossier", "after", None, None, 0, 15, "national", "", False, NOT_READ),
    ("closure", "yearly", 22, 1, 1, None, "national", "", False, NOT_READ),
]

# Application documents: kept short on purpose (the 2015 report found dossiers too heavy for households: docs/programme.md §1).
APPLICATION_DOCUMENTS = [
    ("", "", "Đơn đề nghị hỗ trợ (mẫu rút gọn)", True),
    ("", "", "Thuyết minh đề án và dự toán kinh phí", True),
    ("", "", "Giấy chứng nhận đăng ký doanh nghiệp / hộ kinh doanh (bản sao)", False),
]
APPLICATION_BASIS = basis(TT_36_2013, "Điều 10")
# Documents at acceptance. Issue 9 found that Art. 14 of Circular 36/2013 names 15 types of project
# and these rows cover 12, some incompletely; the missing ones wait for the text (docs/legal-rules.md).
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
ACCEPTANCE_BASIS = basis(TT_36_2013, "Điều 14")

# The contents an appraisal looks at (Circular 36/2013 Art. 9, "Nội dung thẩm định"). No text gives
# a score: the rows carry none; a province that scores adds its own rows with a maximum.
APPRAISAL_CRITERIA = [
    ("centre", "Sự cần thiết, phù hợp với chương trình khuyến công"),
    ("centre", "Tính khả thi của nội dung và tiến độ"),
    ("centre", "Năng lực của đơn vị thực hiện và cơ sở thụ hưởng"),
    ("centre", "Hiệu quả kinh tế - xã hội, khả năng nhân rộng"),
    ("finance", "Dự toán phù hợp chế độ, định mức chi"),
    ("finance", "Nguồn vốn đối ứng được bảo đảm"),
]
APPRAISAL_BASIS = basis(TT_36_2013, "Điều 9")
APPRAISAL_NOTE = "Điều 9 nêu năm nội dung thẩm định; lời văn từng dòng chưa đối chiếu, không có thang điểm."


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
            "source": PHAP_DIEN if article else VBPL,
            "verified": verified,
            "note": note,
        }


def dossier_rows():
    rows = [(row, "application", APPLICATION_BASIS) for row in APPLICATION_DOCUMENTS]
    rows += [(row, "acceptance", ACCEPTANCE_BASIS) for row in ACCEPTANCE_DOCUMENTS]
    for order, ((activity, item, name, required), stage, legal_basis) in enumerate(rows):
        yield {
            "activity_code": activity,
            "item_code": item,
            "stage": stage,
            "name": name,
            "required": required,
            "order": order,
            "legal_basis": legal_basis,
            "effective_from": TT_36_2013_FROM,
            "effective_to": None,
            "source": PHAP_DIEN,
            "verified": False,
            "note": NOT_READ if stage == "application" else "Danh mục chưa đủ 15 loại đề án của Điều 14.",
        }


def appraisal_rows():
    for order, (step, name) in enumerate(APPRAISAL_CRITERIA):
        yield {
            "step": step,
            "name": name,
            "max_score": None,
            "order": order,
            "legal_basis": APPRAISAL_BASIS,
            "effective_from": TT_36_2013_FROM,
            "effective_to": None,
            "source": PHAP_DIEN,
            "verified": False,
            "note": APPRAISAL_NOTE,
        }


DATA_ONLY = {"document", "was", "note", "max_million"}


def _fields(row: dict) -> dict:
    values = {k: v for k, v in row.items() if k not in DATA_ONLY}
    if "max_million" in row:
        values["max_amount"] = row["max_million"] * MILLION if row["max_million"] else None
    return values


def _upsert(Model, match: dict, values: dict) -> None:
    """Correct the row found by its natural key, or write it: databases seeded by the first release hold
    the uncorrected rows, new ones hold none."""
    rows = list(Model.objects.filter(**match))
    if rows:
        for row in rows:
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
    else:
        Model.objects.create(**values)


def seed(apps) -> None:
    FundingSource = apps.get_model("plans", "FundingSource")
    SupportRule = apps.get_model("plans", "SupportRule")
    DeadlineRule = apps.get_model("plans", "DeadlineRule")
    DossierRequirement = apps.get_model("plans", "DossierRequirement")
    AppraisalCriterion = apps.get_model("plans", "AppraisalCriterion")
    for code, name, kind, finance, order, _basis in FUNDING_SOURCES:
        FundingSource.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "finance_appraisal": finance, "order": order}
        )
    for row in SUPPORT_RULES:
        documents = [row["document"]] + ([row["was"]] if row.get("was") else [])
        found = SupportRule.objects.filter(
            province__isnull=True, activity_code=row["activity_code"], item_code=row["item_code"]
        )
        if row["priority_factor"] is not None:
            found = found.filter(priority_factor__isnull=False)
        elif not row["item_code"]:
            found = found.filter(priority_factor__isnull=True)
        pks = [r.pk for r in found if any(r.legal_basis.startswith(d) for d in documents)]
        _upsert(SupportRule, {"pk__in": pks}, _fields(row))
    for row in deadline_rows():
        match = {"province__isnull": True, "code": row["code"], "effective_from": row["effective_from"]}
        _upsert(DeadlineRule, match, _fields(row))
    for row in dossier_rows():
        match = {k: row[k] for k in ("activity_code", "item_code", "stage", "name")}
        _upsert(DossierRequirement, {"province__isnull": True, **match}, _fields(row))
    for row in appraisal_rows():
        match = {"province__isnull": True, "step": row["step"], "name": row["name"]}
        _upsert(AppraisalCriterion, match, _fields(row))
