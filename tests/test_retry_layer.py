"""One retry layer (issue 20, item 5), and the politeness and concurrency bounds per host (item 3).

The HTTP client owns the retries: a Prefect task never retries a `FetchError` the client gave up on,
so with a persistent 503 a page costs exactly `KAMERVRAGEN_MAX_ATTEMPTS` requests, counted on the
replay server: through the `ingest` flow under a real Prefect API, and through `kamervragen ingest`
as a subprocess. Only a DuckDB IO error (what the client cannot retry) is retried by Prefect, on the
load task, which sends no request. Pauses are read from a recording clock, never from elapsed time.
"""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import duckdb
import httpx
import pytest

from pipeline.ingest import is_transient
from replay.server import ReplayServer, Scripted
from scrapers.http_client import FetchError, HttpClient, NotFoundError, TooLargeError, UnreachableError
from scrapers.settings import ClientSettings
from scrapers.sru_client import SruDiagnosticError
from tests.harness import EXE, RecordingClock, wait_until

ATTEMPTS = 3
FAST_RETRIES = {"KAMERVRAGEN_MAX_ATTEMPTS": str(ATTEMPTS), "KAMERVRAGEN_BACKOFF_BASE": "0.01",
                "KAMERVRAGEN_BACKOFF_MAX": "0.02", "KAMERVRAGEN_MIN_INTERVAL": "0"}


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in FAST_RETRIES.items():
        monkeypatch.setenv(name, value)


def failing_server() -> ReplayServer:
    """A replay whose SRU endpoint answers 503 to every request (far more than any retry budget)."""
    server = ReplayServer()
    server.script("/sru", [Scripted(status=503)] * 50)
    return server


# --- which failures Prefect retries ----------------------------------------------------------------
@pytest.mark.parametrize("exc", [
    FetchError("http://x/sru", "gave up after 5 attempts: HTTP 503 Service Unavailable", status=503),
    FetchError("http://x/sru", "HTTP 403 Forbidden", status=403),
    FetchError("http://x/sru", "HTTP 501 Not Implemented", status=501),
    TooLargeError("http://x/a.pdf", "body exceeds the maximum of 10 bytes"),
    NotFoundError("http://x/a.pdf", "HTTP 404", status=404),
    UnreachableError("http://x/sru", "cannot reach x:80", host="x:80", cause="the connection was refused"),
    SruDiagnosticError("http://x/sru", query="q", message="Service tijdelijk niet beschikbaar", details=None),
])
def test_a_fetch_error_is_never_retried_by_prefect(exc: FetchError) -> None:
    assert is_transient(exc) is False


def test_only_a_duckdb_io_error_is_retried_by_prefect() -> None:
    assert is_transient(duckdb.IOException("Could not set lock on file \"kv.duckdb\"")) is True
    assert is_transient(duckdb.ConstraintException("duplicate key")) is False
    assert is_transient(ValueError("bad data")) is False


def test_the_tasks_retry_settings() -> None:
    from flows.ingest_flow import fetch_page, load_page

    assert fetch_page.retries == 0  # the HTTP client's retries only
    assert load_page.retries == 2 and load_page.retry_condition_fn is not None


# --- a persistent 503, counted on the replay -------------------------------------------------------
@pytest.mark.prefect
def test_persistent_503_through_the_flow_costs_max_attempts_requests(
        tmp_path: Path, fast_retries: None) -> None:
    from prefect.client.orchestration import get_client
    from prefect.testing.utilities import prefect_test_harness

    from flows.ingest_flow import ingest

    with failing_server() as server, prefect_test_harness(server_startup_timeout=120):
        state = ingest(db=str(tmp_path / "kv.duckdb"), sru_url=server.sru_url, no_tk=True, return_state=True)
        with get_client(sync_client=True) as client:
            runs = client.read_task_runs()
    assert state.is_failed()
    with pytest.raises(FetchError) as info:
        state.result()
    assert f"gave up after {ATTEMPTS} attempts" in str(info.value)
    assert [path for path, _ in server.request_log] == ["/sru"] * ATTEMPTS  # one page, MAX_ATTEMPTS requests
    assert [(r.name.rsplit("-", 1)[0], r.run_count, r.state_type.value) for r in runs] == [
        ("fetch-sru-page", 1, "FAILED")]  # run once: no task retry on top of the client's


