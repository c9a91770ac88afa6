"""Full-history backfill, free of Prefect: adaptive date windows, metadata first, texts second.

How it works (`run_backfill`, or the phases one by one as the `backfill` flow does):

1. **Plan.** Each series' history `[since, until]` on the publication-date index
   (`settings.backfill_date_index`, `dt.date`) is cut into windows holding at most
   `max_window` records: a window is counted (`maximumRecords=0`) and, when too big, split in
   halves, at a year boundary when one lies in its middle half (else a month boundary, else the
   middle day); the right half's count is the parent's minus the left's, so a split costs one
   request. A small year is never cut; a single day is never split. Ranges already covered by
   finished windows (`backfill_windows`) are left out: a killed backfill resumes there.
2. **Metadata pass.** Up to `concurrency` windows are fetched at once, page by page (following
   `nextRecordPosition` and the number of records actually returned); responses are parsed into
   `Document`s in `parse_workers` worker processes (the same parsers as `ingest`; inline for a
   small pass, where starting them would cost more than they save). DuckDB
   writes stay in the calling thread: parsed pages are loaded in batches of about
   `batch_records` records, one transaction per batch (a window's last page is always the end
   of a batch, and the window's `backfill_windows` row is written in that transaction). A
   document whose parsed metadata is unchanged is not rewritten. A document that is new,
   changed, or has no stored text, and that lists a text manifestation, is queued in
   `backfill_texts`.
3. **Text pass** (skipped with `metadata_only`; a later run without it drains the queue):
   queued texts are read newest first (the document's date, then doc_id, by a keyset cursor: the
   current year is complete early; `texts_years_done` says when each year was), fetched
   concurrently (`KAMERVRAGEN_MAX_CONCURRENCY`), parsed and merged with their metadata in the
   worker processes, and loaded in batches of `text_batch`, one transaction each, which also
   removes them from the queue. Failures become `rejects`.
4. **Finish.** The run is recorded in `ingest_runs` (flow `backfill`); the incremental
   watermarks are set to the backfill's start date when a series has none yet.

Question sets: with `rebuild="end"` (the default) a batch only marks them stale (in its own
transaction) and every set is rebuilt once at the end of each pass (or when a killed backfill is
resumed), in chunks of sorted keys: less than half the cost of rebuilding each batch's sets, with
flat memory; `question_sets` lags behind `documents` while a pass runs. `rebuild="batch"` rebuilds
the batch's sets in each transaction instead.

The bookkeeping tables (`backfill_windows`, `backfill_texts`, `backfill_state`) are read and
written through `warehouse.backfill_state`: this module holds no SQL.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import duckdb
import pyarrow as pa

import config
from pipeline.ingest import SERIES, IngestOptions, Pipeline, RunStats, default_db, load_records
from pipeline.refresh import refresh
from schemas.clock import today_amsterdam
from schemas.document import Document, DocumentText, ParseError, document_from_dict
from schemas.reject import Reject
from scrapers.batch_parse import (
    ParsedPage,
    TextResult,
    limit_malloc_arenas,
    parse_sru_bytes,
    parse_text_jobs,
    trim_native_memory,
    worker_init,
    worker_ready,
)
from scrapers.http_client import FetchError, HttpClient
from scrapers.merge import validate
from scrapers.settings import ClientSettings
from scrapers.sru_client import paginate
from scrapers.texts import combine
from warehouse import backfill_state, runs
from warehouse.backfill_state import FIRST_TEXTS, UNDATED, FinishedWindow, QueuedText, TextCursor
from warehouse.db import checkpoint, transaction
from warehouse.documents import get_text_docs, known_hashes, stored_documents
from warehouse.load import LoadBatch, LoadCounts, SetsMode, load
from warehouse.questions import rebuild_question_sets

WORKERS_FROM_RECORDS = 20_000  # parse worker processes only for a metadata pass this big …
WORKERS_FROM_TEXTS = 1_000  # … or a text pass this big (starting them costs ≈1 s)
REBUILD_CHUNK = 10_000  # question sets per transaction of a deferred rebuild (2.9 s on 90,000 sets; 5,000: 4.5 s)
LAST_TIER = 3  # the queue's last tier: texts of no verdict and no open or late set
MIN_REBUILD_CHUNK = 50  # … halved down to this when a chunk runs out of DuckDB memory


def default_parse_workers() -> int:
    """Worker processes for parsing: none on 1-2 cores, else cores − 2 (at most 4).

    On 2 cores the loading thread, the fetch threads (which parse while DuckDB, releasing the
    GIL, writes) and the SRU server already share both cores. Measured there (146,607 records,
    metadata-only, repeated): no worker 5,090-5,340 docs/s in 332-354 MB; one worker (≈70 MB)
    5,430-5,700 docs/s in 327-349 + 68-72 MB, over the 400 MB budget. With a polite interval on
    the live service the pass is bound by requests, not parsing. More cores: workers pay.
    """
    cores = os.cpu_count() or 1
    return 0 if cores <= 2 else min(4, cores - 2)


@dataclass(slots=True)
class BackfillOptions:
    """What a backfill reads and how hard it works (every field has an env override)."""

    since: date
    until: date | None = None
    db: str = field(default_factory=default_db)
    sru_url: str | None = None
    metadata_only: bool = False
    max_window: int = field(
        default_factory=lambda: config.get("BACKFILL_MAX_WINDOW"))
    concurrency: int = field(
        default_factory=lambda: config.get("BACKFILL_CONCURRENCY"))
    parse_workers: int = field(
        default_factory=lambda: config.get("BACKFILL_PARSE_WORKERS", default=default_parse_workers()))
    batch_records: int = field(
        default_factory=lambda: config.get("BACKFILL_BATCH"))
    text_batch: int = field(
        default_factory=lambda: config.get("BACKFILL_TEXT_BATCH"))
    memory_limit: str = field(default_factory=lambda: config.get("BACKFILL_MEMORY_LIMIT"))
    checkpoint_threshold: str = field(default_factory=lambda: config.get("BACKFILL_CHECKPOINT"))
    rebuild: str = field(default_factory=lambda: config.get("BACKFILL_REBUILD"))
    restart: bool = False
    retry_rejects: bool = True
    series: tuple[str, ...] = SERIES
    tk_url: str | None = None  # the TK SyncFeed, synced in full beside the SRU passes; None: not synced


def backfill_options(
    *,
    since: date,
    until: date | None = None,
    db: str | None = None,
    sru_url: str | None = None,
    metadata_only: bool = False,
    max_window: int | None = None,
    restart: bool = False,
    tk_url: str | None = None,
) -> BackfillOptions:
    """`BackfillOptions` from the CLI's options or the flow's parameters: an unset `db` or
    `max_window` keeps the field's default (and its env override)."""
    options = BackfillOptions(since=since, until=until, sru_url=sru_url, metadata_only=metadata_only,
                              restart=restart, tk_url=tk_url)
    if db:
        options.db = db
    if max_window:
        options.max_window = max_window
    return options


