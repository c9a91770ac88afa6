"""The tools' work, without the protocol: check the arguments, read the snapshot (each call on a
connection of its own, so a newer snapshot is seen at once), build the result and its text.

Each function returns (structured result, short text) or raises `ArgumentError` (bad input) or
`Refused` (a query too long, a database that cannot be read).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import duckdb

import config
from mcpserver import arguments, texts
from mcpserver.models import (
    Disagreement,
    DisagreementsResult,
    FoundSet,
    Minister,
    OverdueResult,
    OverdueSet,
    Person,
    QuestionSet,
    SearchResult,
    Source,
    TimelineDocument,
    TimelinessResult,
    TimelinessRow,
)
from schemas.clock import today_amsterdam
from warehouse import assistant
from warehouse.read import open_read
from warehouse.stats import stats_by

PUBLICATIONS = Source(label="officielebekendmakingen.nl: the official publications (questions, answers, notices)",
                      url="https://zoek.officielebekendmakingen.nl")

class Refused(Exception):
    """A call that cannot be answered (too long a query, an unreadable warehouse): one line why."""


@contextmanager
def reading(db: str) -> Iterator[tuple[duckdb.DuckDBPyConnection, Any]]:
    """A read-only connection to the read snapshot of `db` (warehouse.read.open_read) and its
    `last_successful_ingest`; a query running longer than `KAMERVRAGEN_MCP_QUERY_SECONDS` is
    interrupted and the call refused."""
    try:
        con = open_read(db)
    except (FileNotFoundError, duckdb.Error) as exc:
        raise Refused(f"cannot read the warehouse: {exc}") from None
    seconds = float(config.get("MCP_QUERY_SECONDS"))
    try:
        with assistant.deadline(con, seconds):
            yield con, assistant.last_successful_ingest(con)
    except assistant.QueryTooLong:
        raise Refused(f"refused: the query took longer than {seconds:g} seconds; narrow it (a shorter "
                      "window, a ministry, a party, fewer words or a smaller limit)") from None
    except duckdb.Error as exc:
        raise Refused(f"cannot read the warehouse: {exc}") from None
    finally:
        con.close()


def tk_record_url(case_id: str | None) -> str | None:
    """The Tweede Kamer's open-data record (SyncFeed entity) of a case."""
    return f"{config.get('TK_URL').rstrip('/')}/Entiteiten/{case_id}" if case_id else None


def _set_sources(vraagnummer: str, row: dict[str, Any]) -> list[Source]:
    found = [Source(label=f"{what} {vraagnummer}", url=row[key])
             for what, key in (("question", "question_url"), ("delay notice of", "delay_notice_url"),
                               ("answer to", "answer_url")) if row.get(key)]
    if url := tk_record_url(row.get("tk_case_id")):
        found.append(Source(label=f"Tweede Kamer record of {vraagnummer}", url=url))
    return found


def _as_list(value: Any) -> list:
    return list(value) if value else []


def question_set(db: str, vraagnummer: str, as_of: date | None = None) -> tuple[QuestionSet, str]:
    number = arguments.vraagnummer(vraagnummer)
    day = as_of or today_amsterdam()
    with reading(db) as (con, fresh):
        row, docs = assistant.question_set(con, number, day)
        term = assistant.terms(con)
    if row is None:
        raise arguments.ArgumentError("vraagnummer", f"no question set {number} in the warehouse"
                                      + (f" on {day}" if as_of else ""))
    answered = row["answered_on"] is not None
    result = QuestionSet(
        as_of=day, last_successful_ingest=fresh,
        sources=[Source(label=f"{d['kind'] or 'document'} {d['doc_id']}", url=d["url"]) for d in docs]
        + [s for s in _set_sources(number, row) if s.label.startswith("Tweede Kamer")],
        needs_review=bool(row["needs_review"]), review_open_reasons=_as_list(row["review_open_reasons"]),
        review_reasons=_as_list(row["review_reasons"]), review_settled_by=row["review_settled_by"],
        review_settled_reason=row["review_settled_reason"],
        status_reason=texts.status_reason(row, term["term_days"], term["extension_days"]),
        submitters=[Person(**p) for p in _as_list(row["submitters"])],
        answered_by=[Minister(**m) for m in _as_list(row["answered_by"])] if answered else [],
        addressed_to=_as_list(row["addressed_to"]), ministries=_as_list(row["ministries"]),
        topics=[" | ".join(filter(None, (t["area"], t["subject"]))) for t in _as_list(row["topics"])],
        overridden_fields=_as_list(row["overridden_fields"]),
        timeline=[TimelineDocument(**d) for d in docs],
        **{k: row[k] for k in ("vraagnummer", "chamber", "title", "question_type", "has_term", "status",
                               "submitted_on", "due_on", "delay_notice_on", "notice_was_late", "extended_due_on",
                               "effective_due_on", "answered_on", "last_answer_on", "withdrawn_on", "days_taken",
                               "working_days_taken", "days_open", "days_overdue", "num_questions")})
    if not answered:  # stored facts of the set today that the as-of day had not seen yet
        result.last_answer_on = result.working_days_taken = None
    elif result.last_answer_on and result.last_answer_on > day:
        result.last_answer_on = None
    return result, texts.question_set(result)


