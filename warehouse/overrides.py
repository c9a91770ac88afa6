"""Hand corrections by analysts: the `overrides` table (schemas/ddl/004_analyst_views.sql).

An override replaces one fact of one question set (a wrong date in the source, a missing or
wrong link). It is stored once and applied after every derivation of the set
(`rebuild_question_sets` runs warehouse/sql/apply_overrides.sql), so it survives every
re-ingest. The newest active override per set and field wins; retiring one restores the
sources' value (the row stays, for the audit trail). `question_sets.overridden_fields` lists the
facts that come from an override and `source_values` what the sources said; the view
`overrides_applied` shows the overrides in force.

Writers only: call these on a writable connection while holding the writer lock
(`warehouse.lock.WriterLock`), then publish the snapshot (`warehouse.snapshot.publish_snapshot`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import duckdb

from schemas.identifiers import IdentifierError, normalise_vraagnummer
from warehouse.db import load_sql, transaction
from warehouse.questions import rebuild_question_sets

CHAMBERS = ("tk", "ek")


def _date(value: str) -> str:
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from None


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("expected a non-empty text (use None to clear the field)")
    return value.strip()


def _url(value: str) -> str:
    value = value.strip()
    if not value.startswith(("https://", "http://")):
        raise ValueError(f"expected an http(s) URL, got {value!r}")
    return value


def _question_type(value: str) -> str:
    value = value.strip().lower()
    if value not in ("written", "oral"):
        raise ValueError(f"expected 'written' or 'oral', got {value!r}")
    return value


def _names(value: str) -> str:
    names = sorted({v.strip() for v in value.split(",") if v.strip()})
    if not names:
        raise ValueError("expected one or more comma-separated names")
    return ",".join(names)


def _count(value: str) -> str:
    try:
        number = int(value.strip())
    except ValueError:
        raise ValueError(f"expected a whole number, got {value!r}") from None
    if number < 0:
        raise ValueError(f"expected a number >= 0, got {value!r}")
    return str(number)


def _settled(value: str) -> str:
    if value.strip().lower() not in ("settled", "false"):
        raise ValueError(f"expected 'settled' (the reasons were checked), got {value!r}; "
                         "retire the override to re-open the flag")
    return "settled"


# field → (normaliser of the text value, whether None (clearing the field) is allowed)
FIELDS: dict[str, tuple[Callable[[str], str], bool]] = {
    "title": (_text, False),
    "question_type": (_question_type, False),
    "submitted_on": (_date, False),
    "answered_on": (_date, True),
    "last_answer_on": (_date, True),
    "delay_notice_on": (_date, True),
    "withdrawn_on": (_date, True),
    "question_doc_id": (_text, True),
    "answer_doc_id": (_text, True),
    "delay_notice_doc_id": (_text, True),
    "question_url": (_url, True),
    "answer_url": (_url, True),
    "delay_notice_url": (_url, True),
    "ministries": (_names, False),
    "parties": (_names, False),
    "num_questions": (_count, True),
    "needs_review": (_settled, False),
}
"""The facts an override may set, as `question_sets` columns. Dates are YYYY-MM-DD; `ministries`
and `parties` comma-separated; a document id also moves its date and URL (answer_doc_id →
answered_on, answer_url) unless those are overridden too. `needs_review` takes `settled`: the
set's review reasons were checked (see `add_override`)."""


class OverrideError(ValueError):
    """An override that cannot be stored (unknown field, bad value, missing reason/author)."""


def normalise_value(field: str, value: str | date | int | None) -> str | None:
    """The stored text for `value` of `field`; raises `OverrideError` when it is not valid."""
    if field not in FIELDS:
        raise OverrideError(f"unknown field {field!r}; overridable: {', '.join(FIELDS)}")
    normalise, nullable = FIELDS[field]
    if value is None:
        if not nullable:
            raise OverrideError(f"{field} cannot be cleared, only corrected")
        return None
    if isinstance(value, datetime):
        value = value.date()
    text = value.isoformat() if isinstance(value, date) else str(value)
    try:
        return normalise(text)
    except ValueError as exc:
        raise OverrideError(f"{field}: {exc}") from None


