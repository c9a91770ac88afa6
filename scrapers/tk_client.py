"""The Tweede Kamer SyncFeed client: one category at a time, page by page, from a skiptoken.

The feed of a category is `<base>/Feed?category=<Category>`; a stored skiptoken resumes it
(`&skiptoken=N`), and each page's `next` link leads on. Paging stops at a page without entries or
without a `next` link, so a run with nothing new costs one request per category. Requests go
through the project's `HttpClient` (politeness interval, retries with back-off for 429/5xx).
Pages are yielded one at a time and never kept: memory does not grow with the feed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import httpx

import config
from scrapers.http_client import HttpClient
from scrapers.tk_parse import FeedPage, parse_feed_page

DEFAULT_TK_URL: str = config.setting("TK_URL").default


def feed_url(base_url: str, category: str, skiptoken: str | None = None) -> str:
    """`<base>/Feed?category=X[&skiptoken=N]`."""
    params = {"category": category}
    if skiptoken:
        params["skiptoken"] = skiptoken
    return str(httpx.URL(base_url.rstrip("/") + "/Feed").copy_merge_params(params))


def same_service(base_url: str, next_url: str) -> str:
    """A `next` link moved onto the configured base (the live feed links to its own host)."""
    base = httpx.URL(base_url.rstrip("/") + "/Feed")
    link = httpx.URL(next_url)
    return str(base.copy_with(query=link.query)) if link.host != base.host else next_url


def pages(
    http: HttpClient,
    base_url: str,
    category: str,
    skiptoken: str | None,
    known_cases: set[str] | frozenset[str] = frozenset(),
    park_after: datetime | None = None,
    first_body: bytes | None = None,
) -> Iterator[tuple[str, FeedPage]]:
    """Yield `(url, page)` for `category` from `skiptoken` on, following `next` links.

    `known_cases`: the stored case ids (actors are kept for these, and for cases not known yet when
    updated at or after `park_after`). `first_body`: the first page, fetched already (by `find_start`).
    Raises `FetchError` (after retries) and `FeedError` (a page that is not a feed).
    """
    url: str | None = feed_url(base_url, category, skiptoken)
    previous = None
    while url and url != previous:  # a feed that links a page to itself ends there
        previous = url
        body, first_body = (first_body, None) if first_body is not None else (http.get_bytes(url), None)
        page = parse_feed_page(body, known_cases, park_after)
        yield url, page
        if not page.entries or not page.next_url:
            return
        url = same_service(base_url, page.next_url)


class StartSearchError(ValueError):
    """The feed's skiptokens or dates do not allow a bounded start (the caller syncs from zero)."""


def token_number(token: str | None, url: str) -> int:
    """A skiptoken as the counter it is; `StartSearchError` naming the URL when it is not a number."""
    try:
        return int(token or "")
    except ValueError:
        raise StartSearchError(f"{url}: skiptoken {token!r} is not a number, so the feed cannot be "
                               "searched by date") from None


@dataclass(frozen=True, slots=True)
class StartFound:
    """Where a bounded sync starts: every entry after `skiptoken` changed at or after the horizon
    (as far as the probes saw); `probes` requests were spent finding it."""

    skiptoken: int
    probes: int
    first_body: bytes | None = None  # the feed's first page when the sync starts at 0 (not fetched twice)


def find_start(http: HttpClient, base_url: str, category: str, horizon: datetime,
               first_guess: int = 1 << 24, limit: int = 1 << 40, tolerance: int = 0) -> StartFound:
    """The skiptoken from which `category` holds only entries changed at or after `horizon`.

    The feed is ordered by one rising change counter, so an entry's `bijgewerkt` rises with its
    skiptoken: a binary search over skiptokens, where each probe (one page) also narrows the range by
    its own entries, and a page holding the crossing ends the search at once. It errs early, never late:
    once the range is within `tolerance` counter values it starts at its lower end (a few entries older
    than the horizon are read again, none newer is skipped). 0 when the feed's first entries are already
    newer than the horizon. Raises `FetchError`, `FeedError`, `StartSearchError`.
    """
    probes = 0

    first_body = None

    def probe(at: int) -> tuple[int | None, int | None]:
        """(last counter on the page older than the horizon, first counter at or after it)."""
        nonlocal probes, first_body
        url = feed_url(base_url, category, str(at) if at else None)
        body = http.get_bytes(url)
        page = parse_feed_page(body)
        probes += 1
        if not at:
            first_body = body
        older = newer = None
        for entry in page.entries:
            if entry.bijgewerkt is None:
                continue
            n = token_number(entry.skiptoken, url)
            if entry.bijgewerkt < horizon:
                if newer is None:
                    older = n
            elif newer is None:
                newer = n
        return older, newer

    older, newer = probe(0)
    if older is None:
        return StartFound(0, probes, first_body)
    if newer is not None:
        return StartFound(older, probes)
    lo, hi = older, max(first_guess, older + 1)
    while True:  # an upper bound: a probe with no older entry (the end of the feed, or newer ones)
        older, newer = probe(hi)
        if older is None:
            break
        if newer is not None:
            return StartFound(older, probes)
        lo = older
        if hi >= limit:
            raise StartSearchError(f"{feed_url(base_url, category)}: no end found below skiptoken {limit}")
        hi = max(hi * 2, lo + 1)
    while hi - lo > max(tolerance, 1):
        mid = (lo + hi) // 2
        older, newer = probe(mid)
        if older is None:
            hi = mid
        elif newer is not None:
            return StartFound(older, probes)
        else:
            lo = max(lo, older)
            if older >= hi:  # a page older than the horizon beyond a newer probe: the order is broken
                raise StartSearchError(f"{feed_url(base_url, category)}: bijgewerkt does not rise with the "
                                       f"skiptoken near {older}")
    return StartFound(lo, probes)
