"""Enumerate Kamervragen records through KOOP's SRU 2.0 search service.

`SruClient.iter_pages(query)` pages through `searchRetrieve` results following
`sru:nextRecordPosition` and the number of records each page actually returned (`next_start`: a
server that caps `maximumRecords` below the one asked works), one page in memory at a time;
`fetch_raw` + `parse_response(detach=False)` are the pieces for callers that parse elsewhere.
Records are returned as detached `sru:record` elements (their `gzd:gzd` payload is parsed
elsewhere). A response carrying SRU `diagnostics` (which the service sends with HTTP 200) raises
`SruDiagnosticError`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeVar

from lxml import etree

from scrapers.http_client import FetchError, HttpClient
from scrapers.settings import (
    IDENTIFIER_INDEX,
    INCREMENTAL_DATE_INDEX,
    SRU_RECORD_SCHEMA,
    SRU_VERSION,
    ClientSettings,
)

SRU_NS = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
DIAG_NS = "http://docs.oasis-open.org/ns/search-ws/diagnostic"
GZD_NS = "http://standaarden.overheid.nl/sru"
NAMESPACES = {"sru": SRU_NS, "diag": DIAG_NS, "gzd": GZD_NS}

_INDEX_NAME = re.compile(r"^[A-Za-z][\w.-]*$")


class SruDiagnosticError(FetchError):
    """The SRU service answered with a diagnostic (bad query, unsupported parameter, …)."""

    def __init__(
        self,
        url: str,
        *,
        query: str | None,
        message: str | None,
        details: str | None = None,
        uri: str | None = None,
    ):
        self.query = query
        self.message = message
        self.details = details
        self.uri = uri
        parts = [f"SRU diagnostic: {message or '(no message)'}"]
        if details:
            parts.append(f"details: {details}")
        if uri:
            parts.append(f"uri: {uri}")
        parts.append(f"query: {query}")
        super().__init__(url, "; ".join(parts))


@dataclass(slots=True, weakref_slot=True)
class SruPage:
    """One searchRetrieve response: its records (detached `sru:record` elements) and paging."""

    start: int
    records: list[etree._Element]
    number_of_records: int | None
    next_position: int | None
    url: str

    @property
    def returned(self) -> int:
        """How many records the page holds."""
        return len(self.records)


class PageFacts(Protocol):
    """What the paging loop needs of a page (an `SruPage`, or a page parsed in a worker)."""

    start: int
    number_of_records: int | None
    next_position: int | None
    url: str

    @property
    def returned(self) -> int: ...


PageT = TypeVar("PageT", bound=PageFacts)


def paginate(fetch: Callable[[int], PageT]) -> Iterator[PageT]:
    """THE paging loop: `fetch(start)` for start 1, then wherever `next_start` says, in order.

    Every entry point pages through here (ingest and its scheduled flow via
    `SruClient.iter_pages`, the backfill with pages parsed in workers). Works when the server
    caps the page size below the one asked for. After a page without `nextRecordPosition` whose
    `numberOfRecords` promises more, it continues speculatively and stops quietly at an empty
    page or an out-of-range diagnostic. Raises `FetchError` when the position does not advance
    or an empty page claims more.
    """
    start = 1
    speculative = False
    while True:
        try:
            page = fetch(start)
        except SruDiagnosticError as exc:
            if speculative and exc.uri and exc.uri.rstrip("/").endswith("/61"):
                return  # numberOfRecords was an overestimate: nothing past the end
            raise
        if speculative and not page.returned:
            return
        nxt = next_start(page.start, page.returned, page.number_of_records, page.next_position, page.url)
        speculative = nxt is not None and page.next_position is None
        yield page
        del page  # keep one page alive at a time
        if nxt is None:
            return
        start = nxt


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(parent: etree._Element, name: str) -> etree._Element | None:
    for el in parent:
        if _local(el.tag) == name:
            return el
    return None


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    text = " ".join("".join(el.itertext()).split())
    return text or None


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _iso(day: date) -> str:
    return (day.date() if isinstance(day, datetime) else day).isoformat()


class SruClient:
    """searchRetrieve client for `repository.overheid.nl/sru` (or a replay of it)."""

    def __init__(
        self,
        http: HttpClient,
        base_url: str | None = None,
        page_size: int | None = None,
        settings: ClientSettings | None = None,
    ):
        """`base_url`/`page_size` default to `settings` (default `ClientSettings.from_env()`)."""
        self.settings = settings or ClientSettings.from_env()
        self.http = http
        self.base_url = base_url or self.settings.sru_url
        self.page_size = self.settings.page_size if page_size is None else page_size
        if self.page_size < 1:
            raise ValueError(f"page_size must be >= 1, got {self.page_size}")

    # --- queries ----------------------------------------------------------------------------
    def build_query(
        self,
        series: str,
        since: date | None = None,
        until: date | None = None,
        index: str = INCREMENTAL_DATE_INDEX,
    ) -> str:
        """CQL for one series (`questions` or `answers`), optionally bounded by a date index.

        `since`/`until` are inclusive; `index` is `dt.modified` for incremental runs and
        `settings.backfill_date_index` (`dt.date`) for backfills.
        """
        try:
            series_clause = self.settings.series[series]
        except KeyError:
            known = ", ".join(sorted(self.settings.series))
            raise ValueError(f"unknown series {series!r} (known: {known})") from None
        if not _INDEX_NAME.match(index):
            raise ValueError(f"not a CQL index name: {index!r}")
        clauses = [self.settings.base_filter, series_clause]
        if since is not None:
            clauses.append(f"{index}>={_quote(_iso(since))}")
        if until is not None:
            clauses.append(f"{index}<={_quote(_iso(until))}")
        return " and ".join(clauses)

    def query_for_id(self, doc_id: str) -> str:
        """CQL selecting one document by identifier (within the base filter)."""
        if not doc_id or not doc_id.strip():
            raise ValueError("doc_id is empty")
        return f"{self.settings.base_filter} and {IDENTIFIER_INDEX}=={_quote(doc_id.strip())}"

    # --- paging -----------------------------------------------------------------------------
    def fetch_raw(self, query: str, start: int = 1, maximum: int | None = None) -> tuple[bytes, str]:
        """One searchRetrieve request, unparsed: (body, final URL). Parse with `parse_response`."""
        params = {
            "operation": "searchRetrieve",
            "version": SRU_VERSION,
            "recordSchema": SRU_RECORD_SCHEMA,
            "startRecord": str(start),
            "maximumRecords": str(self.page_size if maximum is None else maximum),
            "query": query,
        }
        response = self.http.get(self.base_url, params=params)
        return response.content, str(response.url)

    def fetch_page(self, query: str, start: int = 1, maximum: int | None = None) -> SruPage:
        """One searchRetrieve request starting at `start` (1-based)."""
        content, url = self.fetch_raw(query, start, maximum)
        return parse_response(content, url=url, query=query, start=start)

    def iter_pages(
        self, query: str, fetch: Callable[[str, int], SruPage] | None = None
    ) -> Iterator[SruPage]:
        """Pages of `query` in order, following `nextRecordPosition` and the records returned.

        The one paging loop: every entry point pages through here. `fetch(query, start)` gets
        one page (default `fetch_page`; the scheduled flow passes its retried Prefect task).
        Works when the server caps the page size below the one asked for (see `next_start`).
        Raises `FetchError` when `nextRecordPosition` does not advance or a page is empty yet
        claims more.
        """
        fetch = fetch or self.fetch_page
        return paginate(lambda start: fetch(query, start))

    def iter_records(self, query: str) -> Iterator[etree._Element]:
        """Every `sru:record` of `query`, page by page."""
        for page in self.iter_pages(query):
            yield from page.records

    def count(self, query: str) -> int | None:
        """`numberOfRecords` for `query` (an estimate, per the service) without fetching records."""
        return self.fetch_page(query, 1, maximum=0).number_of_records


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _int_or_none(el: etree._Element | None, url: str, name: str) -> int | None:
    text = _text(el)
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise FetchError(url, f"SRU {name} is not an integer: {text!r}") from None


def _raise_diagnostics(root: etree._Element, url: str, query: str | None) -> None:
    """Raise `SruDiagnosticError` for a top-level diagnostic (any namespace or prefix)."""
    name = _local(root.tag)
    holder = root if name == "diagnostics" else _child(root, "diagnostics")
    candidates = [root] if name == "diagnostic" else list(root)
    if holder is not None and holder is not root:
        candidates = list(holder) + candidates
    for diag in candidates:
        if _local(diag.tag) != "diagnostic":
            continue
        raise SruDiagnosticError(
            url,
            query=query,
            message=_text(_child(diag, "message")),
            details=_text(_child(diag, "details")),
            uri=_text(_child(diag, "uri")),
        )
    if holder is not None and _text(holder):
        raise SruDiagnosticError(url, query=query, message=_text(holder))


def next_start(
    start: int, returned: int, number_of_records: int | None, next_position: int | None, url: str
) -> int | None:
    """Where the page after one that started at `start` and held `returned` records begins.

    `nextRecordPosition` is followed, but never past the records actually returned (a server
    that caps `maximumRecords` while announcing the uncapped position loses nothing). Without
    `nextRecordPosition` the result ends, unless `numberOfRecords` says more records follow
    the ones returned (then the caller continues speculatively and stops at an empty page or
    an out-of-range diagnostic). Raises `FetchError` when the position does not advance or an
    empty page claims more.
    """
    if next_position is None:
        if returned and number_of_records is not None and start - 1 + returned < number_of_records:
            return start + returned
        return None
    if next_position <= start:
        raise FetchError(url, f"nextRecordPosition {next_position} does not advance past {start}")
    if not returned:
        raise FetchError(url, f"empty page at startRecord {start} yet nextRecordPosition {next_position}")
    return min(next_position, start + returned)


def parse_response(
    content: bytes, *, url: str, query: str | None = None, start: int = 1, detach: bool = True
) -> SruPage:
    """Parse one searchRetrieve response body into an `SruPage`.

    With `detach` (the default) every record is copied into its own document, so a record kept
    does not pin the whole page; without it the records stay in the page's tree (faster, for
    callers that parse the page at once). Raises `FetchError` (naming `url`) for a body that
    is not XML or not a searchRetrieveResponse, and `SruDiagnosticError` for a diagnostics
    response.
    """
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as exc:
        snippet = content[:80].decode("utf-8", "replace")
        raise FetchError(url, f"response is not XML ({exc}); starts with {snippet!r}") from None
    if root is None:
        raise FetchError(url, "empty XML response")
    _raise_diagnostics(root, url, query)
    if _local(root.tag) != "searchRetrieveResponse":
        raise FetchError(url, f"not an SRU searchRetrieveResponse (root element {root.tag!r})")
    records_el = _child(root, "records")
    records: list[etree._Element] = []
    if records_el is not None:
        # deepcopy gives each record its own document, so a kept record does not pin the page.
        records = [el for el in records_el if _local(el.tag) == "record"]
        if detach:
            records = [copy.deepcopy(el) for el in records]
    return SruPage(
        start=start,
        records=records,
        number_of_records=_int_or_none(_child(root, "numberOfRecords"), url, "numberOfRecords"),
        next_position=_int_or_none(_child(root, "nextRecordPosition"), url, "nextRecordPosition"),
        url=url,
    )
