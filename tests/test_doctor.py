"""`kamervragen doctor`, offline: the replay server with the demo corpus, and servers whose
shapes differ from what source.md says (each difference must mark the right row)."""

from __future__ import annotations

import json
import os
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from typer.testing import CliRunner

from cli.app import app
from replay.demo_corpus import build_demo_corpus
from replay.server import EXPLAIN_INDEXES, ReplayServer
from replay.synthetic_records import AANHANGSEL, item_url, make_record
from scrapers.doctor import DoctorReport, parse_explain, query_indexes, run_doctor
from scrapers.settings import ClientSettings
from tests.harness import RecordingClock
from tests.synthetic_notices import Notice, notice_pdf

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date.today()
REFERENCE_PREFIX = "/frbr/officielepublicaties/ah-tk/20202021/ah-tk-20202021-3235/1"


@pytest.fixture(autouse=True)
def _fast_polite_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No pacing or back-off on loopback; no stray KAMERVRAGEN_* settings from the caller."""
    for name in list(os.environ):
        if name.startswith("KAMERVRAGEN_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    monkeypatch.setenv("KAMERVRAGEN_BACKOFF_BASE", "0")


def complete_demo(server: ReplayServer) -> None:
    """Serve what the demo corpus lists but leaves out, as a live service would.

    REAL: `metadata_owms.xml` of ah-tk-20202021-3235. The two REAL answer PDFs get their
    SYNTHETIC records moved into the doctor's window, with a SYNTHETIC vraagnummer (their PDF
    states none), so a PDF-only document is among the sampled records.
    """
    server.add_file(
        f"{REFERENCE_PREFIX}/metadataowms/metadata_owms.xml",
        (FIXTURES / "ah-tk-20202021-3235.metadata_owms.xml").read_bytes(),
        "application/xml",
    )
    for doc_id, nr, received, vraagnummer in (
        ("ah-tk-20232024-2271", "2271", date(2024, 8, 12), "2024Z99271"),
        ("ah-tk-20232024-1314", "1314", date(2024, 3, 25), "2024Z99314"),
    ):
        server.add_record(make_record(
            doc_id, title="Antwoord op vragen van het lid Synthetisch", publicatienaam=AANHANGSEL,
            subrubriek="Antwoord", modified=TODAY - timedelta(days=3), date=TODAY - timedelta(days=3),
            vraagnummer=vraagnummer, aanhangselnummer=nr, datum_ontvangst=received,
            vergaderjaar="2023-2024", documentstatus="Onopgemaakt", manifestations=("pdf",),
        ))


@contextmanager
def demo_server(*, complete: bool = True, **kwargs: Any) -> Iterator[ReplayServer]:
    """A replay server with the demo corpus and the real explain record (unless overridden)."""
    kwargs.setdefault("explain_indexes", EXPLAIN_INDEXES)
    with ReplayServer(**kwargs) as server:
        build_demo_corpus(server, today=TODAY)
        if complete:
            complete_demo(server)
        yield server


def doctor(server: ReplayServer, **kwargs: Any) -> DoctorReport:
    return run_doctor(sru_url=server.sru_url, today=TODAY, **kwargs)


def verdicts(report: DoctorReport) -> dict[str, str]:
    return {c.name: c.verdict for c in report.checks}


ROWS = [
    "explain", "series questions", "series answers", "backfill date index", "reference record",
    "page size", "document xml", "document html", "document pdf", "document metadata",
    "document metadataowms", "notice texts", "politeness",
]


def window_answer(doc_id: str, **overrides: Any) -> str:
    """A SYNTHETIC answer record modified yesterday (inside the doctor's window)."""
    fields: dict[str, Any] = {
        "title": "Antwoord op vragen van het lid Synthetisch over iets", "publicatienaam": AANHANGSEL,
        "subrubriek": "Antwoord", "modified": TODAY - timedelta(days=1), "date": TODAY - timedelta(days=1),
        "vraagnummer": "2026Z99999", "aanhangselnummer": doc_id.rsplit("-", 1)[-1],
        "datum_ontvangst": TODAY - timedelta(days=1), "vergaderjaar": "2025-2026",
        "manifestations": ("metadata",),
    }
    fields.update(overrides)
    return make_record(doc_id, **fields)


# --- the demo corpus: everything as expected ---------------------------------------------------
def test_demo_corpus_all_ok() -> None:
    with demo_server() as server:
        report = doctor(server)
        assert server.request_count == len(report.requests)
    assert [c.name for c in report.checks] == ROWS
    assert verdicts(report) == dict.fromkeys(ROWS, "OK"), [
        (c.name, c.found) for c in report.checks if c.verdict != "OK"
    ]
    assert report.exit_code == 0
    # one request per row: explain, the two series, the backfill index, the reference record, the
    # page size (1000 holds the whole series), one file per manifestation (5), and 3 notice texts
    assert len(report.requests) == 6 + 5 + 3
    # modified in the last 30 days (the corpus is relative to TODAY; by hand from scenario_sets and
    # random_sets(seed 7)): answers 90005, 90006, 90009, the two PDFs (complete_demo) and 8 random
    # ones; 90009's nader antwoord; notices: delay 90003, 90004 and random 91013, 91023, withdrawn
    # 90007, and 90008's, whose title names no kind (its text does); questions: 90001-3, 90010 and
    # 6 random ones (submitted 11-22 days ago)
    answers = report.check("series answers").details
    assert answers["kinds"] == {"answer": 13, "supplementary_answer": 1, "notice": 6}
    assert answers["notice_kinds"] == {"delay": 4, "withdrawn": 1, "other": 1}
    assert report.check("series questions").details["kinds"] == {"question": 10}
    assert report.check("document pdf").details["doc_id"] in ("ah-tk-20232024-2271", "ah-tk-20232024-1314")
    assert report.check("document html").details["doc_id"] == "ah-tk-20202021-3235"
    assert "all 5 used indexes listed" in report.check("explain").found


def test_demo_corpus_as_shipped_has_only_harmless_differences() -> None:
    """The plain demo lists pdf/metadata_owms files it does not serve: reported, not fatal."""
    with demo_server(complete=False) as server:
        report = doctor(server)
    assert report.exit_code == 0
    assert verdicts(report)["document pdf"] == "DIFFERS"
    assert verdicts(report)["document metadataowms"] == "DIFFERS"
    assert "404" in report.check("document pdf").found


def test_cli_table_and_json() -> None:
    runner = CliRunner()
    with demo_server() as server:
        table = runner.invoke(app, ["doctor", "--sru-url", server.sru_url])
        as_json = runner.invoke(app, ["doctor", "--sru-url", server.sru_url, "--format", "json"])
    assert table.exit_code == 0, table.output
    for row in ROWS:
        assert row in table.stdout
    assert "13 OK, 0 DIFFERS, 0 FAIL" in table.stdout
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert data["verdict"] == "OK" and data["exit_code"] == 0
    assert [c["check"] for c in data["checks"]] == ROWS
    assert data["requests"]["count"] <= data["requests"]["max"] == 30


# --- shapes that differ ------------------------------------------------------------------------
def test_explain_lacking_dt_modified_fails() -> None:
    with demo_server(explain_indexes=[i for i in EXPLAIN_INDEXES if i != "dt.modified"]) as server:
        report = doctor(server)
    v = verdicts(report)
    assert v["explain"] == "FAIL"
    assert "dt.modified" in report.check("explain").found
    assert "KAMERVRAGEN_INCREMENTAL_DATE_INDEX" in report.check("explain").meaning
    assert v["series questions"] == v["series answers"] == "OK"
    assert report.exit_code == 1


def test_explain_without_documented_unused_index_differs() -> None:
    with demo_server(explain_indexes=[i for i in EXPLAIN_INDEXES if i != "w.heeftMededeling"]) as server:
        report = doctor(server)
    assert verdicts(report)["explain"] == "DIFFERS"
    assert "w.heeftMededeling" in report.check("explain").found
    assert report.exit_code == 0


def test_no_explain_operation_differs() -> None:
    with demo_server(explain_indexes=None) as server:
        report = doctor(server)
        explains = [q for p, q in server.request_log if "operation=explain" in q]
    assert verdicts(report)["explain"] == "DIFFERS"
    assert "Unsupported operation" in report.check("explain").found
    assert len(explains) == 2  # SRU 2.0, then the 1.2 form the samples were taken with
    assert report.exit_code == 0


def test_series_query_answering_diagnostics_fails() -> None:
    """The service no longer knows the incremental date index: both series answer diagnostics."""
    with demo_server(refused_indexes={"dt.modified"}) as server:
        report = doctor(server)
    v = verdicts(report)
    assert v["series questions"] == v["series answers"] == "FAIL"
    assert "Unsupported index" in report.check("series answers").found
    assert json.loads(json.dumps(report.to_dict()))["exit_code"] == 1
    assert v["explain"] == v["backfill date index"] == "OK"
    assert report.exit_code == 1


def test_unquoted_series_value_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_SERIES_ANSWERS", "w.publicatienaam==Kamervragen (Aanhangsel)")
    with demo_server() as server:
        report = doctor(server)
    assert verdicts(report)["series answers"] == "FAIL"
    assert "syntax error" in report.check("series answers").found.lower()
    assert verdicts(report)["series questions"] == "OK"
    assert report.exit_code == 1


def test_records_lacking_datum_ontvangst_fail() -> None:
    with demo_server() as server:
        for n in (1, 2):
            server.add_record(window_answer(f"ah-tk-20252026-9990{n}", datum_ontvangst=None))
        report = doctor(server)
    answers = report.check("series answers")
    assert answers.verdict == "FAIL"
    assert "2 lack datumOntvangst" in answers.found
    assert "ah-tk-20252026-99901" in answers.found
    assert "received date" in answers.meaning
    assert verdicts(report)["series questions"] == "OK"
    assert report.exit_code == 1


def test_records_lacking_vraagnummer_fail() -> None:
    with demo_server() as server:
        server.add_record(window_answer("ah-tk-20252026-99903", vraagnummer=None))
        report = doctor(server)
    assert verdicts(report)["series answers"] == "FAIL"
    assert "1 lack vraagnummer" in report.check("series answers").found
    assert report.exit_code == 1


def test_dates_not_iso_fail() -> None:
    with demo_server() as server:
        day = TODAY - timedelta(days=1)
        server.add_record(window_answer("ah-tk-20252026-99904", datum_ontvangst=day.strftime("%d-%m-%Y")))
        report = doctor(server)
    answers = report.check("series answers")
    assert answers.verdict == "FAIL"
    assert "not ISO" in answers.found and "datumOntvangst=" in answers.found
    assert report.exit_code == 1


def test_extra_fields_are_harmless() -> None:
    extra = "<overheidwetgeving:nieuwVeld>x</overheidwetgeving:nieuwVeld></overheidwetgeving:tpmeta>"
    with demo_server() as server:
        server.add_record(window_answer("ah-tk-20252026-99905").replace("</overheidwetgeving:tpmeta>", extra))
        report = doctor(server)
    answers = report.check("series answers")
    assert answers.verdict == "DIFFERS"
    assert "nieuwveld" in answers.found
    assert report.exit_code == 0


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'<?xml version="1.0"?><officiele-publicatie><kamervragen><vraag>', "malformed"),
        (b'<?xml version="1.0"?><nieuw-formaat><tekst>x</tekst></nieuw-formaat>', "unknown xml root"),
    ],
)
def test_document_that_does_not_parse_fails(body: bytes, reason: str) -> None:
    with demo_server() as server:
        url = doctor(server).check("document xml").details["url"]
        server.add_file(urlsplit(url).path, body, "application/xml")
        report = doctor(server)
    xml = report.check("document xml")
    assert xml.verdict == "FAIL"
    assert "does not parse" in xml.found and reason in xml.found.lower()
    assert {n: v for n, v in verdicts(report).items() if v != "OK"} == {"document xml": "FAIL"}
    assert report.exit_code == 1


