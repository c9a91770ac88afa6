"""The one table of ministries (`ministries.csv`): abbreviation, full name, kind, parent, aliases.

Read here so that every package can use it (`scrapers.ministries` normalises the source's mentions
with it; `publish/` shows a ministry as its full name with the abbreviation).
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
