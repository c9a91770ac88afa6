"""Sync the Tweede Kamer's own records (SyncFeed: Zaak, ZaakActor, Document) into the warehouse.

Per category, from its stored skiptoken: each page is parsed, filtered to written questions and
written in its own transaction together with the new skiptoken, so a crash loses at most the page in
hand and a run with nothing new costs one request per category. Then the sets whose TK records
changed are re-derived (tk_* columns, missing parties/ministries, the cross-check, the review flag).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

import config
from scrapers.http_client import FetchError, HttpClient
from scrapers.settings import ClientSettings
from scrapers.tk_client import StartSearchError, find_start, pages, token_number
from scrapers.tk_parse import CATEGORIES, FeedError, FeedPage
from warehouse import tk
from warehouse.db import connect, describe_error, transaction
from warehouse.lock import WriterLock
from warehouse.questions import rebuild_question_sets
from warehouse.snapshot import publish_snapshot

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
KEEP_ALL = datetime(1, 1, 2, tzinfo=UTC)
"""`park_after` that keeps every actor of a case not stored (yet): while a bounded start's history is
being read, any case may still arrive; the purge after the history drops the actors whose case never came."""
MAX_PROBLEMS = 20
TOUCHED_CHUNK = 5_000  # sets re-derived per transaction after a sync
MIN_TOUCHED_CHUNK = 50  # … halved down to this when a chunk runs out of DuckDB memory
"""Unparseable values named in a summary (the rest are counted)."""
PARK_ACTORS = timedelta(days=14)
"""How long an actor whose case has not arrived may wait for it: its case may be created after this
run's Zaak pass and arrive in the next sync. Measured on the feed's own clock (the newest case's
`bijgewerkt`), so no wall clock decides what is kept."""


@dataclass(slots=True)
class TkSyncStats:
    """Counts of one TK sync."""

    requests: int = 0
    pages: int = 0
    entries: int = 0
    kept: int = 0
    deleted: int = 0
    sets_rebuilt: int = 0
    keys_checked: int = 0
    actors_dropped: int = 0
    problems: int = 0
    problem_samples: list[str] = field(default_factory=list)
    start_skiptoken: int | None = None  # a bounded first sync started every category here
    start_probes: int = 0  # requests spent finding it
    per_category: dict[str, dict[str, int]] = field(default_factory=dict)


def tk_url(value: str | None = None) -> str:
    """`--tk-url`, else `KAMERVRAGEN_TK_URL`, else the SyncFeed default."""
    return value or config.get("TK_URL")


def tk_url_for_ingest(sru_url: str | None, tk_url: str | None, no_tk: bool = False) -> str | None:
    """The TK feed an ingest syncs, or None: never with `--no-tk`; `--tk-url` (or KAMERVRAGEN_TK_URL)
    when given; else the live SyncFeed, unless the publications come from another SRU endpoint than the
    live one (a replay or a mirror is not compared with the live TK records: give `--tk-url` to pair it)."""
    if no_tk:
        return None
    if tk_url:
        return tk_url
    live_sru = config.setting("SRU_URL").default
    used_sru = sru_url or config.get("SRU_URL")  # a KAMERVRAGEN_SRU_URL mirror counts as another endpoint
    if used_sru.rstrip("/") != live_sru.rstrip("/"):
        return None
    return tk_url_default()


def tk_url_default() -> str:
    """KAMERVRAGEN_TK_URL or the SyncFeed default."""
    return config.get("TK_URL")


def page_changes(page: FeedPage) -> tuple[list[dict[str, Any]], set[str]]:
    """(rows to store, ids to remove) of one page; an entity listed twice keeps its last version."""
    rows: dict[str, dict[str, Any]] = {}
    remove: set[str] = set()
    for entry in page.entries:
        if entry.deleted or not entry.kept or entry.record is None:
            rows.pop(entry.entity_id, None)
            remove.add(entry.entity_id)
        else:
            row = {f.name: getattr(entry.record, f.name) for f in fields(entry.record)}  # shallow
            if "zaak_ids" in row:
                row["zaak_ids"] = list(row["zaak_ids"])
            rows[entry.entity_id] = row
            remove.discard(entry.entity_id)
    return list(rows.values()), remove


def actors_wait_since(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """Actors of a case not stored (yet) and updated from this moment on wait for it; older ones are
    dropped. PARK_ACTORS before the newest stored case (None before the first case)."""
    newest = tk.newest_case_update(con)
    return newest - PARK_ACTORS if newest else None


def sync_into(con: duckdb.DuckDBPyConnection, http: HttpClient, base_url: str, *,
              since: date | None = None) -> TkSyncStats:
    """Read every category from its skiptoken into `con`, then re-derive the touched sets.

    `since`: see `sync_pages`. Raises `FetchError` / `FeedError` when the feed fails; the pages already
    written stay (with their skiptokens), and their sets are re-derived by the next sync.
    """
    stats = sync_pages(con, http, base_url, since=since)
    rebuild_touched(con, stats)
    return stats


def horizon_of(since: date) -> datetime:
    """The moment a bounded first sync starts from: local midnight KAMERVRAGEN_TK_START_MARGIN_DAYS
    (at least 30) before `since`."""
    day = since - timedelta(days=int(config.get("TK_START_MARGIN_DAYS")))
    return datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM)


def start_near(con: duckdb.DuckDBPyConnection, http: HttpClient, base_url: str, since: date,
               stats: TkSyncStats) -> bytes | None:
    """On a warehouse with no TK state: find the skiptoken of the horizon (`horizon_of(since)`) and
    start every category there, the history before it left to `tk-sync --full`. The counter is one for
    all categories, so one search (in Zaak) serves the three. A feed that cannot be searched (tokens
    that are not numbers, dates that do not rise) is read from the start, with the reason in `problems`.
    Returns the feed's first Zaak page when the sync starts at 0 (so it is not fetched twice)."""
    horizon = horizon_of(since)
    try:
        found = find_start(http, base_url, CATEGORIES[0], horizon)
    except StartSearchError as exc:
        stats.problems += 1
        stats.problem_samples.append(f"bounded start refused, reading from the start: {exc}")
        return None
    stats.start_probes = found.probes
    if found.skiptoken <= 0:
        return found.first_body  # nothing in the feed is older than the horizon: the first page serves
    stats.start_skiptoken = found.skiptoken
    with transaction(con):
        for category in CATEGORIES:
            tk.start_bounded(con, category, found.skiptoken, horizon)
    return None


