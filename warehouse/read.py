"""Read access for analysts and read-only commands (never takes the writer lock)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from schemas.migrations import latest_version
from schemas.repeatable import is_current
from warehouse.db import connect, load_sql


def snapshot_path(db: str | Path) -> Path:
    """`data/kamervragen.duckdb` → `data/kamervragen.read.duckdb`."""
    p = Path(db)
    return p.with_name(f"{p.stem}.read{p.suffix or '.duckdb'}")


def open_read(db: str | Path) -> duckdb.DuckDBPyConnection:
    """The read-only snapshot of `db` when one exists, else `db` itself, read-only.

    A snapshot older than this code's schema or views (published before an upgrade) is passed over
    for the database itself when no writer holds that; otherwise it is still used (a query it cannot
    answer then says that the next writer upgrades it).
    """
    snap = snapshot_path(db)
    if not snap.exists():
        return connect(db, read_only=True)
    con = connect(snap, read_only=True)
    if (_schema_version(con) >= latest_version() and is_current(con)) or not Path(db).exists():
        return con
    try:
        fresh = connect(db, read_only=True)
    except duckdb.Error:  # a writer holds the database: the older snapshot is all there is
        return con
    con.close()
    return fresh


def warehouse_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """`{"sets": …, "documents": …}`: how many question sets and documents are stored."""
    row = con.execute(load_sql("warehouse_counts")).fetchone()
    assert row is not None
    return {"sets": int(row[0]), "documents": int(row[1])}


def _schema_version(con: duckdb.DuckDBPyConnection) -> int:
    try:
        row = con.execute(load_sql("schema_version")).fetchone()
    except duckdb.CatalogException:
        return 0
    return int(row[0]) if row and row[0] is not None else 0


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


def review_rows(con: duckdb.DuckDBPyConnection, open_only: bool = False) -> tuple[list[str], list[tuple]]:
    """Column names and rows of `kamervragen review`: the sets with review reasons today."""
    cur = con.execute(load_sql("review_list"), {"open_only": open_only})
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


def set_overrides(con: duckdb.DuckDBPyConnection, vraagnummer: str) -> list[dict]:
    """The overrides in force on a set (for `kamervragen show`); [] before schema version 4.

    Each: chamber, field, value (the override), source_value (what the sources say), reason,
    author, created_on, applied.
    """
    try:
        cur = con.execute(load_sql("show_overrides"), {"vraagnummer": vraagnummer})
    except duckdb.CatalogException:  # a database (or snapshot) from before the overrides table
        return []
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


TIMELINESS_VIEWS = ("timeliness_by_ministry", "timeliness_by_party", "timeliness_by_month")


def timeliness_rows(con: duckdb.DuckDBPyConnection, view: str) -> tuple[list[str], list[tuple]]:
    """Every row of one timeliness view (`TIMELINESS_VIEWS`): column names and rows."""
    if view not in TIMELINESS_VIEWS:
        raise ValueError(f"unknown timeliness view {view!r} ({', '.join(TIMELINESS_VIEWS)})")
    cur = con.execute(f"SELECT * FROM {view}")
    return [c[0] for c in cur.description], cur.fetchall()
