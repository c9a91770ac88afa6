"""What the published site (`publish/`, `kamervragen site`) reads from the warehouse, in one pass.

Every query is a file `warehouse/sql/site_*.sql`; the result is plain Python values (dicts, lists,
dates) so that `publish/` never touches DuckDB. It reads a database at today's schema (a writer upgrades
an older one first).

The sets' texts (questions, answers, timeline documents) are the bulk of the data: `read_site_data`
holds them all in memory (`MemoryTexts`, fine for the demo and tests); with `stream=True` they are
read chunk by chunk of set numbers while the pages are written (`StreamedTexts`, the connection stays
open during the build), so a build of any size holds the texts of one chunk at a time.

Each set gets `members` and `ministers`: the people it counts for in the per-person views, as
[{person_id, display_name, party}]; each submitter and answering minister gets the `person_id` of
its written name (None when unknown).
"""

from __future__ import annotations

import ctypes
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import duckdb

import config
from warehouse.db import load_sql

Rows = list[dict[str, Any]]


class SetTexts(Protocol):
    """The questions with answers and the timeline documents of sets, set by set."""

    def by_set(self, vraagnummers: Iterable[str]) -> Iterator[tuple[str, dict[str, Any] | None, Rows, Rows]]:
        """(vraagnummer, its full row or None when `SiteData.sets` holds it, items, documents) for
        each of `vraagnummers` (sorted), in that order."""
        ...


@dataclass(slots=True)
class MemoryTexts:
    """Every set's texts, in memory."""

    items: dict[str, Rows]
    documents: dict[str, Rows]

    def by_set(self, vraagnummers: Iterable[str]) -> Iterator[tuple[str, dict[str, Any] | None, Rows, Rows]]:
        for vn in vraagnummers:
            yield vn, None, self.items.get(vn, []), self.documents.get(vn, [])


@dataclass(slots=True)
class StreamedTexts:
    """The full rows and texts read from `con` while they are used: `chunk` sets at a time, by ranges
    of set numbers (`SiteData.sets` holds only what the lists show: site_sets_summary.sql)."""

    con: duckdb.DuckDBPyConnection
    as_of: date
    people: dict[str, dict[str, Any]]  # vraagnummer → the summary row (its members and ministers)
    names: dict[tuple[str, str | None, str | None], str]
    chunk: int = 500

    def by_set(self, vraagnummers: Iterable[str]) -> Iterator[tuple[str, dict[str, Any] | None, Rows, Rows]]:
        wanted = list(vraagnummers)
        _status_once(self.con, self.as_of)
        for start in range(0, len(wanted), self.chunk):
            part = wanted[start:start + self.chunk]
            bounds = {"lo": part[0], "hi": part[-1]}
            rows = {r["vraagnummer"]: r for r in _dicts(self.con, "site_sets_range", bounds)}
            items = _by_set(_dicts(self.con, "site_items_range", bounds))
            documents = _by_set(_dicts(self.con, "site_documents_range", {**bounds, "as_of": self.as_of}))
            for vn in part:
                row = rows.get(vn)
                if row is not None:
                    summary = self.people.get(vn, {})
                    row["members"], row["ministers"] = summary.get("members", []), summary.get("ministers", [])
                    _name_people(row, self.names)
                yield vn, row, items.get(vn, []), documents.get(vn, [])
            del rows, items, documents
            release_free_memory()  # this chunk's texts: their pages are written


@dataclass(slots=True)
class SiteData:
    """Everything the site shows, as of one day."""

    as_of: date
    term_days: int
    extension_days: int
    sets: list[dict[str, Any]]
    texts: SetTexts
    events: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    runs: list[dict[str, Any]]
    open_rejects: dict[str, int]
    timeliness: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    tk_coverage: dict[str, Any] | None = None  # warehouse.tk.Coverage.as_dict(); None before migration 012
    synthetic: dict[str, frozenset[str]] = field(default_factory=dict)  # made-up ids: {"set"/"document": ids}
    # (dimension, group value) → its answer times: ('all', None) for every set (read_answer_times)
    answer_times: dict[tuple[str, str | None], AnswerTimes] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AnswerTimes:
    """A group's answer times as of the site's day: the row of answer_time_stats (counts, the six
    outcome categories, median_days, share_by_21, share_by_42, restricted_mean_90) and the
    Kaplan–Meier steps ((t, S(t)), t ≤ 90 ascending) the chart draws."""

    stats: dict[str, Any]
    curve: tuple[tuple[int, float], ...]


