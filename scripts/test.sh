#!/usr/bin/env bash
# One command: set up the environment and run the whole test suite (also what CI runs).
#   scripts/test.sh            everything (what .ci/run calls)
#   scripts/test.sh --fast     without the tests marked slow, browser or prefect (under 3 min)
# Any other arguments go to pytest (after --fast, if given).
set -euo pipefail
cd "$(dirname "$0")/.."
fast=()
if [[ "${1:-}" == "--fast" ]]; then
    shift
    fast=(-m "not slow and not browser and not prefect")
fi
bash scripts/setup.sh
export PREFECT_HOME="${PREFECT_HOME:-$(mktemp -d)}"
export PREFECT_SERVER_ANALYTICS_ENABLED=false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=120
.venv/bin/ruff check .
.venv/bin/python -m pytest "${fast[@]}" "$@"
