"""The backfill's bookkeeping: finished windows, the text queue, the deferred-rebuild mark.

Tables `backfill_windows`, `backfill_texts` and `backfill_state` (schemas/ddl/005_backfill.sql),
used by pipeline/backfill.py. Every function runs in the caller's transaction (or auto-commits
outside one) and never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

import duckdb
import pyarrow as pa

from schemas.clock import today_amsterdam
from warehouse.db import load_sql
from warehouse.questions import Key


class QueuedText(NamedTuple):
    """A `backfill_texts` row: the text to fetch for a document and the metadata it merges with.

    `meta_json` (a `Document.to_dict` as JSON) is None when the stored `documents` row is the
    metadata alone, which is then read back from there (if its hash is still `meta_sha256`).
    """

    doc_id: str
    manifestation: str
    url: str
    meta_sha256: str
    meta_json: str | None


class FinishedWindow(NamedTuple):
    """A `backfill_windows` row: a window of `series` whose pages are all loaded (`records` records)."""

    series: str
    since: date
    until: date
    records: int


class QueueEntry(NamedTuple):
    """A queued text as read back, and whether it is already satisfied: its text was stored
    after it was queued, for the same metadata (`ingest` loaded it meanwhile)."""

    text: QueuedText
    satisfied: bool


def tune_backfill(con: duckdb.DuckDBPyConnection, memory_limit: str, checkpoint_threshold: str) -> None:
    """Set the connection's DuckDB memory limit (unless `memory_limit` is empty) and checkpoint threshold."""
    if memory_limit:
        con.execute(load_sql("backfill_memory_limit"), {"size": memory_limit})
    con.execute(load_sql("backfill_checkpoint_threshold"), {"size": checkpoint_threshold})


# --- backfill_windows ---------------------------------------------------------------------------
def forget_windows(con: duckdb.DuckDBPyConnection, series: Sequence[str], since: date, until: date) -> None:
    """Delete the finished windows of `series` that overlap `[since, until]` (a restart)."""
    con.execute(load_sql("backfill_windows_forget"), {"series": list(series), "since": since, "until": until})


def finished_windows(con: duckdb.DuckDBPyConnection, series: str) -> list[tuple[date, date]]:
    """The finished windows of `series` as (since, until) pairs, by `since`."""
    return [(a, b) for a, b in con.execute(load_sql("backfill_windows_finished"), {"s": series}).fetchall()]


def finish_window(con: duckdb.DuckDBPyConnection, series: str, since: date, until: date, records: int,
                  now: datetime) -> None:
    """Record the window `[since, until]` of `series` finished with `records` records (replacing a row)."""
    con.execute(load_sql("backfill_windows_finish"),
                {"series": series, "since": since, "until": until, "records": records, "now": now})


# --- backfill_state: the deferred rebuild of the question sets -------------------------------------
def mark_sets_stale(con: duckdb.DuckDBPyConnection, now: datetime) -> None:
    """Note that documents were loaded whose question sets are not rebuilt yet."""
    con.execute(load_sql("backfill_sets_stale_mark"), {"now": now})


