"""Caps and advance shares (SupportRule rows): Joint Circular 26/2014 Art. 6.2 and 8.2, Circular 36/2013
Art. 13, Circular 28/2018; see the package's docstring for what `verified` means."""

from khuyencong.legal_texts import (
    PHAP_DIEN_TEXT,
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
