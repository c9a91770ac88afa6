"""SYNTHETIC: a small warehouse with known outcomes for the analyst tests (views, overrides, exports,
report).

Everything here is made up: sets, members, parties, ministries, dates and outcomes. The ids lie outside
the real number space: vraagnummers <year>Z9xxxx (real ones stay below Z90000 a year), the Eerste Kamer
set 221229001 (2 + vergaderjaar 2122 + 9001; real ones count from 0000 a vergaderjaar), delay notices
ah-tk-20212022-9500x and the answers' Aanhangsel nrs from 90000 up (tests/docfactory.py; real ones stay
below ≈5,000 a vergaderjaar).

Every set, with its outcome today (statuses of 2022-2023 sets do not depend on today's date):

| set | chamber | ministries | parties | S | N | A / W | outcome |
|---|---|---|---|---|---|---|---|
| 2022Z90001 | tk | BZK | CDA | 2022-01-03 | | A 2022-01-20 (17 d) | answered_on_time |
| 2022Z90002 | tk | BZK, FIN | D66 | 2022-01-10 | 2022-01-25 (+ a 2nd on 02-08) | A 2022-02-15 (36 d) | answered_within_extension |
| 2022Z90003 | tk | FIN | CDA, D66 | 2022-02-01 | | A 2022-04-01 (59 d) | answered_late |
| 2022Z90004 | tk | VWS | PVV | 2022-03-01 | 2022-03-25 (late: due 03-22) | none | overdue (after extension) |
| 2022Z90005 | tk | BZK | CDA | 2022-03-10 | | W 2022-03-20 | withdrawn |
| 221229001 | ek | BZK | (none) | 2022-02-01 | | A 2022-03-15 (42 d) | answered (no term) |
| 2026Z99001 (OPEN_SET) | tk | BZK | SP | today − 3 | | none | open |
| 2023Z90001 | tk | FIN | VVD | 2023-05-01 | | A 2023-05-10 (9 d) | answered_on_time |
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from schemas.document import Document, Person
from tests.docfactory import answer, notice, question
from tests.harness import migrated
from warehouse import connect, keys_for_documents, rebuild_question_sets, transaction, upsert_documents

FETCHED = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
OPEN_SET = "2026Z99001"
REASON = "de benodigde informatie van meerdere partijen nog niet beschikbaar is"


def load(con: duckdb.DuckDBPyConnection, *docs: Document) -> None:
    """Upsert documents and rebuild the sets they touch, in one transaction (as a flow does)."""
    with transaction(con):
        counts = upsert_documents(con, docs, FETCHED)
        rebuild_question_sets(con, keys_for_documents(con, counts.changed_ids))


def today_amsterdam(con: duckdb.DuckDBPyConnection) -> date:
    """Today as the views see it."""
    row = con.execute("SELECT today_amsterdam()").fetchone()
    assert row is not None
    return row[0]


def _q(vraagnummer: str, submitted: str, ministries: list[str], parties: list[str | None], **kw: object) -> Document:
    people = [Person(f"Lid {i}", p) for i, p in enumerate(parties)]
    return question(vraagnummer, submitted, ministries=ministries, submitters=people, **kw)


def analyst_docs(today: date) -> list[Document]:
    """The documents of the table above (`today`: Europe/Amsterdam, for the open set)."""
    open_on = (today - timedelta(days=3)).isoformat()
    return [
        _q("2022Z90001", "2022-01-03", ["BZK"], ["CDA"], title="Over wachtlijsten"),
        answer("2022Z90001", "2022-01-20", ministries=["BZK"]),
        _q("2022Z90002", "2022-01-10", ["BZK", "FIN"], ["D66"], title="Over belastingen en gemeenten"),
        notice("2022Z90002", "2022-01-25", ministries=["BZK"], doc_id="ah-tk-20212022-95001",
               notice_text="Hierbij deel ik u mede dat de vragen niet binnen de termijn van drie weken kunnen "
                           "worden beantwoord. De interdepartementale afstemming vergt meer tijd."),
        notice("2022Z90002", "2022-02-08", ministries=["BZK"], doc_id="ah-tk-20212022-95002"),
        answer("2022Z90002", "2022-02-15", ministries=["BZK", "FIN"]),
        _q("2022Z90003", "2022-02-01", ["FIN"], ["CDA", "D66"], title="Over toeslagen"),
        answer("2022Z90003", "2022-04-01", ministries=["FIN"]),
        _q("2022Z90004", "2022-03-01", ["VWS"], ["PVV"], title="Over zorgkosten"),
        notice("2022Z90004", "2022-03-25", ministries=["VWS"], doc_id="ah-tk-20212022-95004",
               notice_text="De vragen kunnen niet binnen de gebruikelijke termijn worden beantwoord, omdat "
                           f"{REASON}. Ik streef ernaar de vragen zo spoedig mogelijk te beantwoorden."),
        _q("2022Z90005", "2022-03-10", ["BZK"], ["CDA"], title="Over een ingetrokken vraag"),
        notice("2022Z90005", "2022-03-20", "withdrawn", ministries=["BZK"]),
        _q("221229001", "2022-02-01", ["BZK"], [None], chamber="ek", title="Vragen van het lid X (EK)"),
        answer("221229001", "2022-03-15", chamber="ek", ministries=["BZK"]),
        _q(OPEN_SET, open_on, ["BZK"], ["SP"], title="Over iets van deze week"),
        _q("2023Z90001", "2023-05-01", ["FIN"], ["VVD"], title="Over de begroting"),
        answer("2023Z90001", "2023-05-10", ministries=["FIN"], vergaderjaar="2022-2023"),
    ]


def make_db(path: Path) -> Path:
    """A warehouse file at `path` holding `analyst_docs`."""
    con = connect(migrated(path))
    try:
        load(con, *analyst_docs(today_amsterdam(con)))
    finally:
        con.close()
    return path
