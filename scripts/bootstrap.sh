#!/usr/bin/env bash
# Install what the project needs to run, if missing: a Python >= 3.12, uv in its own
# tools venv, and the locked dependencies in .venv. Safe to run again; fast when done.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  local candidates=()
  [ -n "${KC_PYTHON:-}" ] && candidates+=("$KC_PYTHON")
  for v in 3.13 3.12; do
    for p in "$HOME"/.pyenv/versions/"$v"*/bin/python /root/.pyenv/versions/"$v"*/bin/python; do
      [ -x "$p" ] && candidates+=("$p")
    done
    command -v "python$v" >/dev/null 2>&1 && candidates+=("$(command -v "python$v")")
  done
  command -v python3 >/dev/null 2>&1 && candidates+=("$(command -v python3)")
  for p in "${candidates[@]}"; do
    if "$p" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  echo "No Python >= 3.12 found; install one (pyenv install 3.13) or set KC_PYTHON." >&2
  return 1
}

PYTHON=$(find_python)
if [ ! -x .tools/bin/uv ]; then
  echo "· installing uv into .tools/"
  "$PYTHON" -m venv .tools
  .tools/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"
fi
export UV_PYTHON_DOWNLOADS=never UV_PYTHON="$PYTHON" UV_LINK_MODE=copy
# Bytecode written once at install: where PYTHONDONTWRITEBYTECODE is set, every process would
# otherwise compile the libraries it imports from source (WeasyPrint alone: 1.6 s per process).
.tools/bin/uv sync --frozen --quiet --compile-bytecode
mkdir -p var
