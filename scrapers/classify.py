"""Deciding what a document is: question, answer, supplementary answer or notice, and
which kind of notice (delay, withdrawn, answered elsewhere, other). See domain.md."""

from __future__ import annotations

import re

from schemas.document import ClosingReference
from scrapers.dutch_dates import DUTCH_DATE_RE, MONTHS, make_date
from scrapers.text_header import SUPPLEMENTARY_RE, clean

_WITHDRAWN_RE = re.compile(
    r"\b(ingetrokken|intrekken|intrekking|in\s+te\s+trekken|trekt\b[^.;]{0,80}\bin\b)", re.I
)
# Answered elsewhere, in the perfect or past tense only ("zijn beantwoord middels een brief",
# "is beantwoord in de brief van …", "beantwoording is opgenomen in …"): "zullen worden
# beantwoord in de brief" promises an answer and must never close the set.
_ELSEWHERE_RE = re.compile(
    r"\b(?:zijn|is|werden|werd|heb|hebben|heeft)\b[^.;]{0,80}?\bbeantwoord\s+"
    r"(?:middels|in|bij|met|via|door\s+middel\s+van)\s+(?:de|een|mijn|het|onze)?\s*"
    r"(?:\w+\s+){0,2}?(?:brief|kamerbrief|\w+brief|antwoorden|beantwoording)\b"
    r"|\b(?:antwoord|beantwoording)\s+(?:is|zijn)\s+(?:gegeven|opgenomen)\s+in\b",
    re.I,
)
_FUTURE_RE = re.compile(r"\b(?:zullen|zal)\b[^.;]{0,60}\bbeantwoord", re.I)
_DELAY_RE = re.compile(
    r"\b(uitstel|niet\s+binnen\s+(?:de\s+)?(?:gestelde\s+|gebruikelijke\s+)?(?:termijn|drie\s+weken)"
    r"|meer\s+tijd\s+nodig|later\s+(?:worden\s+)?beantwoord)",
    re.I,
)
_KAMERSTUK_RE = re.compile(
    r"\((?:[^()]*?,\s*)?(?:Kamerstuk(?:ken)?\s+(?:I{1,2}\s+)?(?:\d{4}/\d{2},?\s*)?)?"
    r"(\d{2}\s?\d{3}(?:\s?-\s?[A-Z0-9]{1,3})?\s*,\s*nr\.?\s*\d+|\d{2}\s?\d{3}\s?-\s?\d+)\s*\)",
    re.I,
)


def notice_kind(text: str | None) -> str:
    """Classify one text of a Mededeling (its title, or its own text): `withdrawn`,
    `answered_elsewhere`, `delay`, or `other` when no wording of domain.md is found."""
    if not text:
        return "other"
    if _WITHDRAWN_RE.search(text):
        return "withdrawn"
    if _ELSEWHERE_RE.search(text) and not _FUTURE_RE.search(text):
        return "answered_elsewhere"
    if _DELAY_RE.search(text):
        return "delay"
    return "other"


def closing_reference(text: str | None) -> ClosingReference | None:
    """The letter an answered-elsewhere text points to: its Kamerstuk number as printed
    ("36 471-64", "36 471, nr. 64") and the date given for it ("… op 7 juni 2024", "brief van
    7 juni 2024"); None when the text names neither."""
    if not text or not (m := _ELSEWHERE_RE.search(text)):
        return None
    tail = text[m.start() : m.start() + 400]
    ref = _KAMERSTUK_RE.search(tail)
    kamerstuk = clean(ref[1]) if ref else None
    dated_on = None
    for d in DUTCH_DATE_RE.finditer(tail):
        if re.search(r"ingezonden\s*$", tail[: d.start()], re.I):
            continue  # the question's own date, not the letter's
        dated_on = make_date(int(d[3]), MONTHS[d[2].lower()], int(d[1]), d[0])
        break
    if kamerstuk is None and dated_on is None:
        return None
    return ClosingReference(kamerstuk=kamerstuk, dated_on=dated_on)


def is_supplementary(*texts: str | None) -> bool:
    """True when a title or header says the answer is a further ("nader", "aanvullend") one."""
    return any(t and SUPPLEMENTARY_RE.search(t) for t in texts)


def kind_from_type(type_value: str | None, publicatienaam: str | None) -> str | None:
    """Map `AanhangselTypen`/`subrubriek` (or the series name) to a document kind."""
    t = (type_value or "").strip().lower()
    if t == "antwoord":
        return "answer"
    if t == "mededeling":
        return "notice"
    if t in ("schriftelijke vragen", "mondelinge vragen", "vragen"):
        return "question"
    series = (publicatienaam or "").strip().lower()
    if series == "kamervragen zonder antwoord":
        return "question"
    return None


def is_kamervragen_series(publicatienaam: str | None) -> bool:
    """True for the two series this pipeline handles (compared case-insensitively)."""
    return (publicatienaam or "").strip().lower() in (
        "kamervragen zonder antwoord",
        "kamervragen (aanhangsel)",
    )
