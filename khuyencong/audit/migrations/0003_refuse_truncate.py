"""On PostgreSQL the audit table refuses TRUNCATE too, which row triggers never see.

TRUNCATE empties a table without touching its rows one by one, so the UPDATE/DELETE row trigger
of 0002 cannot stop it; a statement trigger can. It lets a TRUNCATE through only in an explicit
maintenance mode, a setting of the session (`SET khuyencong.audit_maintenance = 'on'`), because
the test suite's transactional tests empty every table with TRUNCATE when they end (Django's
flush) and turn that mode on for their own connections (conftest.py). No production code path
sets it; and the application's role has no TRUNCATE privilege at all (grant_app_role), so for
the application the mode changes nothing. See docs/adr/0008-database-roles-and-audit.md.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_entry_no_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('khuyencong.audit_maintenance', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only: TRUNCATE is refused'
        USING HINT = 'Only a maintenance session (SET khuyencong.audit_maintenance = ''on'') may.';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_no_truncate();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_no_truncate();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [migrations.RunPython(forwards, backwards)]
