"""Loading parsed `Document`s into the `documents` and `document_texts` tables.

Every function here runs inside the caller's transaction (see `warehouse.db.transaction`) and
never commits. Batches are de-duplicated by `doc_id` (the last occurrence wins) before loading
(DuckDB's `INSERT … ON CONFLICT` would silently keep the first duplicate of a batch), and are
loaded as one Arrow table registered with the connection.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

import duckdb
import pyarrow as pa

from schemas.document import Document, DocumentText, document_from_dict
from warehouse.db import load_sql

PERSON = pa.struct([("name", pa.string()), ("party", pa.string())])
MINISTER = pa.struct([("name", pa.string()), ("function", pa.string()), ("ministry", pa.string())])
AANHANGSEL_REF = pa.struct([("vergaderjaar", pa.string()), ("nr", pa.string())])
ITEM = pa.struct(
    [
        ("nr", pa.int32()),
        ("question", pa.string()),
        ("answer", pa.string()),
        ("answer_refers_to", pa.int32()),
    ]
)
CLOSING_REFERENCE = pa.struct([("kamerstuk", pa.string()), ("dated_on", pa.date32())])
TOPIC = pa.struct([("area", pa.string()), ("subject", pa.string())])
CONFLICT = pa.struct(
    [("field", pa.string()), ("kept", pa.string()), ("other", pa.string()), ("source", pa.string())]
)
_STRING_FIELDS = (
    "doc_id",
    "manifestation",
    "chamber",
    "kind",
    "notice_kind",
    "question_type",
    "vraagnummer",
    "aanhangselnummer",
    "vergaderjaar",
    "title",
)
_DATE_FIELDS = ("submitted_on", "received_on", "published_on", "modified_on")


@dataclass(frozen=True, slots=True)
class UpsertCounts:
    """What a batch did: new rows, rewritten rows, rows left untouched.

    `changed_ids` lists the inserted and updated ids (sorted), e.g. to find the question sets
    to rebuild; it is not part of equality.
    """

    inserted: int
    updated: int
    unchanged: int
    changed_ids: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def total(self) -> int:
        """Distinct documents in the batch."""
        return self.inserted + self.updated + self.unchanged


def upsert_documents(
    con: duckdb.DuckDBPyConnection,
    docs: Sequence[Document],
    fetched_at: datetime,
    meta_hashes: Mapping[str, str] | None = None,
) -> UpsertCounts:
    """Insert or update `docs` in `documents`, keyed by `doc_id`.

    A stored row is rewritten only when its `content_sha256` differs from the incoming one
    (computed when the document is not sealed); a document whose content is unchanged is left
    as it is, except that a new `meta_sha256` from `meta_hashes` (doc_id → hash of the
    metadata record) is recorded. `fetched_at` applies to every row written (naive = local time).
    """
    batch = _dedupe(docs)
    if not batch:
        return UpsertCounts(0, 0, 0)
    table = _documents_table(list(batch.values()), meta_hashes or {}, _aware(fetched_at))
    con.register("_documents_batch", table)
    try:
        con.execute(load_sql("documents_stage"))
        counts = _counts(con, "documents_counts")
        con.execute(load_sql("documents_apply"))
    finally:
        con.unregister("_documents_batch")
    return counts


class KnownHash(NamedTuple):
    """What is stored of a document, to decide whether to fetch its text again."""

    meta_sha256: str | None  # hash of the metadata record it was loaded from
    content_sha256: str
    has_text: bool  # items or a notice text are stored
    settled: bool  # false for a notice whose kind is still `other`: its text is worth reading again


def known_hashes(con: duckdb.DuckDBPyConnection, doc_ids: Iterable[str]) -> dict[str, KnownHash]:
    """doc_id → `KnownHash` for the ids already stored.

    A notice whose kind is still `other` is not `settled`: a newer parser may know its wording,
    so its text is read again whenever its record is listed.
    """
    ids = sorted(set(doc_ids))
    if not ids:
        return {}
    con.register("_hash_ids", pa.table({"doc_id": pa.array(ids, pa.string())}))
    try:
        rows = con.execute(load_sql("documents_known_hashes")).fetchall()
    finally:
        con.unregister("_hash_ids")
    return {doc_id: KnownHash(meta, content, bool(has_text), bool(settled))
            for doc_id, meta, content, has_text, settled in rows}


def upsert_text_docs(
    con: duckdb.DuckDBPyConnection,
    rows: Sequence[DocumentText],
    fetched_at: datetime,
) -> UpsertCounts:
    """Store parsed text documents (`DocumentText` rows) as JSON.

    Keyed by doc_id (last occurrence in the batch wins); a row is rewritten only when the
    content hash, manifestation or URL changed.
    """
    batch: dict[str, DocumentText] = {}
    for row in rows:
        if not row.doc_id:
            raise ValueError(f"text document without doc_id: {row[:3]!r}")
        batch[row.doc_id] = row
    if not batch:
        return UpsertCounts(0, 0, 0)
    values = list(batch.values())
    table = pa.table(
        {
            "doc_id": pa.array([r.doc_id for r in values], pa.string()),
            "manifestation": pa.array([r.manifestation for r in values], pa.string()),
            "url": pa.array([r.url for r in values], pa.string()),
            "content_sha256": pa.array(
                [r.doc.content_sha256 or r.doc.compute_sha256() for r in values], pa.string()
            ),
            "doc_json": pa.array(
                [json.dumps(r.doc.to_dict(), ensure_ascii=False) for r in values], pa.string()
            ),
        }
    )
    con.register("_texts_batch", table)
    try:
        counts = _counts(con, "document_texts_batch_counts")
        con.execute(load_sql("document_texts_upsert"), {"fetched_at": _aware(fetched_at)})
    finally:
        con.unregister("_texts_batch")
    return counts


def get_text_docs(con: duckdb.DuckDBPyConnection, doc_ids: Iterable[str]) -> dict[str, Document]:
    """doc_id → stored text `Document` for the ids that have one."""
    ids = sorted(set(doc_ids))
    if not ids:
        return {}
    con.register("_text_ids", pa.table({"doc_id": pa.array(ids, pa.string())}))
    try:
        rows = con.execute(load_sql("document_texts_get")).fetchall()
    finally:
        con.unregister("_text_ids")
    return {doc_id: document_from_dict(json.loads(raw)) for doc_id, raw in rows}


def stored_documents(con: duckdb.DuckDBPyConnection, doc_ids: Iterable[str]) -> dict[str, Document]:
    """doc_id → the stored `documents` row as a `Document` (every Document field) for the ids stored."""
    ids = sorted(set(doc_ids))
    if not ids:
        return {}
    con.register("_stored_ids", pa.table({"doc_id": pa.array(ids, pa.string())}))
    try:
        cursor = con.execute(load_sql("documents_stored"))
        names = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    finally:
        con.unregister("_stored_ids")
    return {row[0]: document_from_dict(dict(zip(names, row, strict=True))) for row in rows}


def document_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every stored doc_id, sorted."""
    return [row[0] for row in con.execute(load_sql("document_ids")).fetchall()]


