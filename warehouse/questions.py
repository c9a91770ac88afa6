"""Question sets derived from `documents`, in SQL (warehouse/sql/rebuild_question_sets.sql).

A set (keyed by chamber and vraagnummer) exists as soon as any document with that key exists;
rebuilding a key re-derives all its fields from the documents present, so an answer that arrived
before its question gets the question's fields once the question is loaded and rebuilt.
Status on a date comes from the table macro `status_as_of(d)` (schemas/ddl/002_status.sql).
Whether a set has a term and its due dates come from the deadline-rule macros of
schemas/ddl/008_one_deadline_rule.sql (`set_has_term`, `set_due_on`, …), the one definition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import duckdb
import pyarrow as pa

from schemas.migrations import available_migrations
from warehouse import tk
from warehouse.db import load_sql
from warehouse.people import refresh_person_names

Key = tuple[str, str]
DEADLINE_RULE_VERSION = 8
"""The migration that defines the deadline rule (schemas/ddl/008_one_deadline_rule.sql)."""
_RULE_BLOCK = re.compile(r"^-- begin: deadline rule\n(.*?)^-- end: deadline rule$", re.S | re.M)
_RULE_MACRO = re.compile(r"^CREATE MACRO (\w+)", re.M)


def rebuild_question_sets(con: duckdb.DuckDBPyConnection, keys: Iterable[Key] | None = None) -> int:
    """Delete and re-derive `question_documents`, `question_sets`, `question_items` for `keys`.

    `keys` are (chamber, vraagnummer) pairs; None rebuilds every set (and removes sets that no
    document supports any more). Analysts' overrides (table `overrides`, schema version 4 on)
    are applied after derivation, so they survive every re-ingest. Returns the number of sets
    present for those keys afterwards. Runs in the caller's transaction. Then each set's review
    flag is derived (`needs_review`, `review_reasons`: warehouse/sql/review_question_sets.sql),
    after the overrides, so it reads the corrected facts and the settlements. From schema version
    9 on, each set's topics are derived and `person_names` is re-derived (warehouse/people.py).

    A database older than schema version 8 (only tests build one: `connect` migrates first) lacks
    the deadline-rule macros; they are defined for this rebuild as temporary macros, from the
    text of migration 008 itself (no second definition), and dropped afterwards.
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
    # On failure the caller's rollback also discards the temporary tables and macros.
    temporary_rule = not has_deadline_rule(con)
    if temporary_rule:
        con.execute(deadline_rule_sql(temporary=True))
    con.execute(load_sql("rebuild_question_sets"))
    tk_records = tk.has_tk(con)
    if tk_records:  # the Tweede Kamer's own records: tk_* columns, missing parties/ministries
        con.execute(load_sql("tk_enrich_question_sets"))
    if tk_records and has_submitted_source(con):  # a set no publication dates: gestartOp (011 on)
        con.execute(load_sql("tk_fill_submitted_on"))
    else:
        con.execute(load_sql("tk_dated_none"))
    if has_overrides(con):  # analysts' corrections win over the sources, after every rebuild
        con.execute(load_sql("apply_overrides"))
    if has_review(con):  # doubt is visible: flagged with the corrected facts (schema version 7 on)
        if tk_records:  # disagreements with the TK records that could change a verdict
            tk.crosscheck(con)
        else:
            con.execute(load_sql("review_extra_none"))
        con.execute(load_sql("review_question_sets"))
    topics_and_people = has_topics(con)  # schema version 10 on
    if topics_and_people:
        con.execute(load_sql("rebuild_set_topics"))
    row = con.execute(load_sql("question_sets_count")).fetchone()
    con.execute(load_sql("rebuild_keys_drop"))
    con.execute(load_sql("tk_dated_drop"))
    if topics_and_people:
        refresh_person_names(con)
    if temporary_rule:
        for name in deadline_rule_macros():
            con.execute(f"DROP MACRO temp.main.{name}")
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


def has_overrides(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database has the `overrides` table (schema version 4 or later)."""
    row = con.execute(load_sql("overrides_table_exists")).fetchone()
    return bool(row and row[0])


def has_review(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database has the review columns (schema version 7 or later)."""
    row = con.execute(load_sql("review_columns_exist")).fetchone()
    return bool(row and row[0])


def has_topics(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database has topics and `person_names` (schema version 10 or later)."""
    row = con.execute(load_sql("topics_columns_exist")).fetchone()
    return bool(row and row[0])


def has_submitted_source(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `question_sets.submitted_source` exists (schema version 11 or later)."""
    row = con.execute(load_sql("submitted_source_exists")).fetchone()
    return bool(row and row[0])


def has_deadline_rule(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database has the deadline-rule macros (schema version 8 or later)."""
    row = con.execute(load_sql("deadline_rule_exists")).fetchone()
    return bool(row and row[0])


@cache
def deadline_rule_sql(temporary: bool = False) -> str:
    """The `CREATE MACRO set_…` statements of migration 008 (as TEMP macros when `temporary`)."""
    migration = available_migrations()[DEADLINE_RULE_VERSION - 1]
    block = _RULE_BLOCK.search(migration.sql())
    if block is None or migration.version != DEADLINE_RULE_VERSION:
        raise RuntimeError(f"{migration.path}: no `-- begin: deadline rule` block")
    if not temporary:
        return block.group(1)
    return _RULE_MACRO.sub(r"CREATE OR REPLACE TEMP MACRO \1", block.group(1))


def deadline_rule_macros() -> list[str]:
    """The names of the deadline-rule macros, in their order in migration 008."""
    return _RULE_MACRO.findall(deadline_rule_sql())
