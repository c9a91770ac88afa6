"""Read access for analysts and read-only commands (never takes the writer lock)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from warehouse.db import connect, load_sql


def snapshot_path(db: str | Path) -> Path:
    """`data/kamervragen.duckdb` → `data/kamervragen.read.duckdb`."""
    p = Path(db)
    return p.with_name(f"{p.stem}.read{p.suffix or '.duckdb'}")


def open_read(db: str | Path) -> duckdb.DuckDBPyConnection:
    """The read-only snapshot of `db` when one exists, else `db` itself, read-only."""
    snap = snapshot_path(db)
    return connect(snap if snap.exists() else db, read_only=True)


def status_rows(
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    statuses: list[str] | None = None,
    ministry: str | None = None,
) -> tuple[list[str], list[tuple]]:
    """Column names and rows of the status list."""
    cur = con.execute(
        load_sql("status_list"),
        {"as_of": as_of, "statuses": statuses, "ministry": ministry},
    )
    names = [d[0] for d in cur.description]
    return names, cur.fetchall()


def show_set(con: duckdb.DuckDBPyConnection, vraagnummer: str) -> tuple[dict | None, list[dict]]:
    """One set (as a dict) and its documents."""
    cur = con.execute(load_sql("show_set"), {"vraagnummer": vraagnummer})
    names = [d[0] for d in cur.description]
    row = cur.fetchone()
    cur = con.execute(load_sql("show_documents"), {"vraagnummer": vraagnummer})
    dnames = [d[0] for d in cur.description]
    docs = [dict(zip(dnames, r, strict=True)) for r in cur.fetchall()]
    return (dict(zip(names, row, strict=True)) if row else None), docs