def _dedupe(docs: Iterable[Document]) -> dict[str, Document]:
    batch: dict[str, Document] = {}
    for doc in docs:
        if not doc.doc_id:
            raise ValueError(f"document without doc_id ({doc.manifestation}, {doc.source})")
        batch[doc.doc_id] = doc
    return batch


def _counts(con: duckdb.DuckDBPyConnection, query: str) -> UpsertCounts:
    row = con.execute(load_sql(query)).fetchone()
    assert row is not None
    inserted, updated, unchanged, changed = row
    return UpsertCounts(inserted, updated, unchanged, tuple(changed))


def _aware(moment: datetime) -> datetime:
    """Time zone aware (a naive datetime is local time, as in Python itself)."""
    return moment if moment.tzinfo is not None else moment.astimezone(UTC)


def _documents_table(
    docs: list[Document], meta_hashes: Mapping[str, str], fetched_at: datetime
) -> pa.Table:
    """One Arrow column per `documents` column except first_seen and loaded_at."""
    columns: dict[str, Any] = {
        name: pa.array([getattr(d, name) for d in docs], pa.string()) for name in _STRING_FIELDS
    }
    for name in _DATE_FIELDS:
        columns[name] = pa.array([getattr(d, name) for d in docs], pa.date32())
    columns["submitters"] = pa.array(
        [[{"name": p.name, "party": p.party} for p in d.submitters] for d in docs],
        pa.list_(PERSON),
    )
    columns["addressed_to"] = pa.array([d.addressed_to for d in docs], pa.list_(pa.string()))
    columns["answered_by"] = pa.array(
        [
            [
                {"name": m.name, "function": m.function, "ministry": m.ministry}
                for m in d.answered_by
            ]
            for d in docs
        ],
        pa.list_(MINISTER),
    )
    columns["ministries"] = pa.array([d.ministries for d in docs], pa.list_(pa.string()))
    columns["refers_to"] = pa.array(
        [[{"vergaderjaar": r.vergaderjaar, "nr": r.nr} for r in d.refers_to] for d in docs],
        pa.list_(AANHANGSEL_REF),
    )
    columns["answer_doc_id"] = pa.array([d.answer_doc_id for d in docs], pa.string())
    columns["items"] = pa.array(
        [
            [
                {
                    "nr": i.nr,
                    "question": i.question,
                    "answer": i.answer,
                    "answer_refers_to": i.answer_refers_to,
                }
                for i in d.items
            ]
            for d in docs
        ],
        pa.list_(ITEM),
    )
    columns["notice_text"] = pa.array([d.notice_text for d in docs], pa.string())
    columns["closing_reference"] = pa.array(
        [
            {"kamerstuk": r.kamerstuk, "dated_on": r.dated_on} if (r := d.closing_reference) else None
            for d in docs
        ],
        CLOSING_REFERENCE,
    )
    columns["topics"] = pa.array(
        [[{"area": t.area, "subject": t.subject} for t in d.topics] for d in docs], pa.list_(TOPIC)
    )
    columns["urls"] = pa.array(
        [list(d.urls.items()) for d in docs], pa.map_(pa.string(), pa.string())
    )
    columns["document_status"] = pa.array([d.document_status for d in docs], pa.string())
    columns["content_sha256"] = pa.array(
        [d.content_sha256 or d.compute_sha256() for d in docs], pa.string()
    )
    columns["conflicts"] = pa.array(
        [
            [
                {"field": c.field, "kept": c.kept, "other": c.other, "source": c.source}
                for c in d.conflicts
            ]
            for d in docs
        ],
        pa.list_(CONFLICT),
    )
    columns["source"] = pa.array([d.source for d in docs], pa.string())
    columns["missing"] = pa.array([d.missing for d in docs], pa.list_(pa.string()))
    columns["meta_sha256"] = pa.array([meta_hashes.get(d.doc_id) for d in docs], pa.string())
    columns["fetched_at"] = pa.array([fetched_at] * len(docs), pa.timestamp("us", tz="UTC"))
    return pa.table(columns)
