"""The one table of ministries (`ministries.csv`): abbreviation, full name, kind, parent, aliases.

Read here so that every package can use it (`scrapers.ministries` normalises the source's mentions
with it; `publish/` shows a ministry as its full name with the abbreviation; the `--ministry` option
and the MCP tools read an abbreviation a user typed with `from_abbreviation`).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("ministries.csv")


@cache
def rows() -> tuple[dict[str, str], ...]:
    """Every row of the table, in the file's order, as read (`parent`/`aliases` may be empty)."""
    with TABLE.open(encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


@cache
def full_names() -> dict[str, str]:
    """Abbreviation → full name ("BZK" → "Binnenlandse Zaken en Koninkrijksrelaties")."""
    return {row["abbreviation"]: row["name"] for row in rows()}


def label(abbreviation: str) -> str:
    """"Binnenlandse Zaken en Koninkrijksrelaties (BZK)"; an abbreviation not in the table as it is."""
    name = full_names().get(abbreviation)
    return f"{name} ({abbreviation})" if name else abbreviation


def ministry_of(abbreviation: str) -> str:
    """The ministry an abbreviation of the table belongs to (a post maps to its parent); KeyError when
    it is not in the table."""
    row = _by_abbreviation()[abbreviation]
    return row["parent"] or row["abbreviation"]


@cache
def _by_abbreviation() -> dict[str, dict[str, str]]:
    return {row["abbreviation"]: row for row in rows()}


@cache
def _short_forms() -> dict[str, str]:
    """Lower-cased abbreviation or short alias (no space, at most 6 characters) → abbreviation."""
    found: dict[str, str] = {}
    for row in rows():
        found[row["abbreviation"].lower()] = row["abbreviation"]
        for alias in filter(None, (row["aliases"] or "").split(";")):
            if " " not in alias and len(alias) <= 6:
                found[alias.lower()] = row["abbreviation"]
    return found


def from_abbreviation(text: str) -> str | None:
    """The ministry an abbreviation as written stands for ("SZW", "bzk", "I&W", "BiZa" → BZK, a post
    → its ministry; case and spaces ignored), or None when unknown."""
    abbreviation = _short_forms().get(text.strip().lower().replace(" ", ""))
    return ministry_of(abbreviation) if abbreviation else None


def ministry_abbreviations() -> list[str]:
    """The abbreviations of the ministries (not the posts), in the table's order."""
    return [row["abbreviation"] for row in rows() if row["kind"] == "ministry"]
