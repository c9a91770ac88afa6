"""Texts that decide a verdict first (issue 20, item 4), and a first run that does not wait for every text.

SYNTHETIC sets (replay.demo_corpus), dated from today, served by the loopback SRU replay:
- A: submitted 40 days ago, an answered-elsewhere notice 10 days ago titled "Mededeling beantwoording
  vragen …" (the title states no kind: only the text says "answered elsewhere");
- B: submitted 5 days ago, open;
- C: submitted 50 days ago, answered 30 days ago (20 days: on time);
- D: submitted 45 days ago, answered 20 days ago (25 days: late).
Seven texts: four questions, A's notice, C's and D's answers. Worked out by hand: tier 0 = A's notice;
tier 1 = none (every question's record states its submitted date, every answer its received date);
tier 2 (sets open or late today: A overdue before its notice is read, B open, D answered late) = the
questions of A, B, D and D's answer; tier 3 = C's question and answer.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.ingest import IngestOptions, run_ingest
from replay.demo_corpus import CorpusBuilder, SetSpec
from replay.server import ReplayServer
from warehouse import backfill_state
from warehouse.alerts import today_amsterdam
from warehouse.db import connect


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    monkeypatch.setenv("KAMERVRAGEN_TEXTS_PER_RUN", "2")
    monkeypatch.setenv("KAMERVRAGEN_MAX_CONCURRENCY", "1")  # the texts arrive in the order they are asked for


def text_requests(server: ReplayServer) -> list[str]:
    return [Path(path).stem for path, _ in server.request_log if path != "/sru"]


def sru_requests(server: ReplayServer) -> int:
    return sum(1 for path, _ in server.request_log if path == "/sru")


def build(server: ReplayServer) -> None:
    today = today_amsterdam()
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    builder = CorpusBuilder(server)
    builder.add_set(SetSpec("2099Z90001", day(40), elsewhere=day(10)))
    builder.add_set(SetSpec("2099Z90002", day(5)))
    builder.add_set(SetSpec("2099Z90003", day(50), answer=day(30)))
    builder.add_set(SetSpec("2099Z90004", day(45), answer=day(20)))


@pytest.mark.slow
def test_first_run_fetches_verdict_texts_first_and_queues_the_rest(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        build(server)
        options = IngestOptions(db=str(db), sru_url=server.sru_url)
        first = run_ingest(options)
        fetched = text_requests(server)
        con = connect(db, read_only=True)
        try:
            docs = dict(con.execute("SELECT doc_id, kind FROM documents").fetchall())
            status_a = con.execute("SELECT status FROM status_as_of(current_date) "
                                   "WHERE vraagnummer = '2099Z90001'").fetchall()
        finally:
            con.close()
        notice = next(i for i, k in docs.items() if k == "notice")
        answers = sorted(i for i, k in docs.items() if k == "answer")
        tier2 = {"kv-tk-2099Z90001", "kv-tk-2099Z90002", "kv-tk-2099Z90004"} | {answers[-1]}  # D's answer: the later number
        # the notice first (tier 0), then two texts (the budget) of the open or late sets
        assert fetched[0] == notice
        assert len(fetched) == 3 and set(fetched[1:]) <= tier2
        assert first["texts_queued"] == 4 and first["texts_loaded"] == 3
        assert first["verdicts_pending"] == 0 and first["verdicts_final_at"] is not None
        assert status_a == [("answered_late",)]  # the notice's text: answered elsewhere after 30 days (> 21)
        server.clear_log()
        second = run_ingest(options)  # the queue continues: two more
        assert len(text_requests(server)) == 2 and second["texts_queued"] == 2
        assert set(text_requests(server)) <= tier2 | set(answers) | {"kv-tk-2099Z90003"}
        server.clear_log()
        third = run_ingest(options)
        assert len(text_requests(server)) == 2 and third["texts_queued"] == 0
        assert set(text_requests(server)) == {"kv-tk-2099Z90003", answers[0]}  # C's: tier 3, last
        server.clear_log()
        fourth = run_ingest(options)  # nothing new, the queue empty: the SRU pages alone
        assert text_requests(server) == [] and sru_requests(server) == 2 and fourth["requests"] == 2
        assert fourth["verdicts_final_at"] == first["verdicts_final_at"]  # final since the first run


def test_a_notice_of_unstated_kind_keeps_a_verdict_pending(tmp_path: Path) -> None:
    """Metadata alone (no text fetched): A's notice is the one text a status depends on."""
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        build(server)
        run_ingest(IngestOptions(db=str(db), sru_url=server.sru_url, texts_per_run=1, metadata_only=True))
    con = connect(db)
    try:
        con.execute("INSERT INTO backfill_texts SELECT doc_id, 'xml', 'http://x/' || doc_id, meta_sha256, NULL, now() "
                    "FROM documents")
        assert backfill_state.pending_verdicts(con) == (1, 1)
        reasons = con.execute("SELECT d.kind, v.reason, v.tier FROM _verdict_texts v JOIN documents d USING (doc_id)"
                              ).fetchall()
        assert reasons == [("notice", "notice_kind_unstated", 0)]
        # a question without its submitted date: its text's "ingezonden" dates the set
        con.execute("UPDATE documents SET submitted_on = NULL WHERE doc_id = 'kv-tk-2099Z90002'")
        assert backfill_state.pending_verdicts(con) == (2, 2)
        note = backfill_state.note_verdicts(con, datetime.now(UTC))
        assert note.final_at is None and note.sets == 2
    finally:
        con.close()
