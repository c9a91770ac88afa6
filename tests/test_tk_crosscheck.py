"""End to end: SYNTHETIC publications (tests/docfactory.py) and SYNTHETIC TK records (replay/tk_feed.py)
that disagree on every kind of the cross-check; the expected `source_disagreements` rows, review
flags, TK-filled parties and ministries, and the `kamervragen crosscheck` output. Every id and date
here is made up (vraagnummers 2025Z901xx); the expected values are read off the two sources below."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline.tk_sync import run_tk_sync
from replay.tk_feed import SyntheticCase, TkFeedServer
from schemas.document import Person
from scrapers.http_client import HttpClient
from tests.analyst_data import load
from tests.docfactory import answer, notice, question
from tests.harness import invoke
from warehouse import connect

VJ = "2025-2026"
D = date.fromisoformat


def publications() -> list:
    q = question
    return [
        q("2025Z90100", "2025-10-01"), answer("2025Z90100", "2025-10-20", vergaderjaar=VJ, nr="9100"),
        q("2025Z90101", "2025-10-01", submitters=[Person("Iemand Zonder Partij")], ministries=[], addressed_to=[]),
        answer("2025Z90101", "2025-10-20", vergaderjaar=VJ, nr="9101", ministries=[]),
        q("2025Z90102", "2025-10-01"), answer("2025Z90102", "2025-10-20", vergaderjaar=VJ, nr="9102"),
        q("2025Z90103", "2025-10-01"),
        q("2025Z90105", "2025-10-01"),
        q("2025Z90106", "2025-10-01"), answer("2025Z90106", "2025-10-20", vergaderjaar=VJ, nr="9106"),
        q("2025Z90107", "2025-10-01"), answer("2025Z90107", "2025-10-20", vergaderjaar=VJ, nr="9107"),
        q("2025Z90108", "2025-10-01"), answer("2025Z90108", "2025-11-05", vergaderjaar=VJ, nr="9108"),
        q("2025Z90109", "2025-10-01"), notice("2025Z90109", "2025-10-15", vergaderjaar=VJ, nr="9119"),
        answer("2025Z90109", "2025-11-05", vergaderjaar=VJ, nr="9109"),
        q("2025Z90110", "2025-10-01"), notice("2025Z90110", "2025-10-15", vergaderjaar=VJ, nr="9120"),
        answer("2025Z90110", "2025-11-05", vergaderjaar=VJ, nr="9110"),
        q("2025Z90111", "2025-10-01"),
    ]


def tk_cases() -> list[SyntheticCase]:
    s = D("2025-10-01")
    c = SyntheticCase
    return [
        c("2025Z90100", s, answers=((D("2025-10-20"), "9100"),), afgedaan=True),
        c("2025Z90101", s, submitters=(("Synthetisch Lid", "SP"),), addressed_to=("minister van Financiën",),
          answers=((D("2025-10-20"), "9101"),), afgedaan=True),
        c("2025Z90102", D("2025-10-02"), answers=((D("2025-10-20"), None),), afgedaan=True),
        c("2025Z90104", s),
        c("2025Z90105", s, answers=((D("2025-10-20"), None),)),
        c("2025Z90106", s),
        c("2025Z90107", s, answers=((D("2025-10-22"), None),), afgedaan=True),
        c("2025Z90108", s, notices=(D("2025-10-15"),), answers=((D("2025-11-05"), None),), afgedaan=True),
        c("2025Z90109", s, answers=((D("2025-11-05"), None),), afgedaan=True),
        c("2025Z90110", s, notices=(D("2025-10-15"), D("2025-10-29")), answers=((D("2025-11-05"), None),),
          afgedaan=True),
        c("2025Z90111", s, afgedaan=True),
    ]


EXPECTED = {  # (vraagnummer, kind, field, ours, theirs, verdict_changing)
    ("2025Z90102", "submitted_on_differs", "submitted_on", "2025-10-01", "2025-10-02", True),
    ("2025Z90103", "only_in_publications", "vraagnummer", "2025Z90103", None, False),
    ("2025Z90104", "only_in_tk", "vraagnummer", None, "zaak " + SyntheticCase("2025Z90104", D("2025-10-01")).case_id,
     False),
    ("2025Z90105", "answer_only_in_tk", "answered_on", None, "2025-10-20", True),
    ("2025Z90106", "answer_only_in_publications", "answered_on", "2025-10-20", None, False),
    ("2025Z90107", "answered_on_differs", "answered_on", "2025-10-20", "2025-10-22", True),
    ("2025Z90108", "notice_only_in_tk", "delay_notice_on", None, "2025-10-15", True),
    ("2025Z90109", "notice_only_in_publications", "delay_notice_on", "2025-10-15", None, False),
    ("2025Z90110", "notice_count_differs", "delay_notice_count", "1", "2", False),
    ("2025Z90111", "done_in_tk_but_open", "status", "open", "afgedaan", True),
}
FLAGGED = {
    "2025Z90102": ["sources disagree on the submitted date: 2025-10-01 in the publication, 2025-10-02 in the "
                   "Tweede Kamer's records"],
    "2025Z90105": ["the Tweede Kamer's records hold an answer of 2025-10-20 that is not published (yet)"],
    "2025Z90107": ["sources disagree on the answer's received date: 2025-10-20 in the publication, 2025-10-22 "
                   "in the Tweede Kamer's records"],
    "2025Z90108": ["the Tweede Kamer's records hold a delay notice of 2025-10-15 that is not published (yet)"],
    "2025Z90111": ["the Tweede Kamer's records mark the case done (afgedaan) while no answer is published"],
}


def sync(db: Path, server: TkFeedServer) -> dict:
    with HttpClient(min_interval=0, backoff_base=0) as http:
        summary = run_tk_sync(str(db), server.base_url, http=http)
    assert summary["outcome"] == "success", summary
    return summary


def both_sources(tmp_path: Path) -> Path:
    """A warehouse with the publications loaded, then the TK records synced."""
    db = tmp_path / "kv.duckdb"
    con = connect(db)
    try:
        load(con, *publications())
    finally:
        con.close()
    with TkFeedServer([e for c in tk_cases() for e in c.entities()]) as server:
        sync(db, server)
    return db


def disagreements(db: Path) -> set[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return set(con.execute("SELECT vraagnummer, kind, field, ours, theirs, verdict_changing "
                               "FROM source_disagreements WHERE resolved_at IS NULL").fetchall())
    finally:
        con.close()


def flags(db: Path) -> dict[str, list[str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {v: r for v, r in con.execute(
            "SELECT vraagnummer, review_reasons FROM question_sets WHERE needs_review").fetchall()}
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.parametrize("tk_first", [False, True], ids=["publications-first", "tk-first"])
def test_every_kind_of_disagreement_is_found_and_flags_only_verdict_changing_ones(
        tmp_path: Path, tk_first: bool) -> None:
    db = tmp_path / "kv.duckdb"
    with TkFeedServer([e for c in tk_cases() for e in c.entities()]) as server:
        if tk_first:
            sync(db, server)
        con = connect(db)
        try:
            load(con, *publications())
        finally:
            con.close()
        if not tk_first:
            sync(db, server)
    assert disagreements(db) == EXPECTED
    assert flags(db) == FLAGGED


@pytest.mark.slow
def test_tk_fills_missing_parties_and_ministries_and_says_so(tmp_path: Path) -> None:
    db = both_sources(tmp_path)
    con = duckdb.connect(str(db), read_only=True)
    try:
        got = {r[0]: r[1:] for r in con.execute(
            "SELECT vraagnummer, parties, parties_source, ministries, ministries_source, tk_parties, "
            "tk_addressed_to, tk_ministries, tk_submitted_on FROM question_sets "
            "WHERE vraagnummer IN ('2025Z90100', '2025Z90101', '2025Z90103')").fetchall()}
        links = con.execute("SELECT doc_id, tk_received_on FROM tk_document_links ORDER BY doc_id").fetchall()
    finally:
        con.close()
    # the publication names CDA and BZK (docfactory); TK's D66 / VWS are kept beside them
    assert got["2025Z90100"] == (["CDA"], "publications", ["BZK"], "publications", ["D66"],
                                 ["minister van Volksgezondheid, Welzijn en Sport"], ["VWS"], D("2025-10-01"))
    # the publication names no party and no ministry: TK's fill them
    assert got["2025Z90101"] == (["SP"], "tk", ["FIN"], "tk", ["SP"], ["minister van Financiën"], ["FIN"],
                                 D("2025-10-01"))
    assert got["2025Z90103"][4:] == (None, None, None, None)  # no TK case
    # TK answers with an aanhangselnummer meet their Aanhangsel documents
    assert links == [("ah-tk-20252026-9100", D("2025-10-20")), ("ah-tk-20252026-9101", D("2025-10-20"))]


@pytest.mark.slow
def test_a_disagreement_that_stops_is_resolved_and_the_flag_goes(tmp_path: Path) -> None:
    db = both_sources(tmp_path)
    con = connect(db)
    try:  # the delay notice TK knew of is published
        load(con, notice("2025Z90108", "2025-10-15", vergaderjaar=VJ, nr="9128"))
        resolved = con.execute("SELECT kind, resolved_at IS NOT NULL FROM source_disagreements "
                               "WHERE vraagnummer = '2025Z90108'").fetchall()
    finally:
        con.close()
    assert resolved == [("notice_only_in_tk", True)]
    assert "2025Z90108" not in flags(db)
    assert disagreements(db) == {e for e in EXPECTED if e[0] != "2025Z90108"}


@pytest.mark.slow
def test_crosscheck_command_json_table_and_csv(tmp_path: Path) -> None:
    db = both_sources(tmp_path)  # the sync publishes the snapshot the command reads
    done = invoke("crosscheck", "--format", "json", "--db", str(db), "--newest", "0")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    # 10 TK written sets have a TK case (2025Z90103 has none); 8 of them disagree on something
    assert out["agree_share"] == 0.2 and out["sets_with_tk_case"] == 10
    assert out["counts"] == {e[1]: 1 for e in EXPECTED}
    assert {(d["vraagnummer"], d["kind"], d["field"], d["ours"], d["theirs"], d["verdict_changing"])
            for d in out["disagreements"]} == EXPECTED
    table = invoke("crosscheck", "--db", str(db))
    assert table.returncode == 0 and "sources agree on 20.0% of 10 sets" in table.stdout
    csv_out = invoke("crosscheck", "--format", "csv", "--db", str(db))
    assert csv_out.stdout.splitlines()[0] == "vraagnummer,kind,field,ours,theirs,verdict_changing,first_seen"
    assert len(csv_out.stdout.splitlines()) == 1 + len(EXPECTED)


@pytest.mark.slow
def test_the_alert_line_of_a_set_with_a_verdict_changing_disagreement_says_so(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from pipeline.alerts import dry_run_digests, run_alerts

    db = both_sources(tmp_path)
    # S 2025-10-01, due 2025-10-22: on 2025-10-25 the sets without an answer are 3 days overdue
    summary = run_alerts(db=str(db), as_of=D("2025-10-25"), dry_run=True, kinds=["overdue"], channels=[],
                         now=datetime(2025, 10, 25, 8, 0, tzinfo=UTC))
    [digest] = dry_run_digests(summary)
    lines = {line.split(" · ")[0].removeprefix("- "): line for line in digest.splitlines() if line.startswith("- ")}
    assert set(lines) == {"2025Z90103", "2025Z90105", "2025Z90108", "2025Z90111"}
    # overdue per the publications, within its extended term per the TK's delay notice
    assert lines["2025Z90108"].endswith("check before citing: the Tweede Kamer's records hold a delay notice of "
                                        "2025-10-15 that is not published (yet)")
    assert lines["2025Z90105"].endswith(
        "check before citing: the Tweede Kamer's records hold an answer of 2025-10-20 that is not published (yet)")
    assert lines["2025Z90111"].endswith("check before citing: the Tweede Kamer's records mark the case done "
                                        "(afgedaan) while no answer is published")
    assert "check before citing" not in lines["2025Z90103"]  # only in the publications: no verdict at stake


@pytest.mark.slow
def test_the_report_has_a_sources_agree_panel(tmp_path: Path) -> None:
    from warehouse.read import open_read
    from warehouse.report import _summary_html, collect

    db = both_sources(tmp_path)
    con = open_read(db)
    try:
        data = collect(con)
    finally:
        con.close()
    assert data.summary["sources_agree"] == 0.2  # 2 of the 10 sets with a TK case agree on everything
    assert ('<div class="num">20%</div><div>sources agree (publications and Tweede Kamer records)</div>'
            in _summary_html(data))
