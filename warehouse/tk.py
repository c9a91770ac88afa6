"""The Tweede Kamer's own records in the warehouse: write a SyncFeed page, the sync state, the
cross-check against the publications (`source_disagreements`) and its summary.

Rows come from `scrapers.tk_parse` records (TkCase, TkActor, TkDocument) as plain dicts; this module
does not import the scrapers. Statements: `warehouse/sql/tk_*.sql`; tables: migration `009_tk.sql`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

import duckdb

import config
from warehouse.db import load_sql

if TYPE_CHECKING:
    import pyarrow as pa


@cache
def schemas() -> Mapping[str, pa.Schema]:
    """The Arrow schema of each kept category's rows (pyarrow imported here: reading the coverage,
    as the site and `status` do, needs no pyarrow)."""
    import pyarrow as pa

    _TS = pa.timestamp("us", tz="UTC")
    return {
        "Zaak": pa.schema([
            ("id", pa.string()), ("bijgewerkt", _TS), ("nummer", pa.string()), ("soort", pa.string()),
            ("onderwerp", pa.string()), ("titel", pa.string()), ("gestart_op", _TS), ("gestart_on", pa.date32()),
            ("termijn", _TS), ("vergaderjaar", pa.string()), ("status", pa.string()),
            ("huidige_behandelstatus", pa.string()), ("afgedaan", pa.bool_()), ("organisatie", pa.string()),
        ]),
        "ZaakActor": pa.schema([
            ("id", pa.string()), ("bijgewerkt", _TS), ("zaak_id", pa.string()), ("persoon_id", pa.string()),
            ("fractie_id", pa.string()), ("commissie_id", pa.string()), ("actor_naam", pa.string()),
            ("actor_fractie", pa.string()), ("actor_afkorting", pa.string()), ("functie", pa.string()),
            ("relatie", pa.string()), ("sid_actor", pa.string()), ("ministry", pa.string()),
        ]),
        "Document": pa.schema([
            ("id", pa.string()), ("bijgewerkt", _TS), ("zaak_ids", pa.list_(pa.string())), ("soort", pa.string()),
            ("document_nummer", pa.string()), ("titel", pa.string()), ("onderwerp", pa.string()), ("datum", _TS),
            ("vergaderjaar", pa.string()), ("kamer", pa.int32()), ("datum_registratie", _TS),
            ("datum_ontvangst", _TS), ("ontvangen_on", pa.date32()), ("aanhangselnummer", pa.string()),
            ("kenmerk_afzender", pa.string()), ("organisatie", pa.string()),
        ]),
    }


_INSERT = {"Zaak": "tk_insert_cases", "ZaakActor": "tk_insert_actors", "Document": "tk_insert_documents"}


@dataclass(frozen=True, slots=True)
class PageCounts:
    """What one page did: entries read, rows kept (upserted), stored rows removed (by a tombstone, or
    because the entity no longer qualifies; an entity of another kind that was never stored is not
    counted)."""

    entries: int
    kept: int
    deleted: int


def sync_state(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """category → {skiptoken, pages, entries, kept, deleted, updated_at}."""
    cur = con.execute(load_sql("tk_state_get"))
    names = [d[0] for d in cur.description]
    return {row[0]: dict(zip(names[1:], row[1:], strict=True)) for row in cur.fetchall()}


def known_case_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The ids of the stored written-question cases (actors are kept for these only)."""
    return {row[0] for row in con.execute(load_sql("tk_case_ids")).fetchall()}


