"""Doubt is visible, never silent: sets whose verdict rests on something uncertain are flagged
(`needs_review`, `review_reasons`) wherever a status is shown, and an analyst can settle them.

Real DuckDB files, real CLI processes, a real ingest against the replay server, real SMTP and
webhook receivers, and the report in headless Chromium. Every set and document id is SYNTHETIC
(made up: 2024Z9xxxx, ah-tk-20232024-9xxx). Each expected reason is written out by hand from the
documents below.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pytest

from pipeline.alerts import run_alerts
from pipeline.ingest import IngestOptions, run_ingest
from pipeline.notify import parse_channel
from replay.server import ReplayServer
from replay.synthetic_docs import answer_xml, question_xml
from replay.synthetic_records import item_url, make_answer, make_question
from schemas.document import Conflict, Person
from schemas.migrations import apply_migrations
from tests.alert_receivers import SmtpReceiver, WebhookReceiver
from tests.analyst_data import load
from tests.browser import chromium_context, needs_chromium, open_page
from tests.docfactory import answer, notice, question
from tests.harness import invoke
from tests.old_schema import upsert_at_old_version
from warehouse import connect, rebuild_question_sets, transaction
from warehouse.overrides import OverrideError, add_override, retire_override
from warehouse.read import open_read
from warehouse.report import write_report
from warehouse.snapshot import publish_snapshot

VJ = "2023-2024"

# One set per reason (SYNTHETIC). Hand-computed: S = submitted, N = delay notice, A = answer.
OTHER = "2024Z90001"  # S 05-30, an `other` notice 06-07, no answer: overdue (due 06-20)
CONFLICT = "2024Z90002"  # S 05-30, N 06-12 (kind disputed), A 07-01 (date disputed): within extension
NO_QUESTION = "2024Z90003"  # only an answer (06-07), no submitted date anywhere: incomplete
NO_QUESTION_DATED = "2024Z90013"  # only an answer (06-07) that states S 05-20: answered on time
EARLY = "2024Z90004"  # S 05-30, A 05-01: an answer before the question
PLAIN = "2024Z90005"  # S 05-30, A 06-10: nothing uncertain

EXPECTED = {
    OTHER: ["unclassified notice of 2024-06-07 (ah-tk-20232024-9001)"],
    CONFLICT: [
        "conflicting notice_kind in ah-tk-20232024-9012: kept delay, html says withdrawn",
        "conflicting received_on in ah-tk-20232024-9002: kept 2024-07-01, pdf says 2024-06-28",
    ],
    NO_QUESTION: ["no question record; submitted date unknown"],
    NO_QUESTION_DATED: ["no question record; submitted date 2024-05-20 from another document"],
    EARLY: ["answered 2024-05-01, before the question was submitted (2024-05-30)"],
    PLAIN: [],
}


def documents() -> list:
    return [
        question(OTHER, "2024-05-30", title="Een vraag met een onduidelijke mededeling"),
        notice(OTHER, "2024-06-07", "other", doc_id="ah-tk-20232024-9001", vergaderjaar=VJ),
        question(CONFLICT, "2024-05-30", title="Een vraag met tegenstrijdige bronnen",
                 conflicts=[Conflict("title", "Een vraag", "Een andere vraag", "xml")]),  # not a date or kind
        notice(CONFLICT, "2024-06-12", "delay", doc_id="ah-tk-20232024-9012", vergaderjaar=VJ,
               conflicts=[Conflict("notice_kind", "delay", "withdrawn", "html")]),
        answer(CONFLICT, "2024-07-01", doc_id="ah-tk-20232024-9002", vergaderjaar=VJ,
               conflicts=[Conflict("received_on", "2024-07-01", "2024-06-28", "pdf"),
                          Conflict("modified_on", "2024-07-02", "2024-07-03", "pdf")]),  # not a verdict date
        answer(NO_QUESTION, "2024-06-07", doc_id="ah-tk-20232024-9003", vergaderjaar=VJ),
        answer(NO_QUESTION_DATED, "2024-06-07", doc_id="ah-tk-20232024-9013", vergaderjaar=VJ,
               submitted_on=date(2024, 5, 20)),
        question(EARLY, "2024-05-30", title="Een vraag met een te vroeg antwoord"),
        answer(EARLY, "2024-05-01", doc_id="ah-tk-20232024-9004", vergaderjaar=VJ),
        question(PLAIN, "2024-05-30", title="Een gewone vraag"),
        answer(PLAIN, "2024-06-10", doc_id="ah-tk-20232024-9005", vergaderjaar=VJ),
    ]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "kv.duckdb"
    con = connect(path)
    try:
        load(con, *documents())
        publish_snapshot(con, path)
    finally:
        con.close()
    return path


def sets(db: Path, where: str = "true") -> dict[str, dict[str, Any]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute(f"SELECT * FROM question_sets WHERE {where} ORDER BY vraagnummer")
        names = [c[0] for c in cur.description]
        return {r[1]: dict(zip(names, r, strict=True)) for r in cur.fetchall()}
    finally:
        con.close()


# --- one reason each ---------------------------------------------------------------------------


@pytest.mark.parametrize("vraagnummer", list(EXPECTED))
def test_each_reason_gives_exactly_its_sentence(db: Path, vraagnummer: str) -> None:
    row = sets(db)[vraagnummer]
    assert row["review_reasons"] == EXPECTED[vraagnummer]
    assert row["needs_review"] is bool(EXPECTED[vraagnummer])
    assert (row["review_settled_by"], row["review_settled_reason"]) == (None, None)


def test_statuses_the_reasons_bear_on(db: Path) -> None:
    """The verdicts these sets get (the flag never changes a status, it qualifies it)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        got = dict(con.execute("SELECT vraagnummer, status FROM status_as_of(DATE '2024-07-15')").fetchall())
    finally:
        con.close()
    assert got == {OTHER: "overdue", CONFLICT: "answered_within_extension", NO_QUESTION: "incomplete",
                   NO_QUESTION_DATED: "answered_on_time", EARLY: "answered_on_time", PLAIN: "answered_on_time"}


