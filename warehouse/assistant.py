"""What the MCP server (mcpserver/) reads: searches, one set, overdue sets, disagreements, freshness.

Every statement is a file `warehouse/sql/assistant_*.sql`; the answer times are `warehouse.stats`.
Each query runs under `deadline`: one that takes longer is interrupted and refused (`QueryTooLong`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import duckdb

from warehouse.db import load_sql

DISAGREEMENT_KINDS = ("submitted_on_differs", "only_in_publications", "only_in_tk", "answer_only_in_tk",
                      "answer_only_in_publications", "answered_on_differs", "notice_only_in_tk",
                      "notice_only_in_publications", "notice_count_differs", "done_in_tk_but_open")
"""The kinds of `source_disagreements` (warehouse/sql/tk_crosscheck.sql; docs/tk-source.md#cross-check)."""


class QueryTooLong(Exception):
    """A query ran longer than its deadline and was interrupted."""


@contextmanager
def deadline(con: duckdb.DuckDBPyConnection, seconds: float) -> Iterator[None]:
    """Interrupt the query running on `con` after `seconds` (a timer calls `con.interrupt()`); an
    interrupted query raises `QueryTooLong`."""
    timer = threading.Timer(seconds, con.interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    except duckdb.InterruptException as exc:
        raise QueryTooLong(f"the query ran longer than {seconds:g} seconds") from exc
    finally:
        timer.cancel()


def _dicts(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cur = con.execute(load_sql(name), params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def search(con: duckdb.DuckDBPyConnection, words: list[str], as_of: date, *, status: str | None = None,
           ministry: str | None = None, party: str | None = None, since: date | None = None,
           until: date | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Sets whose title or question texts contain every one of `words` (lower case), newest first; each
    row carries `total` (matches before the limit)."""
    return _dicts(con, "assistant_search", {
        "words": [w.lower() for w in words], "as_of": as_of, "status": status, "ministry": ministry,
        "party": party, "since": since, "until": until, "limit": limit})


def question_set(con: duckdb.DuckDBPyConnection, vraagnummer: str,
                 as_of: date) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """One set as of `as_of` (None when it did not exist then) and its documents received by then."""
    params = {"vraagnummer": vraagnummer, "as_of": as_of}
    rows = _dicts(con, "assistant_set", params)
    return (rows[0] if rows else None), _dicts(con, "assistant_documents", params)


def overdue(con: duckdb.DuckDBPyConnection, as_of: date, *, ministry: str | None = None,
            party: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """The sets overdue on `as_of`, most days overdue first (as `kamervragen status --status overdue`)."""
    return _dicts(con, "assistant_overdue", {"as_of": as_of, "ministry": ministry, "party": party,
                                             "limit": limit})


def disagreements(con: duckdb.DuckDBPyConnection, kind: str | None = None,
                  limit: int = 50) -> list[dict[str, Any]]:
    """The disagreements between the two sources in force, newest first."""
    return _dicts(con, "assistant_disagreements", {"kind": kind, "limit": limit})


def last_successful_ingest(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the last successful ingest run finished (None: never)."""
    row = con.execute(load_sql("assistant_freshness")).fetchone()
    return row[0] if row else None


def parties(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every party named on a set, as written."""
    return [r[0] for r in con.execute(load_sql("assistant_parties")).fetchall()]


def terms(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The terms in force, in days: `{"term_days": 21, "extension_days": 21}` (the settings)."""
    return _dicts(con, "site_terms", {})[0]
