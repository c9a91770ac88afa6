"""Deciding what a document is: question, answer, supplementary answer or notice, and
which kind of notice (delay, withdrawn, answered elsewhere, other). See domain.md."""

from __future__ import annotations

import re

# Only at the start of a title or header: "Nader antwoord op vragen …", "Aanvullende
# beantwoording van …". A subject that mentions "een nader antwoord" does not count.
SUPPLEMENTARY_RE = re.compile(
    r"^\s*(?:nader(?:e)?|aanvullend(?:e)?)\s+(?:antwoord|beantwoording)",
    re.I,
)
_WITHDRAWN_RE = re.compile(r"\b(ingetrokken|intrekken|intrekking|trekt\b.*\bin\b)", re.I)
_ELSEWHERE_RE = re.compile(
    r"\b(beantwoord\s+(?:middels|in|bij|met|via|door\s+middel\s+van)\s+(?:de|een|mijn|het)?\s*"
    r"(?:brief|kamerbrief|antwoorden|beantwoording|verzamelbrief)"
    r"|(?:antwoord|beantwoording)\s+(?:is|zijn)\s+(?:gegeven|opgenomen)\s+in)",
    re.I,
)
_DELAY_RE = re.compile(
    r"\b(uitstel|niet\s+binnen\s+de\s+(?:gestelde\s+|gebruikelijke\s+)?termijn"
    r"|meer\s+tijd\s+nodig|later\s+(?:worden\s+)?beantwoord)",
    re.I,
)


def notice_kind(*texts: str | None) -> str:
    """Classify a Mededeling from its title and/or text; the first text that decides wins."""
    for text in texts:
        if not text:
            continue
        if _WITHDRAWN_RE.search(text):
            return "withdrawn"
        if _ELSEWHERE_RE.search(text):
            return "answered_elsewhere"
        if _DELAY_RE.search(text):
            return "delay"
    return "other"


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
