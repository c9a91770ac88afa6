"""HttpClient against the real ReplayServer over sockets: retries, limits, politeness, errors.

Waiting (Retry-After, politeness intervals) is asserted on an injected clock that records every
pause the client takes, never on elapsed seconds: the tests hold on a slow machine too.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from replay.server import ReplayServer, Scripted
from scrapers.http_client import (
    FetchError,
    HttpClient,
    NotFoundError,
    TooLargeError,
    parse_retry_after,
)
from scrapers.settings import ClientSettings
from tests.harness import RecordingClock
from tests.replay_fixtures import closed_port


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with ReplayServer() as srv:
        srv.add_file("/doc.xml", b"<doc>hello</doc>", "application/xml")
        yield srv


def make_client(**kwargs: object) -> HttpClient:
    """Fast test defaults: no politeness pause, tiny back-off, short timeouts."""
    options: dict[str, object] = {
        "min_interval": 0.0,
        "backoff_base": 0.01,
        "backoff_max": 0.05,
        "max_attempts": 3,
        "timeout": 5.0,
        "connect_timeout": 2.0,
        "settings": ClientSettings(),
    }
    options.update(kwargs)
    return HttpClient(**options)  # type: ignore[arg-type]


def test_get_returns_body(server: ReplayServer) -> None:
    with make_client() as http:
        response = http.get(f"{server.base_url}/doc.xml")
        assert response.status_code == 200
        assert response.content == b"<doc>hello</doc>"
        assert http.get_bytes(f"{server.base_url}/doc.xml") == b"<doc>hello</doc>"
        assert http.request_count == 2
        assert http.retry_count == 0


def test_user_agent_and_defaults_are_descriptive() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"ok")

    with make_client(transport=httpx.MockTransport(handler)) as http:
        http.get("http://example.invalid/x", params={"a": "b c"})
    agent = seen[0].headers["User-Agent"]
    assert agent.startswith("kamervragen-pipeline/")
    assert "open-data research" in agent
    assert seen[0].url.params["a"] == "b c"


def test_429_retry_after_is_honoured(server: ReplayServer, clock: RecordingClock) -> None:
    server.script("/doc", [Scripted(status=429, headers={"Retry-After": "1"})])
    with make_client() as http:
        body = http.get_bytes(f"{server.base_url}/doc.xml")
    assert body == b"<doc>hello</doc>"
    assert clock.sleeps == [("MainThread", 1.0)]  # the one pause is the server's Retry-After
    assert http.retry_count == 1
    assert http.request_count == 2
    assert server.request_count == 2


def test_retry_after_pauses_other_requests_to_the_host(server: ReplayServer, clock: RecordingClock) -> None:
    server.script("/limited", [Scripted(status=429, headers={"Retry-After": "1"})])
    server.add_file("/limited", b"ok", "text/plain")
    with make_client() as http:
        worker = threading.Thread(target=http.get, args=(f"{server.base_url}/limited",), name="worker")
        worker.start()
        worker.join()  # it got the 429, paused the host for 1 s, slept and retried
        assert clock.sleeps == [("worker", 1.0)]
        http.get(f"{server.base_url}/doc.xml")  # this thread's clock has not moved: the host is still paused
    assert clock.sleeps == [("worker", 1.0), ("MainThread", 1.0)]
    assert server.request_log == [("/limited", ""), ("/limited", ""), ("/doc.xml", "")]


def test_retry_after_is_capped(server: ReplayServer, clock: RecordingClock) -> None:
    server.script("/doc", [Scripted(status=503, headers={"Retry-After": "120"})])
    with make_client(max_retry_wait=0.2) as http:
        assert http.get_bytes(f"{server.base_url}/doc.xml") == b"<doc>hello</doc>"
    assert clock.sleeps == [("MainThread", 0.2)]  # 120 s asked, capped at max_retry_wait


def test_parse_retry_after_forms() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30
    assert parse_retry_after(format_datetime(now - timedelta(seconds=30), usegmt=True), now) == 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_503_then_success(server: ReplayServer) -> None:
    server.script("/doc", [Scripted(status=503, body=b"busy")])
    with make_client() as http:
        assert http.get_bytes(f"{server.base_url}/doc.xml") == b"<doc>hello</doc>"
        assert (http.request_count, http.retry_count) == (2, 1)


@pytest.mark.slow
def test_read_timeout_then_success(server: ReplayServer) -> None:
    # the first answer never comes (the delay ends only when the server stops), so the read times
    # out however fast or slow the machine is; 2 s is ample for the ordinary retry
    server.script("/doc", [Scripted(delay=3600, body=b"late")])
    with make_client(timeout=2.0) as http:
        assert http.get_bytes(f"{server.base_url}/doc.xml") == b"<doc>hello</doc>"
        assert (http.request_count, http.retry_count) == (2, 1)


def test_connection_reset_then_success(server: ReplayServer) -> None:
    server.script("/doc", [Scripted(reset=True)])
    with make_client() as http:
        assert http.get_bytes(f"{server.base_url}/doc.xml") == b"<doc>hello</doc>"
        assert http.retry_count == 1


def test_truncated_body_then_success(server: ReplayServer) -> None:
    server.script("/doc", [Scripted(body=b"<doc>hel", truncate=True)])
    with make_client() as http:
        assert http.get_bytes(f"{server.base_url}/doc.xml") == b"<doc>hello</doc>"
        assert http.retry_count == 1


def test_404_is_not_retried(server: ReplayServer) -> None:
    with make_client() as http:
        with pytest.raises(NotFoundError) as info:
            http.get(f"{server.base_url}/missing.xml")
        assert http.request_count == 1
        assert http.retry_count == 0
    assert info.value.status == 404
    assert f"{server.base_url}/missing.xml" in str(info.value)


def test_410_and_other_4xx(server: ReplayServer) -> None:
    server.script("/gone", [Scripted(status=410)])
    server.script("/forbidden", [Scripted(status=403)])
    with make_client() as http:
        with pytest.raises(NotFoundError):
            http.get(f"{server.base_url}/gone")
        with pytest.raises(FetchError) as info:
            http.get(f"{server.base_url}/forbidden")
        assert not isinstance(info.value, NotFoundError)
        assert "403" in str(info.value)
        assert http.request_count == 2


@pytest.mark.parametrize("target", ["/fout404", "/Errors/404.htm", "{BASE}/FOUT404?x=1"])
def test_redirect_to_error_page_is_not_found(server: ReplayServer, target: str) -> None:
    server.script("/frbr/missing", [Scripted(redirect_to=target)])
    with make_client() as http:
        with pytest.raises(NotFoundError) as info:
            http.get(f"{server.base_url}/frbr/missing/1/xml/missing.xml")
        assert http.retry_count == 0
    assert "error page" in str(info.value)


def test_ordinary_redirect_is_followed(server: ReplayServer) -> None:
    server.script("/old", [Scripted(status=301, redirect_to="/doc.xml")])
    with make_client() as http:
        response = http.get(f"{server.base_url}/old")
        assert response.content == b"<doc>hello</doc>"
        assert str(response.url) == f"{server.base_url}/doc.xml"
        assert http.request_count == 2  # every hop is a request


def test_retries_exhausted_names_url_and_cause(server: ReplayServer) -> None:
    server.script("/doc", [Scripted(status=503)] * 3)
    url = f"{server.base_url}/doc.xml"
    with make_client(max_attempts=3) as http:
        with pytest.raises(FetchError) as info:
            http.get(url)
        assert (http.request_count, http.retry_count) == (3, 2)
    message = str(info.value)
    assert url in message
    assert "503" in message and "3 attempts" in message
    assert info.value.status == 503


def test_connection_refused_is_retried_then_reported() -> None:
    url = f"http://127.0.0.1:{closed_port()}/x"
    with make_client(max_attempts=2) as http:
        with pytest.raises(FetchError) as info:
            http.get(url)
        assert http.retry_count == 1
    assert url in str(info.value)
    assert "ConnectError" in str(info.value)


def test_unusable_url_is_not_retried() -> None:
    with make_client() as http:
        with pytest.raises(FetchError) as info:
            http.get("httbroken://repository.overheid.nl/x.pdf")
        assert http.retry_count == 0
    assert "httbroken://" in str(info.value)


def test_content_length_over_limit(server: ReplayServer) -> None:
    server.add_file("/big.bin", b"x" * 5000, "application/octet-stream")
    with make_client(max_bytes=1000) as http:
        with pytest.raises(TooLargeError) as info:
            http.get(f"{server.base_url}/big.bin")
        assert http.request_count == 1
    assert "5000" in str(info.value)


def test_streamed_length_over_limit() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([b"x" * 600, b"y" * 600]))  # chunked, no length

    with make_client(max_bytes=1000, transport=httpx.MockTransport(handler)) as http:
        with pytest.raises(TooLargeError):
            http.get("http://example.invalid/stream")
        assert http.get  # client still usable
    with make_client(max_bytes=1200, transport=httpx.MockTransport(handler)) as http:
        assert len(http.get_bytes("http://example.invalid/stream")) == 1200


def test_politeness_interval_between_requests_to_one_host(server: ReplayServer, clock: RecordingClock) -> None:
    url = f"{server.base_url}/doc.xml"
    with make_client(min_interval=0.4) as http:
        http.get(url)
        assert clock.sleeps == []  # the first request does not wait
        http.get(url)
    assert clock.sleeps == [("MainThread", 0.4)]


def test_politeness_holds_across_threads(server: ReplayServer, clock: RecordingClock) -> None:
    urls = [f"{server.base_url}/doc.xml"] * 4
    with make_client(min_interval=0.15, max_concurrency=4) as http:
        results = list(http.fetch_many(urls))
    assert len(results) == 4
    # the host's slots are 0.15 s apart from the first request (at 0.0): the three later requests,
    # in whichever threads, wait until 0.15, 0.30 and 0.45
    assert sorted(round(wake, 6) for wake in clock.wakes) == [0.15, 0.3, 0.45]


class Gate(threading.Event):
    """Stands in for the replay server's stop event, on which a scripted delay waits: a delayed
    handler is held until `width` handlers are held together, then they all answer (an event, not a
    time). `batches` records each release; a hang guard of 60 s releases a short batch (and fails
    the test through `batches`) instead of hanging."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width
        self.batches: list[int] = []
        self._cond = threading.Condition()
        self._held = 0
        self._generation = 0

    def wait(self, timeout: float | None = None) -> bool:
        with self._cond:
            generation = self._generation
            self._held += 1
            if self._held < self.width and not self._cond.wait_for(
                    lambda: self._generation != generation or self.is_set(), timeout=60):
                self._release()  # the guard: never reached when `width` requests run at once
            elif self._generation == generation and not self.is_set():
                self._release()
        return self.is_set()

    def _release(self) -> None:
        self.batches.append(self._held)
        self._held = 0
        self._generation += 1
        self._cond.notify_all()

    def set(self) -> None:
        super().set()
        with self._cond:
            self._cond.notify_all()


