"""`status`, `show` and `review` fit the terminal: the real `kamervragen` command on the demo corpus.

The database is the demo corpus built for TODAY (tests/site_data.py), so every set, title and
status is known; `--format json|csv` must write the bytes pinned in tests/pinned/ (written by the
code before the table was fitted to the terminal).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site_data import ingest_demo

EXE = str(Path(sys.executable).with_name("kamervragen"))
PINNED = Path(__file__).parent / "pinned"
AS_OF = "2026-11-24"  # TODAY of tests/site_data.py


def run(*args: str, columns: int | None = None) -> subprocess.CompletedProcess:
    """The command as a user runs it, its stdout a pipe; COLUMNS set when `columns` is given."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    done = subprocess.run([EXE, *args], capture_output=True, env=env)
    assert done.returncode == 0, done.stderr.decode()
    return done


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(ingest_demo(tmp_path_factory.mktemp("terminal") / "kv.duckdb"))


@pytest.mark.parametrize(("pinned", "args"), [
    ("status.json", ["status", "--as-of", AS_OF, "--format", "json"]),
    ("status.csv", ["status", "--as-of", AS_OF, "--format", "csv"]),
    ("status-overdue-bzk.csv", ["status", "--as-of", AS_OF, "--status", "overdue,open_extended",
                                "--ministry", "BZK", "--format", "csv"]),
    ("review.json", ["review", "--format", "json"]),
    ("review.csv", ["review", "--format", "csv"]),
])
@pytest.mark.parametrize("columns", [None, 60, 200])
def test_json_and_csv_are_unchanged(demo_db: str, pinned: str, args: list[str], columns: int | None) -> None:
    done = run(*args, "--db", demo_db, columns=columns)
    assert done.stdout == (PINNED / pinned).read_bytes()
