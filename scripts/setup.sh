#!/usr/bin/env bash
# Create .venv (if missing) and install the project with its pinned dependencies.
# Nothing is reinstalled while pyproject.toml, constraints.txt and the Python version are unchanged:
# .venv/.setup-stamp holds their hash, written after a successful install (so run.sh starts at once).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
STAMP=.venv/.setup-stamp
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
want=$( { cat pyproject.toml constraints.txt; .venv/bin/python -c 'import sys; print(sys.version)'; } \
        | .venv/bin/python -c 'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -x .venv/bin/kamervragen ]; then
  exit 0
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -c constraints.txt -e ".[dev]"
echo "$want" > "$STAMP"
