"""Dossier checklists (DossierRequirement rows): application documents (Circular 36/2013 Art. 10.1.a),
acceptance documents of the 15 types of Art. 14, and the contest result of Circular 26/2014/TT-BCT Art. 17.2."""

from khuyencong.legal_texts import (
    PHAP_DIEN,
    PHAP_DIEN_TEXT,
    TT_26_2014_BCT,
    TT_26_2014_BCT_FROM,
    TT_36_2013,
    TT_36_2013_FROM,
    basis,
)

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

# The application documents in plain words, for the establishment's papers step: (what it is, an example
# of what a household sends, the pre-filled papers the system makes for it: projects/paperwork.py KINDS).
# Plain words, not legal content: they restate the rows above for a household and carry no legal value.
PLAIN_WORDS = {
    "Đơn đề nghị hỗ trợ (mẫu rút gọn)": (
        "Lá đơn cơ sở gửi để xin hỗ trợ, có chữ ký của chủ cơ sở.",
        "Ảnh chụp hoặc bản quét đơn đề nghị đã điền sẵn, in ra và ký tên.",
        "request-letter",
    ),
    "Thuyết minh đề án và dự toán kinh phí": (
        "Bản mô tả việc cơ sở sẽ làm, làm ở đâu, khi nào, cùng bảng kê các khoản chi.",
        "Ảnh chụp hoặc bản quét đề án và bảng dự toán đã điền sẵn, in ra và ký tên.",
        "proposal,estimate",
    ),
    "Công văn đề nghị của đơn vị thực hiện đề án": (
        "Văn bản đơn vị thực hiện đề án (thường là Trung tâm Khuyến công) gửi Sở Công Thương.",
        "Cơ sở không cần gửi giấy này khi đơn vị thực hiện là Trung tâm.",
        "",
    ),
    "Giấy chứng nhận đăng ký doanh nghiệp / hộ kinh doanh (bản sao)": (
        "Giấy cơ quan đăng ký kinh doanh cấp khi cơ sở đăng ký doanh nghiệp hoặc hộ kinh doanh.",
        "Ảnh chụp rõ nét giấy chứng nhận đăng ký hộ kinh doanh.",
        "",
    ),
    # The acceptance's papers (Circular 36/2013/TT-BCT Art. 14), the same for every type of project.
    "Biên bản nghiệm thu cơ sở (Mẫu số 5a, 5b hoặc 5c)": (
        "Biên bản của buổi kiểm tra kết quả tại cơ sở khi việc đã làm xong, có chữ ký của những người dự.",
        "Ảnh chụp hoặc bản quét biên bản đã ký.",
        "",
    ),
    "Báo cáo tổng hợp kết quả thực hiện đề án": (
        "Bản kể lại cơ sở đã làm được gì: bao nhiêu người học, máy nào đã lắp và chạy ra sao.",
        "Ảnh chụp hoặc bản quét báo cáo kết quả đã điền sẵn, viết thêm phần đánh giá, in ra và ký tên.",
        "result-report",
    ),
    "Báo cáo khối lượng hoàn thành và kinh phí thực hiện hợp đồng (Mẫu số 3b)": (
        "Bảng việc đã làm xong và số tiền đã chi, bên cạnh số tiền được duyệt và số tiền đã nhận.",
        "Ảnh chụp hoặc bản quét báo cáo đã điền sẵn, ghi số tiền đã chi, in ra và ký tên.",
        "completion-report",
    ),
}

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


def seed_plain_words(apps) -> None:
    """Write PLAIN_WORDS on the national rows; `seed` calls it, and so do the migrations that add the
    fields (plans 0012) and the acceptance's words (plans 0013): earlier migrations run `seed` on a
    model without the fields."""
    DossierRequirement = apps.get_model("plans", "DossierRequirement")
    if not any(f.name == "explanation" for f in DossierRequirement._meta.get_fields()):
        return
    for name, (explanation, example, prefilled) in PLAIN_WORDS.items():
        DossierRequirement.objects.filter(province__isnull=True, name=name).update(
            explanation=explanation, example=example, prefilled=prefilled
        )
