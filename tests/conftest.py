"""Shared fixtures: a migrated template warehouse (migrated once per session, copied per test),
`db` (a migrated file of one's own), `con` (a writable connection to it) and `clock` (the
recording clock of the HTTP client). Plain helpers are in tests/harness.py.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import tenacity.nap

from tests.harness import RecordingClock
from warehouse.db import connect


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty warehouse with every migration applied, made once per session; never written to
    (copy it: `db`)."""
    path = tmp_path_factory.mktemp("template") / "warehouse.duckdb"
    with pytest.MonkeyPatch.context() as mp:  # the defaults, whichever test asks first
        for name in [n for n in os.environ if n.startswith("KAMERVRAGEN_")]:
            mp.delenv(name)
        connect(path).close()
    assert not path.with_name(path.name + ".wal").exists()  # checkpointed: the file alone is the database
    return path


@pytest.fixture
def db(tmp_path: Path, template_db: Path) -> Path:
    """A migrated, empty warehouse file of this test's own (a copy of the template)."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(template_db, path)
    return path


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
