"""Shared fixtures: a migrated template warehouse (migrated once per session, copied per test),
`db` (a migrated file of one's own), `con` (a writable connection to it) and `clock` (the
recording clock of the HTTP client). Plain helpers are in tests/harness.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import tenacity.nap

from tests.harness import RecordingClock, migrated, template
from warehouse.db import connect


@pytest.fixture(scope="session")
def template_db() -> Path:
    """An empty warehouse with every migration applied, made once per session (tests/harness.py);
    never written to (copy it: `db`)."""
    return template()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A migrated, empty warehouse file of this test's own (a copy of the template)."""
    return migrated(tmp_path / "warehouse.duckdb")


@pytest.fixture
def con(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable connection to `db` (opening it applies nothing: the copy is migrated)."""
    connection = connect(db)
    yield connection
    connection.close()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> RecordingClock:
    """Every pause of the HTTP client and of tenacity is recorded and returns at once."""
    fake = RecordingClock()
    monkeypatch.setattr("scrapers.http_client.time", fake)
    monkeypatch.setattr(tenacity.nap, "time", fake)
    return fake
