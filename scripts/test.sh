#!/usr/bin/env bash
# The one gate: lint, Django checks, migrations, the whole suite on PostgreSQL with the
# browser tests in Chromium, and a smoke run of the embedded SQLite set-up of `make run`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/system-deps.sh
export DATABASE_URL DB_CONN_MAX_AGE=0
# The test databases are thrown away at the end: no commit waits for its WAL to reach the disk.
export DB_SESSION_OPTIONS="-c synchronous_commit=off"
DATABASE_URL=$(bash scripts/postgres.sh | tail -n 1)
PY=.venv/bin/python

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== manage.py check (PostgreSQL: ${DATABASE_URL%%:*})"
$PY manage.py check
$PY manage.py makemigrations --check --dry-run
echo "== pytest on PostgreSQL, browser tests in Chromium"
$PY -c 'import subprocess; print(subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip())'
su postgres -c "psql -qtAc 'SELECT version()'"
# The slowest tests are listed so that the suite's 15-minute budget is watched. The tests run on
# every core (at most four), a file per worker at a time: a file's module fixtures (the demo, the
# scope matrix's world) are built once, and each worker has its own test database.
$PY -m pytest -v --durations=12 --numprocesses auto --maxprocesses 4 --dist loadfile "$@"
echo "== smoke: migrate + load_demo on SQLite, and the pages of hand-written SQL"
smoke=$(mktemp -d)
DATABASE_URL="sqlite:///$smoke/smoke.sqlite3" $PY manage.py migrate --noinput -v 0
demo=$(DATABASE_URL="sqlite:///$smoke/smoke.sqlite3" $PY manage.py load_demo)
echo "${demo%%$'\n'*}"
DATABASE_URL="sqlite:///$smoke/smoke.sqlite3" $PY scripts/smoke_pages.py
rm -rf "$smoke"
echo "== all checks passed"
