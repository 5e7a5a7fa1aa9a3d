"""Trigram indexes for diacritic-free search on PostgreSQL, and the activity types of
Decree 45/2012/NĐ-CP Art. 4 (item 10 added by Decree 235/2025/NĐ-CP from 15/10/2025)."""

from django.db import migrations

TRIGRAM_INDEXES = [
    ("registry_establishment", "est_search_trgm"),
    ("registry_craftvillage", "village_search_trgm"),
]

def forwards(apps, schema_editor):
    # The activity types are written by 0007_verified_rows (checked against the texts).
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