def read_answer_times(con: duckdb.DuckDBPyConnection, as_of: date) -> dict[tuple[str, str | None], AnswerTimes]:
    """Every site group's answer times as of `as_of` (site_answer_stats.sql, site_answer_curves.sql)."""
    steps: dict[tuple[str, str | None], list[tuple[int, float]]] = defaultdict(list)
    for dimension, value, t, survival in con.execute(load_sql("site_answer_curves"), {"as_of": as_of}).fetchall():
        steps[(dimension, value)].append((int(t), float(survival)))
    return {(r["dimension"], r["value"]): AnswerTimes(r, tuple(steps.get((r["dimension"], r["value"]), ())))
            for r in _dicts(con, "site_answer_stats", {"as_of": as_of})}


def _dicts(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    cur = con.execute(load_sql(name), params or {})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


class Row:
    """A result row read like a dict (`row["status"]`, `row.get("status")`, `row["members"] = …`) and
    by attribute (the templates' `s.status`), in a fifth of a dict's memory: its columns are
    `__slots__` (90,000 summary rows of 20 columns: ≈ 20 MB instead of ≈ 100 MB). `row_type` makes
    the class of one query's rows."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    def __setitem__(self, key: str, value: Any) -> None:
        try:
            setattr(self, key, value)
        except AttributeError:
            raise KeyError(f"{key} is not a column of this row (row_type's extra names)") from None

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and hasattr(self, key)

    def as_dict(self) -> dict[str, Any]:
        """The row's set columns, in order, as a dict (what JSON and hashing see)."""
        return {k: getattr(self, k) for k in self.__slots__ if hasattr(self, k)}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Row) and self.as_dict() == other.as_dict()

    __hash__ = None  # type: ignore[assignment]  # mutable, like a dict

    def __repr__(self) -> str:
        return f"Row({self.as_dict()!r})"


def row_type(names: list[str], extra: tuple[str, ...] = ()) -> type[Row]:
    """The Row class of a query's columns `names`, plus `extra` names set later (`members`, …)."""
    return type("SiteRow", (Row,), {"__slots__": (*names, *extra)})


def _compact_rows(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any], canon: Any,
                  extra: tuple[str, ...] = ()) -> list[Any]:
    """The rows of a query as `Row`s, fetched 5,000 at a time, every value shared through `canon`."""
    cur = con.execute(load_sql(name), params)
    names = [d[0] for d in cur.description]
    make = row_type(names, extra)
    out: list[Any] = []
    while batch := cur.fetchmany(5_000):
        for values in batch:
            row = make()
            for k, v in zip(names, values, strict=True):
                setattr(row, k, canon(v))
            out.append(row)
    return out


def _status_once(con: duckdb.DuckDBPyConnection, as_of: date) -> None:
    """Every set's status as of `as_of` into the temporary table site_status, once per build (each
    chunk of a streamed build would evaluate status_as_of over every set), and site_set_rows over it."""
    con.execute(load_sql("site_status"), {"as_of": as_of})
    con.execute(load_sql("site_set_rows"))


def _by_set(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["vraagnummer"]].append(row)
    return dict(grouped)


def _attach_people(con: duckdb.DuckDBPyConnection, sets: list[dict[str, Any]],
                   canon: Any = None) -> dict[tuple[str, str | None, str | None], str]:
    """Give each set its `members` and `ministers`, and each submitter and answering minister a
    `person_id`; the name → person id map."""
    canon = canon or (lambda v: v)
    people: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    cur = con.execute(load_sql("site_set_people"))
    while batch := cur.fetchmany(5_000):  # 90,000 sets name 150,000 people: never all rows at once
        for vn, role, person_id, display_name, party in batch:
            people[(vn, role)].append(canon({"person_id": person_id, "display_name": display_name, "party": party}))
    names = {(r["role"], r["name"], r["party"] if r["role"] == "member" else None): r["person_id"]
             for r in _dicts(con, "site_person_names")}
    for s in sets:
        vn = s["vraagnummer"]
        s["members"] = people.get((vn, "member"), [])
        s["ministers"] = people.get((vn, "minister"), [])
        _name_people(s, names)
    return names


def _name_people(s: dict[str, Any], names: dict[tuple[str, str | None, str | None], str]) -> None:
    for p in s.get("submitters") or []:
        p["person_id"] = names.get(("member", p.get("name"), p.get("party")))
    for p in s.get("answered_by") or []:
        p["person_id"] = names.get(("minister", p.get("name"), None))