def search_questions(db: str, text: str, since: date | None = None, until: date | None = None,
                     status: str | None = None, ministry: str | None = None, party: str | None = None,
                     limit: int = 20, as_of: date | None = None) -> tuple[SearchResult, str]:
    words = arguments.words(text)
    arguments.window(since, until)
    ministry = arguments.ministry(ministry)
    day = as_of or today_amsterdam()
    with reading(db) as (con, fresh):
        party = arguments.party(party, assistant.parties(con))
        rows = assistant.search(con, words, day, status=status, ministry=ministry, party=party, since=since,
                                until=until, limit=limit)
    sets = [FoundSet(**{k: v for k, v in r.items() if k in FoundSet.model_fields}) for r in rows]
    result = SearchResult(as_of=day, last_successful_ingest=fresh, total=rows[0]["total"] if rows else 0,
                          limit=limit, needing_review=sum(bool(s.review_open_reasons) for s in sets), sets=sets,
                          sources=[s for r in rows for s in _set_sources(r["vraagnummer"], r)])
    return result, texts.search(result)


def overdue(db: str, as_of: date | None = None, ministry: str | None = None, party: str | None = None,
            limit: int = 50) -> tuple[OverdueResult, str]:
    ministry = arguments.ministry(ministry)
    day = as_of or today_amsterdam()
    with reading(db) as (con, fresh):
        party = arguments.party(party, assistant.parties(con))
        rows = assistant.overdue(con, day, ministry=ministry, party=party, limit=limit)
    sets = [OverdueSet(**{k: v for k, v in r.items() if k in OverdueSet.model_fields}) for r in rows]
    result = OverdueResult(as_of=day, last_successful_ingest=fresh, total=rows[0]["total"] if rows else 0,
                           limit=limit, needing_review=sum(bool(s.review_open_reasons) for s in sets), sets=sets,
                           sources=[s for r in rows for s in _set_sources(r["vraagnummer"], r)])
    return result, texts.overdue(result)


def timeliness(db: str, by: str, as_of: date | None = None, since: date | None = None,
               until: date | None = None) -> tuple[TimelinessResult, str]:
    arguments.window(since, until)
    day = as_of or today_amsterdam()
    with reading(db) as (con, fresh):
        names, rows = stats_by(con, by, day, since, until)
    result = TimelinessResult(
        as_of=day, last_successful_ingest=fresh, by=by, since=since, until=until,
        rows=[TimelinessRow(**dict(zip(names, r, strict=True))) for r in rows],
        sources=[PUBLICATIONS, Source(label="the Tweede Kamer's open data (SyncFeed): the second source",
                                      url=config.get("TK_URL"))])
    return result, texts.timeliness(result)


def disagreements(db: str, kind: str | None = None, limit: int = 50) -> tuple[DisagreementsResult, str]:
    with reading(db) as (con, fresh):
        rows = assistant.disagreements(con, kind, limit)
    found = [Disagreement(tk_record_url=tk_record_url(r["tk_case_id"]),
                          **{k: v for k, v in r.items() if k in Disagreement.model_fields}) for r in rows]
    result = DisagreementsResult(
        as_of=today_amsterdam(), last_successful_ingest=fresh, total=rows[0]["total"] if rows else 0, limit=limit,
        disagreements=found,
        sources=[s for r in rows for s in _set_sources(r["vraagnummer"], r)])
    return result, texts.disagreements(result)