def sync_pages(con: duckdb.DuckDBPyConnection, http: HttpClient, base_url: str,
               stats: TkSyncStats | None = None, *, since: date | None = None) -> TkSyncStats:
    """The paging half of `sync_into`: every category from its skiptoken, one transaction a page (the
    TK tables and the `tk_touched` queue only, never `question_sets`). Safe on its own cursor
    (`con.cursor()`) in a thread beside the SRU passes; `rebuild_touched` follows once they are done.

    `since`: the run's horizon. On a warehouse with no TK state, the sync starts near it (`start_near`)
    instead of at the beginning of the feed.
    """
    http.set_host_interval(base_url, config.get("TK_MIN_INTERVAL"))  # the TK host's own pace
    stats = stats or TkSyncStats()
    first_request = http.request_count
    state = tk.sync_state(con)
    try:
        first_body = None
        if since is not None and not any(s.get("skiptoken") for s in state.values()):
            first_body = start_near(con, http, base_url, since, stats)
            state = tk.sync_state(con)
        waiting_from = history_horizon(con)
        for category in CATEGORIES:
            counts = stats.per_category.setdefault(category, {"pages": 0, "entries": 0, "kept": 0, "deleted": 0})
            known: set[str] = set()
            park_after = None
            if category == "ZaakActor":
                known = tk.known_case_ids(con)
                park_after = actors_wait_since(con)
                if waiting_from is not None:  # the history may still bring their cases: keep them all
                    park_after = KEEP_ALL
            token = state.get(category, {}).get("skiptoken")
            reuse, first_body = (first_body, None) if category == CATEGORIES[0] else (None, first_body)
            for _url, page in pages(http, base_url, category, token, known, park_after, reuse):
                rows, remove = page_changes(page)
                with transaction(con):
                    done = tk.write_page(con, category, rows, remove, page.skiptoken, len(page.entries))
                _count(stats, counts, page, done)
    finally:
        stats.requests = http.request_count - first_request
    return stats


