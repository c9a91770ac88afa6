"""Faults, crashes and concurrent runs: the pipeline completes or stops clearly, loses nothing.

Network faults are injected by the local replay server on real sockets; a crash is a real
SIGKILL of a real ingest process, sent once the loader reports a committed page; the second
writer is a real second process, held while the test tries to write. No assertion depends on how
fast the machine is: waits are for events (a line on a pipe, a process exiting), never for seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from pipeline.ingest import IngestOptions, Pipeline, run_ingest
from replay.demo_corpus import build_demo_corpus
from replay.server import ReplayServer, Scripted
from scrapers.http_client import FetchError
from tests.replay_fixtures import diagnostics_body
from tests.synthetic_set import TODAY, VRAAG, S, add_answer, add_delay_notice, add_question
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
    # generous: an ordinary response on a loaded machine must never time out; the scripted slow
    # response below never answers at all, so it times out whatever this value is
    "KAMERVRAGEN_READ_TIMEOUT": "5",
}


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in FAST_RETRIES.items():
        monkeypatch.setenv(k, v)


@dataclass
class Tally:
    """The fault summary, counted by the one test that runs every fault (no state across tests)."""

    injected: int = 0
    survived: int = 0
    stopped_clearly: int = 0
    bad_inputs: int = 0
    lost: int = 0


CORPUS_IDS = {f"kv-tk-{VRAAG}", "ah-tk-20262027-95000", "ah-tk-20262027-95001"}


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
# A clean run of the small corpus sends 5 requests: one SRU page per series (2) and one text per
# document (3). Each scripted failure below is one more request, answered again by a retry.
CLEAN_REQUESTS = 5
SURVIVABLE = {
    "429 with Retry-After": ("/sru", [Scripted(429, headers={"Retry-After": "1"})]),
    "429 without Retry-After": ("/sru", [Scripted(429)]),
    "burst of 500/502/503 on SRU": ("/sru", [Scripted(500), Scripted(502), Scripted(503)]),
    "burst of 503 on a document": (QUESTION_XML, [Scripted(503), Scripted(503)]),
    # never answers (the delay outlasts any read timeout; it ends when the server stops)
    "slow response / read timeout": (QUESTION_XML, [Scripted(delay=3600, body=b"late")]),
    "connection reset": ("/sru", [Scripted(reset=True)]),
    "truncated body": (QUESTION_XML, [Scripted(truncate=True, body=b"<officiele-publicatie>")]),
}
# (scripted answer for the question's text, the reject's stage, requests of the run)
BAD_DOCUMENT = {
    "wrong content type (an HTML error page)": (
        Scripted(200, body=b"<html><body>Storing</body></html>", headers={"Content-Type": "text/html"}),
        "parse_text", CLEAN_REQUESTS),  # a 200 is not retried; the HTML holds no question text
    "error-page redirect": (
        Scripted(redirect_to="{BASE}/fout404"),
        "fetch_text", CLEAN_REQUESTS + 1),  # the redirect hop is a request too; not found, not retried
    "empty document": (Scripted(200, body=b""), "parse_text", CLEAN_REQUESTS),
}
FATAL = {
    "SRU diagnostics": ("/sru", [Scripted(200, body=diagnostics_body("Query syntax error", "mismatched input"))],
                        "Query syntax error"),
    "persistent 503 on SRU": ("/sru", [Scripted(503)] * 6, "503"),
}


def follow_up_loses_nothing(db: Path) -> int:
    """A clean run after the fault; returns how many documents are missing (asserted 0 by callers).

    Every document is there, every reject resolved, and the read snapshot published."""
    with ReplayServer() as server:
        small_corpus(server)
        summary = run_ingest(options(db, server))
    assert summary["outcome"] == "success" and "snapshot_error" not in summary, summary
    con = connect(db, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM rejects WHERE NOT resolved").fetchone() == (0,)
    finally:
        con.close()
    return len(CORPUS_IDS - doc_ids(db))


def survivable_fault(name: str, db: Path) -> int:
    """Inject one survivable fault; returns the documents lost after the follow-up run."""
    prefix, script = SURVIVABLE[name]
    with ReplayServer() as server:
        small_corpus(server)
        server.script(prefix, list(script))
        summary = run_ingest(options(db, server))
    assert summary["outcome"] == "success" and summary["rejected"] == 0, summary
    assert "snapshot_error" not in summary, summary
    assert doc_ids(db) == CORPUS_IDS
    outcome, _, _pages, records, _, requests = last_run(db)
    assert (outcome, records, requests) == ("success", 3, CLEAN_REQUESTS + len(script))  # retries counted
    return follow_up_loses_nothing(db)


def bad_document(name: str, db: Path) -> int:
    """Serve one unusable text; it becomes exactly one reject; returns the documents lost later."""
    scripted, stage, requests = BAD_DOCUMENT[name]
    with ReplayServer() as server:
        small_corpus(server)
        server.script(QUESTION_XML, [scripted] * 6)
        summary = run_ingest(options(db, server))
    assert summary["outcome"] == "success" and summary["rejected"] == 1, summary
    assert "snapshot_error" not in summary, summary
    assert summary["requests"] == requests
    assert doc_ids(db) == CORPUS_IDS  # the metadata of the rejected text is still loaded
    con = connect(db, read_only=True)
    try:
        rejects = con.execute("SELECT key, stage, reason FROM rejects").fetchall()
    finally:
        con.close()
    assert [(key, got_stage) for key, got_stage, _ in rejects] == [(f"kv-tk-{VRAAG}", stage)]
    assert rejects[0][2]  # with a reason
    return follow_up_loses_nothing(db)


def fatal_fault(name: str, db: Path) -> int:
    """A fault the run cannot survive: it stops with a clear message; returns the documents lost later."""
    prefix, script, words = FATAL[name]
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
    return follow_up_loses_nothing(db)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SURVIVABLE))
def test_survivable_network_faults(name: str, tmp_path: Path) -> None:
    assert survivable_fault(name, tmp_path / "kv.duckdb") == 0


@pytest.mark.slow
@pytest.mark.parametrize("name", list(BAD_DOCUMENT))
def test_bad_documents_become_rejects(name: str, tmp_path: Path) -> None:
    assert bad_document(name, tmp_path / "kv.duckdb") == 0


@pytest.mark.slow
@pytest.mark.parametrize("name", list(FATAL))
def test_fatal_faults_stop_with_a_clear_message(name: str, tmp_path: Path) -> None:
    assert fatal_fault(name, tmp_path / "kv.duckdb") == 0


# (hostile body served as the question's text, the stage of its one reject, words of the reason)
BAD_INPUTS = {
    "xxe": (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
            "parse_text", "entity declarations are not accepted"),
    "entity-bomb": (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                    b"<r>&b;</r>", "parse_text", "entity declarations are not accepted"),
    "impossible-date": ("<officiele-publicatie><kamervragen><kamervraagomschrijving type=\"vraag\">Vragen van "
                        "het lid X (D66) aan de Minister van Financiën over iets (ingezonden 31 februari 2024)."
                        "</kamervraagomschrijving></kamervragen></officiele-publicatie>".encode(),
                        "parse_text", "impossible date '31 februari 2024'"),
    # latin-1 bytes without an XML declaration are not UTF-8: malformed XML
    "latin-1": ("<vraagdoc><omschr>Vragen van het lid Ë (ingezonden 3 maart 2024)</omschr></vraagdoc>"
                .encode("latin-1"), "parse_text", "malformed XML"),
    "unknown-shape": (b"<officiele-publicatie><onbekend/></officiele-publicatie>", "parse_text",
                      "no <kamervragen>/<vragen>/<vraagdoc> element"),
    # 2,000,045 bytes against KAMERVRAGEN_MAX_BYTES=1000000: refused before parsing
    "oversized": (b"<officiele-publicatie>" + b"<al>x</al>" * 200_000 + b"</officiele-publicatie>",
                  "fetch_text", "exceeds the maximum of 1000000 bytes"),
}


def bad_input(name: str, db: Path) -> int:
    """Serve one hostile body: exactly one reject, at its stage; returns the documents lost later."""
    body, stage, words = BAD_INPUTS[name]
    with ReplayServer() as server:
        small_corpus(server)
        server.script(QUESTION_XML, [Scripted(200, body=body)])
        summary = run_ingest(options(db, server))
    assert summary["outcome"] == "success" and summary["rejected"] == 1, summary
    assert "snapshot_error" not in summary, summary
    con = connect(db, read_only=True)
    try:
        rejects = con.execute("SELECT key, stage, reason FROM rejects WHERE NOT resolved").fetchall()
    finally:
        con.close()
    assert [(key, got_stage) for key, got_stage, _ in rejects] == [(f"kv-tk-{VRAAG}", stage)]
    assert words in rejects[0][2]
    assert doc_ids(db) == CORPUS_IDS
    return follow_up_loses_nothing(db)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_becomes_a_reject(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_MAX_BYTES", "1000000")
    assert bad_input(name, tmp_path / "kv.duckdb") == 0


def start_child(script: str, *args: str, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    """`python -c script *args FD`: the child reports on a pipe of its own, whose write end is its last
    argument; its stdin is a pipe too (a line, or closing it, releases a child that waits on it).
    Returns the child and the read end."""
    read, write = os.pipe()
    try:
        child = subprocess.Popen([sys.executable, "-c", script, *args, str(write)], env=env, pass_fds=(write,),
                                 stdin=subprocess.PIPE)
    finally:
        os.close(write)  # the child's copy is the only one left: its exit ends the pipe
    return child, read


def wait_for_report(read: int, child: subprocess.Popen) -> str:
    """Block until the child reports a line on its pipe (an event, not a number of seconds); fail if it
    exits first (the pipe ends without a line)."""
    with os.fdopen(read, "r") as pipe:
        line = pipe.readline()
    if not line.endswith("\n"):
        raise AssertionError(f"the child exited ({child.wait()}) before reporting")
    return line.rstrip("\n")


HOLDING_WRITER = """
import os, sys
from datetime import date
from pipeline.ingest import IngestOptions, run_ingest
db, sru_url, report = sys.argv[1], sys.argv[2], int(sys.argv[3])
held = []

