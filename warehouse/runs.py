"""Ingestion bookkeeping: runs, rejected documents/URLs, and incremental-sync watermarks.

All functions run in the caller's transaction (or auto-commit outside one) and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import duckdb
import pyarrow as pa

from warehouse.db import load_sql

OUTCOMES = ("running", "success", "partial", "failed")
EXCERPT_CHARS = 2000


def start_run(
    con: duckdb.DuckDBPyConnection,
    flow: str,
    window_since: date | None = None,
    window_until: date | None = None,
) -> int:
    """Record the start of an ingest run (outcome 'running'); return its id."""
    row = con.execute(
        load_sql("runs_start"),
        {"flow": flow, "window_since": window_since, "window_until": window_until},
    ).fetchone()
    assert row is not None
    return int(row[0])


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    outcome: str,
    *,
    pages: int = 0,
    records: int = 0,
    inserted: int = 0,
    updated: int = 0,
    unchanged: int = 0,
    rejected: int = 0,
    requests: int = 0,
    message: str | None = None,
) -> None:
    """Record the end of run `run_id`: outcome ('success', 'partial', 'failed') and counters."""
    if outcome not in OUTCOMES[1:]:
        raise ValueError(f"outcome {outcome!r} is not one of {OUTCOMES[1:]}")
    params = {
        "id": run_id,
        "outcome": outcome,
        "message": message,
        "pages": pages,
        "records": records,
        "inserted": inserted,
        "updated": updated,
        "unchanged": unchanged,
        "rejected": rejected,
        "requests": requests,
    }
    if not con.execute(load_sql("runs_finish"), params).fetchall():
        raise KeyError(f"no ingest run with id {run_id}")


def last_success(con: duckdb.DuckDBPyConnection, flow: str) -> datetime | None:
    """When the last successful run of `flow` finished (None if never)."""
    row = con.execute(load_sql("runs_last_success"), {"flow": flow}).fetchone()
    return row[0] if row else None


def record_reject(
    con: duckdb.DuckDBPyConnection,
    key: str,
    stage: str,
    reason: str,
    excerpt: str | None = None,
) -> None:
    """Record that `key` (doc_id or URL) failed at `stage`; a repeat bumps attempts, re-opens it."""
    con.execute(
        load_sql("rejects_record"),
        {
            "key": key,
            "stage": stage,
            "reason": reason,
            "excerpt": excerpt[:EXCERPT_CHARS] if excerpt else excerpt,
        },
    )


def resolve_rejects(con: duckdb.DuckDBPyConnection, keys: Iterable[str]) -> int:
    """Mark the open rejects among `keys` resolved; return how many were open."""
    unique = sorted(set(keys))
    if not unique:
        return 0
    con.register("_resolve_keys", pa.table({"key": pa.array(unique, pa.string())}))
    try:
        return len(con.execute(load_sql("rejects_resolve")).fetchall())
    finally:
        con.unregister("_resolve_keys")


def open_rejects(con: duckdb.DuckDBPyConnection, stage: str | None = None) -> list[str]:
    """Keys of unresolved rejects (optionally of one stage), oldest first: retried next run."""
    return [row[0] for row in con.execute(load_sql("rejects_open"), {"stage": stage}).fetchall()]


def get_watermark(con: duckdb.DuckDBPyConnection, series: str) -> date | None:
    """The stored sync cursor of `series` (None before the first successful sync)."""
    row = con.execute(load_sql("watermark_get"), {"series": series}).fetchone()
    return row[0] if row else None


def set_watermark(con: duckdb.DuckDBPyConnection, series: str, value: date) -> None:
    """Store the sync cursor of `series`."""
    con.execute(load_sql("watermark_set"), {"series": series, "value": value})


def mark_interrupted(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Mark runs left 'running' by a dead process as failed; call only under the writer lock."""
    return [int(r[0]) for r in con.execute(load_sql("runs_mark_interrupted")).fetchall()]
