#!/usr/bin/env bash
# make run: the embedded SQLite database, migrated, with the demo data, served on :8000.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
$PY manage.py migrate --noinput -v 0
$PY manage.py load_demo
echo
echo "Serving http://127.0.0.1:8000  (Ctrl+C to stop)"
exec $PY manage.py runserver 127.0.0.1:8000
