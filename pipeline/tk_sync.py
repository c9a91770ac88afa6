"""Sync the Tweede Kamer's own records (SyncFeed: Zaak, ZaakActor, Document) into the warehouse.

Per category, from its stored skiptoken: each page is parsed, filtered to written questions and
written in its own transaction together with the new skiptoken, so a crash loses at most the page in
hand and a run with nothing new costs one request per category. Then the sets whose TK records
changed are re-derived (tk_* columns, missing parties/ministries, the cross-check, the review flag).
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any

import duckdb

import config
from scrapers.http_client import FetchError, HttpClient
from scrapers.settings import ClientSettings
from scrapers.tk_client import pages
from scrapers.tk_parse import CATEGORIES, FeedError, FeedPage
from warehouse import tk
from warehouse.db import connect, describe_error, transaction
from warehouse.lock import WriterLock
from warehouse.questions import rebuild_question_sets
from warehouse.snapshot import publish_snapshot

MAX_PROBLEMS = 20
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


def sync_into(con: duckdb.DuckDBPyConnection, http: HttpClient, base_url: str) -> TkSyncStats:
    """Read every category from its skiptoken into `con`, then re-derive the touched sets.

    Raises `FetchError` / `FeedError` when the feed fails; the pages already written stay (with their
    skiptokens), and their sets are re-derived by the next sync.
    """
    stats = sync_pages(con, http, base_url)
    rebuild_touched(con, stats)
    return stats


def sync_pages(con: duckdb.DuckDBPyConnection, http: HttpClient, base_url: str,
               stats: TkSyncStats | None = None) -> TkSyncStats:
    """The paging half of `sync_into`: every category from its skiptoken, one transaction a page (the
    TK tables and the `tk_touched` queue only, never `question_sets`). Safe on its own cursor
    (`con.cursor()`) in a thread beside the SRU passes; `rebuild_touched` follows once they are done."""
    http.set_host_interval(base_url, config.get("TK_MIN_INTERVAL"))  # the TK host's own pace
    stats = stats or TkSyncStats()
    first_request = http.request_count
    state = tk.sync_state(con)
    try:
        for category in CATEGORIES:
            counts = stats.per_category.setdefault(category, {"pages": 0, "entries": 0, "kept": 0, "deleted": 0})
            known: set[str] = set()
            park_after = None
            if category == "ZaakActor":
                known = tk.known_case_ids(con)
                park_after = actors_wait_since(con)
            token = state.get(category, {}).get("skiptoken")
            for _url, page in pages(http, base_url, category, token, known, park_after):
                rows, remove = page_changes(page)
                with transaction(con):
                    done = tk.write_page(con, category, rows, remove, page.skiptoken, len(page.entries))
                for entry in page.entries:
                    for problem in entry.problems:
                        stats.problems += 1
                        if len(stats.problem_samples) < MAX_PROBLEMS:
                            stats.problem_samples.append(f"{category} {entry.entity_id}: {problem}")
                for name, value in (("pages", 1), ("entries", done.entries), ("kept", done.kept),
                                    ("deleted", done.deleted)):
                    counts[name] += value
                    setattr(stats, name, getattr(stats, name) + value)
    finally:
        stats.requests = http.request_count - first_request
    return stats


def rebuild_touched(con: duckdb.DuckDBPyConnection, stats: TkSyncStats) -> TkSyncStats:
    """The deriving half of `sync_into`: purge actors whose case never came, re-derive the sets whose
    TK records changed (and those the calendar alone may change), in one transaction."""
    with transaction(con):
        waiting_since = actors_wait_since(con)
        if waiting_since:
            stats.actors_dropped = tk.purge_orphan_actors(con, waiting_since)
        keys = sorted({("tk", v) for v in tk.touched(con)} | set(tk.recheck_keys(con)))
        stats.sets_rebuilt = rebuild_question_sets(con, keys) if keys else 0
        stats.keys_checked = len(keys)
        tk.clear_touched(con)
    return stats


def run_tk_sync(db: str | None = None, base_url: str | None = None, *, http: HttpClient | None = None,
                publish: bool = True) -> dict[str, Any]:
    """`kamervragen tk-sync`: take the writer lock, sync, publish the read snapshot; the summary.

    `outcome` is `success` or `failed` (with `message` naming the URL and the cause).
    """
    db = db or config.get("DB")
    base = tk_url(base_url)
    with ExitStack() as stack:
        stack.enter_context(WriterLock(db))
        con = connect(db)
        stack.callback(con.close)
        client = http or stack.enter_context(HttpClient(settings=ClientSettings.from_env()))
        summary: dict[str, Any] = {"tk_url": base}
        try:
            stats = sync_into(con, client, base)
        except (FetchError, FeedError) as exc:
            summary.update(outcome="failed", message=str(exc))
            return summary
        summary.update(outcome="success", **asdict(stats))
        if publish and (stats.kept or stats.deleted):
            try:
                publish_snapshot(con, db)
            except (duckdb.Error, OSError) as exc:
                summary["snapshot_error"] = describe_error(exc)
        return summary
