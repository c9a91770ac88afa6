"""The one load transaction (`warehouse.load.load`) on a real DuckDB file: exact rows, the order of
its steps (question sets after rejects), and all-or-nothing; and the per-document decision ingest and
backfill share (`pipeline.refresh`). SYNTHETIC documents (tests/docfactory)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import duckdb
import pytest

from pipeline.refresh import Refresh, refresh
from schemas.document import Document, DocumentText
from schemas.reject import Reject
from tests.docfactory import answer, question
from tests.harness import rows
from warehouse.backfill_state import FinishedWindow, QueuedText
from warehouse.documents import KnownHash
from warehouse.load import LoadBatch, LoadCounts, load

NOW = datetime(2026, 1, 21, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
Q = question("2026Z90001", "2026-01-05")  # kv-tk-2026Z90001, two questions
A = answer("2026Z90001", "2026-01-20", vergaderjaar="2025-2026", nr="90001")  # ah-tk-20252026-90001
A_URL = "https://repository.overheid.nl/ah-tk-20252026-90001.xml"
TABLES = ("documents", "document_texts", "rejects", "question_sets", "question_documents", "question_items",
          "backfill_texts", "backfill_windows", "backfill_state")


def sets(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return rows(con, "SELECT chamber, vraagnummer, question_doc_id, answer_doc_id, submitted_on, answered_on, "
                     "num_questions, document_count, needs_review, review_reasons FROM question_sets ORDER BY ALL")


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Every row of every table a load writes, as text."""
    return {t: [r[0] for r in rows(con, f"SELECT CAST({t} AS VARCHAR) AS r FROM {t} ORDER BY r")] for t in TABLES}


def documents(*docs: Document) -> dict[str, Document]:
    return {doc.doc_id: doc for doc in docs}


def test_one_document_and_a_reject_for_another_id(con: duckdb.DuckDBPyConnection) -> None:
    batch = LoadBatch(documents=documents(Q), meta_hashes={Q.doc_id: "meta-q", "kv-tk-other": "meta-x"},
                      rejects=[Reject("ah-tk-20252026-90002", "fetch_text", "HTTP 404", A_URL)],
                      resolve=[Q.doc_id])
    assert load(con, batch, NOW) == LoadCounts(inserted=1, updated=0, unchanged=0, resolved=0, marked_stale=False)
    assert rows(con, "SELECT doc_id, kind, vraagnummer, submitted_on, meta_sha256, content_sha256, fetched_at "
                     "FROM documents") == [(Q.doc_id, "question", "2026Z90001", date(2026, 1, 5), "meta-q",
                                            Q.content_sha256, NOW)]
    assert rows(con, "SELECT key, stage, reason, excerpt, attempts, resolved FROM rejects") == [
        ("ah-tk-20252026-90002", "fetch_text", "HTTP 404", A_URL, 1, False)]
    # the set is rebuilt in the same transaction; the reject's id is in no set, so it is not flagged
    assert sets(con) == [("tk", "2026Z90001", Q.doc_id, None, date(2026, 1, 5), None, 2, 1, False, [])]
    assert rows(con, "SELECT count(*) FROM backfill_state") == [(0,)]


def test_sets_are_rebuilt_after_the_rejects_they_read(con: duckdb.DuckDBPyConnection) -> None:
    """An answer whose text could not be fetched: its metadata loads, and its set is flagged for review."""
    batch = LoadBatch(documents=documents(Q, A), meta_hashes={Q.doc_id: "meta-q", A.doc_id: "meta-a"},
                      rejects=[Reject(A.doc_id, "fetch_text", "HTTP 503", A_URL)], resolve=[Q.doc_id, A.doc_id])
    assert load(con, batch, NOW) == LoadCounts(2, 0, 0, 0, False)
    assert sets(con) == [("tk", "2026Z90001", Q.doc_id, A.doc_id, date(2026, 1, 5), date(2026, 1, 20), 2, 2, True,
                          [f"text of the answer of 2026-01-20 ({A.doc_id}) could not be fetched"])]