def test_document_dates_disagreeing_with_the_record_differ() -> None:
    with demo_server() as server:
        url = doctor(server).check("document xml").details["url"]
        original = httpx.get(url).content
        server.add_file(urlsplit(url).path, re.sub(rb'isodatum="[\d-]+"', b'isodatum="2001-02-03"', original),
                        "application/xml")
        report = doctor(server)
    xml = report.check("document xml")
    assert xml.verdict == "DIFFERS"
    assert "2001-02-03" in xml.found and "conflicts" in xml.found
    assert any(c["document"] == "2001-02-03" for c in xml.details["conflicts"])
    assert report.exit_code == 0


def test_text_manifestation_ingest_reads_missing_fails() -> None:
    """A PDF-only document whose PDF is not served: ingest would get no text for it."""
    with demo_server(complete=False) as server:
        server.add_record(window_answer("ah-tk-20252026-99906", manifestations=("pdf",)))
        report = doctor(server)
    pdf = report.check("document pdf")
    assert pdf.verdict == "FAIL"
    assert "ah-tk-20252026-99906" in pdf.found and "404" in pdf.found
    assert report.exit_code == 1


def test_page_size_capped_at_50_is_reported_but_harmless() -> None:
    with demo_server(max_page_size=50) as server:
        report = doctor(server)
    page = report.check("page size")
    assert page.verdict == "DIFFERS"
    assert "capped at 50" in page.found
    assert "KAMERVRAGEN_PAGE_SIZE=50" in page.meaning
    assert page.details["cap"] == 50 and page.details["explain_max_records"] == 50
    assert json.loads(json.dumps(report.to_dict()))["checks"][5]["verdict"] == "DIFFERS"
    assert {n for n, v in verdicts(report).items() if v != "OK"} == {"page size"}
    assert report.exit_code == 0


