#!/usr/bin/env bash
# Debian packages the test suite needs: PostgreSQL 15, Chromium for browser tests,
# fonts that carry every Vietnamese letter, gettext, and LibreOffice Writer (headless) with
# poppler's tools, which the report tests use to open the Word report, convert it to PDF and
# render its first page (docs/reports.md). Installs only what is missing.
set -euo pipefail
needed=()
for pkg in postgresql-15 postgresql-contrib chromium fonts-liberation2 fonts-noto-core gettext \
           libreoffice-writer-nogui poppler-utils; do
  dpkg -s "$pkg" >/dev/null 2>&1 || needed+=("$pkg")
done
if [ ${#needed[@]} -gt 0 ]; then
  echo "· installing ${needed[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
fi
