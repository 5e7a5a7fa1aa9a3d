"""The funding sources (Decree 45/2012 Art. 11-13): documented, not dated rows."""

from khuyencong.legal_texts import (
    ND_45_2012,
    basis,
)

MILLION = 1_000_000


# (code, name, kind, finance appraisal, order, legal basis). Not dated rows: documented only.
FUNDING_SOURCES = [
    ("KCQG", "Kinh phí khuyến công quốc gia", "national", False, 1, basis(ND_45_2012, "Điều 12")),
    ("KCĐP", "Kinh phí khuyến công địa phương", "local", True, 2, basis(ND_45_2012, "Điều 13")),
    ("KHAC", "Nguồn khác (đối ứng, tài trợ)", "other", False, 3, basis(ND_45_2012, "Điều 11")),
]
