"""Checking the tools' arguments: each mistake is an `ArgumentError` that names the argument, what
was given and what is valid (the server turns it into a tool error, never a traceback)."""

from __future__ import annotations

from datetime import date

from schemas.identifiers import IdentifierError, normalise_vraagnummer
from schemas.ministries import from_abbreviation, ministry_abbreviations

MAX_LIMIT = 200
"""The most rows a tool returns: a larger `limit` is refused (not capped)."""


class ArgumentError(ValueError):
    """A tool argument that cannot be used; the message starts with the argument's name."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument


def vraagnummer(text: str) -> str:
    """`2022Z 00634` → `2022Z00634`; another shape is an error."""
    try:
        number = normalise_vraagnummer(text)
    except IdentifierError:
        number = None
    if not number:
        raise ArgumentError("vraagnummer", f"{text!r} is not a vraagnummer; valid: a zaaknummer like 2022Z00634, "
                                           "a document number like 2009D25439, or an Eerste Kamer number of 6 "
                                           "to 12 digits")
    return number


def ministry(text: str | None) -> str | None:
    """A ministry as the warehouse stores it (its abbreviation; case ignored, an older abbreviation or
    a post gives its ministry: `bzk`, `BiZa` → BZK)."""
    if text is None or not text.strip():
        return None
    if found := from_abbreviation(text):
        return found
    valid = ", ".join(ministry_abbreviations())
    raise ArgumentError("ministry", f"{text!r} is not a ministry abbreviation; valid: {valid}")


def party(text: str | None, known: list[str]) -> str | None:
    """A party as written on the sets (case ignored); one no set names is an error."""
    if text is None or not text.strip():
        return None
    for name in known:
        if name.lower() == text.strip().lower():
            return name
    raise ArgumentError("party", f"{text!r} is not a party named on any set; valid: {', '.join(known)}")


def window(since: date | None, until: date | None) -> None:
    """A window of submission dates that ends before it starts is an error."""
    if since is not None and until is not None and since > until:
        raise ArgumentError("since", f"{since} is after until ({until}); valid: since on or before until")


def words(text: str) -> list[str]:
    """The words to search for (each must occur); none is an error."""
    found = text.split()
    if not found:
        raise ArgumentError("text", "give at least one word to search for")
    return found
