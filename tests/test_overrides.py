"""Hand corrections (`overrides`): applied after derivation, surviving re-ingests, visible as such."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from schemas.migrations import apply_migrations
from tests.analyst_data import FETCHED, load
from tests.docfactory import answer, notice, question
from tests.harness import invoke, run
from tests.old_schema import upsert_at_old_version
from warehouse import connect, rebuild_question_sets, transaction
from warehouse.lock import WriterLock
from warehouse.overrides import FIELDS, OverrideError, add_override, list_overrides, retire_override
from warehouse.read import set_overrides, show_set, snapshot_path

# A made-up set with the dates of the worked example in docs/domain.md (the corrections below are
# invented, so the set must not carry a real id): S 2022-01-18, N 2022-02-08, A 2022-02-25:
# answered_within_extension, 38 days.
Q = "2022Z90634"
ANSWER = "ah-tk-20212022-9002"
DOCS = (
    question(Q, "2022-01-18"),
    notice(Q, "2022-02-08", doc_id="ah-tk-20212022-9001"),
    answer(Q, "2022-02-25", doc_id=ANSWER),
)


@pytest.fixture
def con(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The shared migrated connection (tests/conftest.py), loaded."""
    load(con, *DOCS)
    return con


def qs(con: duckdb.DuckDBPyConnection, vraagnummer: str = Q) -> dict[str, Any]:
    cur = con.execute("SELECT * FROM questions WHERE vraagnummer = ?", [vraagnummer])
    names = [c[0] for c in cur.description]
    found = cur.fetchall()
    assert len(found) == 1, found
    return dict(zip(names, found[0], strict=True))


def test_answered_on_override_rederives_status_and_days(con: duckdb.DuckDBPyConnection) -> None:
    before = qs(con)
    assert (before["status"], before["days_taken"], before["overridden_fields"]) == (
        "answered_within_extension", 38, [])
    add_override(con, Q, "answered_on", "2022-03-04", reason="source date is the publication date",
                 author="analyst")
    after = qs(con)
    assert after["answered_on"] == date(2022, 3, 4)
    assert after["days_taken"] == 45 and after["status"] == "answered_late"
    # 2022-01-19 … 2022-03-04 by hand: 28 weekdays up to 2022-02-25, then 28 Feb and 1–4 Mar; no holidays
    assert (before["working_days_taken"], after["working_days_taken"]) == (28, 33)
    assert (after["due_on"], after["extended_due_on"]) == (before["due_on"], before["extended_due_on"])
    assert after["overridden_fields"] == ["answered_on"]
    assert after["source_values"] == {"answered_on": "2022-02-25"}
    # status on a past date uses the corrected fact too (the sources: answered by 2022-02-27)
    past = con.execute(f"SELECT status FROM status_as_of(DATE '2022-02-27') WHERE vraagnummer = '{Q}'").fetchall()
    assert past == [("open_extended",)]


