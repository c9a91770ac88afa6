"""Prefect flow `tk-history`: the Tweede Kamer's records, head and full history (`pipeline.tk_sync`).

A first ingest with a horizon reads only the TK records changed since shortly before it; this flow reads
the rest (resumable by skiptoken: a killed run continues where it stopped), then keeps the head current.
Once the history is complete a run costs one request per category.
"""

from __future__ import annotations

from prefect import flow

from pipeline.tk_sync import HistoryProgress, run_tk_sync

EVERY_PAGES = 100  # a log line every so many history pages


def log_progress(p: HistoryProgress) -> None:
    """One log line every EVERY_PAGES pages and at the end."""
    if p.pages % EVERY_PAGES == 0 or p.share >= 1.0:
        left = f", about {p.seconds_left / 60:.0f} min left" if p.seconds_left is not None else ""
        print(f"TK history: {p.category}, {p.pages:,} pages, {p.entries:,} entries, {p.share:.0%} done{left}")


@flow(name="tk-history", log_prints=True)
def tk_history(db: str | None = None, tk_url: str | None = None) -> dict:
    """Read the Tweede Kamer's records in full (the history before a bounded first sync), then cross-check
    the sets. Fails (so the run shows Failed) when the feed cannot be read; what was read stays."""
    summary = run_tk_sync(db, tk_url, full=True, progress=log_progress)
    cov = summary.get("coverage") or {}
    print(f"TK sync {summary['outcome']}: history {cov.get('history_share', 0):.0%} done"
          + (f": {summary['message']}" if summary.get("message") else ""))
    if summary["outcome"] != "success":
        raise RuntimeError(summary.get("message") or "the Tweede Kamer sync failed")
    return summary
