"""One line on how far the Tweede Kamer's records reach, for `status`, `doctor` and the run summaries."""

from __future__ import annotations

from typing import Any


def coverage_line(cov: dict[str, Any] | None) -> str | None:
    """"records of the Tweede Kamer: synced from 2026-09-07; full history 43 % done (…)", or None when
    the records were never synced (or the database predates them)."""
    if not cov or not cov.get("synced"):
        return None
    if cov.get("history_complete"):
        return "records of the Tweede Kamer: complete (synced from the start of the feed)"
    since = str(cov.get("synced_from") or "")[:10]
    share = float(cov.get("history_share") or 0.0)
    return (f"records of the Tweede Kamer: synced from {since}; full history {share:.0%} done "
            "(sets that started before it show as not yet synced; `kamervragen tk-sync --full` reads the rest)")