@pytest.mark.slow
def test_overrides_survive_reingest_full_rebuild_and_settings_change(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    c = connect(path)
    load(c, *DOCS)
    add_override(c, Q, "submitted_on", "2022-01-20", reason="typo in the source", author="a")
    add_override(c, Q, "title", "Bedreigingen van raadsleden", reason="title cut off", author="a")
    changed_answer = answer(Q, "2022-02-26", doc_id=ANSWER, title="Antwoord (gewijzigd)")
    load(c, changed_answer)  # a re-ingest of a changed document rebuilds the set
    row = qs(c)
    assert (row["submitted_on"], row["title"], row["answered_on"]) == (
        date(2022, 1, 20), "Bedreigingen van raadsleden", date(2022, 2, 26))
    assert row["due_on"] == date(2022, 2, 10) and row["days_taken"] == 37
    with transaction(c):
        rebuild_question_sets(c)  # every set
    assert qs(c)["submitted_on"] == date(2022, 1, 20)
    c.close()
    os.environ["KAMERVRAGEN_TERM_DAYS"] = "14"
    try:
        c = connect(path)  # the settings changed: opening rebuilds every set
        row = qs(c)
        assert row["submitted_on"] == date(2022, 1, 20) and row["due_on"] == date(2022, 2, 3)
        assert sorted(row["overridden_fields"]) == ["submitted_on", "title"]
        c.close()
    finally:
        del os.environ["KAMERVRAGEN_TERM_DAYS"]


def test_answer_link_brings_its_date_and_url(con: duckdb.DuckDBPyConnection) -> None:
    q2 = "2023Z90100"
    orphan = answer(None, "2023-03-30", doc_id="ah-tk-20222023-9777", vergaderjaar="2022-2023")
    load(con, question(q2, "2023-03-01"), orphan)
    assert qs(con, q2)["status"] == "overdue"
    add_override(con, q2, "answer_doc_id", "ah-tk-20222023-9777", reason="answer lacks its vraagnummer",
                 author="b")
    row = qs(con, q2)
    assert row["answer_doc_id"] == "ah-tk-20222023-9777" and row["answered_on"] == date(2023, 3, 30)
    assert row["answer_url"] == "https://zoek.officielebekendmakingen.nl/ah-tk-20222023-9777.html"
    assert row["status"] == "answered_late" and row["days_taken"] == 29
    assert row["overridden_fields"] == ["answered_on", "answer_doc_id", "answer_url"]
    assert row["source_values"] == {"answered_on": None, "answer_doc_id": None, "answer_url": None}


def test_clearing_a_wrong_delay_notice(con: duckdb.DuckDBPyConnection) -> None:
    add_override(con, Q, "delay_notice_doc_id", None, reason="this Mededeling is about another set",
                 author="c")
    row = qs(con)
    assert (row["delay_notice_doc_id"], row["delay_notice_on"], row["delay_notice_url"]) == (None, None, None)
    assert row["extended_due_on"] is None and row["status"] == "answered_late"
    assert row["notice_was_late"] is None


def test_question_type_override_removes_the_term(con: duckdb.DuckDBPyConnection) -> None:
    add_override(con, Q, "question_type", "oral", reason="Mondelinge vragen in the written series",
                 author="d")
    row = qs(con)
    assert row["has_term"] is False and row["due_on"] is None and row["status"] == "answered"


def test_newest_wins_and_retiring_restores_the_sources(con: duckdb.DuckDBPyConnection) -> None:
    add_override(con, Q, "answered_on", "2022-03-01", reason="first try", author="e")
    add_override(con, Q, "answered_on", "2022-03-02", reason="second look", author="e")
    assert qs(con)["answered_on"] == date(2022, 3, 2)
    active = list_overrides(con, Q)
    assert [(o["value"], o["applied"], o["source_value"]) for o in active] == [("2022-03-02", True, "2022-02-25")]
    assert len(list_overrides(con, Q, include_retired=True)) == 2
    assert retire_override(con, Q, "answered_on", author="f") == 2
    row = qs(con)
    assert row["answered_on"] == date(2022, 2, 25) and row["overridden_fields"] == []
    history = list_overrides(con, Q, include_retired=True)
    assert all(o["retired_on"] is not None and o["retired_by"] == "f" for o in history)
    assert list_overrides(con, Q) == []


def test_override_before_the_set_exists_applies_when_it_arrives(con: duckdb.DuckDBPyConnection) -> None:
    later = "2024Z90001"
    add_override(con, later, "ministries", "BZK, JenV", reason="addressed to both", author="g")
    [pending] = list_overrides(con, later)
    assert pending["applied"] is False
    load(con, question(later, "2024-01-08", ministries=["BZK"]))
    assert qs(con, later)["ministries"] == ["BZK", "JenV"]
    assert list_overrides(con, later)[0]["applied"] is True


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("colour", "red", "unknown field"),
        ("answered_on", "25-02-2022", "expected a date"),
        ("submitted_on", None, "cannot be cleared"),
        ("question_type", "spoken", "written"),
        ("answer_url", "javascript:alert(1)", "http"),
        ("num_questions", "-1", ">= 0"),
    ],
)
def test_invalid_overrides_are_refused(con: duckdb.DuckDBPyConnection, field: str, value: str | None,
                                       message: str) -> None:
    with pytest.raises(OverrideError, match=message):
        add_override(con, Q, field, value, reason="r", author="a")
    assert con.execute("SELECT count(*) FROM overrides").fetchall() == [(0,)]