def hold(series, page, stats):  # after the first committed page: say so, then wait to be released
    if not held:
        held.append(series)
        os.write(report, f"{series}\\n".encode())
        sys.stdin.readline()  # a line from the parent, or its end of the pipe closed

run_ingest(IngestOptions(db=db, sru_url=sru_url, since=date(1990, 1, 1)), on_page=hold)
"""


@pytest.mark.slow
def test_second_writer_is_refused_clearly(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        small_corpus(server)
        child, report = start_child(HOLDING_WRITER, str(db), server.sru_url, env={**os.environ, **FAST_RETRIES})
        try:
            wait_for_report(report, child)  # the child holds the writer lock mid-run
            with pytest.raises(WriterBusyError, match=rf"another writer \(pid {child.pid}\) holds"):
                Pipeline(options(db, server))
        finally:
            child.stdin.close()  # released
        assert child.wait() == 0
    assert doc_ids(db) == CORPUS_IDS


# The loader's own callback (`run_ingest(on_page=…)`, called after a page's transaction has
# committed) reports each committed page; inside the transaction of the page after KILL_AFTER, once
# its documents are written but before the commit, the child reports on its pipe and waits to be killed.
CRASH_SCRIPT = """
import os, sys, threading
from datetime import date
import pipeline.ingest as pipeline
import warehouse.load
db, sru_url, kill_after, report = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
committed = []  # documents inserted by each committed page

