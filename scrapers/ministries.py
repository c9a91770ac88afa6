"""One table of ministries, with historic names and abbreviations (`schemas/ministries.csv`).

Every ministry mention in the source (an `organisatie/@afkorting`, a parenthesised
"(Binnenlandse Zaken en Koninkrijksrelaties)", "aan de Minister van …") is normalised
to the abbreviation of a ministry. Posts of ministers without portfolio ("Minister voor
Medische Zorg") count for the ministry that houses them (`parent`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from schemas.ministries import from_abbreviation, ministry_of
from schemas.ministries import rows as table_rows

__all__ = ["Ministry", "all_ministries", "find_in_text", "from_abbreviation", "from_name", "ministry_of"]


@dataclass(frozen=True, slots=True)
class Ministry:
    """A row of the ministries table."""

    abbreviation: str
    name: str
    kind: str  # "ministry" or "post"
    parent: str | None


def _key(text: str) -> str:
    text = text.replace("&", " en ").replace("-\n", "").replace("–", "-")
    text = re.sub(r"[^\w,\- ]+", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip(" ,")


@cache
def _load() -> tuple[dict[str, Ministry], list[tuple[str, str]]]:
    """(abbreviation → row, (normalised name or long alias, abbreviation) longest first); short
    aliases are abbreviations (schemas.ministries.from_abbreviation reads them)."""
    rows: dict[str, Ministry] = {}
    names: list[tuple[str, str]] = []
    for row in table_rows():
        m = Ministry(row["abbreviation"], row["name"], row["kind"], row["parent"] or None)
        rows[m.abbreviation] = m
        names.append((_key(m.name), m.abbreviation))
        names += [(_key(alias), m.abbreviation) for alias in filter(None, (row["aliases"] or "").split(";"))
                  if " " in alias or len(alias) > 6]
    names.sort(key=lambda kv: len(kv[0]), reverse=True)  # longest name first
    return rows, names


def all_ministries() -> list[Ministry]:
    """Every row of the table."""
    return list(_load()[0].values())


def from_name(text: str) -> str | None:
    """The ministry named at the start of `text` ("Sociale Zaken en Werkgelegenheid – …")."""
    key = _key(text)
    for name, abbr in _load()[1]:
        if key == name or key.startswith(name + " ") or key.startswith(name + ","):
            return ministry_of(abbr)
    return from_abbreviation(text) if len(text) <= 8 else None


def find_in_text(text: str) -> list[str]:
    """Every ministry named anywhere in `text`, in order of first mention, without duplicates."""
    key = _key(text)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for name, abbr in _load()[1]:
        for m in re.finditer(r"(?<![\w])" + re.escape(name) + r"(?![\w])", key):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), ministry_of(abbr)))
    out: list[str] = []
    for _, abbr in sorted(found):
        if abbr not in out:
            out.append(abbr)
    return out
