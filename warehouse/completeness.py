"""How complete the question sets are: dates, status, parties and ministries (the fair-use bench's
"every set dated, with status, parties and ministries", issue 14)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import duckdb

from warehouse.db import load_sql


class Completeness(NamedTuple):
    """One chamber's sets: how many lack each fact, how many lack any, and how many took their parties,
    ministries and submitted date from the Tweede Kamer's records (a set no publication dates takes
    the case's gestartOp: migration 011)."""

    chamber: str
    sets: int
    no_date: int
    no_status: int
    no_parties: int
    no_ministries: int
    lacking_any: int
    parties_from_tk: int
    ministries_from_tk: int
    date_from_tk: int


def set_completeness(con: duckdb.DuckDBPyConnection, as_of: date) -> dict[str, Completeness]:
    """chamber → `Completeness` of its question sets, the status taken as of `as_of`."""
    rows = con.execute(load_sql("sets_completeness"), {"as_of": as_of}).fetchall()
    return {row[0]: Completeness(*row) for row in rows}


def window_facts(con: duckdb.DuckDBPyConnection, since: date) -> dict[str, int]:
    """What issue 20's first run asks of a window (window_facts.sql): the TK sets submitted from `since`
    on, those without a TK case, the texts still queued, the notices of unknown kind."""
    cur = con.execute(load_sql("window_facts"), {"since": since})
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchone(), strict=True))
