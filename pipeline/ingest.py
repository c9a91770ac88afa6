"""The ingest engine, free of Prefect: SRU pages in, one DuckDB transaction per page out.

What is loaded and how (incremental):
- the two series (`questions`, `answers` = answers and notices) are read from SRU for a
  window on `dt.modified` (incremental; `dt.date` for backfills);
- the window starts at the series' watermark (the end of the last successful run) minus
  `overlap_days`, or 60 days back on a fresh database; `--since` overrides it;
- a record whose parsed metadata is unchanged (same `meta_sha256`) and whose text is
  already stored is skipped without further requests; otherwise its text manifestation
  (xml, else html, else pdf) is fetched (unless metadata-only), merged and upserted;
- anything that fails becomes a `rejects` row; rejected documents are looked up again by
  id at the start of the next run and resolved when they load.
The Prefect flow in `flows/ingest_flow.py` calls these functions as tasks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack, suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb

import config
from pipeline.both_hosts import HostCounts, TkThread, host_of
from pipeline.refresh import refresh
from schemas.clock import today_amsterdam
from schemas.document import Document, DocumentText, ParseError
from schemas.reject import Reject
from scrapers.batch_parse import parse_records
from scrapers.http_client import FetchError, HttpClient
from scrapers.merge import validate
from scrapers.settings import ClientSettings
from scrapers.sru_client import SruClient, SruPage
from scrapers.texts import combine, parse_text_bytes
from warehouse import backfill_state, runs
from warehouse.backfill_state import QueuedText
from warehouse.db import connect, describe_error, transaction
from warehouse.documents import get_text_docs, known_hashes
from warehouse.load import LoadBatch, load
from warehouse.lock import WriterLock
from warehouse.read import snapshot_path
from warehouse.snapshot import publish_snapshot

SERIES = ("questions", "answers")
FRESH_DAYS = 60


def is_transient(exc: BaseException) -> bool:
    """Whether a failed task is worth a Prefect retry: only what the HTTP client cannot retry, a DuckDB
    IO error (a lost file lock, a disk briefly unavailable). Never a `FetchError`: the client is the one
    retry layer for the network, so a page costs at most `KAMERVRAGEN_MAX_ATTEMPTS` requests."""
    return isinstance(exc, duckdb.IOException) and not isinstance(exc, FetchError)


def default_db() -> str:
    """`KAMERVRAGEN_DB` or `data/kamervragen.duckdb`."""
    return config.get("DB")


@dataclass(slots=True)
class IngestOptions:
    """What one ingest run reads and where it writes."""

    db: str = field(default_factory=default_db)
    sru_url: str | None = None
    since: date | None = None
    until: date | None = None
    metadata_only: bool = False
    overlap_days: int = field(
        default_factory=lambda: config.get("OVERLAP_DAYS")
    )
    date_index: str | None = None  # None: the incremental index (dt.modified)
    flow: str = "ingest"
    retry_rejects: bool = True
    tk_url: str | None = None  # the TK SyncFeed synced beside the SRU passes; None: not synced
    tk_full: bool = False  # also the TK history before a bounded start (a backfill)
    texts_per_run: int = field(default_factory=lambda: config.get("TEXTS_PER_RUN"))  # 0: no limit
    site_dir: str | None = field(default_factory=lambda: config.get("SITE_DIR"))  # rebuilt after success


def ingest_options(
    *,
    since: date | None = None,
    until: date | None = None,
    db: str | None = None,
    sru_url: str | None = None,
    metadata_only: bool = False,
    lookback_days: int | None = None,
    tk_url: str | None = None,
    site_dir: str | None = None,
    all_texts: bool = False,
) -> IngestOptions:
    """`IngestOptions` from the CLI's options or the flow's parameters.

    An unset `db` keeps the default (`KAMERVRAGEN_DB`). Without `since`, `lookback_days` (the
    nightly reconcile) starts the window that many days before today, whatever the watermark.
    `all_texts` fetches every queued text now (no `KAMERVRAGEN_TEXTS_PER_RUN` limit).
    """
    if since is None and lookback_days:
        since = today_amsterdam() - timedelta(days=lookback_days)
    options = IngestOptions(since=since, until=until, sru_url=sru_url, metadata_only=metadata_only,
                            tk_url=tk_url)
    if db:
        options.db = db
    if site_dir:
        options.site_dir = site_dir
    if all_texts:
        options.texts_per_run = 0
    return options


@dataclass(slots=True)
class RunStats:
    """Counts of one run (also written to `ingest_runs`)."""

    pages: int = 0
    records: int = 0
    skipped: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    resolved: int = 0
    requests: int = 0

    def add(self, other: RunStats) -> None:
        """Add another page's counts."""
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)