def test_empty_service_fails() -> None:
    with ReplayServer(explain_indexes=EXPLAIN_INDEXES) as server:
        report = doctor(server)
    v = verdicts(report)
    assert v["series questions"] == v["series answers"] == v["backfill date index"] == "FAIL"
    assert "0 records" in report.check("series answers").found
    assert v["reference record"] == "DIFFERS"
    assert report.exit_code == 1


def test_unreachable_service_stops_early() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    report = run_doctor(sru_url=f"http://127.0.0.1:{port}/sru", today=TODAY)
    assert report.exit_code == 1
    assert all(v == "FAIL" for n, v in verdicts(report).items() if n != "politeness")
    assert "does not answer" in report.check("page size").found
    assert len(report.requests) == 4  # two explain forms, two attempts each; then it stops asking


def test_request_budget_is_kept() -> None:
    with demo_server() as server:
        report = doctor(server, max_requests=6)
        assert server.request_count == 6  # the first six of the 14 above, then the budget is spent
    skipped = [c for c in report.checks if "request budget" in c.found]
    assert skipped and all(c.verdict == "DIFFERS" for c in skipped)
    assert report.exit_code == 0


def test_requests_are_paced(monkeypatch: pytest.MonkeyPatch, clock: RecordingClock) -> None:
    """The pauses and the request log's times on the recording clock: exact, on any machine."""
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0.05")
    monkeypatch.setattr("scrapers.doctor.context.time", clock)  # the log's timestamps
    with demo_server() as server:
        report = doctor(server)
    polite = report.check("politeness")
    assert polite.verdict == "OK", polite
    assert (polite.details["requests"], polite.details["smallest_gap"]) == (14, 0.05)  # 14: as in the demo test
    assert [round(at, 6) for at, _ in report.requests] == [round(0.05 * i, 6) for i in range(14)]
    assert [(thread, round(s, 6)) for thread, s in clock.sleeps] == [("MainThread", 0.05)] * 13  # none before the first


