"""A polite, retrying HTTP client for the KOOP services (httpx + tenacity).

One pooled `httpx.Client`; at most `max_concurrency` requests in flight per host (host and port),
so one host's `fetch_many` never starves another host's requests; at least `min_interval` seconds
between two requests to the same host (`set_host_interval` sets another for one host); retries
with exponential back-off and jitter for 429, 5xx, timeouts and broken connections (honouring
`Retry-After`); never a retry for other 4xx. A host whose name does not resolve or that refuses
the connection is `UnreachableError`, retried once at most. Bodies are streamed and capped at
`max_bytes`. This client is the one retry layer: callers (the Prefect tasks) never retry a
`FetchError` again, so a request never costs more than `max_attempts` requests.
"""

from __future__ import annotations

import errno
import re
import socket
import threading
import time
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from tenacity import (
    RetryCallState,
    RetryError,
    Retrying,
    retry_if_exception_type,
    wait_exponential,
    wait_random,
)

from scrapers.settings import NOT_FOUND_URL_PATTERN, ClientSettings

_NOT_FOUND_URL = re.compile(NOT_FOUND_URL_PATTERN, re.IGNORECASE)
_NO_RETRY_5XX = frozenset({501, 505})  # "not implemented" / "version not supported": permanent
_DEFAULT_PORTS = {"http": 80, "https": 443}
UNREACHABLE_ATTEMPTS = 2  # an unresolvable name or a refused connection: one retry at most


