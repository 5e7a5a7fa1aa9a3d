#!/usr/bin/env bash
# Start the local PostgreSQL 15 cluster (no systemd here) and make sure the project's
# role and database exist. Prints the DATABASE_URL to use.
set -euo pipefail
if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 \+main'; then
  pg_createcluster 15 main >/dev/null
fi
if ! pg_lsclusters -h | awk '$1==15 && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster 15 main start
fi
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q" && break
  sleep 0.5
done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='khuyencong'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE khuyencong LOGIN CREATEDB PASSWORD 'khuyencong'\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='khuyencong'\"" | grep -q 1 ||
  su postgres -c "createdb -O khuyencong khuyencong"
echo "postgres://khuyencong:khuyencong@127.0.0.1:5432/khuyencong"
