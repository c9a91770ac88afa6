#!/usr/bin/env bash
# One command: set up the environment, ingest from the live source, then list late answers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/kamervragen ingest "$@"
.venv/bin/kamervragen status --status overdue,open_extended
