#!/usr/bin/env bash
# One command: set up the environment, ingest from the live source, then list late answers.
# When the ingest fails (e.g. the source cannot be reached) it has said why and what to try
# (`kamervragen doctor`, `kamervragen demo`); run.sh then stops with its exit code.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
status=0
.venv/bin/kamervragen ingest "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "run.sh: stopped: the ingest failed (exit $status); \`kamervragen status\` lists what earlier runs loaded." >&2
  exit "$status"
fi
.venv/bin/kamervragen status --status overdue,open_extended