def test_pacing_off_against_a_public_host_differs() -> None:
    settings = ClientSettings.from_env()

    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, request=request)

    report = run_doctor(settings, sru_url="https://sru.example.invalid/sru", today=TODAY,
                        transport=httpx.MockTransport(refuse))
    assert verdicts(report)["politeness"] == "DIFFERS"
    assert "KAMERVRAGEN_MIN_INTERVAL" in report.check("politeness").meaning


# --- pieces --------------------------------------------------------------------------------------
def test_paging_consistency() -> None:
    from scrapers import sru_client
    from scrapers.doctor import _paging_problem

    url = "http://127.0.0.1/sru"
    assert _paging_problem(50, 58, 51, url) is None
    assert _paging_problem(0, 58, 5, url)[0] == "FAIL"  # an empty page that claims more
    # A capped page announcing the uncapped position: harmless only if ingest pages by the
    # records returned (`next_start`), else records 51-1000 would be skipped.
    overshoot = _paging_problem(50, 5000, 1001, url)
    assert overshoot[0] == ("DIFFERS" if hasattr(sru_client, "next_start") else "FAIL")


def test_query_indexes_follow_the_settings() -> None:
    assert set(query_indexes(ClientSettings())) == {
        "c.product-area", "w.publicatienaam", "dt.modified", "dt.date", "dt.identifier",
    }
    custom = ClientSettings(backfill_date_index="dt.issued",
                            series={"questions": 'w.subrubriek=="a.b==c"', "answers": "w.vraagnummer>=1"})
    assert set(query_indexes(custom)) == {
        "c.product-area", "w.subrubriek", "w.vraagnummer", "dt.modified", "dt.issued", "dt.identifier",
    }


def test_parse_explain_srw_1_2() -> None:
    body = b"""<?xml version="1.0"?>
<srw:explainResponse xmlns:srw="http://www.loc.gov/zing/srw/"><srw:version>1.2</srw:version>
<srw:record><srw:recordData><explain xmlns="http://explain.z3950.org/dtd/2.0/">
<serverInfo><host>localhost</host><port>80</port><database numRecs="6293516">sru</database></serverInfo>
<indexInfo><set name="dt" identifier="http://purl.org/dc/terms/"/>
<index><title>modified</title><map><name set="dt">modified</name></map></index>
<index><map><name set="c">product-area</name></map></index></indexInfo>
</explain></srw:recordData></srw:record></srw:explainResponse>"""
    info = parse_explain(body)
    assert info.indexes == ["dt.modified", "c.product-area"]
    assert info.number_of_records == 6293516
    assert info.sets == {"dt": "http://purl.org/dc/terms/"}