class FetchError(Exception):
    """A URL could not be fetched; the message names the URL and the cause."""

    def __init__(self, url: str, reason: str, *, status: int | None = None):
        self.url = url
        self.reason = reason
        self.status = status
        super().__init__(f"fetching {url} failed: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_error, (type(self), self.__dict__.copy()))


def _rebuild_error(cls: type[FetchError], state: dict[str, Any]) -> FetchError:
    err = cls.__new__(cls)
    Exception.__init__(err, f"fetching {state['url']} failed: {state['reason']}")
    err.__dict__.update(state)
    return err


class NotFoundError(FetchError):
    """404/410, or a redirect that lands on the site's error page (`fout404`, `Errors/404.htm`)."""


class TooLargeError(FetchError):
    """The body is larger than the configured maximum (Content-Length or streamed length)."""


class UnreachableError(FetchError):
    """The host cannot be reached at all: its name does not resolve, or it refuses the connection.

    Not transient for a run: retried once at most. `host` is `host:port` as requested, `cause` a
    short phrase and the error (e.g. "the name does not resolve (ConnectError: [Errno -2] Name or service
    not known)").
    """

    def __init__(self, url: str, reason: str, *, host: str, cause: str):
        super().__init__(url, reason)
        self.host = host
        self.cause = cause


class TransientError(FetchError):
    """A failure worth retrying (429, 5xx, timeout, reset, truncated body)."""

    def __init__(
        self, url: str, reason: str, *, status: int | None = None, retry_after: float | None = None
    ):
        super().__init__(url, reason, status=status)
        self.retry_after = retry_after


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait per a `Retry-After` value (delta-seconds or HTTP-date); None if unusable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def host_key(url: str | httpx.URL) -> str:
    """`host:port` of `url` (the default port of its scheme when none is given): the key of a
    politeness slot and of a concurrency bound. Raises `httpx.InvalidURL` for an unusable URL."""
    parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    port = parsed.port or _DEFAULT_PORTS.get(parsed.scheme)
    return f"{parsed.host}:{port}" if port else parsed.host


def unreachable_cause(exc: BaseException) -> str | None:
    """Why a connection failed for good ("the name does not resolve", "the connection was refused"),
    found in the exception's chain; None for anything else (a timeout, a reset: transient)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return "the name does not resolve"
        if isinstance(current, ConnectionRefusedError):
            return "the connection was refused"
        if isinstance(current, OSError) and current.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return "there is no route to it"
        current = current.__cause__ or current.__context__
    return None


def _proxied(url: httpx.URL) -> bool:
    """Whether the environment sends requests to `url` through a proxy (then only the proxy is reached)."""
    proxies = urllib.request.getproxies()
    if not any(k in proxies for k in (url.scheme, "all")):
        return False
    return not urllib.request.proxy_bypass(url.host)


def _has_request(exc: httpx.HTTPError) -> bool:
    try:
        exc.request  # noqa: B018 (raises RuntimeError when the error carries no request)
    except RuntimeError:
        return False
    return True


class HttpClient:
    """Pooled, bounded, polite, retrying GET client. Thread-safe; use as a context manager."""

    def __init__(
        self,
        settings: ClientSettings | None = None,
        *,
        user_agent: str | None = None,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        max_concurrency: int | None = None,
        min_interval: float | None = None,
        max_attempts: int | None = None,
        max_bytes: int | None = None,
        backoff_base: float | None = None,
        backoff_max: float | None = None,
        max_retry_wait: float | None = None,
        transport: httpx.BaseTransport | None = None,
    ):
        """Explicit arguments override `settings` (default: `ClientSettings.from_env()`).

        `timeout` is the read timeout; `transport` is for tests (e.g. `httpx.MockTransport`).
        """
        s = settings or ClientSettings.from_env()

        def pick(value: Any, default: Any) -> Any:
            return default if value is None else value

        self.user_agent: str = pick(user_agent, s.user_agent)
        self.max_concurrency: int = pick(max_concurrency, s.max_concurrency)
        self.min_interval: float = pick(min_interval, s.min_interval)
        self.max_attempts: int = pick(max_attempts, s.max_attempts)
        self.max_bytes: int = pick(max_bytes, s.max_bytes)
        self.backoff_base: float = pick(backoff_base, s.backoff_base)
        self.backoff_max: float = pick(backoff_max, s.backoff_max)
        self.max_retry_wait: float = pick(max_retry_wait, s.max_retry_wait)
        if self.max_concurrency < 1 or self.max_attempts < 1:
            raise ValueError("max_concurrency and max_attempts must be >= 1")
        read = pick(timeout, s.read_timeout)
        self.timeout = httpx.Timeout(
            connect=pick(connect_timeout, s.connect_timeout),
            read=read,
            write=s.write_timeout,
            pool=s.pool_timeout,
        )
        self._client = httpx.Client(
            headers={"User-Agent": self.user_agent},
            timeout=self.timeout,
            limits=httpx.Limits(
                max_connections=None,  # bounded per host by `_host_slots`
                max_keepalive_connections=4 * self.max_concurrency,
            ),
            follow_redirects=True,
            max_redirects=s.max_redirects,
            transport=transport,
            event_hooks={"request": [self._on_request]},
        )
        self._backoff = wait_exponential(
            multiplier=self.backoff_base, max=self.backoff_max
        ) + wait_random(0, self.backoff_base)
        self._lock = threading.Lock()
        self._host_slots: dict[str, threading.BoundedSemaphore] = {}
        self._intervals: dict[str, float] = {}
        self._next_slot: dict[str, float] = {}
        self._request_count = 0
        self._retry_count = 0

    # --- counters ---------------------------------------------------------------------------
    @property
    def request_count(self) -> int:
        """HTTP requests actually sent (retries and redirect hops included)."""
        return self._request_count

    @property
    def retry_count(self) -> int:
        """Retries scheduled after a transient failure."""
        return self._retry_count

    # --- politeness -------------------------------------------------------------------------
    def set_host_interval(self, url: str, seconds: float) -> None:
        """At least `seconds` between two requests to the host (and port) of `url`, instead of
        `min_interval` (e.g. the Tweede Kamer's SyncFeed: `KAMERVRAGEN_TK_MIN_INTERVAL`). A client
        whose `min_interval` is 0 paces no host at all (a loopback replay)."""
        if seconds < 0:
            raise ValueError("a politeness interval must be >= 0")
        try:
            key = host_key(url)
        except httpx.InvalidURL:
            return  # its requests fail with a FetchError naming the URL
        with self._lock:
            self._intervals[key] = float(seconds)

    def interval_for(self, url: str) -> float:
        """Seconds kept between two requests to the host of `url`."""
        return self._interval(host_key(url))

    def _interval(self, key: str) -> float:
        """The host's own interval, else `min_interval`; none at all when `min_interval` is 0 (pacing off)."""
        return 0.0 if self.min_interval == 0 else self._intervals.get(key, self.min_interval)

    def _slots_for(self, key: str) -> threading.BoundedSemaphore:
        with self._lock:
            slots = self._host_slots.get(key)
            if slots is None:
                slots = self._host_slots[key] = threading.BoundedSemaphore(self.max_concurrency)
            return slots

    def _on_request(self, request: httpx.Request) -> None:
        """httpx request hook (every hop): wait for the host's slot, then count the request."""
        host = host_key(request.url)
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_slot.get(host, 0.0))
            self._next_slot[host] = start + self._interval(host)
        if start > now:
            time.sleep(start - now)
        with self._lock:
            self._request_count += 1

    # --- reachability -----------------------------------------------------------------------
    def check_reachable(self, url: str) -> None:
        """Fail fast, before a run pays its start-up: resolve the host of `url` and open one TCP
        connection to it (closed at once, no request sent), tried `UNREACHABLE_ATTEMPTS` times at most.

        Raises `UnreachableError` when the name does not resolve, the connection is refused or there is
        no route. Anything else (a timeout, a proxy in the environment, an unusable URL) is left to the
        requests themselves, with their retries.
        """
        try:
            parsed = httpx.URL(url)
            key = host_key(parsed)
        except httpx.InvalidURL:
            return
        port = parsed.port or _DEFAULT_PORTS.get(parsed.scheme)
        if not parsed.host or port is None or _proxied(parsed):
            return
        tries = min(self.max_attempts, UNREACHABLE_ATTEMPTS)
        for attempt in range(1, tries + 1):
            try:
                with socket.create_connection((parsed.host, port), timeout=self.timeout.connect):
                    return
            except OSError as exc:
                phrase = unreachable_cause(exc)
                if phrase is None:
                    return
                cause = f"{phrase} ({_describe(exc)})"
            if attempt < tries:
                time.sleep(self.backoff_base)
        attempts = f"{tries} attempt{'s' if tries != 1 else ''}"
        raise UnreachableError(url, f"gave up after {attempts}: cannot reach {key}: {cause}", host=key, cause=cause)

    # --- retry policy -----------------------------------------------------------------------
    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, TransientError) and exc.retry_after is not None:
            seconds = min(exc.retry_after, self.max_retry_wait)
            self._pause_host(exc.url, seconds)
            return seconds
        return self._backoff(state)

    def _pause_host(self, url: str, seconds: float) -> None:
        """After a Retry-After, hold every thread's next request to that host as well."""
        try:
            host = host_key(url)
        except httpx.InvalidURL:
            return
        with self._lock:
            until = time.monotonic() + seconds
            self._next_slot[host] = max(self._next_slot.get(host, 0.0), until)

    def _before_sleep(self, state: RetryCallState) -> None:
        with self._lock:
            self._retry_count += 1

    def _stop(self, state: RetryCallState) -> bool:
        """Stop after `max_attempts`, or after `UNREACHABLE_ATTEMPTS` when the host cannot be reached."""
        if state.attempt_number >= self.max_attempts:
            return True
        exc = state.outcome.exception() if state.outcome else None
        return isinstance(exc, UnreachableError) and state.attempt_number >= UNREACHABLE_ATTEMPTS

    # --- one attempt ------------------------------------------------------------------------
    def _attempt(self, url: str) -> httpx.Response:
        try:
            key = host_key(url)
        except httpx.InvalidURL as exc:
            raise FetchError(url, _describe(exc)) from exc
        with self._slots_for(key):
            try:
                with self._client.stream("GET", url) as response:
                    self._check_status(url, response)
                    self._read_capped(url, response)
                    return response
            except FetchError:
                raise
            except httpx.ConnectError as exc:
                phrase = unreachable_cause(exc)
                if phrase is None:
                    raise TransientError(url, _describe(exc)) from exc
                cause = f"{phrase} ({_describe(exc)})"
                target = exc.request.url if _has_request(exc) else httpx.URL(url)
                raise UnreachableError(url, f"cannot reach {host_key(target)}: {cause}", host=host_key(target),
                                       cause=cause) from exc
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                raise TransientError(url, _describe(exc)) from exc
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise FetchError(url, _describe(exc)) from exc

    def _check_status(self, url: str, response: httpx.Response) -> None:
        status = response.status_code
        final = str(response.url)
        if _NOT_FOUND_URL.search(final):
            raise NotFoundError(url, f"redirected to error page {final}", status=status)
        if status < 400:
            return
        reason = f"HTTP {status} {response.reason_phrase}".strip()
        if final != url and response.history:
            reason += f" (at {final})"
        if status in (404, 410):
            raise NotFoundError(url, reason, status=status)
        if status == 429 or (status >= 500 and status not in _NO_RETRY_5XX):
            retry_after = None
            if status in (429, 503):
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
            raise TransientError(url, reason, status=status, retry_after=retry_after)
        raise FetchError(url, reason, status=status)

    def _read_capped(self, url: str, response: httpx.Response) -> None:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise TooLargeError(
                url, f"Content-Length {declared} exceeds the maximum of {self.max_bytes} bytes"
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise TooLargeError(url, f"body exceeds the maximum of {self.max_bytes} bytes")
            chunks.append(chunk)
        # What `Response.read()` does, with the cap applied while streaming.
        response._content = b"".join(chunks)

    # --- public API -------------------------------------------------------------------------
    def get(self, url: str, params: Mapping[str, Any] | None = None) -> httpx.Response:
        """GET with retries; returns the (fully read) final response of status < 400.

        Raises `NotFoundError`, `TooLargeError` or `FetchError` (retries exhausted, other 4xx,
        unusable URL). `params` are merged into a query string already in `url`.
        """
        if params:
            try:
                url = str(httpx.URL(url).copy_merge_params(params))
            except httpx.InvalidURL as exc:
                raise FetchError(url, _describe(exc)) from exc
        retrying = Retrying(
            stop=self._stop,
            wait=self._wait,
            retry=retry_if_exception_type((TransientError, UnreachableError)),
            before_sleep=self._before_sleep,
            reraise=False,
        )
        try:
            return retrying(self._attempt, url)
        except RetryError as exc:
            last = exc.last_attempt.exception()
            tries = exc.last_attempt.attempt_number
            attempts = f"{tries} attempt{'s' if tries != 1 else ''}"
            if isinstance(last, UnreachableError):
                raise UnreachableError(last.url, f"gave up after {attempts}: {last.reason}", host=last.host,
                                       cause=last.cause) from last
            cause = last.reason if isinstance(last, FetchError) else _describe(last or exc)
            target = last.url if isinstance(last, FetchError) else url
            status = last.status if isinstance(last, FetchError) else None
            raise FetchError(target, f"gave up after {attempts}: {cause}", status=status) from last

    def get_bytes(self, url: str) -> bytes:
        """The body of `url` (see `get` for the errors raised)."""
        return self.get(url).content

    def fetch_many(self, urls: Iterable[str]) -> Iterator[tuple[str, bytes | FetchError]]:
        """Fetch `urls` concurrently; yield `(url, body or FetchError)` as each completes.

        Never raises for one bad URL. At most `2 × max_concurrency` fetches are queued at a time,
        so a long URL stream is not held in memory.
        """
        window = 2 * self.max_concurrency
        pending: dict[Future[bytes], str] = {}
        source = iter(urls)
        executor = ThreadPoolExecutor(self.max_concurrency, thread_name_prefix="http-fetch")
        try:
            exhausted = False
            while True:
                while not exhausted and len(pending) < window:
                    try:
                        url = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    pending[executor.submit(self.get_bytes, url)] = url
                if not pending:
                    return
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    url = pending.pop(future)
                    result: bytes | FetchError
                    try:
                        result = future.result()
                    except FetchError as exc:
                        result = exc
                    except Exception as exc:  # a bug or an unexpected library error
                        result = FetchError(url, _describe(exc))
                    yield url, result
        finally:
            for future in pending:
                future.cancel()
            executor.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
