"""End-to-end ingest against the local replay server (real sockets, real DuckDB files).

The corpus is the offline demo corpus (REAL samples plus SYNTHETIC sets) or small SYNTHETIC
sets built per test; `run_ingest` is the Prefect-free engine the `ingest` flow wraps.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote_plus

import pytest

from pipeline.ingest import IngestOptions, run_ingest
from replay.demo_corpus import build_demo_corpus
from replay.server import ReplayServer
from schemas.clock import today_amsterdam
from tests.harness import EXE, invoke
from tests.harness import rows as query
from tests.synthetic_set import TODAY, VRAAG, S, add_answer, add_delay_notice, add_question
from warehouse.checksum import content_checksum
from warehouse.db import connect

SINCE = date(1990, 1, 1)


@pytest.fixture(autouse=True)
def _no_politeness(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")


def ingest(db: Path, server: ReplayServer, **kw) -> dict:
    opts = IngestOptions(db=str(db), sru_url=server.sru_url, since=SINCE, until=TODAY,
                         **{"texts_per_run": 0, **kw})  # every text in one run (the demo corpus's 107)
    return run_ingest(opts)


def checksum(db: Path):
    con = connect(db, read_only=True)
    try:
        return content_checksum(con, TODAY)
    finally:
        con.close()


def status_of(db: Path) -> str:
    rows = query(db, "SELECT status FROM status_as_of($d) WHERE vraagnummer = $v",
                 {"d": TODAY, "v": VRAAG})
    return rows[0][0]


# --- tests ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_demo_corpus_twice_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        build_demo_corpus(server, today=TODAY)
        first = ingest(db, server)
        before = checksum(db)
        server.clear_log()
        second = ingest(db, server)
        after = checksum(db)
        requests_second = server.request_count
    assert first["outcome"] == "success" and first["rejected"] == 0
    assert first["inserted"] == before.documents == first["records"]  # every record read is a new document
    assert second["inserted"] == 0 and second["updated"] == 0
    assert second["unchanged"] == before.documents
    assert before == after
    assert requests_second == 2  # one SRU page per series (the corpus fits a page): no document fetched again
    runs = query(db, "SELECT outcome, inserted FROM ingest_runs ORDER BY id")
    assert runs == [("success", first["inserted"]), ("success", 0)]


@pytest.mark.slow
def test_worked_example_and_real_answer_load(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        build_demo_corpus(server, today=TODAY)
        ingest(db, server)
    row = query(db, "SELECT status, days_taken, due_on, extended_due_on, notice_was_late "
                    "FROM questions WHERE vraagnummer = '2022Z00634'")
    assert row == [("answered_within_extension", 38, date(2022, 2, 8), date(2022, 3, 1), False)]
    # the seed page (tests/fixtures/kamervraag-page.2022Z00634.txt), as read back from the demo's
    # documents: "Indieners Hilde Palland (CDA), Inge van Dijk (CDA)", "Beantwoord door Hanke Bruins
    # Slot (minister binnenlandse zaken …), Dilan Yeşilgöz-Zegerius (minister justitie en veiligheid)",
    # "Bron antwoord …/ah-tk-20212022-1881.html", "Vraag 1" … "Vraag 7"; the notice's nr is made up
    seed = query(db, "SELECT submitters, parties, ministries, answered_by, num_questions, question_doc_id, "
                     "answer_doc_id, delay_notice_doc_id FROM question_sets WHERE vraagnummer = '2022Z00634'")
    assert seed == [([{"name": "Hilde Palland", "party": "CDA"}, {"name": "Inge van Dijk", "party": "CDA"}],
                     ["CDA"], ["BZK", "JenV"],
                     [{"name": "Hanke Bruins Slot", "function": "Minister", "ministry": "BZK"},
                      {"name": "Dilan Yeşilgöz-Zegerius", "function": "Minister", "ministry": "JenV"}],
                     7, "kv-tk-2022Z00634", "ah-tk-20212022-1881", "ah-tk-20212022-9001")]
    items = query(db, "SELECT nr, question, answer FROM question_items WHERE vraagnummer = '2022Z00634' ORDER BY nr")
    assert [nr for nr, _, _ in items] == [1, 2, 3, 4, 5, 6, 7] and all(q and a for _, q, a in items)
    assert items[0][1:] == ("Heeft u kennisgenomen van het bericht «Verdrievoudiging van bedreigingen en geweld "
                            "tegen gemeenteraadsleden»?", "Ja.")  # the seed's "…»?1" without its footnote mark
    real = query(db, "SELECT submitted_on, answered_on, parties, ministries, num_questions "
                     "FROM question_sets WHERE vraagnummer = '2021Z09739'")
    assert real == [(date(2021, 6, 3), date(2021, 6, 21), ["D66"], ["SZW"], 9)]
    # The real PDF 2271 has no vraagnummer; the notice it refers to ("Zie ook … nr. 2147") is not
    # among the samples, so it is loaded, with its reference, as a document of no known set.
    pdf = query(db, "SELECT kind, received_on, refers_to, vraagnummer FROM documents "
                    "WHERE doc_id = 'ah-tk-20232024-2271'")
    assert pdf == [("answer", date(2024, 8, 12), [{"vergaderjaar": "2023-2024", "nr": "2147"}], None)]
    assert query(db, "SELECT count(*) FROM question_documents WHERE doc_id = 'ah-tk-20232024-2271'") == [(0,)]

@pytest.mark.slow
def test_answer_before_question_then_question(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    answered = TODAY - timedelta(days=10)
    with ReplayServer() as server:
        add_answer(server, answered)
        ingest(db, server)
    row = query(db, "SELECT question_doc_id, submitted_on, answered_on, title FROM question_sets")
    assert row[0][0] is None and row[0][1] == S and row[0][2] == answered  # from the answer text
    with ReplayServer() as server:
        add_answer(server, answered)
        add_question(server)
        ingest(db, server)
    row = query(db, "SELECT question_doc_id, answered_on, title, num_questions FROM question_sets")
    assert row == [(f"kv-tk-{VRAAG}", answered, "Een synthetisch onderwerp", 2)]
    assert status_of(db) == "answered_on_time"


@pytest.mark.slow
def test_delay_notice_arriving_later_changes_status(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        add_question(server)
        ingest(db, server)
    assert status_of(db) == "overdue"
    with ReplayServer() as server:
        add_question(server)
        add_delay_notice(server, S + timedelta(days=20))
        ingest(db, server)
    assert status_of(db) == "open_extended"


@pytest.mark.slow
def test_reject_is_retried_and_resolved(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    received = TODAY - timedelta(days=3)
    with ReplayServer() as server:
        add_question(server)
        doc_id = add_answer(server, received, body=b"<officiele-publicatie><kamervragen>")
        first = ingest(db, server)
    assert first["rejected"] == 1
    rejects = query(db, "SELECT key, stage, resolved FROM rejects")
    assert rejects == [(doc_id, "parse_text", False)]
    # nothing lost: the answer's metadata is loaded, the set is answered
    assert status_of(db) == "answered_late"
    with ReplayServer() as server:
        add_question(server)
        add_answer(server, received)
        second = ingest(db, server)
    assert second["rejected"] == 0
    assert query(db, "SELECT resolved FROM rejects") == [(True,)]
    assert query(db, "SELECT count(*) FROM question_items WHERE answer IS NOT NULL") == [(1,)]


def test_regenerated_modified_date_does_not_rewrite(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        add_question(server)
        ingest(db, server)
    loaded = query(db, "SELECT loaded_at FROM documents")
    with ReplayServer() as server:
        add_question(server, modified=TODAY - timedelta(days=1))
        second = ingest(db, server)
    assert second["updated"] == 0 and second["unchanged"] == 1
    assert query(db, "SELECT loaded_at FROM documents") == loaded


def test_metadata_only_fetches_no_documents(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        add_question(server)
        add_answer(server, TODAY - timedelta(days=3))
        summary = ingest(db, server, metadata_only=True)
        paths = [p for p, _ in server.request_log]
    assert summary["inserted"] == 2
    assert paths == ["/sru", "/sru"]  # one SRU page per series, no document
    assert query(db, "SELECT count(*) FROM question_items") == [(0,)]
    assert status_of(db) == "answered_late"


@pytest.mark.slow
def test_reject_outside_the_window_is_looked_up_by_id(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    received = TODAY - timedelta(days=3)
    with ReplayServer() as server:
        doc_id = add_answer(server, received, body=b"not xml at all")
        ingest(db, server)
    assert query(db, "SELECT key, resolved FROM rejects") == [(doc_id, False)]
    with ReplayServer() as server:
        add_answer(server, received)
        opts = IngestOptions(db=str(db), sru_url=server.sru_url, since=TODAY, until=TODAY)
        summary = run_ingest(opts)  # the window holds nothing; the reject is looked up by id
        queries = [q for p, q in server.request_log if p.startswith("/sru")]
    assert summary["rejected"] == 0
    # one (empty) page per series, then one look-up of the reject by its id
    assert len(queries) == 3 and [doc_id in unquote_plus(q) for q in queries] == [False, False, True]
    assert "dt.identifier" in unquote_plus(queries[2])
    assert query(db, "SELECT key, resolved FROM rejects") == [(doc_id, True)]


@pytest.mark.prefect
def test_cli_ingest_then_status_through_prefect(tmp_path: Path) -> None:
    """The user's path: `kamervragen ingest` (a real Prefect flow run) then `status`."""
    import json
    import os
    import subprocess

    db = tmp_path / "kv.duckdb"
    exe = EXE
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "KAMERVRAGEN_MIN_INTERVAL": "0",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "KAMERVRAGEN_DB": str(db)}
    env.pop("PREFECT_API_URL", None)
    today = today_amsterdam()  # the day `status` counts from (the one clock), not the machine's date
    with ReplayServer() as server:
        build_demo_corpus(server, today=today)
        done = subprocess.run([str(exe), "ingest", "--since", "1990-01-01", "--sru-url", server.sru_url],
                              env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Ingest run 1" in done.stdout + done.stderr
    out = invoke("status", "--status", "overdue", "--format", "json", env={"KAMERVRAGEN_DB": str(db)})
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    # the hand-made sets of the demo corpus (replay/demo_corpus.py, dates relative to today): 90002 submitted
    # 25 days ago (due 4 days ago), 90004 50 days ago with a notice (extended due 8 days ago), 90010 27 days
    # ago (due 6 days ago); the other hand-made sets are open, extended or closed
    scenario = {r["vraagnummer"]: r["days_overdue"] for r in rows if r["vraagnummer"] < "2026Z91000"}
    assert scenario == {"2026Z90002": 4, "2026Z90004": 8, "2026Z90010": 6}
    for r in rows:  # days overdue = today − effective due date (docs/domain.md), for the random sets too
        due = r["extended_due_on"] if r["delay_notice_on"] else r["due_on"]
        assert r["status"] == "overdue" and r["days_overdue"] == (today - date.fromisoformat(due)).days > 0
    for key in ("vraagnummer", "title", "submitted_on", "delay_notice_on", "answered_on", "due_on",
                "extended_due_on", "days_taken", "days_overdue", "status", "ministries", "parties"):
        assert key in rows[0]
