"""Exporting every table and view of the warehouse to Parquet or CSV, one file each.

Files are named after the object (`questions.parquet`, `timeliness_by_ministry.csv`, …) and
written to a temporary name first, then renamed, so a reader never sees half a file. Parquet
keeps DuckDB's types (LIST, STRUCT and MAP columns included); CSV has a header row, and its
nested columns (lists, records, maps) are written as JSON text. Views are evaluated at export
time (`questions` and the timeliness views: status as of today, Europe/Amsterdam).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.db import load_sql

FORMATS = ("parquet", "csv")
_COPY_OPTIONS = {
    "parquet": "FORMAT parquet, COMPRESSION zstd",
    "csv": "FORMAT csv, HEADER true",
}
_NESTED_MARKERS = ("[]", "STRUCT(", "MAP(", "UNION(")


@dataclass(frozen=True, slots=True)
class Exported:
    """One written file."""

    name: str
    kind: str  # table or view
    rows: int
    path: Path


def exportable_objects(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, kind) of every table and view of the open database's main schema, by name."""
    return [(str(n), str(k)) for n, k in con.execute(load_sql("export_objects")).fetchall()]


def export_all(con: duckdb.DuckDBPyConnection, out_dir: str | Path, fmt: str = "parquet") -> list[Exported]:
    """Write every table and view to `out_dir/<name>.<fmt>`; return what was written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return [_export_one(con, name, kind, folder, fmt) for name, kind in exportable_objects(con)]


def _export_one(con: duckdb.DuckDBPyConnection, name: str, kind: str, folder: Path, fmt: str) -> Exported:
    target = folder / f"{name}.{fmt}"
    tmp = folder / f".{name}.{fmt}.{os.getpid()}.tmp"
    select = f"SELECT {_columns(con, name, fmt)} FROM {_identifier(name)}"
    try:
        row = con.execute(f"COPY ({select}) TO {_literal(tmp)} ({_COPY_OPTIONS[fmt]})").fetchone()
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return Exported(name, kind, int(row[0]) if row else 0, target)


def _columns(con: duckdb.DuckDBPyConnection, name: str, fmt: str) -> str:
    """The select list: every column; for CSV, nested ones as JSON text."""
    if fmt != "csv":
        return "*"
    described = con.execute(f"DESCRIBE {_identifier(name)}").fetchall()
    parts = []
    for column, column_type, *_ in described:
        ident = _identifier(str(column))
        if any(marker in str(column_type) for marker in _NESTED_MARKERS):
            parts.append(f"CAST(to_json({ident}) AS VARCHAR) AS {ident}")
        else:
            parts.append(ident)
    return ", ".join(parts)


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
