"""Trigram indexes for diacritic-free search on PostgreSQL, and the activity types of
Decree 45/2012/NĐ-CP Art. 4 (item 10 added by Decree 235/2025/NĐ-CP from 15/10/2025)."""

import datetime

from django.db import migrations

TRIGRAM_INDEXES = [
    ("registry_establishment", "est_search_trgm"),
    ("registry_craftvillage", "village_search_trgm"),
]

DECREE_45 = "Nghị định 45/2012/NĐ-CP, Điều 4"
DECREE_235 = "Nghị định 235/2025/NĐ-CP"
ACTIVITY_TYPES = [
    ("1", "Đào tạo nghề, truyền nghề, nâng cao tay nghề"),
    ("2", "Nâng cao năng lực quản lý: đào tạo, hội thảo, tham quan, khởi sự doanh nghiệp, thương mại điện tử"),
    ("3", "Mô hình trình diễn kỹ thuật, chuyển giao công nghệ, máy móc thiết bị tiên tiến, sản xuất sạch hơn"),
    ("4", "Phát triển sản phẩm CNNT tiêu biểu: bình chọn, hội chợ triển lãm, phòng trưng bày, xây dựng thương hiệu"),
    ("5", "Tư vấn đầu tư, thị trường, tài chính, thiết kế mẫu mã, bao bì, công nghệ"),
    ("6", "Cung cấp thông tin, tuyên truyền"),
    ("7", "Liên doanh, liên kết, hợp tác kinh tế, phát triển cụm công nghiệp, xử lý ô nhiễm môi trường"),
    ("8", "Hợp tác quốc tế về khuyến công"),
    ("9", "Nâng cao năng lực hệ thống khuyến công"),
]


def forwards(apps, schema_editor):
    ActivityType = apps.get_model("registry", "ActivityType")
    for order, (code, name) in enumerate(ACTIVITY_TYPES, start=1):
        ActivityType.objects.get_or_create(
            code=code, effective_from=datetime.date(2012, 7, 10),
            defaults={"name": name, "legal_basis": DECREE_45, "order": order},
        )
    ActivityType.objects.get_or_create(
        code="10", effective_from=datetime.date(2025, 10, 15),
        defaults={"name": "Chuyển đổi số; sản xuất và tiêu dùng bền vững", "legal_basis": DECREE_235, "order": 10},
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, name in TRIGRAM_INDEXES:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_key gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for _table, name in TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
