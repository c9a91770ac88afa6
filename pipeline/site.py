"""Rebuild the static site (publish/) after an ingest, so subscribers see a change within the hour.

The build is incremental (only pages whose inputs changed are written), so it runs after every
successful run, changed or not: statuses move with the calendar too (a set becomes overdue on the
day after its due date without any new document). A failing build is reported, never fails the run.
"""

from __future__ import annotations

from typing import Any

import duckdb

import config
from publish.build import build_site
from schemas.clock import today_amsterdam
from warehouse.db import describe_error
from warehouse.site_read import read_site_data


def rebuild_site(con: duckdb.DuckDBPyConnection, out: str, *, search: bool = True) -> dict[str, Any]:
    """Build the site from `con` into `out` as of today (Europe/Amsterdam); a summary with `outcome`."""
    try:
        data = read_site_data(con, today_amsterdam(), stream=True)
        result = build_site(data, out, search=search, base_url=config.get("SITE_URL"))
    except Exception as exc:  # any failure of the build (a template, Pagefind, the disk) is reported in
        # the run's summary: the run itself is already recorded and must not be failed afterwards
        return {"outcome": "failed", "out": out, "message": describe_error(exc)}
    return {"outcome": "success", "out": str(result.out), "files": result.pages, "written": result.written,
            "unchanged": result.unchanged, "removed": result.removed, "search_indexed": result.search_indexed}
