"""Loading documents into a database kept at an older schema version (upgrade tests).

Today's loader writes every column of today's `documents` table; an older database lacks some.
The documents are loaded with today's code into a scratch database of the current version, then
copied with the older table's columns, as that version's loader would have written them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import duckdb

from schemas.document import Document
from warehouse.db import connect, transaction
from warehouse.documents import upsert_documents


def upsert_at_old_version(
    con: duckdb.DuckDBPyConnection, docs: Sequence[Document], fetched_at: datetime, scratch: Path
) -> str:
    """Insert `docs` into `con`'s (older) `documents`; returns the copied column list (SQL)."""
    current = connect(scratch)
    with transaction(current):
        upsert_documents(current, docs, fetched_at)
    current.close()
    columns = ", ".join(f'"{r[0]}"' for r in con.execute("DESCRIBE documents").fetchall())
    con.execute(f"ATTACH '{scratch}' AS _current (READ_ONLY)")
    try:
        con.execute(f"INSERT INTO documents SELECT {columns} FROM _current.documents")
    finally:
        con.execute("DETACH _current")
    return columns
