#!/usr/bin/env bash
# Start the local PostgreSQL 15 cluster (no systemd here) and make sure the project's
# roles and database exist. Prints the DATABASE_URL to use (its last line).
#
# Two roles, as in production (docs/adr/0008-database-roles-and-audit.md):
#   khuyencong      owns the database and its tables; runs `migrate` and `grant_app_role`
#                   (CREATEDB so that the test suite can make its test databases);
#   khuyencong_app  what the web and worker processes connect as: owns nothing, cannot
#                   create databases or roles, and gets only the privileges that
#                   `manage.py grant_app_role khuyencong_app` grants (the audit tests use it).
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
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='khuyencong_app'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE khuyencong_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'khuyencong_app'\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='khuyencong'\"" | grep -q 1 ||
  su postgres -c "createdb -O khuyencong khuyencong"
echo "postgres://khuyencong:khuyencong@127.0.0.1:5432/khuyencong"
