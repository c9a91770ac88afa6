"""The status model of docs/domain.md on a real DuckDB file: question_sets and status_as_of(d).

Every id here is made up (vraagnummers 20xxZ9xxxx, Aanhangsel nrs 9xxx, EK 215169001, old 2989990001),
except 2022Z00634 of the worked example, which carries only its real facts (the seed page
`kamervraag-page.2022Z00634.txt`: submitted 2022-01-18, delay notice 2022-02-08, answer
ah-tk-20212022-1881 on 2022-02-25, seven questions, CDA). Its delay notice's own id is not in the
seed, so the tests give it a made-up one.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import holidays
import pytest

from schemas.document import Document
from tests.docfactory import answer, d, notice, question, ref, supplementary
from warehouse import (
    connect,
    keys_for_documents,
    rebuild_question_sets,
    transaction,
    upsert_documents,
)

FETCHED = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
SYNTHETIC_NOTICE = "ah-tk-20212022-9001"  # the real notice's Aanhangsel number is not in the seed page
REAL_TITLE = "Het bericht ‘Verdrievoudiging van bedreigingen en geweld tegen gemeenteraadsleden’"
STATUSES = {
    "incomplete",
    "withdrawn",
    "answered",
    "answered_on_time",
    "answered_within_extension",
    "answered_late",
    "open",
    "open_extended",
    "overdue",
}


def load(con: duckdb.DuckDBPyConnection, *docs: Document) -> None:
    """Upsert documents and rebuild the sets they touch, in one transaction (as a flow does)."""
    with transaction(con):
        counts = upsert_documents(con, docs, FETCHED)
        rebuild_question_sets(con, keys_for_documents(con, counts.changed_ids))


def question_set(con: duckdb.DuckDBPyConnection, vraagnummer: str, chamber: str = "tk") -> dict:
    cur = con.execute(
        "SELECT * FROM question_sets WHERE chamber = ? AND vraagnummer = ?", [chamber, vraagnummer]
    )
    names = [c[0] for c in cur.description]
    rows = cur.fetchall()
    assert len(rows) == 1, rows
    return dict(zip(names, rows[0], strict=True))


def status(
    con: duckdb.DuckDBPyConnection, vraagnummer: str, as_of: str, chamber: str = "tk"
) -> dict[str, Any] | None:
    cur = con.execute(
        "SELECT * FROM status_as_of(CAST(? AS DATE)) WHERE chamber = ? AND vraagnummer = ?",
        [as_of, chamber, vraagnummer],
    )
    names = [c[0] for c in cur.description]
    rows = cur.fetchall()
    assert len(rows) <= 1
    return dict(zip(names, rows[0], strict=True)) if rows else None


def today_amsterdam(con: duckdb.DuckDBPyConnection) -> date:
    row = con.execute("SELECT CAST(timezone('Europe/Amsterdam', now()) AS DATE)").fetchone()
    assert row is not None
    return row[0]


# --- the worked example ---------------------------------------------------------------------


def test_worked_example_2022Z00634(con: duckdb.DuckDBPyConnection) -> None:
    load(
        con,
        question("2022Z00634", "2022-01-18", num_items=7, title=REAL_TITLE),
        notice("2022Z00634", "2022-02-08", doc_id=SYNTHETIC_NOTICE),
        answer("2022Z00634", "2022-02-25", doc_id="ah-tk-20212022-1881", num_items=7),
    )
    qs = question_set(con, "2022Z00634")
    assert qs["due_on"] == d("2022-02-08")
    assert qs["extended_due_on"] == d("2022-03-01")
    assert qs["effective_due_on"] == d("2022-03-01")
    assert qs["days_taken"] == 38
    assert qs["notice_was_late"] is False
    assert qs["working_days_taken"] == 28
    assert qs["answered_on"] == d("2022-02-25")
    assert qs["delay_notice_on"] == d("2022-02-08")
    assert qs["question_type"] == "written" and qs["has_term"] is True
    assert qs["num_questions"] == 7
    assert qs["title"] == REAL_TITLE
    assert qs["parties"] == ["CDA"]
    assert qs["question_doc_id"] == "kv-tk-2022Z00634"
    assert qs["answer_doc_id"] == "ah-tk-20212022-1881"
    assert qs["delay_notice_doc_id"] == SYNTHETIC_NOTICE
    assert qs["answer_url"] == "https://zoek.officielebekendmakingen.nl/ah-tk-20212022-1881.html"
    assert qs["last_answer_on"] is None

    st = status(con, "2022Z00634", "2026-01-01")
    assert st is not None
    assert st["status"] == "answered_within_extension"
    assert (st["due_on"], st["extended_due_on"]) == (d("2022-02-08"), d("2022-03-01"))
    assert st["days_taken"] == 38 and st["notice_was_late"] is False
    assert st["days_open"] is None and st["days_overdue"] == 0

    row = con.execute(
        "SELECT status, days_taken, due_on, days_open FROM questions WHERE vraagnummer = ?",
        ["2022Z00634"],
    ).fetchall()
    assert row == [("answered_within_extension", 38, d("2022-02-08"), None)]


def test_worked_example_on_past_dates(con: duckdb.DuckDBPyConnection) -> None:
    load(
        con,
        question("2022Z00634", "2022-01-18", num_items=7, title=REAL_TITLE),
        notice("2022Z00634", "2022-02-08", doc_id=SYNTHETIC_NOTICE),
        answer("2022Z00634", "2022-02-25", doc_id="ah-tk-20212022-1881", num_items=7),
    )
    assert status(con, "2022Z00634", "2022-01-17") is None  # before submission: not listed
    on_day = status(con, "2022Z00634", "2022-01-18")
    assert on_day is not None and on_day["status"] == "open" and on_day["days_open"] == 0

    before_notice = status(con, "2022Z00634", "2022-02-07")
    assert before_notice is not None
    assert before_notice["status"] == "open"
    assert before_notice["extended_due_on"] is None
    assert before_notice["effective_due_on"] == d("2022-02-08")
    assert before_notice["days_open"] == 20

    between = status(con, "2022Z00634", "2022-02-20")
    assert between is not None
    assert between["status"] == "open_extended"
    assert between["extended_due_on"] == d("2022-03-01")
    assert between["days_open"] == 33
    assert between["days_taken"] is None
    assert between["days_overdue"] == 0

    answered = status(con, "2022Z00634", "2022-02-25")
    assert answered is not None and answered["status"] == "answered_within_extension"


# --- every row of the status table ---------------------------------------------------------

Q = "2023Z90001"  # made up; submitted 2023-03-01: due 2023-03-22, extended 2023-04-12

CASES: list[tuple[str, list[Document], str, str, int | None, int | None]] = [
    # (case, documents, as_of, status, days_open, days_overdue)
    (
        "incomplete: answer without any submitted date",
        [answer(Q, "2023-03-10")],
        "2023-06-01",
        "incomplete",
        None,
        None,
    ),
    (
        "withdrawn, no answer",
        [question(Q, "2023-03-01"), notice(Q, "2023-03-30", "withdrawn")],
        "2023-06-01",
        "withdrawn",
        None,
        8,
    ),
    (
        "withdrawn before a later answer",
        [question(Q, "2023-03-01"), notice(Q, "2023-03-10", "withdrawn"), answer(Q, "2023-03-20")],
        "2023-06-01",
        "withdrawn",
        None,
        0,
    ),
    (
        "withdrawal after the answer does not count",
        [question(Q, "2023-03-01"), answer(Q, "2023-03-20"), notice(Q, "2023-03-25", "withdrawn")],
        "2023-06-01",
        "answered_on_time",
        None,
        0,
    ),
    (
        "answered on the due date",
        [question(Q, "2023-03-01"), answer(Q, "2023-03-22")],
        "2023-06-01",
        "answered_on_time",
        None,
        0,
    ),
    (
        "answered on time despite a notice",
        [question(Q, "2023-03-01"), notice(Q, "2023-03-10"), answer(Q, "2023-03-15")],
        "2023-06-01",
        "answered_on_time",
        None,
        0,
    ),
    (
        "answered on the extended due date",
        [question(Q, "2023-03-01"), notice(Q, "2023-03-20"), answer(Q, "2023-04-12")],
        "2023-06-01",
        "answered_within_extension",
        None,
        0,
    ),
    (
        "answered late, no notice",
        [question(Q, "2023-03-01"), answer(Q, "2023-03-23")],
        "2023-06-01",
        "answered_late",
        None,
        1,
    ),
    (
        "answered late after the extension",
        [question(Q, "2023-03-01"), notice(Q, "2023-03-20"), answer(Q, "2023-04-20")],
        "2023-06-01",
        "answered_late",
        None,
        8,
    ),
    (
        "notice after the answer does not extend",
        [question(Q, "2023-03-01"), answer(Q, "2023-03-30"), notice(Q, "2023-04-02")],
        "2023-06-01",
        "answered_late",
        None,
        0,
    ),
    ("open on the due date", [question(Q, "2023-03-01")], "2023-03-22", "open", 21, 0),
    ("overdue the day after", [question(Q, "2023-03-01")], "2023-03-23", "overdue", 22, 1),
    (
        "open_extended on the extended due date",
        [question(Q, "2023-03-01"), notice(Q, "2023-03-21")],
        "2023-04-12",
        "open_extended",
        42,
        0,
    ),
    (
        "overdue after the extension",
        [question(Q, "2023-03-01"), notice(Q, "2023-03-21")],
        "2023-04-20",
        "overdue",
        50,
        8,
    ),
    (
        "other notices never extend",
        [question(Q, "2023-03-01"), notice(Q, "2023-03-21", "other")],
        "2023-04-01",
        "overdue",
        31,
        10,
    ),
    (
        "answered-elsewhere notice answers the set",
        [question(Q, "2023-03-01"), notice(Q, "2023-03-15", "answered_elsewhere")],
        "2023-06-01",
        "answered_on_time",
        None,
        0,
    ),
]


@pytest.mark.parametrize(
    ("docs", "as_of", "expected", "days_open", "days_overdue"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_status_table(
    con: duckdb.DuckDBPyConnection,
    docs: list[Document],
    as_of: str,
    expected: str,
    days_open: int | None,
    days_overdue: int | None,
) -> None:
    load(con, *docs)
    st = status(con, Q, as_of)
    assert st is not None
    assert (st["status"], st["days_open"], st["days_overdue"]) == (
        expected,
        days_open,
        days_overdue,
    )


def test_status_cases_cover_every_term_status() -> None:
    assert {case[3] for case in CASES} | {"answered", "open"} == STATUSES


def test_notice_and_answer_after_as_of_are_ignored(con: duckdb.DuckDBPyConnection) -> None:
    load(con, question(Q, "2023-03-01"), notice(Q, "2023-03-30"), answer(Q, "2023-04-05"))
    on_day = status(con, Q, "2023-03-25")  # after due, before the (late) notice
    assert on_day is not None
    assert on_day["status"] == "overdue"
    assert on_day["extended_due_on"] is None and on_day["notice_was_late"] is None
    assert on_day["days_overdue"] == 3
    after_notice = status(con, Q, "2023-04-01")
    assert after_notice is not None
    assert after_notice["status"] == "open_extended" and after_notice["notice_was_late"] is True
    final = status(con, Q, "2023-04-05")
    assert final is not None and final["status"] == "answered_within_extension"


def test_notice_was_late_still_extends(con: duckdb.DuckDBPyConnection) -> None:
    load(con, question(Q, "2023-03-01"), notice(Q, "2023-03-28"), answer(Q, "2023-04-10"))
    qs = question_set(con, Q)
    assert qs["notice_was_late"] is True
    assert qs["extended_due_on"] == d("2023-04-12")
    st = status(con, Q, "2023-05-01")
    assert st is not None and st["status"] == "answered_within_extension"


def test_incomplete_is_listed_only_once_a_document_exists(con: duckdb.DuckDBPyConnection) -> None:
    load(con, answer(Q, "2023-03-10"))
    assert status(con, Q, "2023-03-09") is None
    st = status(con, Q, "2023-03-10")
    assert st is not None and st["status"] == "incomplete"
    assert st["due_on"] is None and st["days_open"] is None and st["days_overdue"] is None


# --- sets that evolve as documents arrive ----------------------------------------------------


def test_answer_before_question_then_question_arrives(con: duckdb.DuckDBPyConnection) -> None:
    load(con, answer("2024Z90100", "2024-02-20", title="Antwoord op vragen over X"))
    qs = question_set(con, "2024Z90100")
    assert qs["question_doc_id"] is None
    assert qs["title"] == "Antwoord op vragen over X"
    assert qs["submitted_on"] is None and qs["due_on"] is None
    assert qs["answered_on"] == d("2024-02-20")
    assert qs["parties"] == []  # the answer's submitters carry no party
    st = status(con, "2024Z90100", "2024-06-01")
    assert st is not None and st["status"] == "incomplete"

    load(con, question("2024Z90100", "2024-02-01", title="Vragen over X"))
    qs = question_set(con, "2024Z90100")
    assert qs["question_doc_id"] == "kv-tk-2024Z90100"
    assert qs["title"] == "Vragen over X"
    assert qs["submitted_on"] == d("2024-02-01")
    assert qs["due_on"] == d("2024-02-22")
    assert qs["days_taken"] == 19
    assert qs["parties"] == ["CDA"]
    assert qs["answer_doc_id"] is not None
    st = status(con, "2024Z90100", "2024-06-01")
    assert st is not None and st["status"] == "answered_on_time"


def test_answer_carrying_submitted_date_is_not_incomplete(con: duckdb.DuckDBPyConnection) -> None:
    load(con, answer("2024Z90101", "2024-03-01", submitted_on=d("2024-02-01")))
    qs = question_set(con, "2024Z90101")
    assert qs["submitted_on"] == d("2024-02-01")
    st = status(con, "2024Z90101", "2024-06-01")
    assert st is not None and st["status"] == "answered_late"


def test_delay_notice_arriving_later_changes_status(con: duckdb.DuckDBPyConnection) -> None:
    load(con, question(Q, "2023-03-01"))
    before = status(con, Q, "2023-03-25")
    assert before is not None and before["status"] == "overdue"
    load(con, notice(Q, "2023-03-20"))
    after = status(con, Q, "2023-03-25")
    assert after is not None and after["status"] == "open_extended"
    assert question_set(con, Q)["delay_notice_on"] == d("2023-03-20")


def test_withdrawn_set(con: duckdb.DuckDBPyConnection) -> None:
    load(con, question(Q, "2023-03-01"), notice(Q, "2023-03-05", "withdrawn"))
    qs = question_set(con, Q)
    assert qs["withdrawn_on"] == d("2023-03-05")
    assert qs["answered_on"] is None
    st = status(con, Q, "2023-06-01")
    assert st is not None
    assert (st["status"], st["days_open"], st["days_overdue"]) == ("withdrawn", None, 0)
    assert status(con, Q, "2023-03-04")["status"] == "open"


def test_answered_elsewhere_notice(con: duckdb.DuckDBPyConnection) -> None:
    load(con, question(Q, "2023-03-01"), notice(Q, "2023-04-01", "answered_elsewhere"))
    qs = question_set(con, Q)
    assert qs["answered_on"] == d("2023-04-01")
    assert qs["answer_doc_id"] is None
    assert qs["days_taken"] == 31
    st = status(con, Q, "2023-06-01")
    assert st is not None and st["status"] == "answered_late" and st["days_overdue"] == 10


def test_supplementary_answer_sets_last_answer_on_only(con: duckdb.DuckDBPyConnection) -> None:
    load(con, question(Q, "2023-03-01"), answer(Q, "2023-03-15"))
    assert question_set(con, Q)["last_answer_on"] is None
    load(con, supplementary(Q, "2023-05-01"))
    qs = question_set(con, Q)
    assert qs["answered_on"] == d("2023-03-15")
    assert qs["last_answer_on"] == d("2023-05-01")
    assert qs["days_taken"] == 14
    # a second Antwoord for the same set also counts as supplementary
    load(con, answer(Q, "2023-06-01", doc_id="ah-tk-20222023-9999"))
    qs = question_set(con, Q)
    assert qs["answered_on"] == d("2023-03-15")
    assert qs["last_answer_on"] == d("2023-06-01")
    assert qs["answer_doc_id"] != "ah-tk-20222023-9999"
    roles = dict(
        con.execute(
            "SELECT doc_id, role FROM question_documents WHERE vraagnummer = ?", [Q]
        ).fetchall()
    )
    assert roles["ah-tk-20222023-9999"] == "supplementary_answer"
    st = status(con, Q, "2023-07-01")
    assert st is not None and st["status"] == "answered_on_time"


def test_second_answer_only_is_supplementary_even_loaded_first(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load(con, question(Q, "2023-03-01"), answer(Q, "2023-04-20", doc_id="ah-tk-20222023-9002"))
    load(con, answer(Q, "2023-03-20", doc_id="ah-tk-20222023-9001"))
    qs = question_set(con, Q)
    assert qs["answer_doc_id"] == "ah-tk-20222023-9001"
    assert qs["answered_on"] == d("2023-03-20")
    assert qs["last_answer_on"] == d("2023-04-20")


@pytest.mark.parametrize(
    ("docs", "as_of", "expected"),
    [
        ([question("215169001", "2015-09-25", chamber="ek")], "2016-06-01", "open"),
        (
            [
                question("215169001", "2015-09-25", chamber="ek"),
                answer("215169001", "2016-01-10", chamber="ek"),
            ],
            "2016-06-01",
            "answered",
        ),
        (
            [
                question("215169001", "2015-09-25", chamber="ek"),
                notice("215169001", "2015-10-01", "delay", chamber="ek"),
                notice("215169001", "2015-11-01", "withdrawn", chamber="ek"),
            ],
            "2016-06-01",
            "withdrawn",
        ),
        ([answer("215169001", "2016-01-10", chamber="ek")], "2016-06-01", "incomplete"),
    ],
    ids=["open", "answered", "withdrawn", "incomplete"],
)
def test_eerste_kamer_sets_have_no_term(
    con: duckdb.DuckDBPyConnection, docs: list[Document], as_of: str, expected: str
) -> None:
    load(con, *docs)
    qs = question_set(con, "215169001", chamber="ek")
    assert qs["has_term"] is False
    assert (qs["due_on"], qs["extended_due_on"], qs["effective_due_on"]) == (None, None, None)
    assert qs["notice_was_late"] is None
    st = status(con, "215169001", as_of, chamber="ek")
    assert st is not None
    assert st["status"] == expected
    assert (st["due_on"], st["extended_due_on"], st["effective_due_on"]) == (None, None, None)
    assert st["days_overdue"] is None
    if expected == "answered":
        assert st["days_taken"] == 107 and qs["days_taken"] == 107
    if expected == "open":
        assert st["days_open"] == 250


def test_oral_questions_have_no_term(con: duckdb.DuckDBPyConnection) -> None:
    load(
        con,
        question(
            "2989990001",
            "1999-03-01",
            doc_id="kv-2989990001",
            title="Mondelinge vragen van het lid Voorbeeld",
            question_type=None,
        ),
    )
    qs = question_set(con, "2989990001")
    assert qs["question_type"] == "oral" and qs["has_term"] is False and qs["due_on"] is None
    st = status(con, "2989990001", "2001-01-01")
    assert st is not None and st["status"] == "open" and st["days_overdue"] is None
    load(con, answer("2989990001", "1999-03-10", vergaderjaar="1998-1999"))
    st = status(con, "2989990001", "2001-01-01")
    assert st is not None and st["status"] == "answered" and st["days_taken"] == 9


def test_oral_flag_from_parser(con: duckdb.DuckDBPyConnection) -> None:
    load(con, question("2005Z90001", "2005-03-01", question_type="oral"))
    assert question_set(con, "2005Z90001")["has_term"] is False


# --- linking, items, derived fields ----------------------------------------------------------


def test_missing_vraagnummer_linked_through_refers_to(con: duckdb.DuckDBPyConnection) -> None:
    load(
        con,
        question("2024Z90011", "2024-06-20"),
        notice("2024Z90011", "2024-07-05", vergaderjaar="2023-2024", nr="9001"),
        answer(
            None,
            "2024-08-01",
            vergaderjaar="2023-2024",
            nr="9002",
            refers_to=[ref("2023–2024", "9001")],
        ),
    )
    qs = question_set(con, "2024Z90011")
    assert qs["answer_doc_id"] == "ah-tk-20232024-9002"
    assert qs["answered_on"] == d("2024-08-01")
    assert qs["document_count"] == 3
    linked = con.execute(
        "SELECT linked_by FROM question_documents WHERE doc_id = 'ah-tk-20232024-9002'"
    ).fetchall()
    assert linked == [("refers_to",)]


def test_refers_to_target_arriving_later_links_the_answer(con: duckdb.DuckDBPyConnection) -> None:
    orphan = answer(
        None,
        "2024-08-01",
        vergaderjaar="2023-2024",
        nr="9002",
        refers_to=[ref("2023–2024", "9001")],
    )
    load(con, orphan)
    assert con.execute("SELECT count(*) FROM question_sets").fetchall() == [(0,)]
    load(con, notice("2024Z90011", "2024-07-05", vergaderjaar="2023-2024", nr="9001"))
    qs = question_set(con, "2024Z90011")
    assert qs["answer_doc_id"] == "ah-tk-20232024-9002"


def test_changed_vraagnummer_moves_document_between_sets(con: duckdb.DuckDBPyConnection) -> None:
    load(con, question("2024Z90001", "2024-01-10"), question("2024Z90002", "2024-01-10"))
    wrong = answer("2024Z90001", "2024-01-20", doc_id="ah-tk-20232024-9500")
    load(con, wrong)
    assert question_set(con, "2024Z90001")["answer_doc_id"] == "ah-tk-20232024-9500"
    load(con, answer("2024Z90002", "2024-01-20", doc_id="ah-tk-20232024-9500"))
    assert question_set(con, "2024Z90001")["answer_doc_id"] is None
    assert question_set(con, "2024Z90002")["answer_doc_id"] == "ah-tk-20232024-9500"


def test_question_items(con: duckdb.DuckDBPyConnection) -> None:
    load(con, question(Q, "2023-03-01", num_items=3), answer(Q, "2023-03-15", num_items=2))
    rows = con.execute(
        "SELECT nr, question, answer FROM question_items WHERE vraagnummer = ? ORDER BY nr", [Q]
    ).fetchall()
    assert rows == [
        (1, "Vraag 1?", "Antwoord 1."),
        (2, "Vraag 2?", "Antwoord 2."),
        (3, "Vraag 3?", None),
    ]
    assert question_set(con, Q)["num_questions"] == 3


def test_question_items_from_answer_only(con: duckdb.DuckDBPyConnection) -> None:
    load(con, answer(Q, "2023-03-15", num_items=2))
    rows = con.execute(
        "SELECT nr, question, answer FROM question_items WHERE vraagnummer = ? ORDER BY nr", [Q]
    ).fetchall()
    assert rows == [
        (1, "Vraag 1 (uit antwoord)?", "Antwoord 1."),
        (2, "Vraag 2 (uit antwoord)?", "Antwoord 2."),
    ]


def test_preferred_url_and_submitters_with_parties(con: duckdb.DuckDBPyConnection) -> None:
    from schemas.document import Person

    load(
        con,
        question(Q, "2023-03-01", submitters=[Person("A. Lid")], urls={"preferred": "https://x/q"}),
        answer(
            Q,
            "2023-03-15",
            submitters=[Person("A. Lid", "D66"), Person("B. Lid", "VVD")],
            ministries=["FIN", "BZK"],
        ),
    )
    qs = question_set(con, Q)
    assert qs["question_url"] == "https://x/q"
    assert qs["parties"] == ["D66", "VVD"]
    assert qs["ministries"] == ["BZK", "FIN"]


def test_working_days_exclude_dutch_holidays(con: duckdb.DuckDBPyConnection) -> None:
    load(con, question(Q, "2024-04-25"), answer(Q, "2024-05-10"))
    nl = holidays.country_holidays("NL", years=2024)
    day, expected = d("2024-04-26"), 0
    while day <= d("2024-05-10"):
        expected += day.weekday() < 5 and day not in nl
        day += timedelta(days=1)
    assert question_set(con, Q)["working_days_taken"] == expected == 10


def test_full_rebuild_matches_incremental(con: duckdb.DuckDBPyConnection) -> None:
    load(con, question(Q, "2023-03-01"), notice(Q, "2023-03-20"), answer(Q, "2023-04-01"))
    load(con, answer("2024Z90100", "2024-02-20"))
    before = con.execute("SELECT * EXCLUDE (rebuilt_at) FROM question_sets ORDER BY ALL").fetchall()
    with transaction(con):
        assert rebuild_question_sets(con) == 2
    after = con.execute("SELECT * EXCLUDE (rebuilt_at) FROM question_sets ORDER BY ALL").fetchall()
    assert before == after


def test_terms_are_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "w.duckdb"
    con = connect(path)
    load(con, question(Q, "2023-03-01"), notice(Q, "2023-03-10"))
    assert question_set(con, Q)["due_on"] == d("2023-03-22")
    con.close()
    monkeypatch.setenv("KAMERVRAGEN_TERM_DAYS", "14")
    monkeypatch.setenv("KAMERVRAGEN_EXTENSION_DAYS", "7")
    con = connect(path)
    qs = question_set(con, Q)
    assert (qs["due_on"], qs["extended_due_on"]) == (d("2023-03-15"), d("2023-03-22"))
    st = status(con, Q, "2023-03-20")
    assert st is not None and st["status"] == "open_extended"
    assert st["extended_due_on"] == d("2023-03-22")
    con.close()


def test_questions_view_is_as_of_today(con: duckdb.DuckDBPyConnection) -> None:
    today = today_amsterdam(con)
    recent = (today - timedelta(days=5)).isoformat()
    old = (today - timedelta(days=30)).isoformat()
    future = (today + timedelta(days=3)).isoformat()
    load(
        con,
        question("2099Z90001", recent),
        question("2099Z90002", old),
        question("2099Z90003", future),
    )
    rows = dict(con.execute("SELECT vraagnummer, status FROM questions").fetchall())
    assert rows == {"2099Z90001": "open", "2099Z90002": "overdue"}
    cols = [c[0] for c in con.execute("SELECT * FROM questions LIMIT 0").description]
    set_cols = [c[0] for c in con.execute("SELECT * FROM question_sets LIMIT 0").description]
    assert cols == [*set_cols, "status", "days_open", "days_overdue"]


# --- cross-check against a plain-Python reading of the domain table ---------------------------


def reference_status(docs: list[Document], has_term: bool, as_of: date) -> dict | None:
    """docs/domain.md, row by row, from the documents received on or before `as_of`."""
    s = next((x.submitted_on for x in docs if x.kind == "question"), None)
    if s is not None and s > as_of:
        return None

    def first(pred: Any) -> date | None:
        dates = [
            x.received_on for x in docs if pred(x) and x.received_on and x.received_on <= as_of
        ]
        return min(dates, default=None)

    a = first(lambda x: x.kind == "answer" or x.notice_kind == "answered_elsewhere")
    n = first(lambda x: x.notice_kind == "delay")
    w = first(lambda x: x.notice_kind == "withdrawn")
    term, extension = 21, 21
    due = s + timedelta(days=term) if has_term and s else None
    ext = s + timedelta(days=term + extension) if has_term and s and n else None
    eff = ext if n else due
    if s is None:
        status_ = "incomplete"
    elif w and (a is None or w < a):
        status_ = "withdrawn"
    elif a and not has_term:
        status_ = "answered"
    elif a and due and a <= due:
        status_ = "answered_on_time"
    elif a and n and ext and n <= a <= ext:
        status_ = "answered_within_extension"
    elif a:
        status_ = "answered_late"
    elif not has_term or (due and as_of <= due):
        status_ = "open"
    elif n and ext and as_of <= ext:
        status_ = "open_extended"
    else:
        status_ = "overdue"
    end = w if status_ == "withdrawn" else a if a else as_of
    return {
        "status": status_,
        "days_open": (as_of - s).days if s and a is None and w is None else None,
        "days_overdue": max(0, (end - eff).days) if eff else None,
        "due_on": due,
        "extended_due_on": ext,
        "effective_due_on": eff,
        "days_taken": (a - s).days if a and s else None,
        "notice_was_late": (n > due) if n and due else None,
    }


def test_status_as_of_matches_reference_on_random_sets(con: duckdb.DuckDBPyConnection) -> None:
    rng = random.Random(20260105)
    start = d("2023-01-02")
    sets: dict[str, tuple[list[Document], bool]] = {}
    for i in range(300):
        vn = f"2023Z9{i:04d}"
        chamber = "ek" if i % 10 == 0 else "tk"
        s = start + timedelta(days=rng.randint(0, 60))
        docs: list[Document] = []
        if rng.random() < 0.9:
            docs.append(question(vn, s.isoformat(), chamber=chamber))
        for kind, chance in (
            ("answer", 0.7),
            ("delay", 0.35),
            ("withdrawn", 0.08),
            ("answered_elsewhere", 0.08),
            ("other", 0.1),
            ("answer", 0.1),
        ):
            if rng.random() < chance:
                on = (s + timedelta(days=rng.randint(0, 70))).isoformat()
                if kind == "answer":
                    docs.append(answer(vn, on, chamber=chamber))
                else:
                    docs.append(notice(vn, on, kind, chamber=chamber))
        if docs:
            sets[vn] = (docs, chamber == "tk")
    load(con, *[doc for docs, _ in sets.values() for doc in docs])
    fields = [
        "status",
        "days_open",
        "days_overdue",
        "due_on",
        "extended_due_on",
        "effective_due_on",
        "days_taken",
        "notice_was_late",
    ]
    checked = set()
    for offset in range(-5, 140, 7):
        as_of = start + timedelta(days=offset)
        cur = con.execute(
            f"SELECT vraagnummer, {', '.join(fields)} FROM status_as_of(CAST(? AS DATE))",
            [as_of],
        )
        got = {row[0]: dict(zip(fields, row[1:], strict=True)) for row in cur.fetchall()}
        for vn, (docs, has_term) in sets.items():
            expected = reference_status(docs, has_term, as_of)
            if expected is None or expected["status"] == "incomplete":
                assert got.get(vn, {}).get("status") in (None, "incomplete"), (vn, as_of)
                continue
            assert got.get(vn) == expected, (
                vn,
                as_of,
                [(x.kind, x.notice_kind, x.received_on) for x in docs],
            )
            checked.add(expected["status"])
    assert checked == STATUSES - {"incomplete"}