def test_resolve_except_what_this_batch_rejects_again(con: duckdb.DuckDBPyConnection) -> None:
    load(con, LoadBatch(rejects=[Reject(A.doc_id, "fetch_text", "HTTP 503", A_URL)]), NOW)
    assert rows(con, "SELECT key, attempts, resolved FROM rejects") == [(A.doc_id, 1, False)]
    assert load(con, LoadBatch(documents=documents(A), resolve=[A.doc_id, "ah-tk-never-rejected"]), NOW) == (
        LoadCounts(1, 0, 0, 1, False))
    assert rows(con, "SELECT key, attempts, resolved FROM rejects") == [(A.doc_id, 1, True)]
    # loaded again but rejected again in the same batch: re-opened, not resolved
    changed = dataclasses.replace(A, title="Antwoord (gewijzigd)").seal()
    batch = LoadBatch(documents=documents(changed), rejects=[Reject(A.doc_id, "parse_text", "unknown shape", "<x/>")],
                      resolve=[A.doc_id])
    assert load(con, batch, LATER) == LoadCounts(0, 1, 0, 0, False)
    assert rows(con, "SELECT key, stage, attempts, resolved FROM rejects") == [(A.doc_id, "parse_text", 2, False)]
    assert rows(con, "SELECT title, fetched_at FROM documents") == [("Antwoord (gewijzigd)", LATER)]


def test_the_set_a_document_leaves_is_rebuilt_too(con: duckdb.DuckDBPyConnection) -> None:
    """The keys are read before the documents are rewritten: after a backfill batch left every set
    stale (none built), an answer moved to another vraagnummer rebuilds its old set and its new one."""
    load(con, LoadBatch(documents=documents(Q, A), sets="mark_stale"), NOW)
    assert sets(con) == []
    moved = dataclasses.replace(A, vraagnummer="2026Z90003").seal()
    assert load(con, LoadBatch(documents=documents(moved)), LATER) == LoadCounts(0, 1, 0, 0, False)
    assert sets(con) == [
        ("tk", "2026Z90001", Q.doc_id, None, date(2026, 1, 5), None, 2, 1, False, []),
        ("tk", "2026Z90003", None, A.doc_id, None, date(2026, 1, 20), 2, 1, True,
         ["no question record; submitted date unknown"])]


def test_a_failed_text_changes_its_set_only_when_named(con: duckdb.DuckDBPyConnection) -> None:
    """The text pass: no document is rewritten when a text fails, so the set is rebuilt only through
    `also_changed`."""
    load(con, LoadBatch(documents=documents(Q, A)), NOW)
    assert sets(con)[0][-2:] == (False, [])
    failed = [Reject(A.doc_id, "parse_text", "unknown shape", "<x/>")]
    assert load(con, LoadBatch(rejects=failed), LATER) == LoadCounts(0, 0, 0, 0, False)
    assert sets(con)[0][-2:] == (False, [])  # not named: the set is not rebuilt
    assert load(con, LoadBatch(rejects=failed, also_changed=[A.doc_id]), LATER) == LoadCounts(0, 0, 0, 0, False)
    assert sets(con)[0][-2:] == (True, [f"text of the answer of 2026-01-20 ({A.doc_id}) could not be parsed"])


def test_sets_marked_stale_once_instead_of_rebuilt(con: duckdb.DuckDBPyConnection) -> None:
    assert load(con, LoadBatch(sets="mark_stale"), NOW) == LoadCounts()  # nothing changed: no mark
    assert rows(con, "SELECT count(*) FROM backfill_state") == [(0,)]
    assert load(con, LoadBatch(documents=documents(Q), sets="mark_stale"), NOW) == LoadCounts(1, 0, 0, 0, True)
    assert rows(con, "SELECT name, value, updated_at FROM backfill_state") == [("sets_stale", "true", NOW)]
    assert load(con, LoadBatch(documents=documents(A), sets="already_stale"), LATER) == LoadCounts(1, 0, 0, 0, False)
    assert rows(con, "SELECT name, value, updated_at FROM backfill_state") == [("sets_stale", "true", NOW)]
    assert sets(con) == []  # rebuilt later, by the backfill
    with pytest.raises(ValueError, match="sets must be one of"):
        load(con, LoadBatch(documents=documents(Q), sets="later"), NOW)  # type: ignore[arg-type]