PageProgress = Callable[[str, SruPage, RunStats], None]
"""Called after each loaded page (its transaction committed) with the series, the page and the
page's counts; the CLI draws its progress bar with it."""


class Pipeline:
    """An open ingest: writer lock, DuckDB connection, HTTP and SRU clients, run record."""

    def __init__(self, options: IngestOptions, *, http: HttpClient | None = None):
        self.options = options
        self._stack = ExitStack()
        self.lock = self._stack.enter_context(WriterLock(options.db))
        self.con: duckdb.DuckDBPyConnection = connect(options.db)
        self._stack.callback(self.con.close)
        settings = ClientSettings.from_env()
        self.http = http or self._stack.enter_context(HttpClient(settings=settings))
        self.sru = SruClient(self.http, base_url=options.sru_url, settings=settings)
        runs.mark_interrupted(self.con)
        self.stats = RunStats()
        self.started = datetime.now(UTC)
        self.windows: dict[str, tuple[date | None, date]] = {}
        self.today = today_amsterdam()
        for series in SERIES:
            self.windows[series] = self._window(series)
        # rejects from earlier runs, retried at the end unless this run's windows met them
        self.open_rejects = [k for k in runs.open_rejects(self.con) if not k.startswith("http")]
        self.seen: set[str] = set()
        since = min((w[0] for w in self.windows.values() if w[0]), default=None)
        self.run_id = runs.start_run(
            self.con, options.flow, since, options.until or self.today
        )
        self.hosts = HostCounts(self.http)
        self.texts: dict[str, Any] = {}
        self._tk: TkThread | None = None
        self._tk_summary: dict | None = None  # the TK sync's summary, once settled

    def _window(self, series: str) -> tuple[date | None, date]:
        opts = self.options
        until = opts.until or self.today
        if opts.since is not None:
            return opts.since, until
        mark = runs.get_watermark(self.con, series)
        if mark is None:
            return self.today - timedelta(days=FRESH_DAYS), until
        return mark - timedelta(days=opts.overlap_days), until

    def query(self, series: str) -> str:
        """The CQL for one series and its window."""
        since, until = self.windows[series]
        index = self.options.date_index or self.sru.settings.incremental_date_index
        return self.sru.build_query(series, since, until, index=index)

    def fetch_page(self, query: str, start: int) -> SruPage:
        """One SRU page (HTTP retries inside the client)."""
        return self.sru.fetch_page(query, start)

    def pages(self, series: str, fetch: Callable[[str, int], SruPage] | None = None) -> Iterator[SruPage]:
        """Every page of one series' window, through the one paging loop (`SruClient.iter_pages`);
        `fetch(query, start)` replaces the plain page request (the flow's retried task)."""
        yield from self.sru.iter_pages(self.query(series), fetch)

    def load_page(self, page: SruPage) -> RunStats:
        """Parse and load one page's metadata in one transaction, queueing the texts to fetch (the text
        pass, `load_texts`, fetches them)."""
        return self.write_page(queue_texts(self, parse_batch(page.records, page.url)))

    def start_tk(self) -> None:
        """Start paging the TK SyncFeed in a thread on its own cursor, beside the SRU passes (no-op
        without `tk_url`); `finish` waits for it and re-derives the touched sets."""
        if self.options.tk_url and self._tk is None:
            since = min((w[0] for w in self.windows.values() if w[0]), default=None)
            self._tk = TkThread(self.con, self.http, self.options.tk_url, since, full=self.options.tk_full)

    def load_texts(self) -> RunStats:
        """The text pass: queued texts, those a status depends on first, then at most
        `texts_per_run` others (newest first); the rest stay queued for the next run."""
        if self.options.metadata_only:
            return RunStats()
        from pipeline.backfill import Backfill  # backfill builds on this module

        if self.options.tk_url and not self.options.tk_full:
            # the TK's facts first (a set the publications do not date takes gestartOp), so the queue's
            # order sees which statuses still depend on a text; the head is minutes at most, a history not
            self.settle_tk()
        limit = self.options.texts_per_run or None
        bf = Backfill.text_pass(self, limit=limit)
        stats = bf.load_texts()
        self.texts = {"texts_loaded": bf.stats.texts_loaded, "texts_failed": bf.stats.texts_failed,
                      "texts_queued": bf.stats.texts_pending, "texts_per_run": limit}
        return stats

    def write_page(self, fetched: FetchedTexts) -> RunStats:
        """The last step of one page (`write_batch`); the run's counts add the page's."""
        stats = write_batch(self, fetched)
        stats.pages = 1
        self.stats.add(stats)
        return stats

    def retry_rejects(self) -> RunStats:
        """Look rejected documents up by id again and load them (resolved when they do)."""
        total = RunStats()
        keys = [k for k in self.open_rejects if k not in self.seen][:config.get("MAX_REJECT_LOOKUPS")]
        records = []
        for key in keys:  # one small query per id: rejects are few, and `or` is not needed
            records.extend(self.sru.iter_records(self.sru.query_for_id(key)))
        if records:
            total.add(load_records(self, records, source="rejects"))
        self.stats.add(total)
        return total

    def finish(self, outcome: str = "success", message: str | None = None) -> dict:
        """Record the run (and, on success, the watermarks); return the summary."""
        tk_summary = self.settle_tk() if outcome == "success" and self.options.tk_url else None
        self._stop_tk()
        verdicts = None
        if outcome == "success":
            with transaction(self.con):
                verdicts = backfill_state.note_verdicts(self.con, datetime.now(UTC))
        self.stats.requests = self.http.request_count
        if outcome == "success":
            for series, (_, until) in self.windows.items():
                if self.options.date_index is None:
                    runs.set_watermark(self.con, series, until)
        runs.finish_run(self.con, self.run_id, outcome=outcome, message=message,
                        **_run_counts(self.stats))
        summary = {"run_id": self.run_id, "outcome": outcome, **asdict(self.stats),
                   "windows": {s: [str(a), str(b)] for s, (a, b) in self.windows.items()}, **self.texts}
        if verdicts is not None:
            summary["verdicts_final_at"] = verdicts.final_at.isoformat() if verdicts.final_at else None
            summary["verdicts_pending"] = verdicts.sets
        by_host = self.hosts.counts()
        if by_host:
            summary["requests_by_host"] = by_host
        changed = self.stats.inserted + self.stats.updated + self.stats.rejected + self.stats.resolved
        if tk_summary is not None:
            summary["tk"] = tk_summary
            changed += tk_summary.get("kept", 0) + tk_summary.get("deleted", 0)
        if outcome == "success" and (changed or not snapshot_path(self.options.db).exists()):
            try:  # readers keep the previous snapshot when this fails
                publish_snapshot(self.con, self.options.db)
            except (duckdb.Error, OSError) as exc:
                summary["snapshot_error"] = describe_error(exc)
        if outcome == "success" and self.options.site_dir:
            from pipeline.site import rebuild_site

            summary["site"] = rebuild_site(self.con, self.options.site_dir)
        return summary

    def settle_tk(self) -> dict:
        """`_sync_tk` once: its summary is kept for `finish`."""
        if self._tk_summary is None:
            self._tk_summary = self._sync_tk()
        return self._tk_summary

    def _sync_tk(self) -> dict:
        """The Tweede Kamer's records (pipeline/tk_sync.py) in this run's lock: the pages read by the
        thread `start_tk` started (or now, when none was), then the touched sets re-derived on this
        connection. A failing feed is reported in the summary (`tk.outcome`), never fails the
        publications' run (the pages already written stay, their sets are re-derived next time)."""
        from pipeline.tk_sync import coverage_summary, rebuild_touched

        self.start_tk()
        assert self._tk is not None
        stats, error = self._tk.result()
        reach = coverage_summary(self.con)
        if error is not None:
            return {"outcome": "failed", "message": str(error), **reach}
        rebuild_touched(self.con, stats)
        tk_host = self.hosts.counts().get(host_of(self.options.tk_url or ""))
        if tk_host is not None:  # the TK's own requests (the SRU passes share the client)
            stats.requests = tk_host
        history = self._tk.history
        more = {"history": {k: getattr(history, k) for k in ("pages", "entries", "kept")}} if history else {}
        return {"outcome": "success", **asdict(stats), **more, **reach}

    def _stop_tk(self) -> None:
        """Stop the TK thread (after its request in hand) and wait for it."""
        if self._tk is not None:
            self._tk.stop()

    def close(self) -> None:
        """Stop the TK thread; release the connection, the client and the writer lock."""
        self._stop_tk()
        self._stack.close()

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc is not None:
            with suppress(Exception):  # the original error matters more
                self.finish("failed", describe_error(exc))
        self.close()


