"""Give the application's database role what it needs and nothing more (PostgreSQL).

Run by the role that owns the tables, after every `migrate`:

    DATABASE_URL=postgres://owner@…/db manage.py migrate
    DATABASE_URL=postgres://owner@…/db manage.py grant_app_role khuyencong_app

The application (web and worker processes) then connects as that role. It may read and write
every table, but on the audit log only read and append: without UPDATE, DELETE and TRUNCATE,
and owning nothing, it can neither rewrite the log nor drop the triggers that guard it. Safe to
run again: it first takes back what it grants, so the result is the same whatever was there.
See docs/adr/0008-database-roles-and-audit.md.
"""

from __future__ import annotations

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from khuyencong.audit.models import AuditEntry

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Privileges the role must not have on the audit table, checked once granted (a PUBLIC grant or
# a membership in the owner's role would give them back).
FORBIDDEN_ON_AUDIT = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES")


class Command(BaseCommand):
    help = "Grant the application's database role its privileges: all tables but append-only audit."

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role the web and worker processes connect as")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, role: str, database: str, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("grant_app_role is for PostgreSQL: SQLite has no roles.")
        if not ROLE_NAME.match(role):
            raise CommandError(f"{role!r} is not a plain role name (lower case letters, digits, _).")
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            row = cursor.fetchone()
            if row is None:
                raise CommandError(f"There is no role {role}: create it first (CREATE ROLE … LOGIN).")
            if row[0]:
                raise CommandError(f"{role} is a superuser: the application must not be one.")
            cursor.execute(
                "SELECT tableowner, current_database(), current_schema() FROM pg_tables "
                "WHERE schemaname = current_schema() AND tablename = %s",
                [MigrationRecorder.Migration._meta.db_table],
            )
            found = cursor.fetchone()
            if found is None:
                raise CommandError("No migrated tables here: run `manage.py migrate` first.")
            owner, dbname, schema = found
            if owner == role:
                raise CommandError(f"{role} owns the tables: the application needs a role of its own.")
        names = {
            "role": _quote(role),
            "owner": _quote(owner),
            "db": _quote(dbname),
            "schema": _quote(schema),
            "audit": _quote(AuditEntry._meta.db_table),
            "migrations": _quote(MigrationRecorder.Migration._meta.db_table),
        }
        with transaction.atomic(using=database), connection.cursor() as cursor:
            for statement in STATEMENTS:
                cursor.execute(statement.format(**names))
            refused = _forbidden(cursor, role, AuditEntry._meta.db_table)
            if refused:
                # Rolled back with the rest: better no grant than one that leaves the log open.
                raise CommandError(
                    f"{role} still has {', '.join(refused)} on the audit table (a PUBLIC grant, or a "
                    "membership in a role that has it): take that away and run this again."
                )
            cursor.execute("SELECT has_schema_privilege(%s, current_schema(), 'CREATE')", [role])
            can_create = cursor.fetchone()[0]
        if can_create:
            self.stderr.write(
                f"Warning: {role} may create objects in schema {schema}; "
                f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC (PostgreSQL 15 does by default)."
            )
        self.stdout.write(
            f"{role}: read and write on every table of {dbname}.{schema}, "
            f"read and append only on {AuditEntry._meta.db_table}."
        )


# In order; each is idempotent, and the REVOKEs first make the result independent of the past.
STATEMENTS = [
    "GRANT CONNECT ON DATABASE {db} TO {role}",
    "GRANT USAGE ON SCHEMA {schema} TO {role}",
    # Tables: rows only. No TRUNCATE, REFERENCES or TRIGGER: the application needs none of them.
    "REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
    # The log is read and appended to, never changed.
    "REVOKE UPDATE, DELETE ON {audit} FROM {role}",
    # Which migrations ran is the owner's business; the application only reads it.
    "REVOKE INSERT, UPDATE, DELETE ON {migrations} FROM {role}",
    # Sequences: nextval for new rows (bulkcopy.py draws primary keys ahead), never setval.
    "REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    # Tables a later migration creates are usable at once, before this command runs again;
    # running it after each migrate still matters for a table that must not be fully writable.
    "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} REVOKE ALL ON TABLES FROM {role}",
    "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
    "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
    "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} REVOKE ALL ON SEQUENCES FROM {role}",
    "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {role}",
]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _forbidden(cursor, role: str, table: str) -> list[str]:
    refused = []
    for privilege in FORBIDDEN_ON_AUDIT:
        cursor.execute("SELECT has_table_privilege(%s, %s, %s)", [role, table, privilege])
        if cursor.fetchone()[0]:
            refused.append(privilege)
    return refused