def _count(stats: TkSyncStats, counts: dict[str, int], page: FeedPage, done: tk.PageCounts) -> None:
    """Add one page's counts and problems to the run's."""
    for entry in page.entries:
        for problem in entry.problems:
            stats.problems += 1
            if len(stats.problem_samples) < MAX_PROBLEMS:
                stats.problem_samples.append(f"{entry.category} {entry.entity_id}: {problem}")
    for name, value in (("pages", 1), ("entries", done.entries), ("kept", done.kept), ("deleted", done.deleted)):
        counts[name] += value
        setattr(stats, name, getattr(stats, name) + value)


def history_horizon(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """The bounded start's horizon while its history is still being read; None once complete (or never
    bounded)."""
    cov = tk.coverage(con)
    return None if cov is None or cov.history_complete else cov.synced_from


def rebuild_touched(con: duckdb.DuckDBPyConnection, stats: TkSyncStats) -> TkSyncStats:
    """The deriving half of `sync_into`: purge actors whose case never came, then re-derive the sets whose
    TK records changed (and those the calendar alone may change) in chunks of TOUCHED_CHUNK keys, one
    transaction each, each taking its keys off the queue: memory stays flat after a whole feed (47,000
    sets), also under a backfill's memory limit; a chunk that runs out of DuckDB memory is tried again
    at half the size, down to MIN_TOUCHED_CHUNK; a run killed halfway leaves the rest queued."""
    with transaction(con):
        waiting_since = actors_wait_since(con)
        if waiting_since and history_horizon(con) is None:  # while the history runs, a case may still come
            stats.actors_dropped = tk.purge_orphan_actors(con, waiting_since)
    touched = sorted(tk.touched(con))
    keys = sorted({("tk", v) for v in touched} | set(tk.recheck_keys(con)))
    stats.keys_checked = len(keys)
    chunk, at = TOUCHED_CHUNK, 0
    while at < len(keys):
        part = keys[at:at + chunk]
        try:
            with transaction(con):
                stats.sets_rebuilt += rebuild_question_sets(con, part)
                tk.clear_touched_some(con, [v for c, v in part if c == "tk"])
        except duckdb.OutOfMemoryException:
            if chunk <= MIN_TOUCHED_CHUNK:
                raise
            chunk = max(MIN_TOUCHED_CHUNK, chunk // 2)
            continue
        at += len(part)
    return stats


@dataclass(slots=True)
class HistoryProgress:
    """Where the history step stands (after each page): for the CLI and the flow's log."""

    category: str
    pages: int
    entries: int
    share: float  # 0..1 of the history, all categories
    seconds_left: float | None  # estimated from the pace so far; None before it can be told


HistoryCallback = Callable[[HistoryProgress], None]


def sync_history(con: duckdb.DuckDBPyConnection, http: HttpClient, base_url: str,
                 stats: TkSyncStats | None = None, progress: HistoryCallback | None = None) -> TkSyncStats:
    """The full history of a bounded start (`kamervragen tk-sync --full`): each category from where its
    history stopped up to its head's first skiptoken, one transaction a page (resumable by skiptoken).
    An entity the head has read already is newer there and is left alone. When every category is done,
    the sets that started before the horizon are queued for their cross-check. Pages only: call
    `rebuild_touched` afterwards (as `run_tk_sync` does)."""
    stats = stats or TkSyncStats()
    first_request = http.request_count
    finished_now = False
    try:
        for category in CATEGORIES:
            ranges = tk.sync_range(con)
            done_range = ranges.get(category)
            if done_range is None or done_range["start_skiptoken"] is None or done_range["history_done"]:
                continue
            end = int(done_range["start_skiptoken"])
            counts = stats.per_category.setdefault(category, {"pages": 0, "entries": 0, "kept": 0, "deleted": 0})
            known = tk.known_case_ids(con) if category == "ZaakActor" else set()
            token = str(done_range["history_skiptoken"]) if done_range["history_skiptoken"] else None
            clock = time.monotonic()
            for url, page in pages(http, base_url, category, token, known, None):
                inside = [e for e in page.entries if token_number(e.skiptoken, url) <= end]
                done = len(inside) < len(page.entries) or not page.next_url or not page.entries
                rows, remove = page_changes(FeedPage(inside, None))
                newer = tk.stored_ids(con, [r["id"] for r in rows] + list(remove))
                rows = [r for r in rows if r["id"] not in newer]
                last = token_number(inside[-1].skiptoken, url) if inside else end
                now = time.monotonic()
                with transaction(con):
                    written = tk.write_page(con, category, rows, set(remove) - newer, None, len(inside))
                    tk.history_page(con, category, end if done else last, len(inside), now - clock, done)
                clock = now
                _count(stats, counts, FeedPage(inside, None), written)
                if progress:
                    progress(_progress(con, category, stats))
                if done:
                    finished_now = True
                    break
            if not tk.sync_range(con)[category]["history_done"]:
                return stats  # the feed ended early (an empty page): resume from here next time
        cov = tk.coverage(con)
        if finished_now and cov is not None and cov.history_complete:
            before = min((r["synced_from"] for r in tk.sync_range(con).values() if r["synced_from"]), default=None)
            if before is not None:
                with transaction(con):
                    tk.touch_sets_before(con, before.astimezone(AMSTERDAM).date())
    finally:
        stats.requests = http.request_count - first_request
    return stats


def _progress(con: duckdb.DuckDBPyConnection, category: str, stats: TkSyncStats) -> HistoryProgress:
    """The history step's progress after a page (the share as `tk_coverage` counts it), with the time
    left at the pace so far."""
    cov = tk.coverage(con)
    share = cov.history_share if cov else 1.0
    spent = cov.history_seconds if cov else 0.0
    left = spent * (1 - share) / share if 0 < share < 1 and spent > 0 else None
    return HistoryProgress(category, stats.pages, stats.entries, share, left)


def run_tk_sync(db: str | None = None, base_url: str | None = None, *, http: HttpClient | None = None,
                publish: bool = True, since: date | None = None, full: bool = False,
                progress: HistoryCallback | None = None) -> dict[str, Any]:
    """`kamervragen tk-sync`: take the writer lock, sync, publish the read snapshot; the summary.

    `since`: a first sync starts near this horizon (see `sync_pages`). `full`: then read the history
    before a bounded start (`sync_history`), resumably. `outcome` is `success` or `failed` (with
    `message` naming the URL and the cause); `coverage` tells how far the records reach.
    """
    db = db or config.get("DB")
    base = tk_url(base_url)
    with ExitStack() as stack:
        stack.enter_context(WriterLock(db))
        con = connect(db)
        stack.callback(con.close)
        client = http or stack.enter_context(HttpClient(settings=ClientSettings.from_env()))
        summary: dict[str, Any] = {"tk_url": base}
        stats = TkSyncStats()
        try:
            sync_pages(con, client, base, stats, since=since)
            if full:
                history = sync_history(con, client, base, progress=progress)
                summary["history"] = {k: getattr(history, k) for k in ("requests", "pages", "entries", "kept")}
            rebuild_touched(con, stats)
        except (FetchError, FeedError, StartSearchError) as exc:
            summary.update(outcome="failed", message=str(exc), **coverage_summary(con))
            return summary
        summary.update(outcome="success", **asdict(stats), **coverage_summary(con))
        changed = stats.kept or stats.deleted or summary.get("history", {}).get("kept")
        if publish and changed:
            try:
                publish_snapshot(con, db)
            except (duckdb.Error, OSError) as exc:
                summary["snapshot_error"] = describe_error(exc)
        return summary


def coverage_summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """`{"coverage": …}` for a run's summary (empty on a database before migration 012)."""
    cov = tk.coverage(con)
    return {"coverage": cov.as_dict()} if cov is not None else {}
