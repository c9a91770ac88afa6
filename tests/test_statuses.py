"""schemas/statuses.py names what the SQL decides, so the two cannot drift apart: the statuses are
the labels of status_as_of.sql's CASE, in its order; the outcome categories are what the macro
outcome_category gives on a fresh warehouse, the mapping written out by hand from the table in
docs/analysts.md ("Outcome categories"); and the places that list the categories or explain the
statuses (stats, the report, the MCP tools) cover the same names in the same order.
"""

from __future__ import annotations

import re
import typing

import duckdb

from cli.stats import OUTCOMES as STATS_OUTCOME_COLUMNS
from mcpserver.models import TimelinessRow
from mcpserver.server import Status
from mcpserver.texts import status_reason
from schemas.repeatable import VIEWS_DIR
from schemas.statuses import OUTCOMES, STATUSES
from warehouse.report_answers import CATEGORIES

# docs/analysts.md, "Outcome categories": category ← status; no term or incomplete: none.
BY_HAND = {"incomplete": None, "withdrawn": "withdrawn", "answered": None,
           "answered_on_time": "answered_on_time", "answered_within_extension": "answered_within_extension",
           "answered_late": "answered_late", "open": "open_within_term", "open_extended": "open_within_term",
           "overdue": "open_overdue"}


def test_the_statuses_are_the_labels_of_status_as_of() -> None:
    text = (VIEWS_DIR / "status_as_of.sql").read_text(encoding="utf-8")
    case = re.search(r"\bCASE\b(.*?)\bEND AS status\b", text, re.S)
    assert case is not None
    labels = re.findall(r"\b(?:THEN|ELSE)\s+'(\w+)'", case.group(1))
    assert tuple(labels) == STATUSES
    assert len(set(labels)) == len(labels) == 9


def test_the_outcomes_are_what_outcome_category_gives(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT s, outcome_category(s, true), outcome_category(s, false), outcome_category(s, NULL) "
                       "FROM unnest(?::VARCHAR[]) WITH ORDINALITY AS t(s, i) ORDER BY i", [list(STATUSES)]).fetchall()
    assert {s: with_term for s, with_term, _, _ in rows} == BY_HAND
    assert all(no_term is None and unknown is None for _, _, no_term, unknown in rows)
    assert set(OUTCOMES) == {c for c in BY_HAND.values() if c is not None}
    assert len(OUTCOMES) == 6


def test_every_place_naming_them_has_the_same_names_in_order() -> None:
    assert typing.get_args(Status) == STATUSES  # the MCP tools' `status` argument
    assert tuple(c for c, _, _ in CATEGORIES) == OUTCOMES  # the report
    assert tuple(c for c, _, _ in STATS_OUTCOME_COLUMNS if c in OUTCOMES) == OUTCOMES  # `stats`
    assert set(OUTCOMES) <= set(TimelinessRow.model_fields)  # the MCP timeliness tool (`withdrawn` leads there)
    for status in STATUSES:  # the MCP text explains every status (an unknown one is shown as it is)
        assert status_reason({"status": status}, 21, 21) != status