def test_concurrency_bound_is_respected(server: ReplayServer) -> None:
    gate = Gate(3)
    server._stopping = gate  # the scripted delays wait on it: three at a time, however slow the machine
    server.script("/slow", [Scripted(delay=1, body=b"ok")] * 9)
    urls = [f"{server.base_url}/slow/{i}" for i in range(9)]
    with make_client(max_concurrency=3) as http:
        results = dict(http.fetch_many(urls))
    assert results == {url: b"ok" for url in urls}
    assert gate.batches == [3, 3, 3]  # three requests at once, three times
    assert server.max_in_flight == 3  # and never a fourth while three were held


def test_fetch_many_yields_errors_without_raising(server: ReplayServer) -> None:
    urls = [f"{server.base_url}/doc.xml", f"{server.base_url}/nope", "httbroken://x/y"]
    with make_client() as http:
        results = dict(http.fetch_many(iter(urls)))
    assert results[urls[0]] == b"<doc>hello</doc>"
    assert isinstance(results[urls[1]], NotFoundError)
    assert isinstance(results[urls[2]], FetchError)


def test_fetch_many_can_stop_early(server: ReplayServer) -> None:
    drawn: list[int] = []

    def urls() -> Iterator[str]:
        for n in range(1000):
            drawn.append(n)
            yield f"{server.base_url}/doc.xml"

    with make_client(max_concurrency=3) as http:
        stream = http.fetch_many(urls())
        first = next(stream)
        stream.close()
        assert first[1] == b"<doc>hello</doc>"
        # one window (2 x max_concurrency) is taken from the stream before the first result, no more
        assert len(drawn) == 6
        # of those, the ones a thread had started before close() cancelled the rest were sent: how many
        # depends on thread timing, so only the bounds are certain
        assert 1 <= http.request_count <= len(drawn)


