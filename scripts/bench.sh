#!/usr/bin/env bash
# make bench: the benchmark of the developers' guide on a synthetic national registry in PostgreSQL.
# BENCH_SCALE=0.1 for a tenth of the national size. Not part of make test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/system-deps.sh
bash scripts/postgres.sh >/dev/null
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='khuyencong_bench'\"" | grep -q 1 ||
  su postgres -c "createdb -O khuyencong khuyencong_bench"
export DATABASE_URL="postgres://khuyencong:khuyencong@127.0.0.1:5432/khuyencong_bench"
# One secret for the script that makes the session and the server that reads it.
export DJANGO_SECRET_KEY="bench-only-not-secret"
.venv/bin/python manage.py migrate --noinput -v 0
exec .venv/bin/python scripts/bench.py
