"""The registry spreadsheets written for download (the headings read back: registry/headings.py).

The export writes the headings the importer reads first, so an exported file
re-imports with every row `unchanged`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from khuyencong.exporting import MONEY, Table

from .headings import HEADINGS
from .models import Establishment

LEGAL_FORM_LABELS = {
    Establishment.LegalForm.ENTERPRISE: "Doanh nghiệp",
    Establishment.LegalForm.COOPERATIVE: "Hợp tác xã",
    Establishment.LegalForm.COOPERATIVE_GROUP: "Tổ hợp tác",
    Establishment.LegalForm.HOUSEHOLD: "Hộ kinh doanh",
}

EXPORT_COLUMNS = (
    "row_no",
    "name",
    "legal_form",
    "tax_code",
    "representative",
    "phone",
    "email",
    "address",
    "commune",
    "district",
    "province",
    "commune_code",
    "trade",
    "main_products",
    "workers",
    "year_founded",
    "craft_village",
)


def establishment_rows(queryset, user) -> Iterable[list]:
    qs = (
        queryset.with_personal_access(user)
        .select_related("commune__parent__parent", "craft_village")
        .order_by("search_key", "id")
    )
    for number, est in enumerate(qs.iterator(chunk_size=2000), start=1):
        commune = est.commune
        district = commune.parent if commune.is_legacy else None
        province = district.parent if district else commune.parent
        yield [
            number,
            est.name,
            LEGAL_FORM_LABELS[est.legal_form],
            est.tax_code_for(user) or "",
            est.representative,
            est.phone,
            est.email,
            est.address,
            commune.name,
            district.name if district else "",
            province.name if province else "",
            commune.code,
            est.trade,
            est.main_products,
            est.workers,
            est.year_founded,
            est.craft_village.name if est.craft_village else "",
        ]


def establishment_table(queryset, user) -> Table:
    headings = [HEADINGS[key][0] for key in EXPORT_COLUMNS]
    widths = [6, 36, 16, 14, 24, 14, 24, 24, 22, 22, 18, 10, 24, 24, 10, 10, 24]
    return Table("Cơ sở CNNT", headings, establishment_rows(queryset, user), widths=widths)


def village_table(queryset) -> Table:
    headings = [
        "STT",
        "Tên làng nghề",
        "Nghề",
        "Xã/Phường/Thị trấn",
        "Tỉnh",
        "Số quyết định công nhận",
        "Ngày công nhận",
        "Số hộ",
        "Số lao động",
    ]
    rows = (
        [
            n,
            v.name,
            v.craft,
            v.commune.full_name(),
            v.province.name if v.province else "",
            v.recognition_number,
            v.recognition_date,
            v.households,
            v.workers,
        ]
        for n, v in enumerate(
            queryset.select_related("commune__parent__parent", "province").iterator(), start=1
        )
    )
    return Table("Làng nghề", headings, rows, widths=[6, 30, 20, 40, 18, 18, 14, 8, 10])


def need_table(queryset) -> Table:
    headings = [
        "STT",
        "Cơ sở / người liên hệ",
        "Xã/Phường hiện nay",
        "Nội dung cần hỗ trợ",
        "Mô tả",
        "Kinh phí dự kiến (đồng)",
        "Nguồn thu thập",
        "Trạng thái",
        "Lý do",
        "Ngày ghi",
    ]
    qs = queryset.select_related("establishment", "activity_type", "current_commune")
    rows = (
        [
            n,
            need.establishment.name if need.establishment_id else f"{need.contact_name} {need.contact_phone}",
            need.current_commune.name if need.current_commune else "",
            str(need.activity_type),
            need.description,
            need.estimated_cost,
            need.get_collected_by_display(),
            need.get_status_display(),
            need.status_reason,
            timezone.localdate(need.created_at),
        ]
        for n, need in enumerate(qs.iterator(), start=1)
    )
    widths = [6, 32, 22, 30, 40, 16, 18, 14, 24, 12]
    return Table("Nhu cầu", headings, rows, widths=widths, formats={5: MONEY})
