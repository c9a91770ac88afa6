"""Identifiers: vraagnummer, vergaderjaar, doc ids and the chamber they imply."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schemas.document import Document

_VRAAGNUMMER_FORMS = (
    re.compile(r"^\d{4}[ZD]\d{4,6}$"),  # zaaknummer 2021Z09739, or a TK document number 2009D25439
    re.compile(r"^\d{6,12}$"),  # Eerste Kamer 219200007, old 2989900822
)
DOC_ID_RE = re.compile(r"\b((?:ah|kv)-(?:tk-|ek-)?[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*)\b")


class IdentifierError(ValueError):
    """An identifier of a shape the source is not known to use."""


def normalise_vraagnummer(text: str | None) -> str | None:
    """`2026Z 90017` → `2026Z90017`; None/empty → None; unknown shape → `IdentifierError`."""
    if text is None:
        return None
    value = re.sub(r"\s+", "", text).upper()
    if not value:
        return None
    if any(form.match(value) for form in _VRAAGNUMMER_FORMS):
        return value
    raise IdentifierError(f"unknown vraagnummer shape {text!r}")


def normalise_vergaderjaar(text: str | None) -> str | None:
    """`20202021`, `2020-2021`, `2023–2024` → `2020-2021`; unknown shape → `IdentifierError`."""
    if text is None or not text.strip():
        return None
    m = re.fullmatch(r"\s*(\d{4})\s*[-–/]?\s*(\d{4})\s*", text)
    if not m or int(m[2]) != int(m[1]) + 1:
        raise IdentifierError(f"unknown vergaderjaar shape {text!r}")
    return f"{m[1]}-{m[2]}"


def chamber_from_doc_id(doc_id: str | None) -> str | None:
    """`kv-tk-…`/`ah-tk-…` → tk, `…-ek-…` → ek, else None (old and unformatted ids)."""
    if not doc_id:
        return None
    m = re.match(r"^(?:ah|kv)-(tk|ek)-", doc_id)
    return m[1] if m else None


def chamber_from_creator(text: str | None) -> str | None:
    """"Tweede Kamer der Staten-Generaal" → tk, "Eerste Kamer …" → ek."""
    if not text:
        return None
    low = text.lower()
    if "tweede kamer" in low:
        return "tk"
    if "eerste kamer" in low:
        return "ek"
    return None


def question_doc_id(chamber: str | None, vraagnummer: str | None) -> str | None:
    """The `kv-…` id a question set's question document has, where that is derivable."""
    if not vraagnummer:
        return None
    if chamber == "tk" and re.match(r"^\d{4}Z\d+$", vraagnummer):
        return f"kv-tk-{vraagnummer}"
    if chamber == "ek":
        return f"kv-ek-{vraagnummer}"
    return None


def fill_from_doc_id(doc: Document) -> None:
    """Fill chamber (and, for `kv-tk-<zaaknummer>`, the vraagnummer) from the doc id."""
    doc.chamber = doc.chamber or chamber_from_doc_id(doc.doc_id)
    m = re.match(r"^kv-(?:tk|ek)-(\d{4}Z\d+|\d{6,12})$", doc.doc_id or "")
    if m and doc.vraagnummer is None:
        doc.vraagnummer = m[1]