def test_replay_explain_lists_the_real_indexes() -> None:
    dump = (FIXTURES / "sru-explain.officielepublicaties.wetsuite-explain_parsed-output.txt").read_text()
    real = [f"{s}.{n}" for s, n in re.findall(r"\('(\w+)', '([\w-]+)'\)", dump.split("'sets'")[0])]
    assert list(EXPLAIN_INDEXES) == real
    with ReplayServer(explain_indexes=EXPLAIN_INDEXES) as server:
        info = parse_explain(httpx.get(server.sru_url, params={"operation": "explain"}).content)
    assert info.indexes == real


# --- notices: their kind must come from their own text ------------------------------------------
def window_notice(doc_id: str, title: str, body: bytes, server: ReplayServer) -> None:
    """A SYNTHETIC PDF-only notice modified yesterday, with its PDF served."""
    server.add_record(window_answer(doc_id, title=title, subrubriek="Mededeling", manifestations=("pdf",),
                                    documentstatus="Onopgemaakt"))
    server.add_file(item_url(doc_id, "pdf", "20252026").replace("{BASE}", ""), body, "application/pdf")


def test_notice_texts_of_the_demo_are_read() -> None:
    with demo_server() as server:
        report = doctor(server)
    notices = report.check("notice texts")
    assert notices.verdict == "OK"
    # the demo's window holds one notice of each kind (replay/demo_corpus.py: 2026Z9000x sets)
    assert sorted(n["notice_kind"] for n in notices.details["notices"]) == [
        "answered_elsewhere", "delay", "withdrawn"]
    assert notices.details["unreadable"] == []


def test_notice_whose_text_says_nothing_differs() -> None:
    silent = notice_pdf(Notice(doc_id="ah-tk-20252026-99931", text="Ik verwijs naar eerdere correspondentie."))
    answered = notice_pdf(Notice(doc_id="ah-tk-20252026-99932"))
    with demo_server(complete=False) as server:
        # only the two notices are in the window's answers sample, ahead of the demo's
        window_notice("ah-tk-20252026-99931", "Mededeling over vragen van het lid Proefman", silent, server)
        window_notice("ah-tk-20252026-99932", "Mededeling over vragen van het lid Proefman", answered, server)
        report = doctor(server)
    notices = report.check("notice texts")
    by_id = {n["doc_id"]: n["notice_kind"] for n in notices.details["notices"]}
    assert by_id["ah-tk-20252026-99931"] == "other"
    assert by_id["ah-tk-20252026-99932"] == "answered_elsewhere"
    assert notices.verdict == "DIFFERS"
    assert "ah-tk-20252026-99931" in notices.found and "needs_review" in notices.meaning


def test_cli_checks_the_tk_feed_ingest_would_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    """TK rows come by default with the feed `ingest` would sync: `--tk-url` pairs a replay; a replay SRU
    alone is not paired with the live feed (no TK rows, no request out); `--no-tk` drops them."""
    from replay.tk_feed import SyntheticCase, TkFeedServer

    monkeypatch.delenv("KAMERVRAGEN_TK_URL", raising=False)
    runner = CliRunner()
    case = SyntheticCase("2025Z90001", date(2025, 10, 1), answers=((date(2025, 10, 20), None),))
    with demo_server() as server, TkFeedServer(case.entities()) as tk:
        paired = runner.invoke(app, ["doctor", "--sru-url", server.sru_url, "--tk-url", tk.base_url,
                                     "--format", "json"])
        alone = runner.invoke(app, ["doctor", "--sru-url", server.sru_url, "--format", "json"])
        dropped = runner.invoke(app, ["doctor", "--sru-url", server.sru_url, "--tk-url", tk.base_url,
                                      "--no-tk", "--format", "json"])
        tk_requests = len(tk.requests)
    names = {k: [c["check"] for c in json.loads(r.stdout)["checks"]] for k, r in
             (("paired", paired), ("alone", alone), ("dropped", dropped))}
    assert names["paired"] == [*ROWS[:-1], "tk Zaak", "tk ZaakActor", "tk Document", ROWS[-1]]
    assert names["alone"] == names["dropped"] == ROWS
    assert tk_requests == 3  # one per category, from the paired run only