def _canonicalizer() -> Any:
    """A function that returns one shared object for equal values (strings, dates, lists and dicts
    of them): 90,000 sets repeat the same statuses, ministries, parties, topics and days, and
    sharing them keeps the summary rows small. The values are never mutated afterwards."""
    cache: dict[Any, Any] = {}

    def canon(v: Any) -> Any:
        if isinstance(v, (str, date)):
            return cache.setdefault(v, v)
        if isinstance(v, list):
            items = [canon(x) for x in v]
            return cache.setdefault(("list", *map(id, items)), items)
        if isinstance(v, dict):
            d = {k: canon(x) for k, x in v.items()}
            return cache.setdefault(("dict", *((k, id(x)) for k, x in d.items())), d)
        return v

    return canon


@contextmanager
def questions_as_of(con: duckdb.DuckDBPyConnection, as_of: date) -> Iterator[None]:
    """Within the block, `questions` (and every view built on it: set_outcomes, the timeliness views)
    gives statuses as of `as_of`: a temporary view over the table macro `questions_as_of`, the one
    definition of the stored view as well (schemas/views/questions_as_of.sql)."""
    con.execute(load_sql("site_questions_as_of").format(as_of=as_of.isoformat()))
    try:
        yield
    finally:
        con.execute(load_sql("site_questions_view_drop"))


def read_site_data(con: duckdb.DuckDBPyConnection, as_of: date, *, stream: bool = False) -> SiteData:
    """Read the whole site's data as of `as_of` (status, timeline and feeds count only documents
    received by then). With `stream`, the sets' texts are read from `con` during the build (keep
    it open until then)."""
    params = {"as_of": as_of}
    if stream:  # the aggregates over every set need room; 500 sets' texts at a time need little
        con.execute(load_sql("site_memory_limit"), {"size": config.get("SITE_MEMORY_LIMIT")})
    terms = _dicts(con, "site_terms")[0]
    with questions_as_of(con, as_of):  # the timeliness views count as of the site's day, not today
        timeliness = {dim: _dicts(con, f"site_timeliness_by_{dim}")
                      for dim in ("ministry", "party", "topic", "member", "minister")}
    if stream:
        canon = _canonicalizer()
        sets = _compact_rows(con, "site_sets_summary", params, canon, ("members", "ministers", "synthetic"))
        names = _attach_people(con, sets, canon)
        texts: SetTexts = StreamedTexts(con, as_of, {s["vraagnummer"]: s for s in sets}, names)
    else:
        _status_once(con, as_of)
        sets = _dicts(con, "site_sets")
        _attach_people(con, sets)
        texts = MemoryTexts(_by_set(_dicts(con, "site_items")), _by_set(_dicts(con, "site_documents", params)))
    data = SiteData(
        as_of=as_of,
        term_days=int(terms["term_days"]),
        extension_days=int(terms["extension_days"]),
        sets=sets,
        texts=texts,
        events=_compact_rows(con, "site_events", params, canon) if stream else _dicts(con, "site_events", params),
        sources=_dicts(con, "site_sources"),
        runs=_dicts(con, "site_runs"),
        open_rejects={r["stage"]: int(r["n"]) for r in _dicts(con, "site_open_rejects")},
        timeliness=timeliness,
        tk_coverage=_tk_coverage(con),
        synthetic=_synthetic(con),
        answer_times=read_answer_times(con, as_of),
    )
    if stream:
        con.execute(load_sql("site_memory_limit"), {"size": config.get("SITE_STREAM_MEMORY_LIMIT")})
        release_free_memory()
    return data


def release_free_memory() -> None:
    """Hand the heap's free pages back to the system (glibc's malloc_trim; elsewhere nothing): the
    aggregates' temporary results are freed, but the allocator would keep their pages resident
    while the build, which needs far less, runs for minutes."""
    with suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL(None).malloc_trim(0)


def _synthetic(con: duckdb.DuckDBPyConnection) -> dict[str, frozenset[str]]:
    """The made-up (SYNTHETIC) set numbers and document ids (warehouse/sql/site_synthetic.sql)."""
    found: dict[str, set[str]] = defaultdict(set)
    for kind, ident in con.execute(load_sql("site_synthetic")).fetchall():
        found[kind].add(ident)
    return {kind: frozenset(ids) for kind, ids in found.items()}


def _tk_coverage(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """How far the Tweede Kamer's records reach (warehouse.tk.coverage), JSON-ready."""
    from warehouse.tk import coverage

    cov = coverage(con)
    return cov.as_dict() if cov else None