def test_a_reason_counts_from_the_date_of_its_document(db: Path) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        def on(day: str) -> dict[str, tuple]:
            return {v: (n, r, o) for v, n, r, o in con.execute(
                "SELECT vraagnummer, needs_review, review_reasons, review_open_reasons "
                "FROM status_as_of(CAST(? AS DATE))", [day]).fetchall()}

        # 2024-06-06: the other notice (06-07) and the disputed dates/kinds (06-12, 06-28) are not there yet
        assert on("2024-06-06")[OTHER] == (False, [], [])
        assert on("2024-06-06")[CONFLICT] == (False, [], [])
        assert on("2024-06-07")[OTHER] == (True, EXPECTED[OTHER], EXPECTED[OTHER])
        # the text dates the answer 06-28: from that day on the "overdue"/"open" verdict is in doubt
        assert on("2024-06-27")[CONFLICT][1] == EXPECTED[CONFLICT][:1]
        assert on("2024-06-28")[CONFLICT][1] == EXPECTED[CONFLICT]
        # no question record: in doubt whenever the set is listed
        assert on("2024-06-06")[NO_QUESTION_DATED] == (True, EXPECTED[NO_QUESTION_DATED], EXPECTED[NO_QUESTION_DATED])
        assert NO_QUESTION not in on("2024-06-06")  # listed from its first document (06-07) on
    finally:
        con.close()


def test_an_upgraded_database_is_flagged_when_opened(tmp_path: Path) -> None:
    """Migration 007 on a database of version 6 with sets: every set is re-derived once."""
    path = tmp_path / "v6.duckdb"
    old = duckdb.connect(str(path))
    apply_migrations(old, target=6)
    old.execute("SET TimeZone = 'Europe/Amsterdam'")
    with transaction(old):  # version 6 has no documents.topics (010): loaded as version 6 would
        upsert_at_old_version(old, documents(), datetime(2026, 1, 5, tzinfo=UTC), tmp_path / "scratch.duckdb")
    old.close()
    connect(path).close()
    assert {v: r["review_reasons"] for v, r in sets(path).items()} == EXPECTED


