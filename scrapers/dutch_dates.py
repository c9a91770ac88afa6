"""Dates as the source writes them: ISO metadata values and Dutch text ("2 februari 2026").

Impossible dates ("31 februari") raise `DateError` with the reason; nothing is guessed.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip

_MONTH_ALT = "|".join(MONTHS)
# Day, month name and year; whitespace (including line breaks) may be missing or doubled,
# as in "18 november2024" or "21 juni\n2021".
DUTCH_DATE_RE = re.compile(rf"\b(\d{{1,2}})\s*({_MONTH_ALT})\s*(\d{{4}})\b", re.IGNORECASE)
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?\s*$")
_DMY_RE = re.compile(r"^\s*(\d{1,2})-(\d{1,2})-(\d{4})\s*$")


class DateError(ValueError):
    """A date that is missing its parts or does not exist on the calendar."""


def make_date(year: int, month: int, day: int, text: str) -> date:
    """`date(year, month, day)` or `DateError` naming the original text."""
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateError(f"impossible date {text.strip()!r}: {exc}") from None


def parse_metadata_date(text: str | None) -> date | None:
    """Parse a metadata date: `YYYY-MM-DD` (time part ignored) or old `dd-mm-yyyy`.

    Empty or missing gives None; anything else that is not a real date raises `DateError`.
    """
    if text is None or not text.strip():
        return None
    if m := _ISO_RE.match(text):
        return make_date(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _DMY_RE.match(text):
        return make_date(int(m[3]), int(m[2]), int(m[1]), text)
    raise DateError(f"unknown date format {text.strip()!r}")


def parse_dutch_date(text: str) -> date:
    """The first Dutch text date in `text` ("2 februari 2026"), or `DateError`."""
    m = DUTCH_DATE_RE.search(text)
    if not m:
        raise DateError(f"no Dutch date in {text.strip()[:80]!r}")
    return make_date(int(m[3]), MONTHS[m[2].lower()], int(m[1]), m[0])


_MARKER_RE = {
    key: re.compile(
        rf"\(\s*(?:{word}\s*\(\s*)?{word}\s*(?:op\s+)?(\d{{1,2}}\s*(?:{_MONTH_ALT})\s*\d{{4}})",
        re.IGNORECASE,
    )
    for key, word in (("ingezonden", "ingezonden"), ("ontvangen", "ontvangen"))
}


def find_marked_date(text: str, marker: str) -> date | None:
    """The date after "(ingezonden …" or "(ontvangen …" in a header text.

    Tolerates line breaks inside the date, a missing space before the year and the doubled
    "(ontvangen (ontvangen 7 juni 2024)" of some PDFs. Returns None when the marker is absent;
    raises `DateError` when the marker is there but its date is impossible.
    """
    m = _MARKER_RE[marker].search(text)
    if not m:
        return None
    return parse_dutch_date(m[1])
