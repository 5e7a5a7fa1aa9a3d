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
    PHAP_DIEN_TEXT,
    TEXTS,
    TT_26_2014_BCT,
    TT_26_2014_BCT_FROM,
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
NOT_READ_2018 = "Chưa đọc được lời văn Thông tư 28/2018/TT-BTC: giá trị và điều chưa đối chiếu."


def _art_6_2(point: str, note: str = "", **row):
    """A row of Joint Circular 26/2014 Art. 6.2 (national support levels), read in the text."""
    return _support(
        TTLT_26_2014, f"Điều 6 khoản 2 điểm {point}", *_2014[1:], True, PHAP_DIEN_TEXT, note, **row
    )


def _art_13_36(clause: str, note: str = "", **row):
    """A first-advance share of Circular 36/2013 Art. 13 (national projects), read in the text."""
    return _support(
        TT_36_2013, f"Điều 13 khoản {clause}", TT_36_2013_FROM, None, True, PHAP_DIEN_TEXT, note, **row
    )


# National caps and advance shares: they bind the national source (KCQG) only; a local project
# follows its province's own rows and falls back on these, saying so (SupportRule.resolve).
# The 2014 rows are Joint Circular 26/2014 Art. 6.2, points a to t, as read in the codified text.
SUPPORT_RULES = [
    _support(
        TTLT_26_2014,
        "Điều 8 khoản 2 điểm b",
        *_2014[1:],
        True,
        PHAP_DIEN_TEXT,
        "Tạm ứng không quá 70% tổng kinh phí khuyến công hỗ trợ, trên cơ sở hợp đồng thực hiện.",
        item_name="Mức tạm ứng chung",
        advance_percent=70,
    ),
    _art_6_2(
        "a",
        "Thành lập doanh nghiệp sản xuất CNNT tại địa bàn có điều kiện kinh tế - xã hội khó khăn, đặc biệt "
        "khó khăn: không quá 10 triệu đồng/doanh nghiệp.",
        activity_code="2",
        item_code="startup",
        item_name="Hỗ trợ khởi sự doanh nghiệp",
        max_million=10,
    ),
    _art_6_2(
        "b",
        "Mức tối đa cho mỗi mô hình.",
        activity_code="3",
        item_code="demo-model",
        item_name="Mô hình trình diễn kỹ thuật",
        max_percent=30,
        max_million=500,
    ),
    _art_6_2(
        "b",
        "Cơ sở CNNT đang hoạt động có hiệu quả cần nhân rộng: không quá 100 triệu đồng/mô hình; điều "
        "không nêu tỷ lệ.",
        activity_code="3",
        item_code="demo-model-existing",
        item_name="Mô hình trình diễn kỹ thuật tại cơ sở đang hoạt động",
        max_million=100,
    ),
    _art_6_2(
        "c",
        "Ứng dụng máy móc thiết bị, chuyển giao công nghệ tiên tiến: mức tối đa cho mỗi cơ sở.",
        activity_code="3",
        item_code="machinery",
        item_name="Hỗ trợ ứng dụng máy móc thiết bị tiên tiến",
        max_percent=50,
        max_million=200,
    ),
    _art_6_2(
        "d",
        "Hội chợ triển lãm hàng CNNT, hàng thủ công mỹ nghệ trong nước: 100% chi phí thuê gian hàng, "
        "thông tin tuyên truyền và hoạt động của Ban tổ chức, theo giá đấu thầu hoặc giá được cấp có "
        "thẩm quyền phê duyệt; không có mức tối đa bằng tiền.",
        activity_code="4",
        item_code="fair",
        item_name="Tổ chức hội chợ triển lãm hàng CNNT trong nước",
        max_percent=100,
    ),
    _art_6_2(
        "d",
        "Cơ sở CNNT tham gia hội chợ, triển lãm khác trong nước: 80% giá thuê gian hàng (tỷ lệ tính trên "
        "giá thuê gian hàng).",
        activity_code="4",
        item_code="fair-participation",
        item_name="Hỗ trợ cơ sở CNNT tham gia hội chợ triển lãm trong nước",
        max_percent=80,
    ),
    _art_6_2(
        "đ",
        "Thuê mặt bằng, thiết kế, dàn dựng gian hàng, trang trí khu vực Việt Nam, khai mạc, hội thảo, "
        "cán bộ tổ chức: 100%, theo giá đấu thầu hoặc giá được phê duyệt.",
        activity_code="4",
        item_code="fair-abroad",
        item_name="Tổ chức, tham gia hội chợ triển lãm ở nước ngoài",
        max_percent=100,
    ),
    _art_6_2(
        "g",
        "Chi tổ chức bình chọn cấp khu vực: không quá 100 triệu đồng/lần.",
        activity_code="4",
        item_code="contest-regional",
        item_name="Bình chọn sản phẩm CNNT tiêu biểu cấp khu vực",
        max_million=100,
    ),
    _art_6_2(
        "g",
        "Chi tổ chức bình chọn cấp quốc gia: không quá 200 triệu đồng/lần.",
        activity_code="4",
        item_code="contest-national",
        item_name="Bình chọn sản phẩm CNNT tiêu biểu cấp quốc gia",
        max_million=200,
    ),
    _art_6_2(
        "g",
        "Mức cho MỖI sản phẩm đạt giải cấp khu vực: một đề án thưởng nhiều sản phẩm được tối đa số "
        "sản phẩm nhân mức này (phép kiểm tra trần chỉ biết mức của một sản phẩm).",
        activity_code="4",
        item_code="contest-regional-prize",
        item_name="Thưởng sản phẩm CNNT tiêu biểu đạt giải cấp khu vực (mỗi sản phẩm)",
        max_million=5,
    ),
    _art_6_2(
        "g",
        "Mức cho MỖI sản phẩm đạt giải cấp quốc gia: một đề án thưởng nhiều sản phẩm được tối đa số "
        "sản phẩm nhân mức này (phép kiểm tra trần chỉ biết mức của một sản phẩm).",
        activity_code="4",
        item_code="contest-national-prize",
        item_name="Thưởng sản phẩm CNNT tiêu biểu đạt giải cấp quốc gia (mỗi sản phẩm)",
        max_million=10,
    ),
    _art_6_2(
        "h",
        "Xây dựng và đăng ký thương hiệu sản phẩm CNNT: mức tối đa cho mỗi thương hiệu.",
        activity_code="4",
        item_code="brand",
        item_name="Hỗ trợ xây dựng thương hiệu",
        max_percent=50,
        max_million=35,
    ),
    _art_6_2(
        "i",
        "Lập dự án đầu tư, marketing, quản lý, thiết kế mẫu mã, bao bì, ứng dụng công nghệ: mức tối đa "
        "cho mỗi cơ sở.",
        activity_code="5",
        item_code="consulting",
        item_name="Hỗ trợ thuê tư vấn cho cơ sở CNNT",
        max_percent=50,
        max_million=35,
    ),
    _art_6_2(
        "l",
        "Mức tối đa cho mỗi hội, hiệp hội cấp vùng (30% chi phí thành lập).",
        activity_code="7",
        item_code="association-regional",
        item_name="Hỗ trợ thành lập hội, hiệp hội ngành nghề cấp vùng",
        max_percent=30,
        max_million=70,
    ),
    _art_6_2(
        "l",
        "Mức tối đa cho mỗi hội, hiệp hội cấp quốc gia (30% chi phí thành lập).",
        activity_code="7",
        item_code="association-national",
        item_name="Hỗ trợ thành lập hội, hiệp hội ngành nghề cấp quốc gia",
        max_percent=30,
        max_million=100,
    ),
    _art_6_2(
        "m",
        "Mức tối đa cho mỗi cụm liên kết.",
        activity_code="7",
        item_code="business-cluster",
        item_name="Hỗ trợ hình thành cụm liên kết doanh nghiệp công nghiệp",
        max_percent=50,
        max_million=150,
    ),
    _art_6_2(
        "n",
        "50% lãi suất các khoản vay đầu tư nhà xưởng, máy móc thiết bị trong 02 năm đầu (tỷ lệ tính trên "
        "lãi suất), không quá 500 triệu đồng/cơ sở; hỗ trợ sau khi cơ sở hoàn thành đầu tư.",
        activity_code="7",
        item_code="relocation-interest",
        item_name="Hỗ trợ lãi suất vốn vay di dời cơ sở gây ô nhiễm vào khu, cụm công nghiệp",
        max_percent=50,
        max_million=500,
    ),
    _art_6_2(
        "o",
        "Sửa chữa, nâng cấp hệ thống xử lý ô nhiễm tại cơ sở CNNT: mức tối đa cho mỗi cơ sở.",
        activity_code="7",
        item_code="pollution-establishment",
        item_name="Hỗ trợ hệ thống xử lý ô nhiễm môi trường tại cơ sở CNNT",
        max_percent=30,
        max_million=300,
    ),
    _art_6_2(
        "p",
        "Sửa chữa, nâng cấp hệ thống xử lý ô nhiễm tại cụm công nghiệp: mức tối đa cho mỗi cụm.",
        activity_code="7",
        item_code="ccn-pollution",
        item_name="Hỗ trợ hệ thống xử lý ô nhiễm môi trường tại cụm công nghiệp",
        max_percent=30,
        max_million=1500,
    ),
    _art_6_2(
        "q",
        "Mức tối đa cho mỗi cụm công nghiệp.",
        activity_code="7",
        item_code="ccn-planning",
        item_name="Hỗ trợ lập quy hoạch chi tiết cụm công nghiệp",
        max_percent=50,
        max_million=500,
    ),
    _art_6_2(
        "r",
        "San lấp mặt bằng, đường nội bộ, cấp thoát nước: không quá 3.000 triệu đồng/cụm; điều không nêu tỷ lệ.",
        activity_code="7",
        item_code="ccn-infrastructure",
        item_name="Hỗ trợ hạ tầng cụm công nghiệp",
        max_million=3000,
    ),
    _art_6_2(
        "t",
        "Mức ưu tiên cho chương trình, đề án ở địa bàn, ngành nghề ưu tiên (Nghị định 45/2012/NĐ-CP Điều 6 "
        "khoản 1, 2) do Bộ Công Thương phê duyệt, không quá 1,5 lần mức hỗ trợ của khoản này.",
        item_name="Hỗ trợ ưu tiên theo quyết định của cấp có thẩm quyền",
        priority_factor=1.5,
    ),
    # Circular 36/2013 Art. 13 (first advance), in force from 10/02/2014: not Circular 28/2018.
    _art_13_36(
        "1",
        "Tạm ứng 30% khi báo cáo tiến độ xác định đã thực hiện trên 50% khối lượng hạng mục được hỗ trợ.",
        activity_code="7",
        item_code="ccn-infrastructure",
        item_name="Hỗ trợ hạ tầng cụm công nghiệp",
        advance_percent=30,
        was=TT_28_2018,
    ),
    _art_13_36(
        "1",
        "Tạm ứng 30% khi báo cáo tiến độ xác định đã thực hiện trên 50% khối lượng hạng mục được hỗ trợ.",
        activity_code="7",
        item_code="ccn-pollution",
        item_name="Hỗ trợ hệ thống xử lý ô nhiễm môi trường tại cụm công nghiệp",
        advance_percent=30,
    ),
    _art_13_36(
        "3",
        "Tạm ứng 100% kinh phí; hồ sơ tạm ứng gồm biên bản nghiệm thu cơ sở (Mẫu số 5b), nên chỉ sau "
        "nghiệm thu.",
        activity_code="2",
        item_code="startup",
        item_name="Hỗ trợ khởi sự doanh nghiệp",
        advance_percent=100,
        advance_after_acceptance_only=True,
        was=TT_28_2018,
    ),
    _support(
        *_2018[:1],
        "",
        *_2018[1:],
        False,
        VBPL,
        NOT_READ_2018,
        item_name="Mức tạm ứng chung",
        advance_percent=70,
    ),
    _support(
        _2018[0],
        "",
        *_2018[1:],
        False,
        VBPL,
        NOT_READ_2018,
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
        NOT_READ_2018,
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
        NOT_READ_2018,
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
        NOT_READ_2018,
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
        NOT_READ_2018,
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
        "Mức chi chưa nhập: chưa đọc được lời văn Thông tư 28/2018/TT-BTC.",
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
        "Thông tư liên tịch 26/2014 Điều 6 khoản 2 điểm t cho phép đến 1,5 lần; điều tương ứng của Thông "
        "tư 28/2018/TT-BTC chưa đọc được.",
        item_name="Hỗ trợ ưu tiên theo quyết định của cấp có thẩm quyền",
        priority_factor=1.5,
    ),
]

