"""Loading `Document`s into DuckDB: upsert semantics, batches, transactions, text documents."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from schemas.document import AanhangselRef, Conflict, Document, DocumentText, Item, Minister, Person
from tests.docfactory import answer, d, notice, question
from warehouse import (
    UpsertCounts,
    connect,
    get_text_docs,
    known_hashes,
    transaction,
    upsert_documents,
    upsert_text_docs,
)

T1 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
T2 = T1 + timedelta(days=1)


def checksum(con: duckdb.DuckDBPyConnection) -> str:
    """Hash over every column of every row of `documents`."""
    row = con.execute(
        "SELECT md5(string_agg(CAST(documents AS VARCHAR), '|' ORDER BY doc_id)) FROM documents"
    ).fetchone()
    assert row is not None
    return row[0]


def stored(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict:
    cur = con.execute("SELECT * FROM documents WHERE doc_id = ?", [doc_id])
    names = [c[0] for c in cur.description]
    rows = cur.fetchall()
    assert len(rows) == 1
    return dict(zip(names, rows[0], strict=True))


def full_document() -> Document:
    return Document(
        doc_id="ah-tk-20202021-3235",
        manifestation="xml",
        chamber="tk",
        kind="answer",
        notice_kind=None,
        question_type="written",
        vraagnummer="2021Z09739",
        aanhangselnummer="3235",
        vergaderjaar="2020-2021",
        title="Antwoord op vragen van de leden Van Weyenberg",
        submitted_on=d("2021-06-03"),
        received_on=d("2021-06-21"),
        published_on=d("2021-06-22"),
        modified_on=d("2021-07-22"),
        submitters=[Person("Van Weyenberg", "D66"), Person("Sjoerdsma", None)],
        addressed_to=["Minister van Sociale Zaken en Werkgelegenheid"],
        answered_by=[Minister("Koolmees", "Minister van Sociale Zaken", "SZW")],
        ministries=["SZW"],
        refers_to=[AanhangselRef("2020–2021", "3001")],
        answer_doc_id=None,
        items=[Item(1, "Vraag?", "Antwoord."), Item(2, "Vraag 2?", None, 1)],
        notice_text=None,
        urls={
            "preferred": "https://zoek.officielebekendmakingen.nl/ah-tk-20202021-3235.html",
            "xml": "https://repository.overheid.nl/x.xml",
        },
        document_status="Opgemaakt",
        conflicts=[Conflict("title", "A", "B", "html")],
        source="https://repository.overheid.nl/frbr/x.xml",
        missing=["pdf"],
    ).seal()


def test_every_field_is_stored_with_its_type(con: duckdb.DuckDBPyConnection) -> None:
    doc = full_document()
    with transaction(con):
        counts = upsert_documents(con, [doc], T1, {doc.doc_id: "meta-1"})
    assert counts == UpsertCounts(1, 0, 0)
    assert counts.changed_ids == (doc.doc_id,)
    row = stored(con, "ah-tk-20202021-3235")
    assert row["submitters"] == [
        {"name": "Van Weyenberg", "party": "D66"},
        {"name": "Sjoerdsma", "party": None},
    ]
    assert row["answered_by"] == [
        {"name": "Koolmees", "function": "Minister van Sociale Zaken", "ministry": "SZW"}
    ]
    assert row["refers_to"] == [{"vergaderjaar": "2020–2021", "nr": "3001"}]
    assert row["items"][1] == {
        "nr": 2,
        "question": "Vraag 2?",
        "answer": None,
        "answer_refers_to": 1,
    }
    assert row["conflicts"] == [{"field": "title", "kept": "A", "other": "B", "source": "html"}]
    assert row["urls"]["xml"] == "https://repository.overheid.nl/x.xml"
    assert row["received_on"] == d("2021-06-21") and row["modified_on"] == d("2021-07-22")
    assert row["missing"] == ["pdf"]
    assert row["content_sha256"] == doc.content_sha256
    assert row["meta_sha256"] == "meta-1"
    assert row["fetched_at"] == T1
    assert row["first_seen"] == row["loaded_at"]
    types = dict(
        con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'documents'"
        ).fetchall()
    )
    assert types["urls"] == "MAP(VARCHAR, VARCHAR)"
    assert types["submitted_on"] == "DATE"
    assert types["first_seen"] == "TIMESTAMP WITH TIME ZONE"
    assert types["items"].startswith("STRUCT(nr INTEGER")


def test_same_batch_twice_is_unchanged(con: duckdb.DuckDBPyConnection) -> None:
    docs = [
        question("2023Z90001", "2023-03-01"),
        answer("2023Z90001", "2023-03-15"),
        notice("2023Z90001", "2023-03-10"),
        full_document(),
    ]
    with transaction(con):
        assert upsert_documents(con, docs, T1) == UpsertCounts(4, 0, 0)
    before = checksum(con)
    with transaction(con):
        again = upsert_documents(con, docs, T2)
    assert again == UpsertCounts(0, 0, 4) and again.changed_ids == ()
    assert checksum(con) == before


def test_duplicates_in_one_batch_last_wins(con: duckdb.DuckDBPyConnection) -> None:
    first = question("2023Z90001", "2023-03-01", title="eerste")
    last = question("2023Z90001", "2023-03-01", title="laatste")
    with transaction(con):
        counts = upsert_documents(con, [first, last], T1)
    assert counts == UpsertCounts(1, 0, 0)
    assert stored(con, first.doc_id)["title"] == "laatste"
    with transaction(con):
        counts = upsert_documents(con, [last, first], T2)
    assert counts == UpsertCounts(0, 1, 0)
    assert stored(con, first.doc_id)["title"] == "eerste"


def test_only_modified_on_changed_is_not_rewritten(con: duckdb.DuckDBPyConnection) -> None:
    doc = question("2023Z90001", "2023-03-01", modified_on=d("2023-03-02"))
    with transaction(con):
        upsert_documents(con, [doc], T1, {doc.doc_id: "meta-1"})
    before = stored(con, doc.doc_id)
    regenerated = dataclasses.replace(doc, modified_on=d("2024-01-01")).seal()
    assert regenerated.content_sha256 == doc.content_sha256
    with transaction(con):
        counts = upsert_documents(con, [regenerated], T2)
    assert counts == UpsertCounts(0, 0, 1)
    assert stored(con, doc.doc_id) == before
    # a new metadata hash is recorded, nothing else
    with transaction(con):
        counts = upsert_documents(con, [regenerated], T2, {doc.doc_id: "meta-2"})
    assert counts == UpsertCounts(0, 0, 1)
    after = stored(con, doc.doc_id)
    assert after["meta_sha256"] == "meta-2"
    assert {k: v for k, v in after.items() if k != "meta_sha256"} == {
        k: v for k, v in before.items() if k != "meta_sha256"
    }


def test_changed_content_is_rewritten_first_seen_kept(con: duckdb.DuckDBPyConnection) -> None:
    doc = question("2023Z90001", "2023-03-01", title="oud")
    with transaction(con):
        upsert_documents(con, [doc], T1, {doc.doc_id: "meta-1"})
    before = stored(con, doc.doc_id)
    changed = dataclasses.replace(doc, title="nieuw").seal()
    with transaction(con):
        counts = upsert_documents(con, [changed], T2)
    assert counts == UpsertCounts(0, 1, 0) and counts.changed_ids == (doc.doc_id,)
    after = stored(con, doc.doc_id)
    assert after["title"] == "nieuw"
    assert after["first_seen"] == before["first_seen"]
    assert after["fetched_at"] == T2
    assert after["loaded_at"] > before["loaded_at"]
    assert after["meta_sha256"] == "meta-1"  # kept when none is given


def test_unsealed_document_gets_a_hash(con: duckdb.DuckDBPyConnection) -> None:
    doc = question("2023Z90001", "2023-03-01")
    doc.content_sha256 = None
    with transaction(con):
        upsert_documents(con, [doc], T1)
    assert stored(con, "kv-tk-2023Z90001")["content_sha256"] == doc.compute_sha256()


def test_document_without_id_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="without doc_id"):
        upsert_documents(con, [Document(doc_id=None, manifestation="sru")], T1)


def test_failing_batch_leaves_database_as_before(con: duckdb.DuckDBPyConnection) -> None:
    with transaction(con):
        upsert_documents(con, [question("2023Z90001", "2023-03-01", title="oud")], T1)
    before = checksum(con)
    with pytest.raises(RuntimeError, match="boom"), transaction(con):
        upsert_documents(
            con,
            [
                question("2023Z90001", "2023-03-01", title="nieuw"),
                question("2023Z90002", "2023-03-01"),
            ],
            T2,
        )
        raise RuntimeError("boom")
    assert checksum(con) == before
    assert con.execute("SELECT count(*) FROM documents").fetchall() == [(1,)]
    with pytest.raises(ValueError), transaction(con):
        upsert_documents(con, [question("2023Z90003", "2023-03-01")], T2)
        upsert_documents(con, [Document(doc_id=None, manifestation="sru")], T2)
    assert checksum(con) == before
    with transaction(con):  # the connection is usable afterwards
        assert upsert_documents(con, [question("2023Z90003", "2023-03-01")], T2).inserted == 1


def test_functions_do_not_commit(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    con = connect(path)
    con.begin()
    upsert_documents(con, [question("2023Z90001", "2023-03-01")], T1)
    con.close()  # never committed
    con = connect(path)
    assert con.execute("SELECT count(*) FROM documents").fetchall() == [(0,)]
    con.close()


def test_known_hashes(con: duckdb.DuckDBPyConnection) -> None:
    q = question("2023Z90001", "2023-03-01")
    bare = question("2023Z90002", "2023-03-01", num_items=0)
    n = notice("2023Z90002", "2023-03-10", items=[])
    unread = notice("2023Z90003", "2023-03-11", "other", nr="9003")
    with transaction(con):
        upsert_documents(con, [q, bare, n, unread], T1, {q.doc_id: "m1"})
    hashes = known_hashes(con, [q.doc_id, bare.doc_id, n.doc_id, unread.doc_id, "kv-tk-unknown"])
    assert hashes == {
        q.doc_id: ("m1", q.content_sha256, True, True),
        bare.doc_id: (None, bare.content_sha256, False, True),
        n.doc_id: (None, n.content_sha256, True, True),
        unread.doc_id: (None, unread.content_sha256, True, False),  # an `other` notice: read again
    }
    assert known_hashes(con, []) == {}


def test_text_documents_round_trip(con: duckdb.DuckDBPyConnection) -> None:
    doc = full_document()
    url = "https://repository.overheid.nl/x.xml"
    with transaction(con):
        assert upsert_text_docs(con, [DocumentText(doc.doc_id, "xml", url, doc)], T1) == UpsertCounts(1, 0, 0)
    assert get_text_docs(con, [doc.doc_id, "nope"]) == {doc.doc_id: doc}
    with transaction(con):
        assert upsert_text_docs(con, [DocumentText(doc.doc_id, "xml", url, doc)], T2) == UpsertCounts(0, 0, 1)
        changed = dataclasses.replace(doc, title="ander").seal()
        counts = upsert_text_docs(
            con, [DocumentText(doc.doc_id, "xml", url, doc), DocumentText(doc.doc_id, "html", None, changed)], T2
        )
    assert counts == UpsertCounts(0, 1, 0)
    assert get_text_docs(con, [doc.doc_id])[doc.doc_id].title == "ander"
    row = con.execute("SELECT manifestation, url, fetched_at FROM document_texts").fetchall()
    assert row == [("html", None, T2)]


def test_naive_fetched_at_is_local_time(con: duckdb.DuckDBPyConnection) -> None:
    naive = datetime(2026, 1, 5, 12, 0)
    with transaction(con):
        upsert_documents(con, [question("2023Z90001", "2023-03-01")], naive)
    assert stored(con, "kv-tk-2023Z90001")["fetched_at"] == naive.astimezone(UTC)
