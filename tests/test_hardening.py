"""Faults, crashes and concurrent runs: the pipeline completes or stops clearly, loses nothing.

Network faults are injected by the local replay server on real sockets; a crash is a real
SIGKILL of a real ingest process; the second writer is a real second process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest

from flows.demo_corpus import build_demo_corpus
from flows.pipeline import IngestOptions, Pipeline, run_ingest
from flows.replay_server import ReplayServer, Scripted
from scrapers.http_client import FetchError
from tests.replay_fixtures import diagnostics_body
from tests.test_ingest_e2e import TODAY, VRAAG, S, add_answer, add_delay_notice, add_question
from warehouse.checksum import content_checksum
from warehouse.db import connect
from warehouse.lock import WriterBusyError
from warehouse.questions import rebuild_question_sets

FAST_RETRIES = {
    "KAMERVRAGEN_MIN_INTERVAL": "0",
    "KAMERVRAGEN_BACKOFF_BASE": "0.01",
    "KAMERVRAGEN_BACKOFF_MAX": "0.05",
    "KAMERVRAGEN_MAX_RETRY_WAIT": "2",
    "KAMERVRAGEN_MAX_ATTEMPTS": "5",
    "KAMERVRAGEN_READ_TIMEOUT": "0.5",
}


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in FAST_RETRIES.items():
        monkeypatch.setenv(k, v)


@dataclass
class Tally:
    injected: int = 0
    survived: int = 0
    stopped_clearly: int = 0
    bad_inputs: int = 0
    lost: int = 0
    names: list[str] = field(default_factory=list)


TALLY = Tally()
CORPUS_IDS = {f"kv-tk-{VRAAG}", "ah-tk-20262027-9500", "ah-tk-20262027-9501"}


def small_corpus(server: ReplayServer) -> None:
    add_question(server)
    add_delay_notice(server, S + timedelta(days=20))
    add_answer(server, TODAY - timedelta(days=2))


def doc_ids(db: Path) -> set[str]:
    con = connect(db, read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}
    finally:
        con.close()


def last_run(db: Path) -> tuple:
    con = connect(db, read_only=True)
    try:
        return con.execute("SELECT outcome, message, pages, records, rejected, requests FROM ingest_runs "
                           "ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        con.close()


def options(db: Path, server: ReplayServer) -> IngestOptions:
    return IngestOptions(db=str(db), sru_url=server.sru_url, since=date(1990, 1, 1), until=TODAY)


QUESTION_XML = f"/frbr/officielepublicaties/kv-tk/20262027/kv-tk-{VRAAG}/1/xml/"
SURVIVABLE = {
    "429 with Retry-After": ("/sru", [Scripted(429, headers={"Retry-After": "1"})]),
    "429 without Retry-After": ("/sru", [Scripted(429)]),
    "burst of 500/502/503 on SRU": ("/sru", [Scripted(500), Scripted(502), Scripted(503)]),
    "burst of 503 on a document": (QUESTION_XML, [Scripted(503), Scripted(503)]),
    "slow response / read timeout": (QUESTION_XML, [Scripted(delay=1.5, body=b"late")]),
    "connection reset": ("/sru", [Scripted(reset=True)]),
    "truncated body": (QUESTION_XML, [Scripted(truncate=True, body=b"<officiele-publicatie>")]),
}
BAD_DOCUMENT = {
    "wrong content type (an HTML error page)": Scripted(200, body=b"<html><body>Storing</body></html>",
                                                        headers={"Content-Type": "text/html"}),
    "error-page redirect": Scripted(redirect_to="{BASE}/fout404"),
    "empty document": Scripted(200, body=b""),
}
FATAL = {
    "SRU diagnostics": ("/sru", [Scripted(200, body=diagnostics_body("Query syntax error", "mismatched input"))],
                        "Query syntax error"),
    "persistent 503 on SRU": ("/sru", [Scripted(503)] * 6, "503"),
}


def follow_up_loses_nothing(db: Path) -> None:
    """A clean run after the fault: every document is there and every reject resolved."""
    with ReplayServer() as server:
        small_corpus(server)
        summary = run_ingest(options(db, server))
    assert summary["outcome"] == "success"
    missing = CORPUS_IDS - doc_ids(db)
    TALLY.lost += len(missing)
    assert not missing
    con = connect(db, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM rejects WHERE NOT resolved").fetchone() == (0,)
    finally:
        con.close()


@pytest.mark.parametrize("name", list(SURVIVABLE))
def test_survivable_network_faults(name: str, tmp_path: Path) -> None:
    prefix, script = SURVIVABLE[name]
    db = tmp_path / "kv.duckdb"
    TALLY.injected += 1
    with ReplayServer() as server:
        small_corpus(server)
        server.script(prefix, list(script))
        summary = run_ingest(options(db, server))
    assert summary["outcome"] == "success" and summary["rejected"] == 0
    assert doc_ids(db) == CORPUS_IDS
    outcome, _, _pages, records, _, requests = last_run(db)
    assert outcome == "success" and records == 3 and requests > 4  # the retries are counted
    TALLY.survived += 1
    follow_up_loses_nothing(db)


@pytest.mark.parametrize("name", list(BAD_DOCUMENT))
def test_bad_documents_become_rejects(name: str, tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    TALLY.injected += 1
    with ReplayServer() as server:
        small_corpus(server)
        server.script(QUESTION_XML, [BAD_DOCUMENT[name]] * 6)
        summary = run_ingest(options(db, server))
    assert summary["outcome"] == "success" and summary["rejected"] == 1
    assert doc_ids(db) == CORPUS_IDS  # the metadata of the rejected text is still loaded
    con = connect(db, read_only=True)
    try:
        key, stage, reason = con.execute("SELECT key, stage, reason FROM rejects").fetchone()
    finally:
        con.close()
    assert key == f"kv-tk-{VRAAG}" and stage in ("fetch_text", "parse_text") and reason
    TALLY.survived += 1
    follow_up_loses_nothing(db)


@pytest.mark.parametrize("name", list(FATAL))
def test_fatal_faults_stop_with_a_clear_message(name: str, tmp_path: Path) -> None:
    prefix, script, words = FATAL[name]
    db = tmp_path / "kv.duckdb"
    TALLY.injected += 1
    with ReplayServer() as server:
        small_corpus(server)
        server.script(prefix, list(script))
        sru_url = server.sru_url
        with pytest.raises(FetchError) as err:
            run_ingest(options(db, server))
    assert sru_url in str(err.value) and words in str(err.value)
    outcome, message, *_ = last_run(db)
    assert outcome == "failed" and words in message
    assert doc_ids(db) == set()  # the failing page committed nothing
    TALLY.stopped_clearly += 1
    follow_up_loses_nothing(db)


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>',
        "<officiele-publicatie><kamervragen><kamervraagomschrijving type=\"vraag\">Vragen van het lid "
        "X (D66) aan de Minister van Financiën over iets (ingezonden 31 februari 2024).</kamervraagomschrijving>"
        "</kamervragen></officiele-publicatie>".encode(),
        "<vraagdoc><omschr>Vragen van het lid Ë (ingezonden 3 maart 2024)</omschr></vraagdoc>".encode("latin-1"),
        b"<officiele-publicatie><onbekend/></officiele-publicatie>",
        b"<officiele-publicatie>" + b"<al>x</al>" * 200_000 + b"</officiele-publicatie>",
    ],
    ids=["xxe", "entity-bomb", "impossible-date", "latin-1", "unknown-shape", "oversized"],
)
def test_bad_input_becomes_a_reject(body: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_MAX_BYTES", "1000000")
    db = tmp_path / "kv.duckdb"
    TALLY.bad_inputs += 1
    with ReplayServer() as server:
        small_corpus(server)
        server.script(QUESTION_XML, [Scripted(200, body=body)])
        summary = run_ingest(options(db, server))
    assert summary["outcome"] == "success"
    con = connect(db, read_only=True)
    try:
        rejects = con.execute("SELECT key, reason FROM rejects WHERE NOT resolved").fetchall()
    finally:
        con.close()
    # latin-1 text that parses is not an error; everything else is a reject with a reason
    assert len(rejects) <= 1 and all(r[0] == f"kv-tk-{VRAAG}" and r[1] for r in rejects)
    assert doc_ids(db) == CORPUS_IDS
    follow_up_loses_nothing(db)


def test_second_writer_is_refused_clearly(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with ReplayServer(latency=0.3) as server:
        small_corpus(server)
        child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
            from datetime import date
            from flows.pipeline import IngestOptions, run_ingest
            run_ingest(IngestOptions(db={str(db)!r}, sru_url={server.sru_url!r}, since=date(1990, 1, 1)))
        """)], env={**os.environ, **FAST_RETRIES})
        lock = Path(f"{db}.lock")
        deadline = time.monotonic() + 30
        while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.05)
        with pytest.raises(WriterBusyError, match=rf"another writer \(pid {child.pid}\) holds"):
            Pipeline(options(db, server))
        assert child.wait(timeout=60) == 0
    assert doc_ids(db) == CORPUS_IDS