# Circular 64/2024/TT-BTC amended Circular 28/2018/TT-BTC. Each amendment is written as
# (activity code, item code, changes, in force from): the 2018 row is closed the day before and a
# new row starts. None is entered: no text of Circular 64/2024 could be read (docs/legal-rules.md).
AMENDMENTS_64_2024: list = []

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

# Application documents: kept short on purpose (the 2015 report found dossiers too heavy for households:
# docs/programme.md §1). (activity, item, name, required, article, verified, note, former name)
ART_10 = "Điều 10 khoản 1 điểm a"
APPLICATION_DOCUMENTS = [
    (
        "",
        "",
        "Đơn đề nghị hỗ trợ (mẫu rút gọn)",
        True,
        ART_10,
        True,
        "Văn bản đề nghị hỗ trợ của đơn vị thụ hưởng (khi đơn vị thực hiện không đồng thời là đơn vị thụ "
        "hưởng); mẫu rút gọn là lựa chọn của hệ thống.",
        "",
    ),
    (
        "",
        "",
        "Thuyết minh đề án và dự toán kinh phí",
        True,
        ART_10,
        True,
        "Đề án lập theo Điều 5 (nội dung cơ bản; dự toán chi tiết theo Mẫu số 1 Phụ lục 1).",
        "",
    ),
    (
        "",
        "",
        "Công văn đề nghị của đơn vị thực hiện đề án",
        False,
        ART_10,
        True,
        "Đơn vị thực hiện (thường là Trung tâm) lập khi gửi Sở Công Thương; không chặn bước cơ sở nộp đơn.",
        "",
    ),
    (
        "",
        "",
        "Giấy chứng nhận đăng ký doanh nghiệp / hộ kinh doanh (bản sao)",
        False,
        ART_10,
        False,
        "Tài liệu gửi kèm theo dạng đề án nằm ở Phụ lục 2, chưa đọc được.",
        "",
    ),
]