@pytest.mark.prefect
def test_persistent_503_through_the_cli_costs_max_attempts_requests(tmp_path: Path) -> None:
    env = {**os.environ, **FAST_RETRIES, "PREFECT_HOME": str(tmp_path / "prefect")}
    env.pop("PREFECT_API_URL", None)
    with failing_server() as server:
        port = server.port
        done = subprocess.run([EXE, "ingest", "--sru-url", server.sru_url, "--db", str(tmp_path / "kv.duckdb"),
                               "--no-tk"], env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert [path for path, _ in server.request_log] == ["/sru"] * ATTEMPTS
    lines = output.splitlines()
    assert len(lines) <= 15, output
    assert "Traceback" not in output and "Finished in state Failed" not in output
    assert f"127.0.0.1:{port} failed: gave up after {ATTEMPTS} attempts: HTTP 503" in output
    assert "kamervragen doctor" in output and "kamervragen demo" in output


@pytest.mark.prefect
def test_load_page_is_retried_after_a_duckdb_io_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """The load (no request) is what Prefect retries: a lost file lock once, then the page loads."""
    from prefect import flow
    from prefect.testing.utilities import prefect_test_harness

    from flows.ingest_flow import load_page
    from pipeline.ingest import RunStats

    class LosesTheLockOnce:
        calls = 0

        def write_page(self, fetched: object) -> RunStats:
            self.calls += 1
            if self.calls == 1:
                raise duckdb.IOException('Could not set lock on file "kv.duckdb"')
            return RunStats(pages=1)

    pipeline = LosesTheLockOnce()
    monkeypatch.setattr("flows.ingest_flow.queue_texts", lambda p, parsed: parsed)  # the stand-in's page

    @flow
    def one_load() -> RunStats:
        return load_page.with_options(retry_delay_seconds=0)(pipeline, None)

    with prefect_test_harness(server_startup_timeout=120):
        assert one_load() == RunStats(pages=1)
    assert pipeline.calls == 2


# --- per-host politeness and concurrency ----------------------------------------------------------
class StartsRecorded(HttpClient):
    """Records (host:port, clock time) as each request leaves (after its politeness pause)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.starts: list[tuple[int, float]] = []

    def _on_request(self, request: httpx.Request) -> None:
        super()._on_request(request)
        from scrapers import http_client

        self.starts.append((request.url.port or 0, http_client.time.monotonic()))


def client(**kwargs: object) -> StartsRecorded:
    options: dict[str, object] = {"settings": ClientSettings(), "backoff_base": 0.01, "max_attempts": 2}
    options.update(kwargs)
    return StartsRecorded(**options)


def test_two_servers_on_one_address_are_paced_apart(clock: RecordingClock) -> None:
    with ReplayServer() as a, ReplayServer() as b:
        for server in (a, b):
            server.add_file("/doc.xml", b"<doc/>", "application/xml")
        ports = (a.port, b.port)
        with client(min_interval=0.1) as http:
            http.set_host_interval(b.base_url + "/Feed", 0.3)
            assert (http.interval_for(a.base_url), http.interval_for(b.base_url + "/x")) == (0.1, 0.3)
            for _ in range(3):
                http.get(f"{a.base_url}/doc.xml")
                http.get(f"{b.base_url}/doc.xml")
    # by hand: a at 0, b at 0 (its own slot); a waits to 0.1; b to 0.3; a's slot (0.2) has passed at
    # 0.3; b waits to 0.6. One shared slot for 127.0.0.1 would have made b's first request wait.
    times = {port: [round(t, 6) for p, t in http.starts if p == port] for port in ports}
    assert times == {ports[0]: [0.0, 0.1, 0.3], ports[1]: [0.0, 0.3, 0.6]}
    for port, interval in zip(ports, (0.1, 0.3), strict=True):
        gaps = [later - earlier for earlier, later in zip(times[port], times[port][1:], strict=False)]
        assert min(gaps) >= interval - 1e-9
    assert sorted(round(s, 6) for _, s in clock.sleeps) == [0.1, 0.2, 0.3]


def test_pacing_off_means_every_host() -> None:
    with client(min_interval=0) as http:
        http.set_host_interval("http://127.0.0.1:1/Feed", 0.25)
        assert http.interval_for("http://127.0.0.1:1/x") == 0.0  # KAMERVRAGEN_MIN_INTERVAL=0: no pacing


def test_tk_min_interval_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    import config

    assert config.get("TK_MIN_INTERVAL") == 0.25  # at most 4 requests a second to the TK
    monkeypatch.setenv("KAMERVRAGEN_TK_MIN_INTERVAL", "-1")
    with pytest.raises(ValueError, match="KAMERVRAGEN_TK_MIN_INTERVAL"):
        config.get("TK_MIN_INTERVAL")


@pytest.mark.slow
def test_one_hosts_fetch_many_does_not_starve_another_host() -> None:
    """Both concurrency slots of host A are held by slow requests; a request to B is answered meanwhile."""
    with ReplayServer() as a, ReplayServer() as b:
        a._stopping = held = threading.Event()  # A's scripted delays wait on it: no answer until it is set
        a.script("/slow", [Scripted(delay=3600, body=b"late")] * 2)
        b.add_file("/Feed", b"<feed/>", "application/atom+xml")
        results: list[tuple[str, object]] = []
        with client(min_interval=0, max_concurrency=2) as http:
            worker = threading.Thread(
                target=lambda: results.extend(http.fetch_many([f"{a.base_url}/slow/1", f"{a.base_url}/slow/2"])))
            worker.start()
            wait_until(lambda: a.in_flight == 2, "both of A's slots taken")
            body = http.get_bytes(f"{b.base_url}/Feed")
            finished_before = len(results)
            held.set()  # now A answers
            worker.join()
    assert body == b"<feed/>"
    assert finished_before == 0  # B was answered while A still held both slots
    assert sorted(r for _, r in results) == [b"late", b"late"]
