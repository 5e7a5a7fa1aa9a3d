"""Trigram indexes for diacritic-free search over projects and documents at national scale (PostgreSQL).

The planner guesses how many rows a word matches from the column's statistics; with the default
sample it takes a common word ("dao tao") for a rare one and sorts thousands of rows instead of
walking the newest-first index, so the search keys get a finer sample (measured: 50 ms → 0,6 ms).
"""

from django.db import migrations

TRIGRAM_INDEXES = [("projects_project", "project_search_trgm"), ("documents_document", "document_search_trgm")]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, name in TRIGRAM_INDEXES:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_key gin_trgm_ops)")
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN search_key SET STATISTICS 1000")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, name in TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN search_key SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial"), ("documents", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