# Documents at acceptance: what Circular 36/2013 Art. 14 asks for, for each of its 15 types of project,
# before the rest of the support is advanced after the acceptance (Art. 15.1 for the interest support).
# (activity, item, name, required, article, note, former name). The type of project an item stands
# for is named in the note; a document the text marks "nếu có" (if any) is not required.
ART_14 = "Điều 14"
BANG_KE = "Bảng kê chứng từ thanh toán kèm chứng từ chi tương ứng 100% số kinh phí thực hiện"


def _type(number: int, kind: str) -> str:
    return f"Điều 14 khoản {number}: {kind}."


def _per_item(items, number, kind, documents):
    return [
        (a, i, name, req, f"Điều 14 khoản {number}", _type(number, kind), "")
        for a, i in items
        for name, req in documents
    ]


ASSOCIATIONS = [("7", "association-regional"), ("7", "association-national")]
ACCEPTANCE_DOCUMENTS = [
    (
        "",
        "",
        "Biên bản nghiệm thu cơ sở (Mẫu số 5a, 5b hoặc 5c)",
        True,
        ART_14,
        "Mọi dạng đề án (đoạn mở đầu).",
        "",
    ),
    ("", "", "Báo cáo tổng hợp kết quả thực hiện đề án", True, ART_14, "Mọi dạng đề án (đoạn mở đầu).", ""),
    (
        "",
        "",
        "Báo cáo khối lượng hoàn thành và kinh phí thực hiện hợp đồng (Mẫu số 3b)",
        True,
        ART_14,
        "Mọi dạng đề án (đoạn mở đầu).",
        "",
    ),
    (
        "1",
        "",
        "Quyết định cấp chứng chỉ hoặc chứng nhận",
        True,
        "Điều 14 khoản 1",
        _type(1, "đào tạo nghề, truyền nghề"),
        "Quyết định cấp chứng chỉ nghề",
    ),
    (
        "1",
        "",
        "Danh sách học viên được cấp chứng chỉ hoặc chứng nhận (có chữ ký của học viên)",
        True,
        "Điều 14 khoản 1",
        _type(1, "đào tạo nghề, truyền nghề"),
        "Danh sách học viên có ký nhận",
    ),
    (
        "1",
        "",
        "Danh sách lao động được sử dụng sau đào tạo (có xác nhận của cơ sở sử dụng lao động và đơn vị thực hiện)",
        True,
        "Điều 14 khoản 1",
        _type(1, "đào tạo nghề, truyền nghề"),
        "Danh sách lao động có việc làm sau đào tạo",
    ),
    (
        "1",
        "",
        "Hóa đơn chứng từ hoặc danh sách ký nhận tiền ăn, tiền đi lại của học viên (nếu có)",
        False,
        "Điều 14 khoản 1",
        _type(1, "đào tạo nghề, truyền nghề"),
        "",
    ),
    (
        "2",
        "",
        "Đề án đào tạo: danh sách học viên được cấp chứng nhận (có chữ ký), giáo trình, tài liệu đào tạo",
        False,
        "Điều 14 khoản 2 điểm b",
        _type(2, "đào tạo (nâng cao năng lực quản lý); bắt buộc với đề án đào tạo"),
        "",
    ),
    (
        "2",
        "",
        "Đề án tập huấn, hội nghị, hội thảo, diễn đàn: danh sách đại biểu tham dự (có chữ ký), tài liệu",
        False,
        "Điều 14 khoản 2 điểm c",
        _type(2, "tập huấn, hội nghị, hội thảo, diễn đàn; bắt buộc với các đề án này"),
        "",
    ),
    (
        "5",
        "",
        "Hợp đồng, biên bản nghiệm thu và thanh lý hợp đồng thuê tư vấn, kèm sản phẩm hoặc kết quả tư vấn",
        True,
        "Điều 14 khoản 2 điểm a",
        _type(2, "hỗ trợ tư vấn"),
        "",
    ),
    ("5", "", BANG_KE, True, "Điều 14 khoản 2 điểm a", _type(2, "hỗ trợ tư vấn"), ""),
    (
        "3",
        "demo-model",
        "Hóa đơn chứng từ hạng mục được hỗ trợ",
        True,
        "Điều 14 khoản 3",
        _type(3, "mô hình trình diễn kỹ thuật"),
        "Hóa đơn, chứng từ mua sắm",
    ),
    (
        "3",
        "demo-model",
        "Danh sách đại biểu dự hội nghị mô hình trình diễn (có chữ ký, xác nhận của đơn vị thực hiện và đơn vị thụ hưởng)",
        True,
        "Điều 14 khoản 3",
        _type(3, "mô hình trình diễn kỹ thuật"),
        "Danh sách người tham dự hội nghị trình diễn có ký nhận",
    ),
    (
        "3",
        "demo-model",
        "Tài liệu giới thiệu mô hình",
        True,
        "Điều 14 khoản 3",
        _type(3, "mô hình trình diễn kỹ thuật"),
        "",
    ),
    (
        "3",
        "machinery",
        "Hợp đồng chuyển giao công nghệ, biên bản nghiệm thu và thanh lý hợp đồng (đề án chuyển giao công nghệ)",
        False,
        "Điều 14 khoản 4",
        _type(4, "chuyển giao công nghệ tiên tiến; bắt buộc với đề án chuyển giao công nghệ"),
        "",
    ),
    (
        "3",
        "machinery",
        "Hợp đồng mua máy móc",
        True,
        "Điều 14 khoản 5",
        _type(5, "ứng dụng máy móc tiên tiến"),
        "Hợp đồng mua bán máy móc thiết bị",
    ),
    (
        "3",
        "machinery",
        "Biên bản nghiệm thu và thanh lý hợp đồng mua máy móc",
        True,
        "Điều 14 khoản 5",
        _type(5, "ứng dụng máy móc tiên tiến"),
        "Biên bản nghiệm thu, thanh lý hợp đồng",
    ),
    (
        "3",
        "",
        "Đề án đánh giá sản xuất sạch hơn: báo cáo đánh giá được cơ quan có thẩm quyền phê duyệt",
        False,
        "Điều 14 khoản 6",
        _type(6, "đánh giá sản xuất sạch hơn; bắt buộc với đề án này"),
        "",
    ),
    (
        "4",
        "brand",
        "Giấy chứng nhận đăng ký thương hiệu hoặc nhãn hiệu hàng hóa",
        True,
        "Điều 14 khoản 7",
        _type(7, "xây dựng, đăng ký thương hiệu"),
        "Giấy chứng nhận đăng ký nhãn hiệu",
    ),
    (
        "4",
        "brand",
        "Quy chế sử dụng nhãn hiệu (đối với nhãn hiệu tập thể)",
        False,
        "Điều 14 khoản 7",
        _type(7, "xây dựng, đăng ký thương hiệu"),
        "",
    ),
    (
        "4",
        "brand",
        "Chiến lược hoặc kế hoạch xây dựng, quảng bá thương hiệu",
        True,
        "Điều 14 khoản 7",
        _type(7, "xây dựng, đăng ký thương hiệu"),
        "",
    ),
    ("4", "brand", BANG_KE, True, "Điều 14 khoản 7", _type(7, "xây dựng, đăng ký thương hiệu"), ""),
    (
        "6",
        "",
        "Hợp đồng, biên bản nghiệm thu và thanh lý hợp đồng của nhà thầu hoặc nhà cung cấp dịch vụ",
        True,
        "Điều 14 khoản 8",
        _type(8, "chương trình truyền hình, truyền thanh, dữ liệu, trang thông tin điện tử, tờ rơi"),
        "",
    ),
    (
        "6",
        "",
        "Danh sách các sản phẩm kèm sản phẩm mẫu (nếu có)",
        False,
        "Điều 14 khoản 8",
        _type(8, "thông tin, tuyên truyền"),
        "",
    ),
    (
        "6",
        "",
        "Giấy phép hoạt động (đối với trang thông tin điện tử)",
        False,
        "Điều 14 khoản 8",
        _type(8, "thông tin, tuyên truyền"),
        "",
    ),
    *_per_item(
        ASSOCIATIONS,
        9,
        "thành lập hiệp hội, hội ngành nghề",
        [
            ("Quyết định thành lập và điều lệ hoạt động của hiệp hội, hội ngành nghề được phê duyệt", True),
            ("Danh sách hội viên", True),
            (BANG_KE, True),
        ],
    ),
    (
        "4",
        "fair",
        "Danh sách đơn vị tham gia hội chợ, triển lãm thuê gian hàng, có xác nhận của Sở Công Thương nơi tổ chức (bản chính)",
        True,
        "Điều 14 khoản 10",
        _type(10, "tổ chức hội chợ triển lãm hàng CNNT, hàng thủ công mỹ nghệ"),
        "Danh sách đơn vị tham gia hội chợ",
    ),
    (
        "4",
        "fair",
        "Hợp đồng thuê gian hàng (ghi rõ vị trí, số lượng, giá thuê gian hàng và mức được hỗ trợ)",
        True,
        "Điều 14 khoản 10",
        _type(10, "tổ chức hội chợ triển lãm hàng CNNT, hàng thủ công mỹ nghệ"),
        "Hợp đồng thuê gian hàng",
    ),
    *_per_item(
        [("4", "fair-participation")],
        11,
        "hỗ trợ tham gia hội chợ triển lãm trong nước",
        [
            (
                "Danh sách cơ sở CNNT được hỗ trợ tham gia hội chợ, có xác nhận của Sở Công Thương (bản chính)",
                True,
            ),
            (
                "Hợp đồng thuê gian hàng (ghi rõ vị trí, số lượng, giá thuê gian hàng và mức được hỗ trợ)",
                True,
            ),
            ("Hóa đơn tài chính của đơn vị tổ chức hội chợ thu tiền thuê gian hàng", True),
        ],
    ),
    *_per_item(
        [("7", "business-cluster")],
        12,
        "xây dựng cụm liên kết doanh nghiệp công nghiệp",
        [("Quyết định phê duyệt cụm liên kết của cơ quan có thẩm quyền", True), (BANG_KE, True)],
    ),
    *_per_item(
        [("7", "ccn-planning")],
        13,
        "lập quy hoạch chi tiết cụm công nghiệp",
        [("Quyết định phê duyệt quy hoạch chi tiết của cơ quan có thẩm quyền", True), (BANG_KE, True)],
    ),
    *_per_item(
        [("7", "ccn-infrastructure"), ("7", "ccn-pollution"), ("7", "pollution-establishment")],
        14,
        "hạ tầng cụm công nghiệp, hệ thống xử lý ô nhiễm tại cụm công nghiệp và tại cơ sở CNNT",
        [
            (
                "Biên bản nghiệm thu hoàn thành hạng mục, công trình đưa vào sử dụng, kèm bảng xác định giá trị "
                "khối lượng hoàn thành",
                True,
            )
        ],
    ),
    *_per_item(
        [("7", "ccn-pollution"), ("7", "pollution-establishment")],
        14,
        "hệ thống xử lý ô nhiễm môi trường",
        [("Văn bản xác nhận kết quả đầu ra đạt chuẩn của hệ thống xử lý ô nhiễm môi trường", True)],
    ),
    *_per_item(
        [("7", "ccn-infrastructure"), ("7", "ccn-pollution")],
        14,
        "hạ tầng, xử lý ô nhiễm tại cụm công nghiệp; chỉ khi chủ đầu tư là doanh nghiệp",
        [
            (
                "Báo cáo kiểm toán quyết toán hạng mục, công trình được hỗ trợ (chủ đầu tư là doanh nghiệp)",
                False,
            )
        ],
    ),
    (
        "6",
        "",
        "Đề án tổ chức cuộc thi, cuộc vận động: quyết định thành lập Ban Tổ chức, Ban Giám khảo",
        False,
        "Điều 14 khoản 15",
        _type(
            15,
            "tổ chức cuộc thi, cuộc vận động; xếp vào loại thông tin, tuyên truyền là lựa chọn của hệ thống",
        ),
        "",
    ),
    (
        "6",
        "",
        "Đề án tổ chức cuộc thi, cuộc vận động: quyết định kèm danh sách đạt giải thưởng",
        False,
        "Điều 14 khoản 15",
        _type(15, "tổ chức cuộc thi, cuộc vận động"),
        "",
    ),
    *[
        (
            "7",
            "relocation-interest",
            name,
            True,
            "Điều 15 khoản 1",
            "Điều 15 khoản 1: hỗ trợ lãi suất vốn vay di dời cơ sở gây ô nhiễm (đề án nhiều năm).",
            "",
        )
        for name in (
            "Bản sao hợp lệ hợp đồng tín dụng vay vốn đầu tư xây dựng, mua máy móc thiết bị",
            "Chứng từ đã trả lãi vốn vay cho ngân hàng trong hai năm đầu",
            "Bản sao hợp lệ hợp đồng và thanh lý hợp đồng với nhà thầu xây dựng, mua máy móc thiết bị",
        )
    ],
]
ACCEPTANCE_BASIS = basis(TT_36_2013, ART_14)

