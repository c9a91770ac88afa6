"""Prefect flow `backfill`: thin wiring of `pipeline.backfill` into one task per phase.

A phase task (plan the windows, load the metadata, load the texts) runs the Prefect-free engine,
which keeps its own bounded concurrency and writes DuckDB from the task's thread only; tasks per
window or per page would put DuckDB writes on Prefect's worker threads (and cost ≈10 ms each).
A summary is printed and published as a markdown artifact. `progress` (the CLI's bars) is for
in-process callers: it is left out of the deployment's parameter schema, and the flow run's
stored parameters hold only Prefect's placeholder for it (`"<BackfillBar>"`).
"""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from pydantic.json_schema import SkipJsonSchema

from pipeline.backfill import Backfill, Progress, Window, backfill_options, summary_markdown
from pipeline.ingest import RunStats
from pipeline.tk_sync import tk_url_for_ingest


@task(name="plan-windows", cache_policy=NO_CACHE)
def plan_windows(bf: Backfill) -> list[Window]:
    """Count and split the history into windows (finished windows left out)."""
    return bf.plan()


@task(name="load-metadata", cache_policy=NO_CACHE)
def load_metadata(bf: Backfill, windows: list[Window]) -> RunStats:
    """Fetch and load every window's SRU pages (the metadata pass)."""
    return bf.load_metadata(windows)


@task(name="load-texts", cache_policy=NO_CACHE)
def load_texts(bf: Backfill) -> RunStats:
    """Fetch, parse and load the queued texts (the text pass)."""
    return bf.load_texts()


@flow(name="backfill", log_prints=True)
def backfill(
    since: date,
    until: date | None = None,
    db: str | None = None,
    sru_url: str | None = None,
    metadata_only: bool = False,
    max_window: int | None = None,
    restart: bool = False,
    tk_url: str | None = None,
    no_tk: bool = False,
    progress: SkipJsonSchema[Progress | None] = None,
) -> dict:
    """Load the full history `since` → `until` (default today) into the DuckDB warehouse.

    Resumes where a killed backfill stopped (finished windows are not fetched again); `restart`
    forgets the finished windows of the range first. `metadata_only` skips the text pass (a
    later run without it fetches the queued texts). `progress` is told what happens (in-process
    callers only, e.g. the CLI's progress bars). The Tweede Kamer's records are synced in full beside
    the SRU passes (`tk_url`, else the live SyncFeed when the publications come from the live SRU
    service; never with `no_tk`).
    """
    options = backfill_options(since=since, until=until, db=db, sru_url=sru_url, metadata_only=metadata_only,
                               max_window=max_window, restart=restart,
                               tk_url=tk_url_for_ingest(sru_url, tk_url, no_tk))
    with Backfill(options, progress=progress) as bf:
        bf.p.start_tk()  # head and history, in a thread beside the SRU passes
        windows = plan_windows(bf)
        load_metadata(bf, windows)
        if not metadata_only:
            load_texts(bf)
        summary = bf.finish()
    text = summary_markdown(summary)
    print(text)
    create_markdown_artifact(markdown=text, key="backfill-summary", description="Backfill run counts")
    return summary

