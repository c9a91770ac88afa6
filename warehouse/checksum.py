"""A checksum of the warehouse's content, to prove idempotency and crash safety."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from warehouse.db import load_sql


@dataclass(frozen=True, slots=True)
class ContentChecksum:
    """Row counts and one md5 over the content columns (load-time columns excluded)."""

    documents: int
    question_sets: int
    question_items: int
    checksum: str


def content_checksum(con: duckdb.DuckDBPyConnection, as_of: date, origin: str = "") -> ContentChecksum:
    """Checksum of `documents`, `question_sets` with status as of `as_of`, `question_items`.

    `origin` (such as a replay server's ``http://127.0.0.1:PORT``) is cut out of the documents' text
    first, so two runs against servers on different ports can be compared.
    """
    row = con.execute(load_sql("content_checksum"), {"as_of": as_of, "origin": origin}).fetchone()
    assert row is not None
    return ContentChecksum(*row)
