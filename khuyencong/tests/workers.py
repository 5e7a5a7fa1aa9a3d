"""A real task worker for tests: `manage.py db_worker --batch` on the test database, in its own process."""

from __future__ import annotations

import os
import sys
import urllib.parse

from django.db import connection

WORKER = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"]


def worker_env(**extra: str) -> dict[str, str]:
    """The environment of a worker process on this test's database, with the database task backend."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    url = f"postgres://{user}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DB_CONN_MAX_AGE": "0",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        **extra,
    }