# The contest's result is not among the 15 types of Art. 14: it is the decision of Circular 26/2014/TT-BCT
# Art. 17.2 (recognition and certificates), written from 21/10/2014. (activity, item, name, former name)
CONTEST_DOCUMENTS = [
    (
        "4",
        item,
        "Quyết định phê duyệt kết quả bình chọn, công nhận và cấp Giấy chứng nhận sản phẩm CNNT tiêu biểu",
        "Quyết định của hội đồng bình chọn và danh sách sản phẩm đạt giải",
    )
    for item in ("contest-regional", "contest-national")
]

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


def dossier_rows():
    rows = [
        (
            activity,
            item,
            "application",
            name,
            required,
            basis(TT_36_2013, article),
            TT_36_2013_FROM,
            verified,
            note,
            was,
        )
        for activity, item, name, required, article, verified, note, was in APPLICATION_DOCUMENTS
    ]
    rows += [
        (
            activity,
            item,
            "acceptance",
            name,
            required,
            basis(TT_36_2013, article),
            TT_36_2013_FROM,
            True,
            note,
            was,
        )
        for activity, item, name, required, article, note, was in ACCEPTANCE_DOCUMENTS
    ]
    rows += [
        (
            activity,
            item,
            "acceptance",
            name,
            True,
            basis(TT_26_2014_BCT, "Điều 17 khoản 2"),
            TT_26_2014_BCT_FROM,
            True,
            "Bình chọn không là một trong 15 dạng đề án của Thông tư 36/2013/TT-BCT Điều 14: kết quả là "
            "quyết định công nhận, cấp Giấy chứng nhận của cấp có thẩm quyền.",
            was,
        )
        for activity, item, name, was in CONTEST_DOCUMENTS
    ]
    for order, (activity, item, stage, name, required, legal_basis, start, verified, note, was) in enumerate(
        rows
    ):
        yield {
            "activity_code": activity,
            "item_code": item,
            "stage": stage,
            "name": name,
            "required": required,
            "order": order,
            "legal_basis": legal_basis,
            "effective_from": start,
            "effective_to": None,
            "source": PHAP_DIEN_TEXT if verified else PHAP_DIEN,
            "verified": verified,
            "note": note,
            "was": was,
        }


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
        match = {k: row[k] for k in ("activity_code", "item_code", "stage")}
        names = {"name__in": [row["name"]] + ([row["was"]] if row["was"] else [])}
        _upsert(DossierRequirement, {"province__isnull": True, **match, **names}, _fields(row))
    for row in appraisal_rows():
        names = [row["name"]] + ([row["was"]] if row["was"] else [])
        document = row["legal_basis"].split(",")[0]
        match = {
            "province__isnull": True,
            "step": row["step"],
            "name__in": names,
            "legal_basis__startswith": document,
        }
        _upsert(AppraisalCriterion, match, _fields(row))