def _run_counts(stats: RunStats) -> dict[str, int]:
    return {k: getattr(stats, k) for k in (
        "pages", "records", "inserted", "updated", "unchanged", "rejected", "requests")}


@dataclass(slots=True)
class ParsedRecords:
    """SRU records parsed (pure): their documents by id, the records refused, the records skipped."""

    records: int
    metas: dict[str, Document]
    rejects: list[Reject]
    skipped: int


@dataclass(slots=True)
class FetchedTexts:
    """What loading `parsed` needs: the decision per document and the texts fetched for it."""

    parsed: ParsedRecords
    unchanged: int = 0
    need_text: dict[str, tuple[str, str]] = field(default_factory=dict)  # doc_id → (manifestation, url)
    metadata_alone: list[str] = field(default_factory=list)
    texts: dict[str, DocumentText] = field(default_factory=dict)
    stored_texts: dict[str, Document] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)  # doc_ids whose text is queued, not fetched


def parse_batch(records: list, source: str) -> ParsedRecords:
    """Step 1 (pure, no IO): records → documents; a page may repeat an id: the last one wins."""
    docs, rejects, skipped = parse_records(records, source)
    return ParsedRecords(len(records), {doc.doc_id: doc for doc in docs}, rejects, skipped)


def queue_texts(p: Pipeline, parsed: ParsedRecords) -> FetchedTexts:
    """Step 2 of a page: which documents changed; their texts are queued (`write_batch` writes the queue
    with the page), not fetched: the text pass (`Pipeline.load_texts`) fetches them, those a status
    depends on first."""
    return fetch_texts(p, parsed, fetch=False)