def on_page(series, page, stats):
    committed.append(stats.inserted)

upsert = warehouse.load.upsert_documents  # the load transaction's upsert

def upsert_then_hang(con, docs, *args, **kwargs):
    counts = upsert(con, docs, *args, **kwargs)
    if len(committed) == kill_after:  # this page's transaction is open: report, then wait for SIGKILL
        os.write(report, (" ".join(map(str, committed)) + "\\n").encode())
        threading.Event().wait()  # never set: the parent's SIGKILL ends it
    return counts

warehouse.load.upsert_documents = upsert_then_hang
pipeline.run_ingest(pipeline.IngestOptions(db=db, sru_url=sru_url, since=date(1990, 1, 1),
                                           until=date(2026, 11, 24)), on_page=on_page)
"""
KILL_AFTER = 2  # pages committed before the kill


@pytest.mark.slow
def test_sigkill_mid_load_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    crashed, clean = tmp_path / "crashed.duckdb", tmp_path / "clean.duckdb"
    env = {**os.environ, **FAST_RETRIES, "KAMERVRAGEN_PAGE_SIZE": "7"}
    with ReplayServer() as server:
        build_demo_corpus(server, today=TODAY)
        child, report = start_child(CRASH_SCRIPT, str(crashed), server.sru_url, str(KILL_AFTER), env=env)
        try:
            committed = [int(n) for n in wait_for_report(report, child).split()]
        finally:
            child.send_signal(signal.SIGKILL)
            child.stdin.close()
        assert child.wait() == -signal.SIGKILL
        assert len(committed) == KILL_AFTER
        # the killed database opens: exactly the committed pages' documents, none of the open transaction's,
        # and its derived tables agree with its documents
        con = connect(crashed)
        try:
            assert con.execute("SELECT outcome FROM ingest_runs").fetchall() == [("running",)]
            assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == sum(committed) == 7 * KILL_AFTER
            before = con.execute("SELECT * EXCLUDE (rebuilt_at) FROM question_sets ORDER BY ALL").fetchall()
            rebuild_question_sets(con)
            after = con.execute("SELECT * EXCLUDE (rebuilt_at) FROM question_sets ORDER BY ALL").fetchall()
            assert before == after
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
    assert sum(committed) < sums[1].documents  # the kill really was mid-run
    assert sums[0] == sums[1]


@pytest.mark.slow
def test_fault_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Every fault above, run again here, counted here: the summary is this test's own result."""
    monkeypatch.setenv("KAMERVRAGEN_MAX_BYTES", "1000000")
    tally = Tally()
    runs = [(name, survivable_fault, "survived") for name in SURVIVABLE]
    runs += [(name, bad_document, "survived") for name in BAD_DOCUMENT]
    runs += [(name, fatal_fault, "stopped_clearly") for name in FATAL]
    for i, (name, fault, outcome) in enumerate(runs):
        tally.injected += 1
        tally.lost += fault(name, tmp_path / f"fault-{i}.duckdb")
        setattr(tally, outcome, getattr(tally, outcome) + 1)
    for i, name in enumerate(BAD_INPUTS):
        tally.bad_inputs += 1
        tally.lost += bad_input(name, tmp_path / f"input-{i}.duckdb")
    with capsys.disabled():
        print(f"\nfault summary: faults injected={tally.injected} survived={tally.survived} "
              f"stopped clearly={tally.stopped_clearly} bad inputs tried={tally.bad_inputs} "
              f"records lost={tally.lost}")
    assert tally == Tally(injected=12, survived=10, stopped_clearly=2, bad_inputs=6, lost=0)
