"""Ingest runs, rejects and watermarks on a real DuckDB file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from warehouse import connect, transaction
from warehouse.runs import (
    finish_run,
    get_watermark,
    last_success,
    open_rejects,
    record_reject,
    resolve_rejects,
    set_watermark,
    start_run,
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "w.duckdb"


@pytest.fixture
def con(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(path)
    yield connection
    connection.close()


def run_row(con: duckdb.DuckDBPyConnection, run_id: int) -> dict:
    cur = con.execute("SELECT * FROM ingest_runs WHERE id = ?", [run_id])
    names = [c[0] for c in cur.description]
    return dict(zip(names, cur.fetchall()[0], strict=True))


def test_run_lifecycle(con: duckdb.DuckDBPyConnection) -> None:
    first = start_run(con, "ingest", date(2026, 1, 1), date(2026, 1, 5))
    second = start_run(con, "ingest")
    assert second == first + 1
    row = run_row(con, first)
    assert row["outcome"] == "running" and row["finished"] is None
    assert (row["window_since"], row["window_until"]) == (date(2026, 1, 1), date(2026, 1, 5))
    assert last_success(con, "ingest") is None

    finish_run(
        con,
        first,
        "success",
        pages=3,
        records=250,
        inserted=200,
        updated=10,
        unchanged=40,
        rejected=2,
        requests=260,
    )
    row = run_row(con, first)
    assert row["outcome"] == "success" and row["finished"] >= row["started"]
    assert (
        row["pages"],
        row["records"],
        row["inserted"],
        row["updated"],
        row["unchanged"],
        row["rejected"],
        row["requests"],
    ) == (3, 250, 200, 10, 40, 2, 260)
    assert last_success(con, "ingest") == row["finished"]

    finish_run(con, second, "failed", message="HTTP 503")
    assert run_row(con, second)["message"] == "HTTP 503"
    with pytest.raises(ValueError, match="outcome"):
        finish_run(con, second, "ok")
    with pytest.raises(KeyError):
        finish_run(con, 999, "success")


def test_rejects_upsert_resolve_and_reopen(con: duckdb.DuckDBPyConnection) -> None:
    record_reject(con, "ah-tk-20232024-1", "parse_text", "unknown shape", "<x/>" * 1000)
    record_reject(con, "https://example.org/a.pdf", "fetch_text", "HTTP 404", None)
    assert open_rejects(con) == ["ah-tk-20232024-1", "https://example.org/a.pdf"]
    assert open_rejects(con, stage="fetch_text") == ["https://example.org/a.pdf"]
    row = con.execute(
        "SELECT attempts, length(excerpt), first_seen = last_seen FROM rejects "
        "WHERE key = 'ah-tk-20232024-1'"
    ).fetchall()
    assert row == [(1, 2000, True)]

    assert resolve_rejects(con, ["ah-tk-20232024-1", "never-rejected"]) == 1
    assert resolve_rejects(con, ["ah-tk-20232024-1"]) == 0  # already resolved
    assert open_rejects(con) == ["https://example.org/a.pdf"]
    resolved = con.execute(
        "SELECT resolved, resolved_at IS NOT NULL FROM rejects WHERE key = 'ah-tk-20232024-1'"
    ).fetchall()
    assert resolved == [(True, True)]

    with transaction(con):  # a later failure re-opens it and bumps the attempts
        record_reject(con, "ah-tk-20232024-1", "validate", "no date", "")
    row = con.execute(
        "SELECT stage, reason, attempts, resolved, resolved_at, last_seen >= first_seen "
        "FROM rejects WHERE key = 'ah-tk-20232024-1'"
    ).fetchall()
    assert row == [("validate", "no date", 2, False, None, True)]
    assert "ah-tk-20232024-1" in open_rejects(con)
    assert resolve_rejects(con, []) == 0


def test_watermarks_persist(path: Path) -> None:
    con = connect(path)
    assert get_watermark(con, "kv") is None
    set_watermark(con, "kv", date(2026, 1, 1))
    with transaction(con):
        set_watermark(con, "kv", date(2026, 1, 5))
        set_watermark(con, "ah", date(2025, 12, 31))
    con.close()
    con = connect(path, read_only=True)
    assert get_watermark(con, "kv") == date(2026, 1, 5)
    assert get_watermark(con, "ah") == date(2025, 12, 31)
    con.close()


def test_rolled_back_bookkeeping_is_gone(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(RuntimeError), transaction(con):
        set_watermark(con, "kv", date(2026, 1, 1))
        record_reject(con, "x", "fetch_text", "timeout")
        raise RuntimeError("crash")
    assert get_watermark(con, "kv") is None
    assert open_rejects(con) == []