def fetch_texts(p: Pipeline, parsed: ParsedRecords, *, fetch: bool = True) -> FetchedTexts:
    """Step 2 (network): which documents changed, and their texts fetched and parsed (`fetch`), else
    queued (`FetchedTexts.queued`)."""
    p.seen.update(parsed.metas)
    out = FetchedTexts(parsed)
    known = known_hashes(p.con, parsed.metas)
    out.stored_texts = get_text_docs(p.con, [i for i, k in known.items() if k.has_text])
    for doc_id, meta in parsed.metas.items():
        listed = refresh(meta, known.get(doc_id))
        if listed.up_to_date or (listed.same_meta and p.options.metadata_only):
            out.unchanged += 1
            continue
        choice = None if p.options.metadata_only else listed.text
        if choice is not None:
            out.need_text[doc_id] = choice
        else:
            out.metadata_alone.append(doc_id)
    if not fetch:
        out.queued = list(out.need_text)
        return out
    by_url = {url: doc_id for doc_id, (_, url) in out.need_text.items()}
    for url, result in p.http.fetch_many(list(by_url)):
        doc_id = by_url[url]
        manifestation = out.need_text[doc_id][0]
        if isinstance(result, FetchError):
            out.rejects.append(Reject(doc_id, "fetch_text", str(result), url))
            continue
        try:
            text = parse_text_bytes(parsed.metas[doc_id], manifestation, url, result)
            out.texts[doc_id] = DocumentText(doc_id, manifestation, url, text)
        except ParseError as exc:
            out.rejects.append(Reject(doc_id, "parse_text", exc.reason, result[:300].decode("utf-8", "replace")))
    return out