# --- an unreadable text, through a real ingest ---------------------------------------------------


@pytest.mark.slow
def test_an_answer_whose_text_could_not_be_fetched_flags_its_set_until_it_loads(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    number = "2023Z90001"  # make_question/make_answer(90001): S 2024-02-01, A 2024-03-01 (SYNTHETIC)
    answer_id = "ah-tk-20232024-90001"
    options = IngestOptions(db=str(db), since=date(2024, 1, 1), until=date(2024, 12, 31))
    with ReplayServer() as server:
        server.add_record(make_question(90001))
        server.add_record(make_answer(90001))
        server.add_file(item_url(f"kv-tk-{number}", "xml", "20232024").replace("{BASE}", ""),
                        question_xml(f"kv-tk-{number}", vergaderjaar=VJ, submitted=date(2024, 2, 1)),
                        "application/xml")
        # the answer's XML is not served: 404
        options.sru_url = server.sru_url
        first = run_ingest(options)
        assert first["outcome"] == "success" and first["rejected"] == 1
        row = sets(db)[number]
        assert row["review_reasons"] == [
            "text of the answer of 2024-03-01 (ah-tk-20232024-90001) could not be fetched"]
        assert row["needs_review"] is True
        status = json.loads(invoke("status", "--db", str(db), "--format", "json").stdout)
        assert [(r["vraagnummer"], r["status"], r["needs_review"]) for r in status] == [
            (number, "answered_late", True)]

        server.add_file(item_url(answer_id, "xml", "20232024").replace("{BASE}", ""),
                        answer_xml(answer_id, nr="90001", vergaderjaar=VJ, submitted=date(2024, 2, 1),
                                   received=date(2024, 3, 1)),
                        "application/xml")
        second = run_ingest(options)
    assert (second["outcome"], second["resolved"]) == ("success", 1)  # the first run's one reject: the answer's text
    row = sets(db)[number]
    assert (row["needs_review"], row["review_reasons"]) == (False, [])
    status = json.loads(invoke("status", "--db", str(db), "--format", "json").stdout)
    assert [(r["vraagnummer"], r["needs_review"], r["review_reasons"]) for r in status] == [(number, False, [])]


@pytest.mark.slow
@pytest.mark.parametrize("rebuild", ["end", "batch"])
def test_backfill_text_pass_flags_an_unreadable_answer_and_clears_it(
        tmp_path: Path, rebuild: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.backfill import BackfillOptions, run_backfill

    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    db = tmp_path / "kv.duckdb"
    number, answer_id = "2023Z90002", "ah-tk-20232024-90002"
    reason = "text of the answer of 2024-03-01 (ah-tk-20232024-90002) could not be fetched"
    with ReplayServer() as server:
        server.add_record(make_question(90002))
        server.add_record(make_answer(90002))
        server.add_file(item_url(f"kv-tk-{number}", "xml", "20232024").replace("{BASE}", ""),
                        question_xml(f"kv-tk-{number}", vergaderjaar=VJ, submitted=date(2024, 2, 1)),
                        "application/xml")

        def options(**kw: Any) -> BackfillOptions:
            return BackfillOptions(since=date(2024, 1, 1), until=date(2024, 12, 31), db=str(db),
                                   sru_url=server.sru_url, parse_workers=0, rebuild=rebuild, **kw)

        # the text pass alone records the failure (no look-up of rejects by id afterwards)
        run_backfill(options(retry_rejects=False))
        row = sets(db)[number]
        assert (row["needs_review"], row["review_reasons"]) == (True, [reason])
        server.add_file(item_url(answer_id, "xml", "20232024").replace("{BASE}", ""),
                        answer_xml(answer_id, nr="90002", vergaderjaar=VJ, submitted=date(2024, 2, 1),
                                   received=date(2024, 3, 1)),
                        "application/xml")
        run_backfill(options())  # the open reject is looked up again and loads
    row = sets(db)[number]
    assert (row["needs_review"], row["review_reasons"]) == (False, [])


# --- settlement --------------------------------------------------------------------------------


@pytest.mark.slow
def test_settlement_by_override_survives_rebuilds_and_a_new_reason_reopens(db: Path) -> None:
    done = invoke("override", "add", OTHER, "needs_review", "settled", "--reason",
                  "read the notice: it announces a delay, classification fixed upstream",
                  "--author", "J. Analyst", "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "needs_review = settled" in done.stdout and "not applied" not in done.stdout
    row = sets(db)[OTHER]
    assert row["needs_review"] is False
    assert row["review_reasons"] == EXPECTED[OTHER]  # kept
    assert (row["review_settled_by"], row["review_settled_reason"]) == (
        "J. Analyst", "read the notice: it announces a delay, classification fixed upstream")
    assert row["overridden_fields"] == ["needs_review"]

    con = connect(db)
    try:
        with transaction(con):
            rebuild_question_sets(con)  # a full re-derivation, as after a settings change
        assert con.execute("SELECT needs_review, review_settled_by FROM question_sets WHERE vraagnummer = ?",
                           [OTHER]).fetchall() == [(False, "J. Analyst")]
        # a new uncertain document arrives after the settlement: the flag re-opens for it alone
        load(con, notice(OTHER, "2024-06-14", "other", doc_id="ah-tk-20232024-9021", vergaderjaar=VJ))
        cur = con.execute("SELECT needs_review, review_reasons, review_settled_by, "
                          "[x.reason FOR x IN review_items IF NOT x.settled] FROM question_sets "
                          "WHERE vraagnummer = ?", [OTHER])
        assert cur.fetchall() == [(
            True,
            ["unclassified notice of 2024-06-07 (ah-tk-20232024-9001)",
             "unclassified notice of 2024-06-14 (ah-tk-20232024-9021)"],
            "J. Analyst",
            ["unclassified notice of 2024-06-14 (ah-tk-20232024-9021)"],
        )]
        # settling again covers both; retiring the settlement re-opens everything
        add_override(con, OTHER, "needs_review", "settled", reason="both read", author="K. Analyst")
        assert con.execute("SELECT needs_review, review_settled_by FROM question_sets WHERE vraagnummer = ?",
                           [OTHER]).fetchall() == [(False, "K. Analyst")]
        assert retire_override(con, OTHER, "needs_review", author="K. Analyst") == 2  # both settlements
        assert con.execute("SELECT needs_review, review_settled_by, overridden_fields FROM question_sets "
                           "WHERE vraagnummer = ?", [OTHER]).fetchall() == [(True, None, [])]
        with pytest.raises(OverrideError, match="no review reasons: nothing to settle"):
            add_override(con, PLAIN, "needs_review", "settled", reason="r", author="a")
        with pytest.raises(OverrideError, match="expected 'settled'"):
            add_override(con, OTHER, "needs_review", "true", reason="r", author="a")
    finally:
        con.close()


# --- every place a verdict is shown --------------------------------------------------------------


def test_status_json_and_table_carry_the_flag(db: Path) -> None:
    done = invoke("status", "--db", str(db), "--as-of", "2024-07-15", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = {r["vraagnummer"]: r for r in json.loads(done.stdout)}
    assert {v: (r["needs_review"], r["review_reasons"], r["review_open_reasons"]) for v, r in rows.items()} == {
        v: (bool(reasons), reasons, reasons) for v, reasons in EXPECTED.items()}
    assert rows[OTHER]["status"] == "overdue" and rows[OTHER]["review_settled_by"] is None
    table = invoke("status", "--db", str(db), "--as-of", "2024-07-15", "--status", "overdue")
    assert table.returncode == 0, table.stderr
    assert table.stdout.count("⚠") == 1 and "unclassified" in table.stdout


@pytest.mark.slow
def test_show_says_check_before_citing_and_who_settled(db: Path) -> None:
    done = invoke("show", OTHER, "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert ("⚠ check before citing: unclassified notice of 2024-06-07 (ah-tk-20232024-9001)"
            in done.stdout.splitlines())
    plain = invoke("show", PLAIN, "--db", str(db))
    assert "check before citing" not in plain.stdout and "answered_on_time" in plain.stdout

    assert invoke("override", "add", OTHER, "needs_review", "settled", "--reason", "it is a delay notice",
                  "--author", "J. Analyst", "--db", str(db)).returncode == 0
    listed = json.loads(invoke("override", "list", OTHER, "--db", str(db), "--format", "json").stdout)
    assert [(o["field"], o["value"], o["source_value"], o["applied"]) for o in listed] == [
        ("needs_review", "settled", "true", True)]
    day = listed[0]["created_on"][:10]
    done = invoke("show", OTHER, "--db", str(db))
    assert "check before citing" not in done.stdout
    assert (f"review settled by J. Analyst on {day}: it is a delay notice "
            "(covers: unclassified notice of 2024-06-07 (ah-tk-20232024-9001))") in done.stdout.splitlines()


@pytest.mark.slow
def test_review_command_lists_flagged_sets_and_settlements(db: Path) -> None:
    done = invoke("review", "--db", str(db), "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    # unsettled first; then longest overdue, earliest submitted, vraagnummer; no PLAIN
    assert [(r["vraagnummer"], r["needs_review"], r["review_reasons"]) for r in rows] == [
        (OTHER, True, EXPECTED[OTHER]),
        (NO_QUESTION_DATED, True, EXPECTED[NO_QUESTION_DATED]),
        (CONFLICT, True, EXPECTED[CONFLICT]),
        (EARLY, True, EXPECTED[EARLY]),
        (NO_QUESTION, True, EXPECTED[NO_QUESTION]),
    ]
    assert invoke("override", "add", EARLY, "needs_review", "settled", "--reason", "the answer is dated wrongly",
                  "--author", "J. Analyst", "--db", str(db)).returncode == 0
    rows = {r["vraagnummer"]: r for r in json.loads(invoke("review", "--db", str(db), "--format", "json").stdout)}
    early = rows[EARLY]
    assert (early["needs_review"], early["review_reasons"], early["review_open_reasons"],
            early["review_settled_by"], early["review_settled_reason"]) == (
        False, EXPECTED[EARLY], [], "J. Analyst", "the answer is dated wrongly")
    assert list(rows)[-1] == EARLY  # settled sets come last
    still = json.loads(invoke("review", "--db", str(db), "--open", "--format", "json").stdout)
    assert EARLY not in {r["vraagnummer"] for r in still} and len(still) == 4
    table = invoke("review", "--db", str(db))
    assert table.returncode == 0 and "settled" in table.stdout and "J. Analyst" in table.stdout


def test_review_command_does_not_import_prefect(db: Path) -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from cli.app import app; "
        f"r = CliRunner().invoke(app, ['review', '--db', {str(db)!r}, '--format', 'json']); "
        "assert r.exit_code == 0, r.output; assert 'prefect' not in sys.modules, 'prefect imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_export_has_the_review_columns(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("export", "--format", "parquet", str(out), "--db", str(db)).returncode == 0
    assert invoke("export", "--format", "csv", str(tmp_path / "csv"), "--db", str(db)).returncode == 0
    con = duckdb.connect()
    try:
        for name in ("question_sets", "questions", "overdue_now"):
            cur = con.execute(f"SELECT * FROM '{out / name}.parquet' WHERE vraagnummer = ?", [OTHER])
            names = [c[0] for c in cur.description]
            row = dict(zip(names, cur.fetchall()[0], strict=True))
            assert (row["needs_review"], row["review_reasons"], row["review_settled_by"],
                    row["review_settled_reason"]) == (True, EXPECTED[OTHER], None, None), name
        csv = con.execute(f"SELECT needs_review, review_reasons FROM read_csv('{tmp_path / 'csv'}/questions.csv') "
                          "WHERE vraagnummer = ?", [CONFLICT]).fetchall()
        assert [(flag, json.loads(text)) for flag, text in csv] == [(True, EXPECTED[CONFLICT])]
        by_month = con.execute(f"SELECT month, needing_review FROM '{out}/timeliness_by_month.parquet' "
                               "ORDER BY month NULLS LAST").fetchall()
        assert by_month == [(date(2024, 5, 1), 4), (None, 1)]  # NO_QUESTION has no submitted date
    finally:
        con.close()


# --- the alert digest ----------------------------------------------------------------------------

AMS = ZoneInfo("Europe/Amsterdam")
AS_OF = date(2026, 3, 2)


def ago(days: int) -> str:
    return (AS_OF - timedelta(days=days)).isoformat()


@pytest.mark.slow
def test_digest_line_says_check_before_citing_over_smtp_and_webhook(tmp_path: Path) -> None:
    db = tmp_path / "alerts.duckdb"
    con = connect(db)
    try:
        load(con,
             question("2026Z90101", ago(24), title="Te laat met een onduidelijke mededeling"),
             notice("2026Z90101", ago(10), "other", doc_id="ah-tk-20252026-9101", vergaderjaar="2025-2026"),
             question("2026Z90102", ago(24), title="Gewoon te laat", ministries=["VWS"],
                      submitters=[Person("Jansen", "D66")]))
    finally:
        con.close()
    flagged = ("- 2026Z90101 · Te laat met een onduidelijke mededeling · Hilde Palland (CDA), Inge van Dijk (CDA)"
               f" · BZK · 3 days overdue (due {ago(3)}) · https://zoek.officielebekendmakingen.nl/kv-tk-2026Z90101.html"
               f" · check before citing: unclassified notice of {ago(10)} (ah-tk-20252026-9101)")
    plain = (f"- 2026Z90102 · Gewoon te laat · Jansen (D66) · VWS · 3 days overdue (due {ago(3)}) · "
             "https://zoek.officielebekendmakingen.nl/kv-tk-2026Z90102.html")
    with SmtpReceiver() as smtp, WebhookReceiver() as hook:
        summary = run_alerts(db=str(db), channels=[parse_channel(smtp.url()), parse_channel(hook.url())],
                             as_of=AS_OF, now=datetime(2026, 3, 2, 8, 0, tzinfo=AMS), kinds=["overdue"])
    assert summary["failed"] == [] and summary["delivered"] == 4
    for text in (hook.messages()[0]["message"], smtp.texts()[0]):
        lines = text.splitlines()
        assert flagged in lines, text
        assert plain in lines, text
    with duckdb.connect(str(db), read_only=True) as c:
        payload = json.loads(c.execute("SELECT payload FROM alerts WHERE vraagnummer = '2026Z90101' LIMIT 1")
                             .fetchall()[0][0])
    assert (payload["needs_review"], payload["review_reasons"]) == (
        True, [f"unclassified notice of {ago(10)} (ah-tk-20252026-9101)"])


# --- the report ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    yield from chromium_context(tmp_path_factory, 1200)


@pytest.mark.browser
@needs_chromium
def test_report_marks_flagged_rows(db: Path, tmp_path: Path, browser: object) -> None:
    con = connect(db)
    try:  # a second overdue set, nothing uncertain about it
        load(con, question("2024Z90006", "2024-05-31", title="Gewoon te laat"))
        publish_snapshot(con, db)
    finally:
        con.close()
    with open_read(db) as c:
        path = write_report(c, tmp_path / "report.html", source=str(db))
    page, errors, outside = open_page(browser, path)
    page.wait_for_load_state("load")
    assert "1 to check before citing" in page.locator("#overdue-now").inner_text()
    rows = page.locator("#overdue-table tbody tr")
    assert rows.count() == 2
    flagged = page.locator("#overdue-table tbody tr.needs-review")
    assert flagged.count() == 1 and OTHER in flagged.inner_text()
    mark = flagged.locator("span.review")
    assert mark.inner_text() == "⚠ check"
    assert mark.get_attribute("title") == (
        "check before citing: unclassified notice of 2024-06-07 (ah-tk-20232024-9001)")
    other = rows.filter(has_text="2024Z90006")
    assert other.locator("span.review").count() == 0
    cards = page.locator(".summary .card").all_inner_texts()
    assert any(c.split("\n") == ["5", "to check before citing"] for c in cards), cards
    assert errors == [] and outside == []
    page.close()
