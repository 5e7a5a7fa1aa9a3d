#!/usr/bin/env bash
# make run: the embedded SQLite database, migrated, with the demo data, served on :8000.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
# Imports run as tasks, never in a request: the web process enqueues them in the database and
# the worker picks them up. Exported before anything starts, so both use the same backend.
export TASKS_BACKEND=django_tasks_db.DatabaseBackend
$PY manage.py migrate --noinput -v 0
$PY manage.py load_demo
# The daily reminders (portal/reminders.py): queued once, then the task queues its next day itself.
$PY manage.py schedule_reminders
$PY manage.py db_worker --interval 1 >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null' EXIT INT TERM
echo
echo "Serving http://127.0.0.1:8000  (Ctrl+C to stop; task worker log: var/worker.log)"
$PY manage.py runserver 127.0.0.1:8000
