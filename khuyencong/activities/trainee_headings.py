"""The headings of a trainee list: what each column may be called.

Read by the registry's reading of headings (registry/headings.py, `HeadingTable`): case,
diacritics, Unicode form, spaces, punctuation and notes in brackets do not count, and the
registry's abbreviations ("STT", "ĐC", "CS") plus the few of trainee lists below are read as
their words. Lists of trainees from the provinces (the attendance and result lists of a
*lớp đào tạo nghề*) write the sex either in one column ("Giới tính", "Nam/Nữ") or as two columns
"Nam" and "Nữ" with a mark — often under the group heading "Năm sinh", the year then written in
the column of the trainee's sex (activities/trainee_import.py reads both).
"""

from __future__ import annotations

from khuyencong.registry.headings import ABBREVIATIONS, BY_KEY, Column, HeadingTable

COLUMNS: tuple[Column, ...] = (
    BY_KEY["row_no"],
    Column(
        "full_name",
        "full name of the trainee",
        (
            "Họ và tên",
            "Họ tên",
            "Họ và tên học viên",
            "Họ tên học viên",
            "Tên học viên",
            "Học viên",
            "Họ và tên người học",
            "Họ tên người học",
        ),
    ),
    Column("sex", "sex (Nam / Nữ)", ("Giới tính", "Nam/Nữ", "Nam, Nữ", "Giới")),
    Column("male", "a mark (or the year of birth) for a man", ("Nam",)),
    Column("female", "a mark (or the year of birth) for a woman", ("Nữ",)),
    Column(
        "birth",
        "year or date of birth (dd/mm/yyyy, an Excel date or the year)",
        (
            "Năm sinh",
            "Ngày sinh",
            "Ngày tháng năm sinh",
            "Ngày, tháng, năm sinh",
            "Sinh năm",
            "Ngày/tháng/năm sinh",
        ),
    ),
    Column("ethnicity", "ethnicity", ("Dân tộc",)),
    Column(
        "address",
        "address; the commune is read from it when it has no column",
        (
            "Địa chỉ",
            "Địa chỉ thường trú",
            "Nơi ở",
            "Nơi ở hiện nay",
            "Nơi cư trú",
            "Hộ khẩu thường trú",
            "Quê quán",
        ),
    ),
    BY_KEY["hamlet"],
    Column("commune", BY_KEY["commune"].holds, (*BY_KEY["commune"].headings, "Xã/Phường nơi ở")),
    BY_KEY["district"],
    BY_KEY["province"],
    Column(
        "establishment",
        "establishment where the trainee works (its name or tax code, as registered)",
        ("Cơ sở làm việc", "Cơ sở", "Tên cơ sở", "Cơ sở sản xuất", "Doanh nghiệp"),
    ),
    Column(
        "completed",
        "whether the trainee completed the course (x, Có, Đạt, Hoàn thành, a grade)",
        (
            "Hoàn thành",
            "Kết quả",
            "Kết quả học tập",
            "Kết quả đào tạo",
            "Kết quả học nghề",
            "Hoàn thành khóa học",
            "Xếp loại",
        ),
    ),
    Column(
        "certificate_number",
        "number of the certificate granted",
        ("Số chứng chỉ", "Số hiệu chứng chỉ", "Số văn bằng chứng chỉ", "Số giấy chứng nhận"),
    ),
    Column(
        "employed",
        "whether the trainee has a job after the course (x, Có)",
        (
            "Có việc làm sau đào tạo",
            "Có việc làm sau đào tạo nghề",
            "Có việc làm",
            "Việc làm sau đào tạo",
            "Có việc làm sau học nghề",
            "Tình trạng việc làm",
        ),
    ),
    Column(
        "employed_at",
        "where the trainee works after the course",
        ("Nơi làm việc", "Nơi làm việc sau đào tạo", "Đơn vị làm việc", "Nơi làm việc sau học nghề"),
    ),
    BY_KEY["notes"],
)

# The registry's abbreviations, and those of trainee lists. "ĐT" stays "điện thoại" (a trainee list
# writes "Dân tộc" in full), so no "DT" here.
TRAINEE_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    *ABBREVIATIONS,
    ("HV", "học viên"),
    ("NS", "năm sinh"),
    ("CC", "chứng chỉ"),
    ("KQ", "kết quả"),
    ("VL", "việc làm"),
    ("ĐTN", "đào tạo nghề"),
)

# A trainee is known by name and birth year (the natural key, Trainee's `trainee_unique`): the year
# may be written in a birth column or in the "Nam"/"Nữ" columns.
REQUIRED: tuple[tuple[str, ...], ...] = (("full_name",), ("birth", "male", "female"))

TRAINEE_HEADINGS = HeadingTable(COLUMNS, TRAINEE_ABBREVIATIONS, REQUIRED, anchor="full_name")