def newest_case_update(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """The newest `bijgewerkt` of a stored case: the feed's own clock (None before the first case)."""
    row = con.execute(load_sql("tk_newest_case_update")).fetchone()
    return row[0] if row else None


def purge_orphan_actors(con: duckdb.DuckDBPyConnection, before: datetime) -> int:
    """Drop actors parked for a case that did not arrive (updated before `before`); how many."""
    return len(con.execute(load_sql("tk_purge_orphan_actors"), {"before": before}).fetchall())


def write_page(
    con: duckdb.DuckDBPyConnection,
    category: str,
    rows: Sequence[Mapping[str, Any]],
    remove: Iterable[str],
    skiptoken: str | None,
    entries: int,
) -> PageCounts:
    """Apply one page in the caller's transaction: `rows` (the kept entities, one per id, the page's
    last version) replace their old versions, ids in `remove` are deleted, the category's skiptoken
    moves on, and the vraagnummers of every affected case are queued in `tk_touched`."""
    removed = sorted(set(remove) - {r["id"] for r in rows})
    deleted = len(stored_ids(con, removed)) if removed else 0  # most are entities never kept (other kinds)
    ids = sorted({r["id"] for r in rows} | set(removed))
    import pyarrow as pa

    con.register("_tk_ids", pa.table({"id": pa.array(ids, pa.string())}))
    try:
        con.execute(load_sql("tk_touch"))  # the cases the old rows belonged to
        con.execute(load_sql("tk_delete_ids"))
        if rows:
            schema = schemas()[category]
            table = pa.Table.from_pylist([{k: r.get(k) for k in schema.names} for r in rows], schema=schema)
            con.register("_tk_rows", table)
            try:
                con.execute(load_sql(_INSERT[category]))
            finally:
                con.unregister("_tk_rows")
        con.execute(load_sql("tk_touch"))  # and the cases the new rows belong to
    finally:
        con.unregister("_tk_ids")
    con.execute(load_sql("tk_state_put"), {"category": category, "skiptoken": skiptoken,
                                           "entries": entries, "kept": len(rows), "deleted": deleted})
    return PageCounts(entries, len(rows), deleted)


def touched(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Vraagnummers whose TK records changed since their sets were last derived."""
    return [row[0] for row in con.execute(load_sql("tk_touched_list")).fetchall()]


def recheck_keys(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Set keys whose cross-check may change with the calendar alone (tk_recheck_keys.sql)."""
    grace = int(config.get("TK_GRACE_DAYS"))
    return [(c, v) for c, v in con.execute(load_sql("tk_recheck_keys"), {"grace_days": grace}).fetchall()]


def clear_touched_some(con: duckdb.DuckDBPyConnection, vraagnummers: Sequence[str]) -> None:
    """Forget these vraagnummers of the queue (after their sets were re-derived, in the same transaction)."""
    con.execute(load_sql("tk_touched_clear_some"), {"vraagnummers": list(vraagnummers)})


def clear_touched(con: duckdb.DuckDBPyConnection) -> None:
    """Forget the queue (after the sets were re-derived, in the same transaction)."""
    con.execute(load_sql("tk_touched_clear"))


def crosscheck(con: duckdb.DuckDBPyConnection) -> None:
    """Compare the sets of `_rebuild_keys` with the TK records (tk_crosscheck.sql) and create the temp
    table `_extra_review_reasons` that review_question_sets.sql reads. Inside the rebuild."""
    con.execute(load_sql("tk_params"), {"grace_days": int(config.get("TK_GRACE_DAYS"))})
    con.execute(load_sql("tk_crosscheck"))
    con.execute(load_sql("tk_review_reasons"))


def agreement_share(con: duckdb.DuckDBPyConnection) -> float | None:
    """The share of sets with a TK case on which the sources agree; None when no set has one."""
    _sets, with_case, disagreeing = con.execute(load_sql("tk_agreement")).fetchone()
    return None if not with_case else (with_case - disagreeing) / with_case


def crosscheck_summary(con: duckdb.DuckDBPyConnection, newest: int = 20) -> dict[str, Any]:
    """`agree_share` (TK written sets with a TK case and no disagreement in force, over the sets with a
    TK case), `counts` (kind → n in force), `disagreements` (the newest `newest`, or all when 0)."""
    sets, with_case, disagreeing = con.execute(load_sql("tk_agreement")).fetchone()
    counts = dict(con.execute(load_sql("tk_disagreement_counts")).fetchall())
    cur = con.execute(load_sql("tk_disagreements_newest"), {"limit": newest if newest > 0 else None})
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    for row in rows:
        for key in ("first_seen", "last_seen"):
            row[key] = row[key].isoformat() if row[key] is not None else None
    share = None if not with_case else round((with_case - disagreeing) / with_case, 4)
    return {"agree_share": share, "sets": sets, "sets_with_tk_case": with_case,
            "sets_disagreeing": disagreeing, "counts": counts, "disagreements": rows}


# --- the bounded first sync and the history step (migration 012_tk_history.sql) -----------------------
def sync_range(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """category → {start_skiptoken, synced_from, history_skiptoken, history_done, history_pages, …};
    a category without a row was synced from the start of its feed."""
    cur = con.execute(load_sql("tk_range_get"))
    names = [d[0] for d in cur.description]
    return {row[0]: dict(zip(names[1:], row[1:], strict=True)) for row in cur.fetchall()}


def start_bounded(con: duckdb.DuckDBPyConnection, category: str, skiptoken: int, synced_from: datetime) -> None:
    """Begin `category` at `skiptoken` (its head), its history (0..skiptoken) left to the history step."""
    con.execute(load_sql("tk_range_start"), {"category": category, "skiptoken": skiptoken,
                                             "synced_from": synced_from})
    con.execute(load_sql("tk_range_start_head"), {"category": category, "skiptoken": skiptoken})


def history_page(con: duckdb.DuckDBPyConnection, category: str, skiptoken: int, entries: int, seconds: float,
                 done: bool) -> None:
    """Record one history page of `category` (in the page's transaction)."""
    con.execute(load_sql("tk_range_history_put"), {"category": category, "skiptoken": skiptoken,
                                                   "entries": entries, "seconds": seconds, "done": done})


def stored_ids(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> set[str]:
    """The ids among `ids` that a TK table holds already."""
    import pyarrow as pa

    con.register("_tk_ids", pa.table({"id": pa.array(sorted(set(ids)), pa.string())}))
    try:
        return {row[0] for row in con.execute(load_sql("tk_stored_ids")).fetchall()}
    finally:
        con.unregister("_tk_ids")


def touch_sets_before(con: duckdb.DuckDBPyConnection, before: date) -> None:
    """Queue the TK sets that started before `before` for re-derivation (the history just completed)."""
    con.execute(load_sql("tk_touch_before"), {"before": before})


@dataclass(frozen=True, slots=True)
class Coverage:
    """How far the Tweede Kamer's records reach: `synced` (read at least once), `synced_from` (the moment
    from which they are complete; None: from the start), `history_complete`, `history_share` (0..1 of the
    history step), its pages, entries and seconds so far."""

    synced: bool
    synced_from: datetime | None
    history_complete: bool
    history_share: float
    history_pages: int
    history_entries: int
    history_seconds: float
    history_done_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        out = {f: getattr(self, f) for f in self.__slots__}
        for key in ("synced_from", "history_done_at"):
            out[key] = out[key].isoformat() if out[key] is not None else None
        out["history_share"] = round(float(out["history_share"]), 4)
        return out


def coverage(con: duckdb.DuckDBPyConnection) -> Coverage | None:
    """The TK records' coverage; None on a database from before migration 012."""
    try:
        (row,) = con.execute(load_sql("tk_coverage")).fetchall()  # fetched to the end: the connection is free
    except duckdb.CatalogException:
        return None
    synced, synced_from, complete, share, pages, entries, seconds, done_at = row
    return Coverage(bool(synced), synced_from, bool(complete), float(share or 0.0), int(pages or 0),
                    int(entries or 0), float(seconds or 0.0), done_at)


def set_state(con: duckdb.DuckDBPyConnection, vraagnummer: str) -> tuple[str, date | None] | None:
    """(state, horizon) of one Tweede Kamer set in the TK records (tk_set_state.sql: matched,
    not_yet_synced, absent, never_synced); None for an unknown set or a database before migration 012."""
    try:
        row = con.execute(load_sql("tk_set_state"), {"vraagnummer": vraagnummer}).fetchone()
    except duckdb.CatalogException:
        return None
    return (row[0], row[1]) if row else None