def add_override(
    con: duckdb.DuckDBPyConnection,
    vraagnummer: str,
    field: str,
    value: str | date | int | None,
    *,
    reason: str,
    author: str,
    chamber: str = "tk",
) -> int:
    """Store an override and re-derive the set with it (one transaction); return its id.

    `value` None clears the field (e.g. a notice wrongly taken for a delay notice:
    `delay_notice_doc_id` None). The set need not exist yet: the override applies as soon as it
    does.

    `needs_review` `settled` settles the set's review flag: it covers the review reasons the set
    has now (stored in `overrides.settles`), so `needs_review` becomes false while
    `review_reasons` stays; a reason that appears later re-opens the flag. A set without review
    reasons has nothing to settle (OverrideError).
    """
    key = _key(vraagnummer, chamber)
    stored = normalise_value(field, value)
    if not reason or not reason.strip():
        raise OverrideError("an override needs a reason (what is wrong in the source, and how you know)")
    if not author or not author.strip():
        raise OverrideError("an override needs an author")
    with transaction(con):
        settles = _review_reasons(con, key) if field == "needs_review" else None
        if settles is not None and not settles:
            raise OverrideError(f"{key[0]} {key[1]} has no review reasons: nothing to settle")
        row = con.execute(
            load_sql("overrides_insert"),
            {"vraagnummer": key[1], "chamber": key[0], "field": field, "value": stored,
             "reason": reason.strip(), "author": author.strip(), "settles": settles},
        ).fetchone()
        rebuild_question_sets(con, [key])
    assert row is not None
    return int(row[0])


def retire_override(
    con: duckdb.DuckDBPyConnection,
    vraagnummer: str,
    field: str,
    *,
    author: str,
    chamber: str = "tk",
) -> int:
    """Stop applying every active override of `field` on the set; re-derive it. Returns how many."""
    key = _key(vraagnummer, chamber)
    if field not in FIELDS:
        raise OverrideError(f"unknown field {field!r}; overridable: {', '.join(FIELDS)}")
    with transaction(con):
        rows = con.execute(
            load_sql("overrides_retire"),
            {"vraagnummer": key[1], "chamber": key[0], "field": field, "author": author},
        ).fetchall()
        rebuild_question_sets(con, [key])
    return len(rows)


def list_overrides(
    con: duckdb.DuckDBPyConnection,
    vraagnummer: str | None = None,
    *,
    chamber: str | None = None,
    include_retired: bool = False,
) -> list[dict[str, Any]]:
    """Overrides (newest first) with the sources' value and whether each is applied now.

    Without `include_retired` only the overrides in force (one per set and field); with it every
    row ever stored, retired ones included.
    """
    number = _key(vraagnummer, chamber or "tk")[1] if vraagnummer else None
    cur = con.execute(
        load_sql("overrides_list"),
        {"vraagnummer": number, "chamber": chamber, "include_retired": include_retired},
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _review_reasons(con: duckdb.DuckDBPyConnection, key: tuple[str, str]) -> list[str]:
    """The review reasons the set has now (what a settlement covers); [] for an unknown set."""
    row = con.execute(load_sql("review_reasons_of_set"), {"chamber": key[0], "vraagnummer": key[1]}).fetchone()
    return list(row[0] or []) if row else []


def _key(vraagnummer: str, chamber: str) -> tuple[str, str]:
    if chamber not in CHAMBERS:
        raise OverrideError(f"chamber must be one of {CHAMBERS}, got {chamber!r}")
    try:
        number = normalise_vraagnummer(vraagnummer)
    except IdentifierError as exc:
        raise OverrideError(str(exc)) from None
    if not number:
        raise OverrideError("an override needs a vraagnummer")
    return chamber, number
