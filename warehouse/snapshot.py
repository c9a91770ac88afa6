"""The read-only snapshot analysts and read commands open: `<stem>.read.duckdb` beside the database.

DuckDB allows one read-write process per file and locks readers of other processes out while it
writes; a reader on the database itself would also lock the next ingest out. So after every
successful write the writer copies the whole database (tables, views, macros, sequences) into a
temporary file beside it and renames that over the snapshot (`os.replace`, atomic on POSIX): a
reader that holds the old snapshot open keeps reading it undisturbed, and its next connection sees
the new one. The snapshot is written in an older storage version (`SNAPSHOT_STORAGE_VERSION`) so
that the DuckDB command-line client and Python `duckdb` 1.5.x open it too (the 2.0 format is not
readable by DuckDB < 2.0). Its table `snapshot_info` says when and from what it was published.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from warehouse.db import load_sql
from warehouse.read import snapshot_path

SNAPSHOT_STORAGE_VERSION = "v1.5.0"
"""Storage version of the snapshot: readable by DuckDB 1.5.x (the CLI on PyPI is 1.5.6) and 2.x."""

_ALIAS = "kamervragen_snapshot"
_SOURCE_ALIAS = "kamervragen_source"


def publish_snapshot(
    con_or_db_path: duckdb.DuckDBPyConnection | str | Path, db_path: str | Path | None = None
) -> Path:
    """Write the snapshot of `db_path` atomically; return its path.

    `con_or_db_path` is the writer's open connection to `db_path` (call this after the run's last
    commit, outside a transaction), or the database's path when no connection is open (the file
    is then attached read-only, which fails while another process writes it). Raises
    `duckdb.Error` or `OSError` on failure; the previous snapshot then stays in place.
    """
    if isinstance(con_or_db_path, duckdb.DuckDBPyConnection):
        if db_path is None:
            raise ValueError("publish_snapshot(con, db_path): the database path is needed with a connection")
        return _publish(con_or_db_path, None, Path(db_path))
    source = Path(con_or_db_path)
    db = Path(db_path) if db_path is not None else source
    if not source.is_file():
        raise FileNotFoundError(f"warehouse database {source} does not exist")
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH {_literal(source)} AS {_SOURCE_ALIAS} (READ_ONLY)")
        return _publish(con, _SOURCE_ALIAS, db)
    finally:
        con.close()


def _publish(con: duckdb.DuckDBPyConnection, catalog: str | None, db: Path) -> Path:
    target = snapshot_path(db)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    if catalog is None:
        row = con.execute("SELECT current_database()").fetchone()
        assert row is not None
        catalog = str(row[0])
    attached = False
    try:
        con.execute(
            f"ATTACH {_literal(tmp)} AS {_ALIAS} (STORAGE_VERSION '{SNAPSHOT_STORAGE_VERSION}')"
        )
        attached = True
        con.execute(f"COPY FROM DATABASE {_identifier(catalog)} TO {_ALIAS}")
        con.execute(f"USE {_ALIAS}")
        try:
            con.execute(
                load_sql("snapshot_info"),
                {
                    "published_at": datetime.now(UTC),
                    "source_db": str(db.resolve()),
                    "writer": f"duckdb {duckdb.__version__}",
                    "storage_version": SNAPSHOT_STORAGE_VERSION,
                },
            )
        finally:
            con.execute(f"USE {_identifier(catalog)}")
        con.execute(f"DETACH {_ALIAS}")  # checkpoints: the file is complete, no WAL left
        attached = False
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    finally:
        if attached:
            with contextlib.suppress(duckdb.Error):
                con.execute(f"DETACH {_ALIAS}")
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return target


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a directory be opened
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
