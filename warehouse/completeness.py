"""How complete the question sets are: dates, status, parties and ministries (the fair-use bench's
"every set dated, with status, parties and ministries", issue 14)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import duckdb

from warehouse.db import load_sql


class Completeness(NamedTuple):
    """One chamber's sets: how many lack each fact, how many lack any, how many took their parties /
    ministries from the Tweede Kamer's records, and how many lack a date the Tweede Kamer gives
    (`tk_submitted_on`: it does not fill `submitted_on`, so such a set has no status either)."""

    chamber: str
    sets: int
    no_date: int
    no_status: int
    no_parties: int
    no_ministries: int
    lacking_any: int
    parties_from_tk: int
    ministries_from_tk: int
    no_date_but_tk_date: int


def set_completeness(con: duckdb.DuckDBPyConnection, as_of: date) -> dict[str, Completeness]:
    """chamber → `Completeness` of its question sets, the status taken as of `as_of`."""
    rows = con.execute(load_sql("sets_completeness"), {"as_of": as_of}).fetchall()
    return {row[0]: Completeness(*row) for row in rows}
