"""Trigram indexes for diacritic-free search over projects and documents at national scale (PostgreSQL)."""

from django.db import migrations

TRIGRAM_INDEXES = [("projects_project", "project_search_trgm"), ("documents_document", "document_search_trgm")]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, name in TRIGRAM_INDEXES:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_key gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for _table, name in TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial"), ("documents", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
