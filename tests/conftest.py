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

# Slow tests in modules this harness does not edit (their owners may move these to decorators):
# measured at >= 1 s each on the full run (--durations), like the tests marked @pytest.mark.slow.
SLOW_ELSEWHERE = {
    "tests/test_tk_bounded.py::test_a_backfill_reads_the_history_beside_the_sru_passes",
    "tests/test_tk_bounded.py::test_a_first_sync_with_a_horizon_starts_there_and_reports_its_coverage",
    "tests/test_tk_bounded.py::test_a_set_before_the_synced_range_is_not_yet_synced_until_the_history_is_read",
    "tests/test_tk_bounded.py::test_doctor_says_when_the_feed_cannot_be_searched_by_date",
    "tests/test_tk_bounded.py::test_the_cli_syncs_a_bounded_start_then_the_history_and_status_says_how_far_it_reaches",
    "tests/test_tk_bounded.py::test_the_history_step_resumes_and_ends_where_a_sync_from_zero_ends",
    "tests/test_tk_bounded.py::test_the_sets_are_rederived_in_chunks_that_halve_when_memory_runs_out",
}


@pytest.hookimpl(tryfirst=True)  # before -m and -k deselect: they see the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of SLOW_ELSEWHERE `slow` (a parametrized test by its function's id); an id
    that names no test of a collected file is an error (a renamed test must not silently turn fast)."""
    found = set()
    for item in items:
        if (base := item.nodeid.split("[")[0]) in SLOW_ELSEWHERE:
            item.add_marker(pytest.mark.slow)
            found.add(base)
    files = {item.nodeid.split("::")[0] for item in items}
    stale = {i for i in SLOW_ELSEWHERE - found if i.split("::")[0] in files}
    if stale:
        raise pytest.UsageError(f"tests/conftest.py SLOW_ELSEWHERE names tests that do not exist: {sorted(stale)}")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo warehouse (real samples and the SYNTHETIC corpus, ingested as `kamervragen demo` does,
    as of tests.site_data.TODAY), made once per session; the tests only read it."""
    from tests.site_data import ingest_demo

    return ingest_demo(tmp_path_factory.mktemp("demo") / "demo.duckdb")


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
