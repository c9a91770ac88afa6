"""Both hosts at once (issue 20, item 3): the TK SyncFeed pages in a thread while the SRU passes run.

Two loopback replays, each holding every answer back by a latency: the SRU replay (replay/server.py)
with SYNTHETIC sets and the TK SyncFeed replay (replay/tk_feed.py) with SYNTHETIC cases of the same
made-up vraagnummers. Arrivals at both servers are numbered in one sequence (no wall clock): the TK's
first request comes before the SRU's last. The database equals the one of a sequential run (the TK
synced after the SRU passes, as before), and SRU and TK requests are counted apart.
"""

from __future__ import annotations

import itertools
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from pipeline.both_hosts import host_of
from pipeline.ingest import SERIES, IngestOptions, Pipeline, run_ingest
from replay.demo_corpus import CorpusBuilder, SetSpec
from replay.server import ReplayServer
from replay.tk_feed import SyntheticCase, TkFeedServer
from warehouse.db import connect

SINCE, UNTIL = date(2025, 9, 1), date(2026, 1, 31)
LATENCY = 0.05
SETS = 6


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    monkeypatch.setenv("KAMERVRAGEN_PAGE_SIZE", "2")  # several SRU pages
    monkeypatch.setenv("KAMERVRAGEN_MAX_ATTEMPTS", "1")


class Arrivals:
    """One numbered sequence of the requests arriving at both servers."""

    def __init__(self) -> None:
        self.seq = itertools.count()
        self.lock = threading.Lock()
        self.log: list[tuple[int, str]] = []

    def note(self, host: str) -> None:
        with self.lock:
            self.log.append((next(self.seq), host))

    def first(self, host: str) -> int:
        return min(i for i, h in self.log if h == host)

    def last(self, host: str) -> int:
        return max(i for i, h in self.log if h == host)


def watch(sru: ReplayServer, tk: TkFeedServer, arrivals: Arrivals) -> None:
    class Log(list):
        def append(self, item) -> None:  # the SRU replay's handler appends (path, query) on arrival
            arrivals.note("sru")
            super().append(item)

    sru.request_log = Log(sru.request_log)
    tk_log = tk.log

    def log(path: str) -> None:
        arrivals.note("tk")
        tk_log(path)

    tk.log = log  # type: ignore[method-assign]


def corpus(sru: ReplayServer, tk: TkFeedServer) -> None:
    """SYNTHETIC: `SETS` sets in the publications, the same made-up vraagnummers in the TK's feed."""
    builder = CorpusBuilder(sru)
    cases = []
    for n in range(SETS):
        submitted = date(2025, 10, 1) + timedelta(days=3 * n)
        answered = submitted + timedelta(days=15 + 3 * n)
        builder.add_set(SetSpec(f"2025Z9{n:04d}", submitted, answer=answered, member=n % 3, ministry=n % 3))
        cases.append(SyntheticCase(f"2025Z9{n:04d}", submitted, answers=((answered, None),), afgedaan=True))
    tk.add([e for c in cases for e in c.entities()])


def sets_rows(db: Path) -> list[tuple]:
    con = connect(db, read_only=True)
    try:
        return con.execute("SELECT * EXCLUDE (rebuilt_at) FROM question_sets ORDER BY ALL").fetchall()
    finally:
        con.close()


def sequential(options: IngestOptions) -> dict:
    """One host at a time: the SRU pages, then the TK sync (started by the text pass, which waits for the
    TK's facts), then the texts."""
    with Pipeline(options) as p:
        for series in SERIES:
            for page in p.pages(series):
                p.load_page(page)
        p.retry_rejects()
        p.load_texts()
        return p.finish()


def tk_block(log: list[tuple[int, str]]) -> list[str]:
    """The hosts of the requests from the TK's first to its last, in arrival order."""
    hosts = [h for _, h in log]
    first, last = hosts.index("tk"), len(hosts) - 1 - hosts[::-1].index("tk")
    return hosts[first:last + 1]


def servers() -> tuple[ReplayServer, TkFeedServer]:
    return ReplayServer(latency=LATENCY), TkFeedServer(page_size=4, latency=LATENCY)


@pytest.mark.slow
def test_the_tk_sync_runs_beside_the_sru_passes_and_the_result_is_the_sequential_one(tmp_path: Path) -> None:
    both, alone = tmp_path / "both.duckdb", tmp_path / "sequential.duckdb"
    sru, tk = servers()
    with sru, tk:
        corpus(sru, tk)
        arrivals = Arrivals()
        watch(sru, tk, arrivals)
        options = IngestOptions(db=str(both), sru_url=sru.sru_url, since=SINCE, until=UNTIL, tk_url=tk.base_url)
        summary = run_ingest(options)
        concurrent_log, sru_count, tk_count = list(arrivals.log), len(sru.request_log), len(tk.requests)
        arrivals.log.clear()
        sru.clear_log()
        tk.requests.clear()
        options.db = str(alone)
        before = sequential(options)
        sequential_log = list(arrivals.log)
        hosts = host_of(sru.sru_url), host_of(tk.base_url)
    assert summary["outcome"] == "success" and summary["tk"]["outcome"] == "success"
    # interleaved: SRU requests arrive between the TK's first and last
    arrivals.log = concurrent_log
    assert arrivals.first("tk") < arrivals.last("sru")
    assert set(tk_block(concurrent_log)) == {"tk", "sru"}
    assert sum(1 for _, h in concurrent_log if h == "tk") >= 3 * 2  # three categories, several pages
    # the sequential run: the TK requests form one block, no SRU request among them
    assert set(tk_block(sequential_log)) == {"tk"} and sequential_log[0][1] == "sru"
    # the same warehouse either way
    assert sets_rows(both) == sets_rows(alone) and len(sets_rows(both)) == SETS
    # SRU and TK requests apart: each as its server counted them
    by_host = summary["requests_by_host"]
    assert by_host == {hosts[0]: sru_count, hosts[1]: tk_count}
    assert summary["tk"]["requests"] == tk_count and summary["requests"] == sru_count + tk_count
    assert before["tk"]["requests"] == tk_count


@pytest.mark.slow
def test_a_failing_tk_feed_never_fails_the_publications_run(tmp_path: Path) -> None:
    sru, tk = servers()
    with sru, tk:
        corpus(sru, tk)
        tk.fail_next(*[503] * 10)
        summary = run_ingest(IngestOptions(db=str(tmp_path / "kv.duckdb"), sru_url=sru.sru_url, since=SINCE,
                                           until=UNTIL, tk_url=tk.base_url))
    assert summary["outcome"] == "success" and summary["inserted"] == 2 * SETS
    assert summary["tk"]["outcome"] == "failed" and "503" in summary["tk"]["message"]