CRASH_SCRIPT = """
import sys
from datetime import date
from flows.pipeline import IngestOptions, run_ingest
run_ingest(IngestOptions(db=sys.argv[1], sru_url=sys.argv[2], since=date(1990, 1, 1), until=date(2026, 11, 24)))
"""


def test_sigkill_mid_load_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    crashed, clean = tmp_path / "crashed.duckdb", tmp_path / "clean.duckdb"
    env = {**os.environ, **FAST_RETRIES, "KAMERVRAGEN_PAGE_SIZE": "7"}
    with ReplayServer(latency=0.02) as server:
        build_demo_corpus(server, today=TODAY)
        child = subprocess.Popen([sys.executable, "-c", CRASH_SCRIPT, str(crashed), server.sru_url], env=env)
        time.sleep(2.0)
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
        # the killed database opens and its derived tables agree with its documents
        con = connect(crashed)
        try:
            assert con.execute("SELECT outcome FROM ingest_runs").fetchall() == [("running",)]
            before = con.execute("SELECT * EXCLUDE (rebuilt_at) FROM question_sets ORDER BY ALL").fetchall()
            rebuild_question_sets(con)
            after = con.execute("SELECT * EXCLUDE (rebuilt_at) FROM question_sets ORDER BY ALL").fetchall()
            assert before == after
            loaded_before_rerun = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
        os.environ["KAMERVRAGEN_PAGE_SIZE"] = "7"
        try:
            run_ingest(IngestOptions(db=str(crashed), sru_url=server.sru_url, since=date(1990, 1, 1), until=TODAY))
            run_ingest(IngestOptions(db=str(clean), sru_url=server.sru_url, since=date(1990, 1, 1), until=TODAY))
        finally:
            del os.environ["KAMERVRAGEN_PAGE_SIZE"]
    con = connect(crashed, read_only=True)
    try:  # the next writer marked the killed run failed
        first = con.execute("SELECT outcome, message FROM ingest_runs ORDER BY id LIMIT 1").fetchone()
    finally:
        con.close()
    assert first[0] == "failed" and "interrupted" in first[1]
    sums = []
    for path in (crashed, clean):
        con = connect(path, read_only=True)
        try:
            sums.append(content_checksum(con, TODAY))
        finally:
            con.close()
    assert 0 < loaded_before_rerun < sums[1].documents  # the kill really was mid-run
    assert sums[0] == sums[1]


def test_zz_fault_summary(capsys: pytest.CaptureFixture[str]) -> None:
    """Printed at the end of the fault tests (run order is file order)."""
    with capsys.disabled():
        print(f"\nfault summary: faults injected={TALLY.injected} survived={TALLY.survived} "
              f"stopped clearly={TALLY.stopped_clearly} bad inputs tried={TALLY.bad_inputs} "
              f"records lost={TALLY.lost}")
    assert TALLY.lost == 0
    assert TALLY.injected == TALLY.survived + TALLY.stopped_clearly
