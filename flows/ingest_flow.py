"""Prefect flow `ingest`: thin wiring of `pipeline.ingest` into page-sized tasks.

The TK SyncFeed pages in a thread beside the SRU passes (`Pipeline.start_tk`). Per page, network IO
and parsing are separate tasks: fetch the SRU page (retried only for transient network errors: the
HTTP client has already retried inside), parse it (pure), load its metadata (one DuckDB transaction,
which queues the texts of the changed documents). Then one task fetches the queued texts, those a
status depends on first (`Pipeline.load_texts`). A summary is
printed and published as a markdown artifact. `progress` (the CLI's progress bar, a callable) is
for in-process callers: it is left out of the deployment's parameter schema, and Prefect stores
no more of it than the JSON encoding of a function (`{}`).
"""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from pydantic.json_schema import SkipJsonSchema

from pipeline.ingest import (
    SERIES,
    FetchedTexts,
    IngestOptions,
    PageProgress,
    ParsedRecords,
    Pipeline,
    RunStats,
    SruPage,
    ingest_options,
    is_transient,
    parse_batch,
    queue_texts,
    summary_markdown,
)
from pipeline.tk_sync import tk_url_for_ingest


def _transient(task, task_run, state) -> bool:
    """Retry a task only for network trouble, never for diagnostics or bad data."""
    try:
        state.result()
    except Exception as exc:
        return is_transient(exc)
    return False


@task(name="fetch-sru-page", retries=2, retry_delay_seconds=10, retry_condition_fn=_transient,
      cache_policy=NO_CACHE)
def fetch_page(p: Pipeline, query: str, start: int) -> SruPage:
    """One SRU page."""
    return p.fetch_page(query, start)


@task(name="parse-page", cache_policy=NO_CACHE)
def parse_page(page: SruPage) -> ParsedRecords:
    """The page's records → documents and rejects (pure)."""
    return parse_batch(page.records, page.url)


@task(name="load-page", cache_policy=NO_CACHE)
def load_page(p: Pipeline, parsed: ParsedRecords) -> RunStats:
    """One transaction: documents (metadata, with a stored text when there is one), rejects, question
    sets, and the texts to fetch queued."""
    fetched: FetchedTexts = queue_texts(p, parsed)
    return p.write_page(fetched)


@task(name="load-texts", cache_policy=NO_CACHE)
def load_texts(p: Pipeline) -> RunStats:
    """The queued texts: those a status depends on, then at most `KAMERVRAGEN_TEXTS_PER_RUN` others."""
    return p.load_texts()


@task(name="retry-rejects", cache_policy=NO_CACHE)
def retry_rejects(p: Pipeline) -> RunStats:
    """Look rejected documents up again."""
    return p.retry_rejects()


def run_pipeline(options: IngestOptions, progress: PageProgress | None = None) -> dict:
    """Run the ingest with page tasks (inside a flow); mirrors `pipeline.ingest.run_ingest`."""
    with Pipeline(options) as p:
        p.start_tk()  # the TK SyncFeed pages beside the SRU passes
        for series in SERIES:
            # the one paging loop (a capped page size included), each page a retried task
            for page in p.pages(series, lambda query, start: fetch_page(p, query, start)):
                stats = load_page(p, parse_page(page))
                if progress:
                    progress(series, page, stats)
        if options.retry_rejects:
            retry_rejects(p)
        load_texts(p)
        return p.finish()


@flow(name="ingest", log_prints=True)
def ingest(
    since: date | None = None,
    until: date | None = None,
    db: str | None = None,
    sru_url: str | None = None,
    metadata_only: bool = False,
    lookback_days: int | None = None,
    tk_url: str | None = None,
    no_tk: bool = False,
    site_dir: str | None = None,
    all_texts: bool = False,
    progress: SkipJsonSchema[PageProgress | None] = None,
) -> dict:
    """Fetch new and changed questions, answers and notices into the DuckDB warehouse.

    Without `since` it continues from each series' watermark (minus the overlap), or the
    last 60 days on a fresh database. `lookback_days` (the nightly reconcile) re-reads the
    last N days of changes regardless of the watermark. `progress` is called after each loaded
    page (in-process callers only, e.g. the CLI's progress bar). After a successful run the
    Tweede Kamer's records are synced (`tk_url`, else the live SyncFeed when the publications come
    from the live SRU service; never with `no_tk`), then the static site is rebuilt into `site_dir`
    (else KAMERVRAGEN_SITE_DIR; none when neither is set). Texts that decide no verdict beyond
    KAMERVRAGEN_TEXTS_PER_RUN stay queued for the next run; `all_texts` fetches every queued text.
    """
    options = ingest_options(since=since, until=until, db=db, sru_url=sru_url, metadata_only=metadata_only,
                             lookback_days=lookback_days, tk_url=tk_url_for_ingest(sru_url, tk_url, no_tk),
                             site_dir=site_dir, all_texts=all_texts)
    summary = run_pipeline(options, progress=progress)
    text = summary_markdown(summary)
    print(text)
    create_markdown_artifact(markdown=text, key="ingest-summary", description="Ingest run counts")
    return summary

