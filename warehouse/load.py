"""The load transaction: one batch of documents, texts, rejects and backfill bookkeeping, all or nothing.

`ingest` and both passes of the backfill (pipeline/) describe what a batch writes as a `LoadBatch`;
`load` writes it in one transaction, in this order:

1. text documents (`document_texts`);
2. the question-set keys the documents belong to before they are rewritten (when sets are rebuilt);
3. documents (`documents`, with the hash of the metadata record each was loaded from);
4. rejects recorded, then the open rejects of loaded documents resolved;
5. question sets of the changed documents rebuilt, or every set marked stale: after the rejects,
   which the sets' review flags read;
6. the backfill's text queue: texts queued, texts taken off;
7. the backfill windows finished by this batch.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, NamedTuple, get_args

import duckdb

from schemas.document import Document, DocumentText
from schemas.reject import Reject
from warehouse import backfill_state, runs
from warehouse.backfill_state import FinishedWindow, QueuedText
from warehouse.db import transaction
from warehouse.documents import upsert_documents, upsert_text_docs
from warehouse.questions import keys_for_documents, rebuild_question_sets

SetsMode = Literal["rebuild", "mark_stale", "already_stale"]
"""How the question sets of changed documents follow: `rebuild` them in the transaction,
`mark_stale` (every set is rebuilt later: `backfill_state.sets_stale`), or nothing when they are
`already_stale` (marked by an earlier batch of the same pass)."""


@dataclass(frozen=True, slots=True)
class LoadBatch:
    """What one transaction writes."""

    documents: Mapping[str, Document] = field(default_factory=dict)
    """doc_id → the document to upsert (metadata, or metadata merged with its text)."""
    meta_hashes: Mapping[str, str] = field(default_factory=dict)
    """doc_id → hash of the metadata record the document was loaded from (may hold more ids)."""
    texts: Sequence[DocumentText] = ()
    """Parsed texts to store, also those whose merge with the metadata failed."""
    rejects: Sequence[Reject] = ()
    """Failures to record (a key rejected before is re-opened)."""
    resolve: Collection[str] = ()
    """Ids whose open rejects are resolved: loaded now (an id rejected in this batch stays open)."""
    also_changed: Collection[str] = ()
    """Ids besides `documents` whose question sets changed (a text that failed flags its set)."""
    sets: SetsMode = "rebuild"
    queue: Sequence[QueuedText] = ()
    """Texts for the backfill's text pass."""
    unqueue: Sequence[str] = ()
    """Ids taken off the text queue (loaded, satisfied or failed)."""
    finished: Sequence[FinishedWindow] = ()
    """Backfill windows whose pages are all loaded with this batch."""


class LoadCounts(NamedTuple):
    """What `load` did to `documents` and `rejects`, and whether it marked the sets stale."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    resolved: int = 0
    marked_stale: bool = False


def load(con: duckdb.DuckDBPyConnection, batch: LoadBatch, now: datetime) -> LoadCounts:
    """Write `batch` in one transaction (see the module docstring for the order); `now` stamps the
    rows written. Everything commits, or nothing does (the error is raised)."""
    if batch.sets not in get_args(SetsMode):
        raise ValueError(f"sets must be one of {get_args(SetsMode)}, not {batch.sets!r}")
    documents = batch.documents
    rejected = {r.key for r in batch.rejects}
    changed = [*documents, *(i for i in batch.also_changed if i not in documents)]
    rebuild = batch.sets == "rebuild" and bool(changed)
    marked_stale = False
    with transaction(con):
        if batch.texts:
            upsert_text_docs(con, batch.texts, now)
        keys = keys_for_documents(con, documents) if rebuild else set()
        upserted = upsert_documents(con, list(documents.values()), now, batch.meta_hashes)  # none: no-op
        for reject in batch.rejects:
            runs.record_reject(con, reject.key, reject.stage, reject.reason, reject.excerpt)
        resolved = runs.resolve_rejects(con, [i for i in batch.resolve if i not in rejected])  # none: no-op
        if rebuild:
            keys |= keys_for_documents(con, changed)
            if keys:
                rebuild_question_sets(con, keys)
        elif changed and batch.sets == "mark_stale":
            backfill_state.mark_sets_stale(con, now)
            marked_stale = True
        if batch.queue:
            backfill_state.queue_texts(con, batch.queue, now)
        if batch.unqueue:
            backfill_state.unqueue_texts(con, batch.unqueue)
        for window in batch.finished:
            backfill_state.finish_window(con, window.series, window.since, window.until, window.records, now)
    return LoadCounts(upserted.inserted, upserted.updated, upserted.unchanged, resolved, marked_stale)
