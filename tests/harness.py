"""Shared test helpers (not a test module): the installed command (`run`, its own process) and the
command in-process (`invoke`), query helpers, a recording clock, polling for a condition.

Fixtures live in tests/conftest.py; plain functions and classes live here so test modules import
them explicitly (no test module imports from another test module).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from warehouse.db import connect

EXE = str(Path(sys.executable).with_name("kamervragen"))
"""The `kamervragen` console script of this virtualenv (what a user runs)."""


def run(*args: str, env: Mapping[str, str] | None = None, timeout: float = 120,
        **kwargs: Any) -> subprocess.CompletedProcess:
    """`kamervragen *args` in its own process, text output captured; `env` is added to os.environ
    (with KAMERVRAGEN_MIN_INTERVAL=0 unless given: no politeness pause against the loopback replay)."""
    full = {**os.environ, "KAMERVRAGEN_MIN_INTERVAL": "0", **(env or {})}
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=timeout, env=full, **kwargs)


def invoke(*args: str, env: Mapping[str, str | None] | None = None, text: bool = True,
           input: str | bytes | None = None) -> subprocess.CompletedProcess:
    """`kamervragen *args` in this process (Typer's CliRunner on `cli.app.app`), for tests whose point
    is the command's answer, not the process; the result as `run` returns it (`returncode`, `stdout`
    and `stderr` apart; bytes unless `text`). `env` is set in os.environ for the call only (None
    unsets), with KAMERVRAGEN_MIN_INTERVAL=0 unless given. An exception other than an exit is raised,
    not turned into exit code 1."""
    from typer.testing import CliRunner

    from cli.app import app

    result = CliRunner().invoke(app, list(args), env={"KAMERVRAGEN_MIN_INTERVAL": "0", **(env or {})},
                                input=input, catch_exceptions=False, prog_name="kamervragen")
    if text:
        return subprocess.CompletedProcess(["kamervragen", *args], result.exit_code, result.stdout, result.stderr)
    return subprocess.CompletedProcess(["kamervragen", *args], result.exit_code, result.stdout_bytes,
                                       result.stderr_bytes)


_template: Path | None = None


def template() -> Path:
    """An empty warehouse file with every migration applied (and the default settings stored), made
    once per test process; never written to: copy it (`migrated`)."""
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="kamervragen-template-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "warehouse.duckdb"
        saved = {k: os.environ.pop(k) for k in [n for n in os.environ if n.startswith("KAMERVRAGEN_")]}
        try:  # the defaults, whichever test asks first
            connect(path).close()
        finally:
            os.environ.update(saved)
        assert not path.with_name(path.name + ".wal").exists()  # checkpointed: the file is the database
        _template = path
    return _template


def migrated(path: Path | str) -> Path:
    """`path`, a migrated warehouse: a copy of the template when no file is there yet (an existing
    file is left as it is). Opening it applies no migration; settings that differ from the defaults
    are stored (and the sets rebuilt) by `connect` as usual."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template(), path)
    return path


Source = duckdb.DuckDBPyConnection | Path | str


def rows(source: Source, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> list[tuple]:
    """Every row of `sql` on a connection, or on the warehouse file `source` opened read-only
    (the session time zone set, so the views' "today" is the Amsterdam day)."""
    if isinstance(source, duckdb.DuckDBPyConnection):
        return source.execute(sql, params or []).fetchall()
    con = connect(source, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def dicts(source: Source, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Like `rows`, each row as a dict keyed by column name."""
    def fetch(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
        cur = con.execute(sql, params or [])
        names = [c[0] for c in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    if isinstance(source, duckdb.DuckDBPyConnection):
        return fetch(source)
    con = connect(source, read_only=True)
    try:
        return fetch(con)
    finally:
        con.close()


class RecordingClock:
    """Stands in for the `time` module of the HTTP client and of tenacity's sleep.

    Each thread has its own monotonic time (starting at 0.0), which moves only when that thread
    sleeps; every sleep is recorded as (thread name, seconds), its end time in `wakes`, and returns
    at once.
    """

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self.sleeps: list[tuple[str, float]] = []
        self.wakes: list[float] = []

    def monotonic(self) -> float:
        return getattr(self._local, "now", 0.0)

    def sleep(self, seconds: float) -> None:
        wake = self.monotonic() + seconds
        with self._lock:
            self.sleeps.append((threading.current_thread().name, seconds))
            self.wakes.append(wake)
        self._local.now = wake


T = TypeVar("T")


def wait_until(check: Callable[[], T], what: str, timeout: float = 120.0) -> T:
    """Poll `check` until it returns something true, and return that. A condition, not a pause: the
    deadline only turns a hang into a failure naming `what`, never a claim about speed."""
    deadline = time.monotonic() + timeout
    while not (value := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {timeout:g} s for {what}")
        time.sleep(0.01)
    return value