def write_batch(p: Pipeline, fetched: FetchedTexts) -> RunStats:
    """Step 3: merge metadata and texts, then the one load transaction (`warehouse.load`)."""
    parsed = fetched.parsed
    stats = RunStats(records=parsed.records, skipped=parsed.skipped, unchanged=fetched.unchanged)
    rejects = [*parsed.rejects, *fetched.rejects]
    final: dict[str, Document] = {i: parsed.metas[i] for i in fetched.metadata_alone}
    meta_hashes = {}
    for doc_id, meta in parsed.metas.items():
        if meta.content_sha256 is None:
            meta.seal()
        meta_hashes[doc_id] = meta.content_sha256
        if doc_id in fetched.need_text and doc_id not in fetched.texts:
            text = fetched.stored_texts.get(doc_id)  # keep an earlier text when a refetch failed
        elif doc_id in fetched.texts:
            text = fetched.texts[doc_id].doc
        elif doc_id in final:
            text = fetched.stored_texts.get(doc_id)
        else:
            continue
        try:
            # metadata alone: the record was sealed when parsed, so only validate (no re-hash)
            final[doc_id] = validate(meta) if text is None else combine(meta, text)
        except ParseError as exc:
            final.pop(doc_id, None)
            rejects.append(Reject(doc_id, "validate", exc.reason))
    queue = []
    for doc_id in fetched.queued:  # the text pass reads a row's metadata back when it is stored alone
        manifestation, url = fetched.need_text[doc_id]
        alone = doc_id in final and fetched.stored_texts.get(doc_id) is None
        meta_json = None if alone else json.dumps(parsed.metas[doc_id].to_dict(), ensure_ascii=False)
        queue.append(QueuedText(doc_id, manifestation, url, meta_hashes[doc_id], meta_json))
    batch = LoadBatch(documents=final, meta_hashes=meta_hashes, texts=list(fetched.texts.values()),
                      rejects=rejects, resolve=list(final), sets="rebuild", queue=queue)
    counts = load(p.con, batch, datetime.now(UTC))
    stats.inserted, stats.updated, stats.resolved = counts.inserted, counts.updated, counts.resolved
    stats.unchanged += counts.unchanged
    stats.rejected = len(rejects)
    return stats


def load_records(p: Pipeline, records: list, *, source: str) -> RunStats:
    """The heart of ingest: records → documents (with texts) → one transaction (the three steps)."""
    return write_batch(p, fetch_texts(p, parse_batch(records, source)))


def run_ingest(options: IngestOptions, *, http: HttpClient | None = None,
               on_page: PageProgress | None = None) -> dict:
    """Run a whole ingest without Prefect (tests, benchmarks); the flow mirrors this: the TK sync pages
    in a thread while the SRU pages load (metadata, texts queued), then the text pass, then `finish`."""
    with Pipeline(options, http=http) as p:
        p.start_tk()  # the TK SyncFeed pages beside the SRU passes
        for series in SERIES:
            for page in p.pages(series):
                stats = p.load_page(page)
                if on_page:
                    on_page(series, page, stats)
        if options.retry_rejects:
            p.retry_rejects()
        p.load_texts()
        return p.finish()


SUMMARY_KEYS = ("outcome", "pages", "records", "inserted", "updated", "unchanged", "rejected", "resolved",
                "skipped", "requests")


def summary_markdown(summary: dict) -> str:
    """The run summary as markdown: the windows per series and a table of the counts."""
    rows = "\n".join(f"| {k} | {summary[k]} |" for k in SUMMARY_KEYS)
    windows = ", ".join(f"{s}: {a} → {b}" for s, (a, b) in summary["windows"].items())
    text = f"## Ingest run {summary['run_id']}\n\nWindows: {windows}\n\n| count | value |\n|---|---|\n{rows}\n"
    site = summary.get("site")
    if site:
        text += (f"\nSite ({site['out']}): {site['outcome']}, {site.get('written', 0)} of {site.get('files', 0)} "
                 f"files written" + (f": {site['message']}" if site.get("message") else "") + "\n")
    return text
