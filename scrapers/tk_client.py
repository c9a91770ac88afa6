"""The Tweede Kamer SyncFeed client: one category at a time, page by page, from a skiptoken.

The feed of a category is `<base>/Feed?category=<Category>`; a stored skiptoken resumes it
(`&skiptoken=N`), and each page's `next` link leads on. Paging stops at a page without entries or
without a `next` link, so a run with nothing new costs one request per category. Requests go
through the project's `HttpClient` (politeness interval, retries with back-off for 429/5xx).
Pages are yielded one at a time and never kept: memory does not grow with the feed.
"""

from __future__ import annotations

from collections.abc import Iterator
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
) -> Iterator[tuple[str, FeedPage]]:
    """Yield `(url, page)` for `category` from `skiptoken` on, following `next` links.

    `known_cases`: the stored case ids (actors are kept for these, and for cases not known yet when
    updated at or after `park_after`).
    Raises `FetchError` (after retries) and `FeedError` (a page that is not a feed).
    """
    url: str | None = feed_url(base_url, category, skiptoken)
    previous = None
    while url and url != previous:  # a feed that links a page to itself ends there
        previous = url
        body = http.get_bytes(url)
        page = parse_feed_page(body, known_cases, park_after)
        yield url, page
        if not page.entries or not page.next_url:
            return
        url = same_service(base_url, page.next_url)
