"""The legal texts the seeded rules rest on: their names, in-force dates and where to read them.

Data only, shared by plans/legal_data/ and registry/legal_data.py; docs/legal-rules.md lists them.
"""

import datetime

UNKNOWN_ARTICLE = "Điều: chưa xác định"

ND_45_2012 = "Nghị định 45/2012/NĐ-CP"
ND_45_2012_FROM = datetime.date(2012, 7, 5)
ND_235_2025 = "Nghị định 235/2025/NĐ-CP"
ND_235_2025_FROM = datetime.date(2025, 10, 15)
TTLT_26_2014 = "Thông tư liên tịch 26/2014/TTLT-BTC-BCT"
TTLT_26_2014_FROM = datetime.date(2014, 4, 8)
TTLT_26_2014_TO = datetime.date(2018, 5, 10)
TT_28_2018 = "Thông tư 28/2018/TT-BTC"
TT_28_2018_FROM = datetime.date(2018, 5, 11)
TT_36_2013 = "Thông tư 36/2013/TT-BCT"
TT_36_2013_FROM = datetime.date(2014, 2, 10)
TT_26_2014_BCT = "Thông tư 26/2014/TT-BCT"
TT_26_2014_BCT_FROM = datetime.date(2014, 10, 21)

# Each text's validity: (in force from, last day in force or None). A row citing a text lies within it
# (a test checks every seeded row). Joint Circular 26/2014 was replaced by Circular 28/2018 on 11/05/2018.
TEXTS = {
    ND_45_2012: (ND_45_2012_FROM, None),
    ND_235_2025: (ND_235_2025_FROM, None),
    TTLT_26_2014: (TTLT_26_2014_FROM, TTLT_26_2014_TO),
    TT_28_2018: (TT_28_2018_FROM, None),
    TT_36_2013: (TT_36_2013_FROM, None),
    TT_26_2014_BCT: (TT_26_2014_BCT_FROM, None),
}

# Where the texts can be read, as a citation users can follow on the rules screen. The codified topic
# lists every article of Decree 45/2012, Circular 46/2012, Circular 36/2013, Circular 26/2014/TT-BCT and
# Joint Circular 26/2014 with its title; which copy of it was read is said in docs/legal-rules.md
# ("How each row was checked"), not in the rows.
PHAP_DIEN = "Bộ pháp điển, đề mục 7.5 Khuyến công (https://phapdien.moj.gov.vn)"
# The bodies of the articles, read in issue 9 with each article's full text and in-force date.
PHAP_DIEN_TEXT = "Bộ pháp điển, đề mục 7.5 Khuyến công, nội dung điều (https://phapdien.moj.gov.vn)"
VBPL = "Cơ sở dữ liệu quốc gia về văn bản pháp luật (https://vbpl.vn)"
ND_235_NEWS = (
    "Nghị định 235/2025/NĐ-CP ngày 27/8/2025 (căn cứ của Quyết định 2646/QĐ-BCT); tóm tắt: "
    "https://baogialai.com.vn/nhieu-diem-moi-ve-khuyen-cong-co-hieu-luc-tu-ngay-15-10-post569123.html"
)


def basis(document: str, article: str = "") -> str:
    return f"{document}, {article or UNKNOWN_ARTICLE}"
