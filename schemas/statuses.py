"""The names of the status model, in one place for Python: every status the macro `status_as_of`
gives (schemas/views/status_as_of.sql) and the six outcome categories `outcome_category` groups the
statuses of sets with a term into (schemas/views/outcome_category.sql; docs/analysts.md). The SQL
decides a set's status and category; this module only names them (the `--status` option, the MCP
tools' `status` argument). tests/test_statuses.py checks both lists against the SQL.
"""

from __future__ import annotations

STATUSES = ("incomplete", "withdrawn", "answered", "answered_on_time", "answered_within_extension",
            "answered_late", "open", "open_extended", "overdue")
"""Every status `status_as_of` gives, in the order its CASE decides them."""

OUTCOMES = ("answered_on_time", "answered_within_extension", "answered_late", "withdrawn", "open_within_term",
            "open_overdue")
"""The six outcome categories of a set with a term, in the order they add up (the `stats` columns)."""
