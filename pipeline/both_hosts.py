"""Both hosts at once: the TK SyncFeed paged in a thread beside the SRU passes, and requests counted per host.

The SRU passes write on the run's connection; the TK pages on a cursor of their own (`con.cursor()`,
DuckDB's connection per thread). The two never write the same table: the TK pages touch only the tk_*
tables and the `tk_touched` queue, `question_sets` is written by the SRU loads and, once both are done,
by `pipeline.tk_sync.rebuild_touched` on the run's connection. The HTTP client is shared (thread-safe,
a politeness slot per host), so its `request_count` is the sum of both: `HostCounts` tells them apart.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import duckdb
import httpx

from scrapers.http_client import FetchError, HttpClient


def host_of(url: str) -> str:
    """`host:port` of a URL (the key of `HostCounts`)."""
    parsed = httpx.URL(url)
    return f"{parsed.host}:{parsed.port or (443 if parsed.scheme == 'https' else 80)}"


class HostCounts:
    """Requests sent by an `HttpClient` per `host:port`, from now on (every hop, retries included).

    Counted by a request hook added to the client's httpx client; a client without one counts nothing
    (`counts()` is then empty)."""

    def __init__(self, http: HttpClient):
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        client = getattr(http, "_client", None)
        hooks = getattr(client, "event_hooks", None)
        self.active = isinstance(hooks, dict)
        if self.active:
            hooks.setdefault("request", []).append(self._count)
            client.event_hooks = hooks

    def _count(self, request: httpx.Request) -> None:
        with self._lock:
            self._counts[host_of(str(request.url))] += 1

    def counts(self) -> dict[str, int]:
        """Requests per `host:port` so far."""
        with self._lock:
            return dict(sorted(self._counts.items()))


class _StoppableHttp:
    """The shared client as the TK thread sees it: once stopped, the next page request fails."""

    def __init__(self, http: HttpClient, stop: threading.Event):
        self._http = http
        self._stop = stop

    def get_bytes(self, url: str) -> bytes:
        if self._stop.is_set():
            raise FetchError(url, "the run stopped before this page")
        return self._http.get_bytes(url)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._http, name)


class TkThread:
    """`pipeline.tk_sync.sync_pages` running in a thread on a cursor of `con`, started at once."""

    def __init__(self, con: duckdb.DuckDBPyConnection, http: HttpClient, base_url: str, since: date | None,
                 full: bool = False):
        from pipeline.tk_sync import TkSyncStats, sync_pages

        self.stats = TkSyncStats()
        self.history: TkSyncStats | None = None
        self._stop = threading.Event()
        self._cursor = con.cursor()
        kwargs: dict[str, Any] = {"since": since}  # on a warehouse with no TK state: start near the horizon
        self.full = full  # then the history before a bounded start (a backfill)
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="tk-sync")
        self._future = self._pool.submit(self._run, sync_pages, _StoppableHttp(http, self._stop), base_url, kwargs)

    def _run(self, sync_pages: Any, http: Any, base_url: str, kwargs: dict[str, Any]) -> None:
        try:
            sync_pages(self._cursor, http, base_url, self.stats, **kwargs)
            if self.full:
                from pipeline.tk_sync import sync_history

                self.history = sync_history(self._cursor, http, base_url)
        finally:
            self._cursor.close()

    def result(self) -> tuple[Any, BaseException | None]:
        """Wait for the paging: (its stats, None), or (the stats so far, the error) when the feed failed
        (`FetchError`, `FeedError`) or its writes did (`duckdb.Error`)."""
        from scrapers.tk_parse import FeedError

        try:
            self._future.result()
        except (FetchError, FeedError, duckdb.Error) as exc:
            return self.stats, exc
        return self.stats, None

    def stop(self) -> None:
        """Stop after the page in hand and wait for the thread (its errors are `result`'s to report)."""
        self._stop.set()
        self._pool.shutdown(wait=True)
