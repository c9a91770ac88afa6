"""The backfill's bookkeeping in warehouse/backfill_state.py (and the reads the backfill and the
bench use from warehouse/documents.py and warehouse/read.py), on a real DuckDB file."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import duckdb
import pyarrow as pa

from schemas.document import Document, DocumentText
from tests.docfactory import question
from warehouse import backfill_state as bs
from warehouse.backfill_state import QueuedText, QueueEntry
from warehouse.db import load_sql, transaction
from warehouse.documents import document_ids, stored_documents, upsert_documents, upsert_text_docs
from warehouse.read import warehouse_counts

T1 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
T2 = T1 + timedelta(hours=1)


def queued(con: duckdb.DuckDBPyConnection, after: bs.TextCursor, limit: int) -> list[QueueEntry]:
    """The queue entries after `after` (in the queue's order as of now), without their keys."""
    bs.order_text_queue(con)
    return [e.entry for e in bs.queued_texts_after(con, after, limit)]


def test_text_queue_round_trip(con: duckdb.DuckDBPyConnection) -> None:
    a = QueuedText("kv-tk-2026Z90001", "xml", "https://x/a.xml", "sha-a", None)
    b = QueuedText("kv-tk-2026Z90002", "pdf", "https://x/b.pdf", "sha-b", '{"doc_id": "kv-tk-2026Z90002"}')
    with transaction(con):
        bs.queue_texts(con, [b, a], T1)
    assert bs.pending_texts(con) == 2
    # b's metadata alone was refused (queued with it, no stored row): a set may depend on its text (tier 1)
    assert queued(con, bs.FIRST_TEXTS, 10) == [QueueEntry(b, False), QueueEntry(a, False)]
    assert queued(con, bs.TextCursor(bs.UNDATED, b.doc_id, 1), 10) == [QueueEntry(a, False)]
    assert queued(con, bs.FIRST_TEXTS, 1) == [QueueEntry(b, False)]
    # a is satisfied once its text is stored after it was queued, for the queued metadata
    doc = dataclasses.replace(question("2026Z90001", "2026-01-02"), doc_id=a.doc_id)
    upsert_documents(con, [doc], T1, {a.doc_id: "sha-a"})
    upsert_text_docs(con, [DocumentText(a.doc_id, "xml", a.url, doc)], T2)
    assert queued(con, bs.FIRST_TEXTS, 10) == [QueueEntry(b, False), QueueEntry(a, True)]
    # queued again: the row is replaced, and the stored text is now older than the queue entry
    a2 = a._replace(url="https://x/a2.xml")
    bs.queue_texts(con, [a2], T2 + timedelta(minutes=1))
    assert queued(con, bs.FIRST_TEXTS, 10) == [QueueEntry(b, False), QueueEntry(a2, False)]
    with transaction(con):
        bs.unqueue_texts(con, [a.doc_id, "kv-tk-not-queued"])
    assert bs.pending_texts(con) == 1
    assert queued(con, bs.FIRST_TEXTS, 10) == [QueueEntry(b, False)]


def test_windows_finished_and_forgotten(con: duckdb.DuckDBPyConnection) -> None:
    with transaction(con):
        bs.finish_window(con, "answers", date(2001, 1, 1), date(2001, 12, 31), 40, T1)
        bs.finish_window(con, "answers", date(1999, 1, 1), date(2000, 12, 31), 70, T1)
        bs.finish_window(con, "questions", date(2001, 1, 1), date(2001, 12, 31), 30, T1)
        bs.finish_window(con, "answers", date(2001, 1, 1), date(2001, 12, 31), 41, T2)  # replaces
    assert bs.finished_windows(con, "answers") == [(date(1999, 1, 1), date(2000, 12, 31)),
                                                   (date(2001, 1, 1), date(2001, 12, 31))]
    assert con.execute("SELECT sum(records) FROM backfill_windows").fetchall() == [(141,)]
    bs.forget_windows(con, ["answers"], date(2001, 6, 1), date(2030, 1, 1))
    assert bs.finished_windows(con, "answers") == [(date(1999, 1, 1), date(2000, 12, 31))]
    assert bs.finished_windows(con, "questions") == [(date(2001, 1, 1), date(2001, 12, 31))]
    assert bs.finished_windows(con, "unknown") == []


def test_stale_mark_and_key_scan(con: duckdb.DuckDBPyConnection) -> None:
    assert bs.sets_stale(con) is False
    docs = [question(v, "2026-01-02") for v in ("2026Z90003", "2026Z90001", "2026Z90002")]
    with transaction(con):
        upsert_documents(con, docs, T1)
        bs.mark_sets_stale(con, T1)
        bs.mark_sets_stale(con, T2)  # one row however often
    assert bs.sets_stale(con) is True
    assert con.execute("SELECT count(*) FROM backfill_state").fetchall() == [(1,)]
    assert bs.set_keys_after(con, ("", ""), 2) == [("tk", "2026Z90001"), ("tk", "2026Z90002")]
    assert bs.set_keys_after(con, ("tk", "2026Z90002"), 2) == [("tk", "2026Z90003")]
    assert bs.set_keys_after(con, ("tk", "2026Z90003"), 2) == []
    bs.clear_sets_stale(con)
    assert bs.sets_stale(con) is False


def test_stored_documents_ids_and_counts(con: duckdb.DuckDBPyConnection) -> None:
    docs = [question("2026Z90001", "2026-01-02"), question("2026Z90002", "2026-01-03")]
    upsert_documents(con, docs, T1)
    stored = stored_documents(con, [docs[1].doc_id, "kv-missing", docs[1].doc_id])
    assert stored == {docs[1].doc_id: docs[1]}
    assert stored_documents(con, []) == {}
    con.register("_stored_ids", pa.table({"doc_id": pa.array([], pa.string())}))
    names = [c[0] for c in con.execute(load_sql("documents_stored")).description]
    con.unregister("_stored_ids")
    assert names == [f.name for f in dataclasses.fields(Document)]  # the SQL file lists every field
    assert document_ids(con) == ["kv-tk-2026Z90001", "kv-tk-2026Z90002"]
    assert warehouse_counts(con) == {"sets": 0, "documents": 2}  # sets: not rebuilt here


def test_tune_backfill(con: duckdb.DuckDBPyConnection) -> None:
    bs.tune_backfill(con, "", "32MB")
    assert con.execute("SELECT current_setting('checkpoint_threshold')").fetchall() == [("30.5 MiB",)]
    bs.tune_backfill(con, "96MB", "16MB")
    assert con.execute("SELECT current_setting('memory_limit'), current_setting('checkpoint_threshold')"
                       ).fetchall() == [("91.5 MiB", "15.2 MiB")]