@dataclass(frozen=True, slots=True)
class Window:
    """A date range of one series on the backfill index, with its (estimated) record count."""

    series: str
    since: date
    until: date
    estimate: int

    def label(self) -> str:
        """`answers 2001-01-01..2004-12-31`."""
        return f"{self.series} {self.since}..{self.until}"


# --- planning (pure) --------------------------------------------------------------------------
def split_point(since: date, until: date) -> date | None:
    """First day of the right half of `[since, until]`, or None for a single day.

    A 1 January in the middle half of the range is preferred (nearest to the middle), then a
    first of the month, then the middle day.
    """
    days = (until - since).days
    if days < 1:
        return None
    low = since + timedelta(days=max(1, days // 4))
    high = since + timedelta(days=max(1, days - days // 4))
    middle = since + timedelta(days=(days + 1) // 2)
    years = [date(y, 1, 1) for y in range(low.year, high.year + 1) if low <= date(y, 1, 1) <= high]
    if years:
        return min(years, key=lambda d: abs((d - middle).days))
    months = [d for d in _month_starts(low, high)]
    if months:
        return min(months, key=lambda d: abs((d - middle).days))
    return middle


def _month_starts(low: date, high: date) -> Iterator[date]:
    day = date(low.year, low.month, 1)
    while day <= high:
        if day >= low:
            yield day
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def uncovered(since: date, until: date, done: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """The parts of `[since, until]` not covered by the finished ranges `done` (inclusive)."""
    gaps: list[tuple[date, date]] = []
    cursor = since
    for a, b in sorted(done):
        if b < cursor or a > until:
            continue
        if a > cursor:
            gaps.append((cursor, min(until, a - timedelta(days=1))))
        cursor = max(cursor, b + timedelta(days=1))
        if cursor > until:
            break
    if cursor <= until:
        gaps.append((cursor, until))
    return gaps


def plan_windows(
    series: str,
    since: date,
    until: date,
    count: Callable[[date, date], int | None],
    max_records: int,
    done: Iterable[tuple[date, date]] = (),
) -> list[Window]:
    """Windows of at most `max_records` records covering `[since, until]` minus `done`, in order.

    `count(a, b)` returns the number of records of the series dated in `[a, b]` (one request);
    it is called once per gap and once per split. Empty windows are dropped.
    """
    out: list[Window] = []
    for gap_since, gap_until in uncovered(since, until, done):
        stack: list[tuple[date, date, int]] = [(gap_since, gap_until, count(gap_since, gap_until) or 0)]
        while stack:
            a, b, n = stack.pop()
            middle = split_point(a, b) if n > max_records else None
            if middle is None:
                if n > 0:
                    out.append(Window(series, a, b, n))
                continue
            left = count(a, middle - timedelta(days=1)) or 0
            stack.append((middle, b, max(0, n - left)))
            stack.append((a, middle - timedelta(days=1), left))
    return out


# --- progress -----------------------------------------------------------------------------------
@runtime_checkable
class Progress(Protocol):
    """What the backfill reports while it runs (the CLI draws it; subclass `NoProgress` to report
    only some of it). Runtime-checkable: the `backfill` flow validates its `progress` argument."""

    def planned(self, windows: list[Window], skipped: int) -> None: ...
    def page(self, window: Window, records: int) -> None: ...
    def window_done(self, window: Window, records: int) -> None: ...
    def texts_total(self, total: int) -> None: ...
    def texts(self, done: int) -> None: ...


class NoProgress:
    """A `Progress` that reports nothing."""

    def planned(self, windows: list[Window], skipped: int) -> None:
        """Windows planned (and finished windows skipped)."""

    def page(self, window: Window, records: int) -> None:
        """A page of `records` records was loaded."""

    def window_done(self, window: Window, records: int) -> None:
        """A window was finished."""

    def texts_total(self, total: int) -> None:
        """Texts queued for the second pass."""

    def texts(self, done: int) -> None:
        """`done` more texts were handled."""

    def texts_year_done(self, year: int, seconds: float) -> None:
        """Every queued text dated in `year` was handled, `seconds` into the text pass (optional:
        not part of `Progress`; the text pass calls it when the progress object has it)."""


# --- the engine ---------------------------------------------------------------------------------
@dataclass(slots=True)
class BackfillStats:
    """Counts of the backfill beyond the run's `RunStats`."""

    windows_planned: int = 0
    windows_skipped: int = 0
    windows_finished: int = 0
    count_requests: int = 0
    batches: int = 0
    texts_queued: int = 0
    texts_loaded: int = 0
    texts_failed: int = 0
    texts_pending: int = 0
    metadata_seconds: float = 0.0
    text_seconds: float = 0.0
    rebuild_seconds: float = 0.0
    rebuild_retries: int = 0
    texts_years_done: dict[str, float] = field(default_factory=dict)  # year → seconds into the text pass


@dataclass(slots=True)
class _Batch:
    metas: dict[str, Document] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    finished: list[tuple[Window, int]] = field(default_factory=list)
    stats: RunStats = field(default_factory=RunStats)

    def add(self, page: ParsedPage) -> None:
        for doc in page.docs:  # a repeated id: the last one wins
            self.metas[doc.doc_id] = doc
        self.rejects.extend(page.rejects)
        self.stats.pages += 1
        self.stats.records += page.returned
        self.stats.skipped += page.skipped


class Backfill:
    """An open backfill: a `Pipeline` (lock, connection, clients, run record) plus the phases."""

    def __init__(self, options: BackfillOptions, *, http: HttpClient | None = None,
                 progress: Progress | None = None):
        self.options = options
        self.progress: Progress = progress or NoProgress()
        self.until = options.until or today_amsterdam()
        if options.since > self.until:
            raise ValueError(f"since {options.since} is after until {self.until}")
        if options.rebuild not in ("end", "batch"):
            raise ValueError(f"rebuild must be 'end' or 'batch', not {options.rebuild!r}")
        for name in ("memory_limit", "checkpoint_threshold"):
            config.check_size(name, getattr(options, name) or "0MB")  # options set in code: checked too
        limit_native_memory()
        self.index = ClientSettings.from_env().backfill_date_index
        ingest = IngestOptions(db=options.db, sru_url=options.sru_url, since=options.since, until=self.until,
                               metadata_only=options.metadata_only, date_index=self.index, flow="backfill",
                               retry_rejects=options.retry_rejects, tk_url=options.tk_url, tk_full=True)
        self.p = Pipeline(ingest, http=http)
        try:
            # A checkpoint rewrites the primary-key indexes: every 16 MB of WAL (the default) it
            # costs more than a batch; but data not checkpointed stays in memory. 32 MB balances.
            backfill_state.tune_backfill(self.p.con, options.memory_limit, options.checkpoint_threshold)
            self._init_state()
        except BaseException:
            self.p.close()
            raise

    def _init_state(self) -> None:
        self.con = self.p.con  # migration 005 made the backfill tables
        self.stats = BackfillStats()
        self._pool: Executor | None = None
        self._rejected = set(runs.open_rejects(self.con))  # open rejects, and this run's
        self._stale_marked = False
        self._parse_lock = threading.Lock()
        self.text_limit: int | None = None  # texts deciding no verdict fetched at most (None: all)
        self.verdicts: backfill_state.Verdicts | None = None

    @classmethod
    def text_pass(cls, p: Pipeline, *, limit: int | None = None, progress: Progress | None = None) -> Backfill:
        """The text pass over `p`'s connection and clients (an `ingest` run): the sets rebuilt with each
        batch, parsed inline, and at most `limit` texts that decide no verdict (None: every one)."""
        bf = cls.__new__(cls)
        bf.options = BackfillOptions(since=p.today, until=p.today, db=p.options.db, sru_url=p.options.sru_url,
                                     parse_workers=0, rebuild="batch", retry_rejects=False)
        bf.progress = progress or NoProgress()
        bf.until = p.today
        bf.index = None
        bf.p = p
        bf._init_state()
        bf.text_limit = limit
        return bf

    # --- lifecycle ------------------------------------------------------------------------------
    def __enter__(self) -> Backfill:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc is not None:
            with suppress(Exception):
                self.p.finish("failed", f"{type(exc).__name__}: {exc}")
        self.close()

    def close(self) -> None:
        """Stop the worker processes; release the connection, clients and lock."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self.p.close()

    def worker_usage(self) -> dict[str, float]:
        """CPU seconds and the largest peak RSS (MB) of the parse workers so far (Linux; else {})."""
        pool = self._pool
        processes = getattr(pool, "_processes", None) or {}
        cpu, peak = 0.0, 0.0
        tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        for pid in list(processes):
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            cpu += (int(stat[11]) + int(stat[12])) / tick
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
        return {"workers": len(processes), "worker_cpu_s": round(cpu, 2), "worker_peak_rss_mb": round(peak, 1)}

    def _workers(self) -> Executor | None:
        """The parse worker processes when started (see `_start_workers`), else None: inline."""
        return self._pool

    def _start_workers(self, work: int, threshold: int) -> None:
        """Start the parse workers (from the calling thread) when `work` items make them pay.

        Starting them costs ≈1 s; below `threshold` records (or texts) parsing inline is faster.
        """
        if self._pool is None and self.options.parse_workers > 0 and work >= threshold:
            self._pool = start_workers(self.options.parse_workers)

    # --- 1. plan --------------------------------------------------------------------------------
    def count(self, series: str, since: date, until: date) -> int | None:
        """Records of `series` dated in `[since, until]` (one request, no records)."""
        self.stats.count_requests += 1
        query = self.p.sru.build_query(series, since, until, index=self.index)
        return self.p.sru.count(query)

    def plan(self) -> list[Window]:
        """Windows still to fetch, every series (forgetting finished ones first on `restart`)."""
        opts = self.options
        if opts.restart:
            with transaction(self.con):
                backfill_state.forget_windows(self.con, opts.series, opts.since, self.until)
        windows: list[Window] = []
        skipped = 0
        for series in opts.series:
            done = [(a, b) for a, b in backfill_state.finished_windows(self.con, series)
                    if b >= opts.since and a <= self.until]
            skipped += len(done)
            windows += plan_windows(series, opts.since, self.until,
                                    lambda a, b, s=series: self.count(s, a, b), opts.max_window, done)
        self.stats.windows_planned = len(windows)
        self.stats.windows_skipped = skipped
        self.progress.planned(windows, skipped)
        return windows

    # --- 2. metadata pass ----------------------------------------------------------------------
    def _parse_page(self, content: bytes, url: str, query: str, start: int) -> ParsedPage:
        pool = self._workers()
        if pool is None:
            # One page's element tree at a time (parsing holds the GIL anyway): flat memory.
            with self._parse_lock:
                return parse_sru_bytes(content, url, query, start)
        return pool.submit(parse_sru_bytes, content, url, query, start).result()

    def _fetch_window(self, window: Window, out: queue.Queue, stop: threading.Event) -> None:
        """Fetch and parse one window's pages in order, putting them on `out` (a thread)."""
        try:
            query = self.p.sru.build_query(window.series, window.since, window.until, index=self.index)
            total = 0

            def fetch(start: int) -> ParsedPage:
                return self._parse_page(*self.p.sru.fetch_raw(query, start), query, start)

            for page in paginate(fetch):  # the one paging loop, pages parsed in workers
                total += page.returned
                _put(out, ("page", window, page), stop)
                if stop.is_set():
                    break
            _put(out, ("done", window, total), stop)
        except BaseException as exc:  # handed to the loading thread, which raises it
            _put(out, ("error", window, exc), stop)

    def load_metadata(self, windows: list[Window]) -> RunStats:
        """Fetch `windows` (bounded concurrency) and load them in batches; returns the counts."""
        started = time.perf_counter()
        total = RunStats()
        if not windows:
            return total
        self._start_workers(sum(w.estimate for w in windows), WORKERS_FROM_RECORDS)
        out: queue.Queue = queue.Queue(maxsize=self.options.concurrency + 1)  # parsed pages waiting
        stop = threading.Event()
        pending = iter(windows)
        fetchers: list[Future] = []
        batch = _Batch()
        with ThreadPoolExecutor(self.options.concurrency, thread_name_prefix="backfill-window") as threads:
            try:
                for window in pending:
                    fetchers.append(threads.submit(self._fetch_window, window, out, stop))
                    if len(fetchers) == self.options.concurrency:
                        break
                active = len(fetchers)
                while active:
                    kind, window, payload = out.get()
                    if kind == "error":
                        raise payload
                    if kind == "page":
                        batch.add(payload)
                        self.progress.page(window, payload.returned)
                        if len(batch.metas) >= self.options.batch_records:
                            total.add(self._write_batch(batch))
                            batch = _Batch()
                        continue
                    active -= 1  # "done": every page of the window is in this batch or an earlier one
                    batch.finished.append((window, payload))
                    total.add(self._write_batch(batch))
                    batch = _Batch()
                    self.progress.window_done(window, payload)
                    nxt = next(pending, None)
                    if nxt is not None:
                        fetchers.append(threads.submit(self._fetch_window, nxt, out, stop))
                        active += 1
            finally:
                stop.set()
                while not all(f.done() for f in fetchers):  # unblock fetchers waiting on a full queue
                    with suppress(queue.Empty):
                        out.get(timeout=0.05)
        self.rebuild_stale_sets()
        checkpoint(self.con)
        self.stats.metadata_seconds += time.perf_counter() - started
        return total

    def _write_batch(self, batch: _Batch) -> RunStats:
        """Load one batch of parsed metadata in one transaction (and finish its windows)."""
        stats = batch.stats
        con = self.con
        metas = batch.metas
        self.p.seen.update(metas)
        known = known_hashes(con, metas)
        changed_known = [i for i, k in known.items() if k.meta_sha256 != metas[i].content_sha256]
        stored_texts = get_text_docs(con, [i for i in changed_known if known[i].has_text])
        final: dict[str, Document] = {}
        queued: list[QueuedText] = []
        rejects = list(batch.rejects)
        for doc_id, meta in metas.items():
            prior = known.get(doc_id)
            listed = refresh(meta, prior)
            stored = True  # the stored row will be this metadata alone
            if not listed.same_meta:
                try:
                    text = stored_texts.get(doc_id)
                    final[doc_id] = validate(meta) if text is None else combine(meta, text)
                    stored = text is None
                except ParseError as exc:  # the text may still date it: queued all the same
                    rejects.append(Reject(doc_id, "validate", exc.reason))
                    stored = False
            else:
                stats.unchanged += 1
                stored = not prior.has_text  # with a text, the stored row is not the metadata alone
            if listed.text is not None:
                # The text pass reads the metadata back from the stored row when that row is the
                # metadata alone; otherwise (merged with an older text, or refused) it is kept here.
                meta_json = None if stored else json.dumps(meta.to_dict(), ensure_ascii=False)
                manifestation, url = listed.text
                queued.append(QueuedText(doc_id, manifestation, url, meta.content_sha256, meta_json))
        self._rejected |= {r.key for r in rejects}
        counts = self._load(LoadBatch(
            documents=final, meta_hashes={i: metas[i].content_sha256 for i in final}, rejects=rejects,
            # only ids that were rejected before (looking every id up cost 1.2 s a pass)
            resolve=[i for i in final if i in self._rejected],
            sets=self._sets_mode(), queue=queued,
            finished=[FinishedWindow(w.series, w.since, w.until, records) for w, records in batch.finished]))
        stats.inserted, stats.updated, stats.resolved = counts.inserted, counts.updated, counts.resolved
        stats.unchanged += counts.unchanged
        stats.rejected = len(rejects)
        trim_native_memory()
        self.stats.batches += 1
        self.stats.texts_queued += len(queued)
        self.stats.windows_finished += len(batch.finished)
        self.p.stats.add(stats)
        return stats

    # --- question sets -----------------------------------------------------------------------------
    def _sets_mode(self) -> SetsMode:
        """How a batch's question sets follow: rebuilt in it, or all marked stale (once per pass:
        the mark commits with the first batch that changes documents)."""
        if self.options.rebuild == "batch":
            return "rebuild"
        return "already_stale" if self._stale_marked else "mark_stale"

    def _load(self, batch: LoadBatch) -> LoadCounts:
        """Write one batch in one transaction (`warehouse.load.load`)."""
        counts = load(self.con, batch, datetime.now(UTC))
        self._stale_marked |= counts.marked_stale
        return counts

    def rebuild_stale_sets(self) -> bool:
        """Rebuild every question set if a deferred rebuild is pending; True if it was.

        Keys are rebuilt in sorted chunks of `REBUILD_CHUNK`, one transaction each, so memory
        stays flat however large the warehouse is (one rebuild of every set needs memory in
        proportion to the corpus). A chunk that runs out of DuckDB memory (long texts make sets
        with items big) is rolled back and tried again at half the size, down to
        `MIN_REBUILD_CHUNK`. The stale mark goes with the last chunk: a rebuild that is killed
        is done again by the next backfill.
        """
        if not backfill_state.sets_stale(self.con):
            return False
        started = time.perf_counter()
        after: tuple[str, str] = ("", "")
        chunk = REBUILD_CHUNK
        while True:
            keys = backfill_state.set_keys_after(self.con, after, chunk)
            last = len(keys) < chunk
            try:
                with transaction(self.con):
                    if keys:
                        rebuild_question_sets(self.con, keys)
                    if last:
                        backfill_state.clear_sets_stale(self.con)
            except duckdb.OutOfMemoryException:
                if chunk <= MIN_REBUILD_CHUNK:
                    raise
                chunk = max(MIN_REBUILD_CHUNK, chunk // 2)
                self.stats.rebuild_retries += 1
                continue
            if last:
                self._stale_marked = False
                break
            after = keys[-1]
        self.stats.rebuild_seconds += time.perf_counter() - started
        return True

    # --- 3. text pass ---------------------------------------------------------------------------
    def pending_texts(self) -> int:
        """Texts still queued."""
        return backfill_state.pending_texts(self.con)

    def _next_text_rows(self, after: TextCursor, budget: list[int] | None = None,
                        ) -> tuple[list[QueuedText], list[str], list[TextCursor]]:
        """The next queued rows after `after` in the queue's order (texts that decide a verdict first,
        then newest first): (to fetch, already satisfied, the keys of all of them in order; the last
        is the next cursor).

        A row is satisfied when its text was stored after it was queued for the same metadata
        (`ingest` loaded it meanwhile). `budget` ([n], spent here): texts deciding no verdict still to
        fetch; the rows beyond it are left queued.
        """
        entries = backfill_state.queued_texts_after(self.con, after, self.options.text_batch)
        if budget is not None:
            kept = []
            for e in entries:
                if e.key.tier >= backfill_state.VERDICT_TIERS and not e.entry.satisfied:
                    if budget[0] <= 0:
                        break
                    budget[0] -= 1
                kept.append(e)
            entries = kept
        fetch = [e.entry.text for e in entries if not e.entry.satisfied]
        done = [e.entry.text.doc_id for e in entries if e.entry.satisfied]
        return fetch, done, [e.key for e in entries]

    def _metas_for(self, rows: list[QueuedText]) -> tuple[dict[str, Document], list[str]]:
        """The metadata `Document` of each queued row, and the ids whose stored row moved on.

        A row without `meta_json` was queued when the stored document was its metadata alone:
        it is read back from `documents` and used only if its hash is still the queued one.
        """
        metas: dict[str, Document] = {}
        for row in rows:
            if row.meta_json is not None:
                metas[row.doc_id] = document_from_dict(json.loads(row.meta_json))
        wanted = {row.doc_id: row.meta_sha256 for row in rows if row.meta_json is None}
        stored = stored_documents(self.con, wanted)
        stale = []
        for doc_id, sha in wanted.items():
            doc = stored.get(doc_id)
            if doc is not None and doc.content_sha256 == sha and doc.compute_sha256() == sha:
                metas[doc_id] = doc
            else:
                stale.append(doc_id)
        return metas, stale

    def _fetch_texts(self, rows: list[QueuedText], metas: dict[str, Document]) -> list[TextResult]:
        """Fetch the texts of `rows` concurrently and parse them (a helper thread)."""
        by_url = {row.url: row for row in rows if row.doc_id in metas}
        results: list[TextResult] = []
        jobs: list[tuple[str, Document, str, str, bytes]] = []
        for url, body in self.p.http.fetch_many(list(by_url)):
            doc_id, manifestation = by_url[url].doc_id, by_url[url].manifestation
            if isinstance(body, FetchError):
                failed = Reject(doc_id, "fetch_text", str(body), url)
                results.append(TextResult(doc_id, manifestation, url, reject=failed))
            else:
                jobs.append((doc_id, metas[doc_id], manifestation, url, body))
        pool = self._workers()
        if pool is None:
            results += parse_text_jobs(jobs)
        else:
            size = max(1, len(jobs) // (4 * self.options.parse_workers) + 1)
            futures = [pool.submit(parse_text_jobs, jobs[i:i + size]) for i in range(0, len(jobs), size)]
            for future in futures:
                results += future.result()
        return results

    def load_texts(self) -> RunStats:
        """Drain the text queue: fetch, parse, merge and load, one transaction per batch.

        Texts that decide a verdict come first (`backfill_state.order_text_queue`: notices of unstated
        kind, then the other texts a status depends on, then the texts of sets open or late today),
        then the rest; each tier is read by the document's date, newest to oldest (doc_id breaks
        ties), through a keyset cursor. Once the texts a status depends on are handled, the sets are
        rebuilt and `verdicts_final_at` noted. With `text_limit`, at most that many texts deciding no
        verdict are fetched; the others stay queued. The next batch is fetched
        and parsed while the current one is written. When every queued text of a year is handled,
        `stats.texts_years_done[year]` gets the seconds since the pass started (and a progress
        object with a `texts_year_done(year, seconds)` method is told).
        """
        started = time.perf_counter()
        total = RunStats()
        pending = self.pending_texts()
        self.progress.texts_total(pending)
        self._start_workers(pending, WORKERS_FROM_TEXTS)
        years: set[int] = set()  # years seen in the queue and not done yet
        backfill_state.order_text_queue(self.con, today_amsterdam())
        budget = None if self.text_limit is None else [self.text_limit]
        verdicts_open = True  # texts deciding a verdict may still be ahead

        def prepare(after: TextCursor) -> tuple[list[QueuedText], list[str], list[str], list[TextCursor],
                                                 Future | None]:
            rows, done, keys = self._next_text_rows(after, budget)
            years.update(k.dated.year for k in keys if k.dated != UNDATED)
            metas, stale = self._metas_for(rows)
            job = helper.submit(self._fetch_texts, rows, metas) if keys else None
            return rows, done, stale, keys, job

        with ThreadPoolExecutor(1, thread_name_prefix="backfill-texts") as helper:
            rows, done, stale, keys, job = prepare(FIRST_TEXTS)
            while job is not None:
                # the budget is spent: no batch after this one
                nxt = prepare(keys[-1]) if budget is None or budget[0] > 0 else ([], [], [], [], None)
                results = job.result()
                total.add(self._write_texts(results, rows, done, stale))
                self.progress.texts(len(rows) + len(done))
                rows, done, stale, keys, job = nxt
                if verdicts_open and (not keys or keys[0].tier >= backfill_state.VERDICT_TIERS):
                    verdicts_open = False  # every text a status depends on is handled: note it now
                    self.rebuild_stale_sets()
                    self.note_verdicts()
                # every year after the next row's year is done (all of them when the queue is empty;
                # none while the tiers before the last are read)
                below = (keys[0].dated.year if keys[0].tier == LAST_TIER else 10_000) if keys else 0
                self._years_done(years, below, time.perf_counter() - started)
        backfill_state.forget_text_order(self.con)
        self.rebuild_stale_sets()
        checkpoint(self.con)
        self.note_verdicts()
        self.stats.texts_pending = self.pending_texts()
        self.stats.text_seconds += time.perf_counter() - started
        return total

    def note_verdicts(self) -> backfill_state.Verdicts:
        """Whether a status still depends on an unread text; `verdicts_final_at` kept in step."""
        with transaction(self.con):
            self.verdicts = backfill_state.note_verdicts(self.con, datetime.now(UTC))
        return self.verdicts

    def _years_done(self, years: set[int], below: int, seconds: float) -> None:
        """Record the years of `years` after `below` as done `seconds` into the text pass."""
        for year in sorted((y for y in years if y > below), reverse=True):
            years.discard(year)
            self.stats.texts_years_done[str(year)] = round(seconds, 2)
            report = getattr(self.progress, "texts_year_done", None)
            if report is not None:
                report(year, seconds)

    def _write_texts(self, results: list[TextResult], rows: list[QueuedText], done: list[str],
                     stale: list[str]) -> RunStats:
        """Load one batch of texts in one transaction and take the batch off the queue.

        `stale` documents changed after they were queued: they are looked up again by id and
        loaded the way `ingest` loads them (a request each; rare).
        """
        stats = RunStats()  # `records` counts SRU records: not these
        if stale:
            records = []
            for doc_id in stale:
                records.extend(self.p.sru.iter_records(self.p.sru.query_for_id(doc_id)))
            stats.add(load_records(self.p, records, source="backfill-texts"))
        texts = [DocumentText(r.doc_id, r.manifestation, r.url, r.text) for r in results if r.text is not None]
        final = {r.final.doc_id: r.final for r in results if r.final is not None and r.reject is None}
        rejects = [r.reject for r in results if r.reject is not None]
        self._rejected |= {r.key for r in rejects}
        resolve = [i for i in final if i in self._rejected]
        counts = self._load(LoadBatch(
            documents=final, meta_hashes={row.doc_id: row.meta_sha256 for row in rows}, texts=texts,
            rejects=rejects, resolve=resolve,
            also_changed=[r.key for r in rejects],  # a text that failed flags its set for review
            sets=self._sets_mode(), unqueue=[row.doc_id for row in rows] + list(done)))
        # added to the counts of the `stale` documents loaded above
        stats.add(RunStats(inserted=counts.inserted, updated=counts.updated, unchanged=counts.unchanged,
                           resolved=counts.resolved, rejected=len(rejects)))
        self.stats.texts_loaded += len(final)
        self.stats.texts_failed += len(rejects)
        self.p.stats.add(stats)
        return stats

    # --- 4. finish ------------------------------------------------------------------------------
    def finish(self, outcome: str = "success", message: str | None = None) -> dict[str, Any]:
        """Retry open rejects, record the run, set missing watermarks; return the summary."""
        if outcome == "success":
            self.rebuild_stale_sets()  # a resumed backfill with nothing left to fetch
            if self.options.retry_rejects:
                self.p.retry_rejects()
        if not self.options.metadata_only:
            self.stats.texts_pending = self.pending_texts()
        summary = self.p.finish(outcome, message)
        if outcome == "success" and self.until >= today_amsterdam():
            for series in self.options.series:
                if runs.get_watermark(self.con, series) is None:
                    runs.set_watermark(self.con, series, today_amsterdam(self.p.started))
        summary.update({k: round(v, 2) if isinstance(v, float) else v for k, v in asdict(self.stats).items()})
        summary.update(self.worker_usage())
        summary["texts_pending"] = self.pending_texts()
        summary["windows"] = {s: [str(self.options.since), str(self.until)] for s in self.options.series}
        return summary


def limit_native_memory() -> None:
    """Keep the process's resident memory close to what it uses (a long backfill, glibc/Linux).

    Arrow buffers come from the system allocator instead of mimalloc's pool (which keeps freed
    memory), and at most two glibc malloc arenas are used. Both measured: ≈ -70 MB peak RSS.
    """
    pa.set_memory_pool(pa.system_memory_pool())
    limit_malloc_arenas()


def start_workers(count: int) -> ProcessPoolExecutor:
    """`count` worker processes, started now (forkserver: never fork a process running threads).

    The workers are started with the calling script hidden from multiprocessing, which would
    otherwise re-run a script that is not import-safe in every worker.
    """
    context = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(count, mp_context=context, initializer=worker_init, initargs=(os.getpid(),))
    main = sys.modules.get("__main__")
    hidden = None
    if main is not None and getattr(main, "__spec__", None) is None and "__file__" in main.__dict__:
        hidden = main.__dict__.pop("__file__")
    try:
        futures = [pool.submit(worker_ready) for _ in range(count)]
        for future in futures:
            future.result()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        if hidden is not None:
            main.__dict__["__file__"] = hidden
    return pool


def _put(out: queue.Queue, item: tuple, stop: threading.Event) -> None:
    """Put `item`, giving up when the loader has stopped (so a fetch thread never hangs)."""
    while True:
        try:
            out.put(item, timeout=0.1)
            return
        except queue.Full:
            if stop.is_set():
                return


def run_backfill(options: BackfillOptions, *, http: HttpClient | None = None,
                 progress: Progress | None = None) -> dict[str, Any]:
    """Plan, load metadata, load texts (unless metadata-only), finish: the whole backfill."""
    with Backfill(options, http=http, progress=progress) as bf:
        bf.p.start_tk()  # the TK records (head and history) beside the SRU passes
        windows = bf.plan()
        bf.load_metadata(windows)
        if not options.metadata_only:
            bf.load_texts()
        return bf.finish()


def summary_text(summary: dict[str, Any]) -> str:
    """A one-paragraph account of a backfill run."""
    return _sru_text(summary) + tk_text(summary.get("tk"))


def tk_text(tk: dict[str, Any] | None) -> str:
    """'; Tweede Kamer records: success, 1,234 entries read, 300 kept, history 100% done' (or '')."""
    if not tk:
        return ""
    if tk.get("outcome") != "success":
        return f"; Tweede Kamer records: failed: {tk.get('message')}"
    share = (tk.get("coverage") or {}).get("history_share")
    history = tk.get("history") or {}
    return (f"; Tweede Kamer records: {tk.get('entries', 0) + history.get('entries', 0):,} entries read, "
            f"{tk.get('kept', 0) + history.get('kept', 0):,} kept"
            + (f", history {share:.0%} done" if share is not None else ""))


def _sru_text(summary: dict[str, Any]) -> str:
    return (f"backfill {summary['outcome']}: {summary['windows_planned']} windows fetched "
            f"({summary['windows_skipped']} already finished), {summary['records']:,} records, "
            f"{summary['inserted']:,} inserted, {summary['updated']:,} updated, "
            f"{summary['unchanged']:,} unchanged, {summary['rejected']} rejected; "
            f"texts {summary['texts_loaded']:,} loaded, {summary['texts_failed']} failed, "
            f"{summary['texts_pending']:,} pending; {summary['requests']:,} HTTP requests "
            f"({summary['count_requests']} counts)")


SUMMARY_KEYS = ("outcome", "windows_planned", "windows_skipped", "count_requests", "pages", "records",
                "inserted", "updated", "unchanged", "rejected", "texts_loaded", "texts_failed",
                "texts_pending", "requests", "metadata_seconds", "text_seconds", "rebuild_seconds")


def summary_markdown(summary: dict[str, Any]) -> str:
    """The backfill summary as markdown: the range, `summary_text`, and a table of the counts."""
    rows = "\n".join(f"| {k} | {summary.get(k)} |" for k in SUMMARY_KEYS)
    since, until = next(iter(summary["windows"].values()))
    return (f"## Backfill run {summary['run_id']}\n\n{since} → {until}\n\n{summary_text(summary)}\n\n"
            f"| count | value |\n|---|---|\n{rows}\n")


__all__ = ["Backfill", "BackfillOptions", "NoProgress", "Progress", "Window", "backfill_options", "plan_windows",
           "run_backfill", "split_point", "summary_markdown", "summary_text", "uncovered"]