def test_fetch_error_pickles() -> None:
    err = NotFoundError("http://x/y", "HTTP 404", status=404)
    copy = pickle.loads(pickle.dumps(err))
    assert isinstance(copy, NotFoundError)
    assert (copy.url, copy.reason, copy.status, str(copy)) == (
        err.url,
        err.reason,
        404,
        str(err),
    )


def test_settings_from_env() -> None:
    settings = ClientSettings.from_env(
        {
            "KAMERVRAGEN_SRU_URL": "http://127.0.0.1:1/sru",
            "KAMERVRAGEN_PAGE_SIZE": "50",
            "KAMERVRAGEN_MIN_INTERVAL": "0",
            "KAMERVRAGEN_MAX_BYTES": "1234",
            "KAMERVRAGEN_USER_AGENT": "test-agent/1",
            "KAMERVRAGEN_BACKFILL_DATE_INDEX": "dt.issued",
        }
    )
    assert settings.sru_url == "http://127.0.0.1:1/sru"
    assert (settings.page_size, settings.min_interval, settings.max_bytes) == (50, 0.0, 1234)
    assert settings.backfill_date_index == "dt.issued"
    http = HttpClient(settings)
    assert (http.user_agent, http.max_bytes, http.min_interval) == ("test-agent/1", 1234, 0.0)
    http.close()
    defaults = ClientSettings.from_env({})
    assert defaults.sru_url == "https://repository.overheid.nl/sru"
    assert (defaults.page_size, defaults.max_concurrency, defaults.min_interval) == (1000, 4, 0.5)
    with pytest.raises(ValueError, match="KAMERVRAGEN_PAGE_SIZE"):
        ClientSettings.from_env({"KAMERVRAGEN_PAGE_SIZE": "many"})
