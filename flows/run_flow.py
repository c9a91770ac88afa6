"""Starting flows from the CLI (this is where Prefect gets imported)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date


def run_ingest_flow(
    *,
    since: date | None,
    until: date | None,
    db: str,
    sru_url: str | None,
    metadata_only: bool,
    progress: Callable | None = None,
) -> dict:
    """Run the `ingest` flow in this process and return its summary."""
    from flows.ingest_flow import ingest, set_progress_callback

    set_progress_callback(progress)
    try:
        return ingest(since=since, until=until, db=db, sru_url=sru_url,
                      metadata_only=metadata_only)
    finally:
        set_progress_callback(None)