def sets_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a deferred rebuild of the question sets is pending."""
    rows = con.execute(load_sql("backfill_sets_stale_count")).fetchall()
    return bool(rows and rows[0][0])


def clear_sets_stale(con: duckdb.DuckDBPyConnection) -> None:
    """The deferred rebuild is done: remove the mark."""
    con.execute(load_sql("backfill_sets_stale_clear"))


def set_keys_after(con: duckdb.DuckDBPyConnection, after: Key, limit: int) -> list[Key]:
    """Up to `limit` set keys (chamber, vraagnummer) after `after`, sorted.

    The keys of the documents now and of the sets as last rebuilt (so a set whose documents
    are gone is rebuilt away too). `("", "")` starts from the first key.
    """
    rows = con.execute(load_sql("backfill_set_keys_after"), {"c": after[0], "v": after[1], "n": limit}).fetchall()
    return [(chamber, vraagnummer) for chamber, vraagnummer in rows]


# --- backfill_texts: the text queue ---------------------------------------------------------------
def queue_texts(con: duckdb.DuckDBPyConnection, texts: Sequence[QueuedText], now: datetime) -> None:
    """Queue `texts` for the text pass at `now` (a document queued again replaces its row)."""
    table = pa.table({
        "doc_id": pa.array([t.doc_id for t in texts], pa.string()),
        "manifestation": pa.array([t.manifestation for t in texts], pa.string()),
        "url": pa.array([t.url for t in texts], pa.string()),
        "meta_sha256": pa.array([t.meta_sha256 for t in texts], pa.string()),
        "meta_json": pa.array([t.meta_json for t in texts], pa.string()),
    })
    con.register("_queue_texts", table)
    try:
        con.execute(load_sql("backfill_texts_queue"), {"now": now})
    finally:
        con.unregister("_queue_texts")


def pending_texts(con: duckdb.DuckDBPyConnection) -> int:
    """How many texts are queued."""
    rows = con.execute(load_sql("backfill_texts_pending")).fetchall()
    return int(rows[0][0]) if rows else 0


class TextCursor(NamedTuple):
    """A position in the text queue: the tier (`VERDICT_TIERS` first: texts a status depends on),
    then the document's date, newest first, then its doc_id.

    `FIRST_TEXTS` is before every row; an undated row sorts as `UNDATED` (after every dated one of its tier).
    """

    dated: date
    doc_id: str
    tier: int = 0


UNDATED = date(1, 1, 1)
FIRST_TEXTS = TextCursor(date(9999, 12, 31), "", 0)
VERDICT_TIERS = 2
"""Tiers below this hold the texts a status still depends on (0: notices of unstated kind; 1: the rest
of them, `verdict_texts.sql`); tier 2 the other texts of sets open or late today; tier 3 the rest."""


class DatedEntry(NamedTuple):
    """A queued text as read back newest first, with its place in that order."""

    entry: QueueEntry
    key: TextCursor


def order_text_queue(con: duckdb.DuckDBPyConnection, today: date | None = None) -> None:
    """Take the queue's order for `queued_texts_after` to walk: by tier (texts a status depends on,
    notices of unstated kind first; then those of sets open or late as of `today`; then the rest),
    then newest first (the document's date as stored in `documents`: published, else received, else
    submitted), then doc_id.

    A snapshot in a temp table of this connection: rows queued later are not in it (call it again);
    rows taken off the queue are skipped. `forget_text_order` drops it.
    """
    if today is None:
        today = today_amsterdam()
    con.execute(load_sql("verdict_texts"))
    con.execute(load_sql("backfill_texts_order"), {"today": today})


def forget_text_order(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the order `order_text_queue` took."""
    con.execute(load_sql("backfill_texts_order_drop"))


def queued_texts_after(con: duckdb.DuckDBPyConnection, after: TextCursor, limit: int) -> list[DatedEntry]:
    """Up to `limit` queued texts after the cursor `after` in the order `order_text_queue` took
    (newest first); fewer when some of them were taken off the queue since."""
    rows = con.execute(load_sql("backfill_texts_after"), {"after_tier": after.tier, "after_on": after.dated,
                                                           "after_id": after.doc_id, "n": limit}).fetchall()
    return [DatedEntry(QueueEntry(QueuedText(*row[:5]), bool(row[5])), TextCursor(row[6], row[0], row[7]))
            for row in rows]


def unqueue_texts(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> None:
    """Take the texts of `doc_ids` off the queue (loaded, satisfied or failed)."""
    con.register("_done_texts", pa.table({"doc_id": pa.array(list(doc_ids), pa.string())}))
    try:
        con.execute(load_sql("backfill_texts_delete"))
    finally:
        con.unregister("_done_texts")


# --- verdicts: does a status still depend on an unread text? -------------------------------------
class Verdicts(NamedTuple):
    """`final_at`: since when no status depends on an unread text (None while some do); `sets`: the
    question sets whose status still does; `texts`: the queued texts they wait for."""

    final_at: datetime | None
    sets: int
    texts: int


def pending_verdicts(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """(sets, texts): the question sets whose status still depends on an unread queued text, and those
    texts (`warehouse/sql/verdict_texts.sql`)."""
    con.execute(load_sql("verdict_texts"))
    sets, texts = con.execute(load_sql("verdicts_pending")).fetchone()
    return int(sets), int(texts)


def note_verdicts(con: duckdb.DuckDBPyConnection, now: datetime) -> Verdicts:
    """Count the pending verdicts and keep `verdicts_final_at` in step: set to `now` when none is pending
    and none was noted before, cleared while some are."""
    sets, texts = pending_verdicts(con)
    if sets:
        con.execute(load_sql("verdicts_final_clear"))
        return Verdicts(None, sets, texts)
    stored = verdicts_final_at(con)
    if stored is None:
        con.execute(load_sql("verdicts_final_put"), {"at": now.isoformat(), "now": now})
        stored = now
    return Verdicts(stored, 0, 0)


def verdicts_final_at(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """The moment noted by `note_verdicts` (None: not final, or never noted)."""
    rows = con.execute(load_sql("verdicts_final_get")).fetchall()
    return datetime.fromisoformat(rows[0][0]) if rows else None


def read_verdicts(con: duckdb.DuckDBPyConnection) -> Verdicts:
    """The verdicts as a reader sees them (writes nothing but a temp view): the moment noted by the last
    run, and the sets and texts still pending now."""
    sets, texts = pending_verdicts(con)
    return Verdicts(verdicts_final_at(con) if not sets else None, sets, texts)