def test_text_queue_and_finished_windows(con: duckdb.DuckDBPyConnection) -> None:
    queued = QueuedText(A.doc_id, "xml", A_URL, "meta-a", None)
    window = FinishedWindow("answers", date(2026, 1, 1), date(2026, 1, 31), 1)
    load(con, LoadBatch(documents=documents(A), meta_hashes={A.doc_id: "meta-a"}, queue=[queued], finished=[window],
                        sets="mark_stale"), NOW)
    assert rows(con, "SELECT doc_id, manifestation, url, meta_sha256, meta_json, queued_at FROM backfill_texts") == [
        (A.doc_id, "xml", A_URL, "meta-a", None, NOW)]
    assert rows(con, "SELECT series, since, until, records, finished_at FROM backfill_windows") == [
        ("answers", date(2026, 1, 1), date(2026, 1, 31), 1, NOW)]
    text = DocumentText(A.doc_id, "xml", A_URL, dataclasses.replace(A, manifestation="xml").seal())
    load(con, LoadBatch(texts=[text], unqueue=[A.doc_id], sets="already_stale"), LATER)
    assert rows(con, "SELECT count(*) FROM backfill_texts") == [(0,)]
    assert rows(con, "SELECT doc_id, manifestation, url, fetched_at FROM document_texts") == [
        (A.doc_id, "xml", A_URL, LATER)]


def test_a_batch_that_fails_midway_leaves_the_database_as_it_was(con: duckdb.DuckDBPyConnection) -> None:
    load(con, LoadBatch(documents=documents(Q), rejects=[Reject(A.doc_id, "fetch_text", "HTTP 503", A_URL)]), NOW)
    before = snapshot(con)

    def batch(records: int | None) -> LoadBatch:
        """Every step writes; the window is the last statement: with `records` None it breaks NOT NULL."""
        retitled = dataclasses.replace(Q, title="Ander onderwerp").seal()
        return LoadBatch(
            documents=documents(retitled, A), meta_hashes={A.doc_id: "meta-a"},
            texts=[DocumentText(A.doc_id, "xml", A_URL, dataclasses.replace(A, manifestation="xml").seal())],
            rejects=[Reject("kv-tk-2026Z90002", "parse_metadata", "no vraagnummer")], resolve=[A.doc_id],
            queue=[QueuedText(Q.doc_id, "xml", "https://x/q.xml", "meta-q", None)],
            finished=[FinishedWindow("answers", date(2026, 1, 1), date(2026, 1, 31), records)])  # type: ignore[arg-type]

    with pytest.raises(duckdb.ConstraintException, match="records"):
        load(con, batch(None), LATER)
    assert snapshot(con) == before
    # the same batch with a valid window writes every table it names (so the comparison above is not vacuous)
    assert load(con, batch(2), LATER) == LoadCounts(inserted=1, updated=1, unchanged=0, resolved=1)
    after = snapshot(con)
    assert [t for t in TABLES if after[t] != before[t]] == [
        "documents", "document_texts", "rejects", "question_sets", "question_documents", "question_items",
        "backfill_texts", "backfill_windows"]


LISTED = dataclasses.replace(Q, urls={"pdf": "https://x/q.pdf", "xml": "https://x/q.xml"}).seal()
XML = ("xml", "https://x/q.xml")


@pytest.mark.parametrize(("stored", "expected"), [
    (None, Refresh(same_meta=False, up_to_date=False, text=XML)),
    (KnownHash(LISTED.content_sha256, "c", has_text=True, settled=True), Refresh(True, True, None)),
    (KnownHash(LISTED.content_sha256, "c", has_text=True, settled=False), Refresh(True, False, XML)),  # `other` notice
    (KnownHash(LISTED.content_sha256, "c", has_text=False, settled=True), Refresh(True, False, XML)),
    (KnownHash("older", "c", has_text=True, settled=True), Refresh(False, False, XML)),
    (KnownHash(None, "c", has_text=True, settled=True), Refresh(False, False, XML)),
])
def test_refresh_compares_a_listed_record_with_the_stored_document(stored: KnownHash | None,
                                                                   expected: Refresh) -> None:
    assert refresh(LISTED, stored) == expected


def test_refresh_of_a_record_without_a_text() -> None:
    assert Q.urls == {}
    assert refresh(Q, None) == Refresh(False, False, None)
    assert refresh(Q, KnownHash(Q.content_sha256, "c", has_text=False, settled=True)) == Refresh(True, False, None)
