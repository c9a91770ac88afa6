"""The column glossary (`glossary.csv`: name, label_nl, meaning_en, meaning_nl) and the method text
(`method.md`, "How we count"): what the MCP server offers as resources and the site can show."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

GLOSSARY = Path(__file__).with_name("glossary.csv")
METHOD = Path(__file__).with_name("method.md")
COLUMNS = ("name", "label_nl", "meaning_en", "meaning_nl")


@cache
def glossary_rows() -> tuple[dict[str, str], ...]:
    """Every row of the glossary, in the file's order."""
    with GLOSSARY.open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def glossary_text() -> str:
    """The glossary as the CSV file holds it."""
    return GLOSSARY.read_text(encoding="utf-8")


def method_text() -> str:
    """The method text (Markdown, English)."""
    return METHOD.read_text(encoding="utf-8")
