"""Answer times per group, open sets counted (censored), for `kamervragen stats` (and the MCP server).

The definitions are the table macros `answer_times_as_of`, `answer_time_curve` and `answer_time_stats`
(schemas/views/); this module only runs warehouse/sql/stats_by.sql.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from warehouse.db import load_sql

DIMENSIONS = ("all", "year", "ministry", "party", "member", "minister", "topic")
"""The groupings `stats --by` accepts (dimensions of the view set_groups)."""


def stats_by(con: duckdb.DuckDBPyConnection, by: str, as_of: date,
             since: date | None = None, until: date | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """(column names, rows): one row per group of `by`, as of `as_of`, over sets submitted in the window."""
    if by not in DIMENSIONS:
        raise ValueError(f"unknown grouping {by!r} (one of {', '.join(DIMENSIONS)})")
    cur = con.execute(load_sql("stats_by"), {"by": by, "as_of": as_of, "since": since, "until": until})
    names = [d[0] for d in cur.description]
    return names, cur.fetchall()