def test_reason_author_and_vraagnummer_are_required(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(OverrideError, match="reason"):
        add_override(con, Q, "title", "x", reason=" ", author="a")
    with pytest.raises(OverrideError, match="author"):
        add_override(con, Q, "title", "x", reason="r", author="")
    with pytest.raises(OverrideError, match="vraagnummer"):
        add_override(con, "not a number", "title", "x", reason="r", author="a")
    add_override(con, "2022Z 90634", "title", "x", reason="r", author="a")  # normalised
    assert qs(con)["title"] == "x"


def test_show_helpers_mark_overridden_facts(con: duckdb.DuckDBPyConnection) -> None:
    add_override(con, Q, "answered_on", "2022-03-04", reason="publication date in source", author="h")
    row, _ = show_set(con, Q)
    assert row is not None and row["overridden_fields"] == ["answered_on"]
    [shown] = set_overrides(con, Q)
    assert (shown["field"], shown["value"], shown["source_value"], shown["author"], shown["applied"]) == (
        "answered_on", "2022-03-04", "2022-02-25", "h", True)


def test_a_database_from_before_the_overrides_table_upgrades_and_takes_overrides(tmp_path: Path) -> None:
    path = tmp_path / "v2.duckdb"
    old = duckdb.connect(str(path))
    apply_migrations(old, target=2)  # a schema-2 database: before overrides
    with transaction(old):
        upsert_at_old_version(old, DOCS, FETCHED, tmp_path / "current.duckdb")
    old.close()
    con = connect(path)
    try:
        assert con.execute("SELECT status FROM questions").fetchall() == [("answered_within_extension",)]
        assert set_overrides(con, Q) == []
        add_override(con, Q, "answered_on", "2022-03-04", reason="test", author="h")
        assert con.execute("SELECT answered_on, status FROM questions").fetchall() == [
            (date(2022, 3, 4), "answered_late")]  # S 2022-01-18 + 42 = 03-01 < 03-04
    finally:
        con.close()


@pytest.mark.slow
def test_every_field_is_applied_by_the_sql(con: duckdb.DuckDBPyConnection) -> None:
    """Each field warehouse/overrides.py accepts is one apply_overrides.sql handles (no silent no-op)."""
    samples = {"title": "T", "question_type": "oral", "submitted_on": "2022-01-17", "answered_on": "2022-02-24",
               "last_answer_on": "2022-03-30", "delay_notice_on": "2022-02-07", "withdrawn_on": "2022-04-01",
               "question_doc_id": "kv-tk-x", "answer_doc_id": "ah-x", "delay_notice_doc_id": "ah-y",
               "question_url": "https://example.org/q", "answer_url": "https://example.org/a",
               "delay_notice_url": "https://example.org/n", "ministries": "AZ", "parties": "SP",
               "num_questions": "9"}
    # needs_review (a settlement of the review flag) is applied by review_question_sets.sql: tests/test_review.py
    assert set(samples) == set(FIELDS) - {"needs_review"}
    for field, value in samples.items():
        add_override(con, Q, field, value, reason="coverage", author="t")
    row = qs(con)
    assert sorted(row["overridden_fields"]) == sorted(samples)
    for field, value in samples.items():
        got = row[field]
        shown = ",".join(got) if isinstance(got, list) else str(got)
        assert shown == value, field


# --- the command line, on real files and processes --------------------------------------------


@pytest.mark.slow
def test_cli_override_add_list_retire_and_snapshot(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    c = connect(db)
    load(c, *DOCS)
    c.close()
    done = invoke("override", "add", Q, "answered_on", "2022-03-04", "--reason", "wrong date", "--author", "cli",
                  "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "answered_on = 2022-03-04" in done.stdout
    assert snapshot_path(db).exists()  # the write republished the snapshot readers use
    listed = json.loads(invoke("override", "list", "--db", str(db), "--format", "json").stdout)
    assert [(o["field"], o["value"], o["source_value"], o["applied"]) for o in listed] == [
        ("answered_on", "2022-03-04", "2022-02-25", True)]
    status = invoke("sql", "--db", str(db), "--format", "csv", f"SELECT status FROM questions WHERE vraagnummer='{Q}'")
    assert status.stdout.splitlines()[1] == "answered_late", status.stderr
    pending = invoke("override", "add", "2030Z90001", "title", "X", "--reason", "r", "--db", str(db))
    assert pending.returncode == 0 and "not applied yet" in pending.stdout
    bad = invoke("override", "add", Q, "answered_on", "tomorrow", "--reason", "r", "--db", str(db))
    assert bad.returncode == 1 and "expected a date" in bad.stderr
    neither = invoke("override", "add", Q, "answered_on", "--reason", "r", "--db", str(db))
    assert neither.returncode == 2 and "--clear" in neither.stderr
    retired = invoke("override", "retire", Q, "answered_on", "--db", str(db))
    assert retired.returncode == 0, retired.stderr
    status = invoke("sql", "--db", str(db), "--format", "csv", f"SELECT status FROM questions WHERE vraagnummer='{Q}'")
    assert status.stdout.splitlines()[1] == "answered_within_extension"


def test_cli_override_waits_for_no_one_while_a_writer_runs(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    connect(db).close()
    with WriterLock(db):  # held by this process: the command in its own
        done = run("override", "add", Q, "title", "X", "--reason", "r", "--db", str(db))
    assert done.returncode == 2 and "another writer" in done.stderr
