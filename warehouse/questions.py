"""Question sets derived from `documents`, in SQL (warehouse/sql/rebuild_question_sets.sql).

A set (keyed by chamber and vraagnummer) exists as soon as any document with that key exists;
rebuilding a key re-derives all its fields from the documents present, so an answer that arrived
before its question gets the question's fields once the question is loaded and rebuilt.
Status on a date comes from the table macro `status_as_of(d)` (schemas/views/status_as_of.sql).
Whether a set has a term and its due dates come from the deadline-rule macros (schemas/views/set_has_term.sql,
set_due_on.sql, …), the one definition.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pyarrow as pa

from warehouse import tk
from warehouse.db import load_sql
from warehouse.people import refresh_person_names

Key = tuple[str, str]


def rebuild_question_sets(con: duckdb.DuckDBPyConnection, keys: Iterable[Key] | None = None) -> int:
    """Delete and re-derive `question_documents`, `question_sets`, `question_items` for `keys`.

    `keys` are (chamber, vraagnummer) pairs; None rebuilds every set (and removes sets that no
    document supports any more). Analysts' overrides (table `overrides`)
    are applied after derivation, so they survive every re-ingest. Returns the number of sets
    present for those keys afterwards. Runs in the caller's transaction. Then each set's review
    flag is derived (`needs_review`, `review_reasons`: warehouse/sql/review_question_sets.sql),
    after the overrides, so it reads the corrected facts and the settlements. Each set's topics are
    derived and `person_names` is re-derived (warehouse/people.py). Needs a database at today's schema
    (`warehouse.connect` upgrades one first).
    """
    if keys is None:
        con.execute(load_sql("rebuild_keys_all"))
    else:
        pairs = sorted(set(keys))
        if not pairs:
            return 0
        batch = pa.table(
            {
                "chamber": pa.array([c for c, _ in pairs], pa.string()),
                "vraagnummer": pa.array([v for _, v in pairs], pa.string()),
            }
        )
        con.register("_rebuild_keys_batch", batch)
        try:
            con.execute(load_sql("rebuild_keys_given"))
        finally:
            con.unregister("_rebuild_keys_batch")
    # On failure the caller's rollback also discards the temporary tables.
    con.execute(load_sql("rebuild_question_sets"))
    con.execute(load_sql("tk_enrich_question_sets"))  # the Tweede Kamer's records: tk_* columns, parties
    con.execute(load_sql("tk_fill_submitted_on"))  # a set no publication dates: gestartOp
    con.execute(load_sql("apply_overrides"))  # analysts' corrections win over the sources, after every rebuild
    tk.crosscheck(con)  # disagreements with the TK records that could change a verdict
    con.execute(load_sql("review_question_sets"))  # doubt is visible: flagged with the corrected facts
    con.execute(load_sql("rebuild_set_topics"))
    row = con.execute(load_sql("question_sets_count")).fetchone()
    con.execute(load_sql("rebuild_keys_drop"))
    con.execute(load_sql("tk_dated_drop"))
    refresh_person_names(con)
    return int(row[0]) if row else 0


def keys_for_documents(con: duckdb.DuckDBPyConnection, doc_ids: Iterable[str]) -> set[Key]:
    """The set keys the documents belong to now or belonged to at the last rebuild.

    Pass the result to `rebuild_question_sets` after loading those documents.
    """
    ids = sorted(set(doc_ids))
    if not ids:
        return set()
    con.register("_key_docs", pa.table({"doc_id": pa.array(ids, pa.string())}))
    try:
        rows = con.execute(load_sql("question_keys_for_documents")).fetchall()
    finally:
        con.unregister("_key_docs")
    return {(chamber, vraagnummer) for chamber, vraagnummer in rows}
