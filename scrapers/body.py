"""Texts of a document, whatever its manifestation, and the one builder that turns them
into a `Document`: header sentences, numbered questions/answers, and notice text.

XML, HTML, PDF and plain-text parsers only extract a `Body`; the rules live here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from schemas.document import Conflict, Document, Item, ParseError
from scrapers import classify
from scrapers.dutch_dates import DateError, find_marked_date
from scrapers.text_header import (
    QUESTION_START_RE,
    clean,
    find_refers_to,
    header_kind,
    parse_answer_header,
    parse_notice_header,
    parse_question_header,
    split_notice_header,
)


@dataclass(slots=True)
class Block:
    """One numbered block: label as written ("Vraag 3, 4 en 5", "Antwoord 1", "1.") and text."""

    role: str  # "question" or "answer"
    numbers: list[int]
    paragraphs: list[str]


@dataclass(slots=True)
class Body:
    """What a document's text says, before interpretation."""

    question_header: str | None = None
    answer_header: str | None = None
    notice_header: str | None = None  # "Mededeling van … (ontvangen …)."
    notice_text: str | None = None  # the Mededeling itself (never part of a question)
    blocks: list[Block] = field(default_factory=list)
    # Structured dates where the manifestation has them (XML `datum/@isodatum`).
    submitted_iso: date | None = None
    received_iso: date | None = None
    vergaderjaar: str | None = None
    aanhangselnummer: str | None = None
    vraagnummer: str | None = None


_LABEL_RE = re.compile(r"^\s*(vraag|vragen|antwoord|antwoorden)\b\s*(.*)$", re.I)
_ZIE_ANTWOORD_RE = re.compile(
    r"\bzie\s+(?:het\s+|mijn\s+)?antwoord\s+(?:op\s+|bij\s+)?(?:de\s+)?(?:vraag\s+)?(\d+)\b", re.I
)


def parse_label(label: str) -> tuple[str, list[int]] | None:
    """"Vraag 3, 4 en 5" → ("question", [3, 4, 5]); "Antwoord 1" → ("answer", [1])."""
    m = _LABEL_RE.match(clean(label))
    if not m:
        return None
    role = "question" if m[1].lower().startswith("vra") else "answer"
    rest = re.sub(r"^(?:op\s+|bij\s+)?(?:de\s+)?(?:vragen|vraag)\s+", "", m[2], flags=re.I)
    head = re.split(r"[^\d,\sen-]", rest, maxsplit=1)[0]
    numbers: list[int] = []
    for a, b in re.findall(r"(\d+)\s*(?:-|t/m|tot en met)?\s*(\d+)?", head):
        lo = int(a)
        hi = int(b) if b and "-" in head else lo
        numbers.extend(range(lo, hi + 1) if hi >= lo and hi - lo < 50 else [lo])
    return role, numbers


def items_from_blocks(blocks: list[Block]) -> list[Item]:
    """Pair question and answer blocks by number.

    A combined answer sits on its first number and the other numbers point to it; a combined
    question block whose paragraphs match its numbers one-to-one is split over them.
    """
    items: dict[int, Item] = {}
    order: list[int] = []
    unnumbered = 0

    def item(nr: int) -> Item:
        if nr not in items:
            items[nr] = Item(nr=nr)
            order.append(nr)
        return items[nr]

    for block in blocks:
        numbers = block.numbers
        if not numbers:  # an unnumbered block continues the sequence
            if block.role == "question":
                unnumbered = (max(order) if order else 0) + 1
            numbers = [unnumbered or (max(order) if order else 1)]
        text = "\n\n".join(p for p in block.paragraphs if p) or None
        if block.role == "question":
            if len(numbers) > 1 and len(block.paragraphs) == len(numbers):
                for nr, para in zip(numbers, block.paragraphs, strict=True):
                    item(nr).question = para
            else:
                first = item(numbers[0])
                first.question = _join(first.question, text)
                for nr in numbers[1:]:
                    item(nr)
        else:
            first = item(numbers[0])
            first.answer = _join(first.answer, text)
            for nr in numbers[1:]:
                item(nr).answer_refers_to = numbers[0]
            if text and len(text) < 300 and (m := _ZIE_ANTWOORD_RE.search(text)):
                ref = int(m[1])
                if ref != numbers[0]:
                    first.answer_refers_to = ref
    return [items[nr] for nr in sorted(order)]


def _join(a: str | None, b: str | None) -> str | None:
    return "\n\n".join(x for x in (a, b) if x) or None


def build_document(
    body: Body, *, doc_id: str | None, manifestation: str, source: str | None
) -> Document:
    """Interpret a `Body`: kind, dates, people, ministries, items, references.

    The kind follows the headers first: an "Antwoord van …" header makes an answer, a
    "Mededeling van …" header a notice (even when the notice repeats the questions), then
    numbered answers make an answer, a notice text a notice, and questions alone a question.
    """
    doc = Document(doc_id=doc_id, manifestation=manifestation, source=source)
    doc.vergaderjaar = body.vergaderjaar
    doc.aanhangselnummer = body.aanhangselnummer
    doc.vraagnummer = body.vraagnummer
    notice_text = clean(body.notice_text) or None
    notice_header = body.notice_header
    if notice_header is None and notice_text:  # a notice text that opens with its own header
        notice_header, rest = split_notice_header(notice_text)
        notice_text = rest or None if notice_header else notice_text
    try:
        if body.question_header:
            q = parse_question_header(body.question_header)
            doc.submitters = q.submitters
            doc.addressed_to = q.addressed_to
            doc.ministries = list(q.ministries)
            doc.submitted_on = _pick(doc, "submitted_on", body.submitted_iso, q.submitted_on)
            doc.question_type = "oral" if q.oral else "written"
        if body.answer_header:
            a = parse_answer_header(body.answer_header)
        elif notice_header:
            a = parse_notice_header(notice_header)
        else:
            a = None
        if a is not None:
            doc.answered_by = a.answered_by
            for abbr in a.ministries:
                if abbr not in doc.ministries:
                    doc.ministries.append(abbr)
            doc.received_on = _pick(doc, "received_on", body.received_iso, a.received_on)
            doc.refers_to = a.refers_to
    except DateError as exc:
        raise ParseError(doc_id, manifestation, str(exc)) from None
    doc.items = items_from_blocks(body.blocks)
    has_answers = any(b.role == "answer" for b in body.blocks)
    if body.answer_header:
        supplementary = classify.is_supplementary(body.answer_header)
        doc.kind = "supplementary_answer" if supplementary else "answer"
    elif notice_header:
        doc.kind = "notice"
    elif has_answers:
        doc.kind = "answer"
    elif notice_text:
        doc.kind = "notice"
    elif body.question_header or body.blocks:
        doc.kind = "question"
    else:
        raise ParseError(doc_id, manifestation, "no question, answer or notice text found")
    if doc.kind == "question":
        doc.title = clean(body.question_header) or None
    else:
        doc.question_type = None
    doc.notice_text = notice_text
    if doc.kind == "notice":
        _notice_facts(doc, notice_text or "", body)
    return doc


_KENMERK_RE = re.compile(r"\bkenmerk\s+(\d{4}\s?Z\s?\d{4,6})\b", re.I)


def _notice_facts(doc: Document, text: str, body: Body) -> None:
    """What a Mededeling's own text states: its kind (from the text alone; `other` without a
    text), the letter an answered-elsewhere notice points to, the set it is about."""
    doc.notice_kind = classify.notice_kind(text)
    doc.refers_to = doc.refers_to or find_refers_to(text)
    try:
        if doc.notice_kind == "answered_elsewhere":
            doc.closing_reference = classify.closing_reference(text)
        if doc.received_on is None:  # a text without a header may still carry "(ontvangen …)"
            doc.received_on = find_marked_date(text[:600], "ontvangen")
        if not doc.submitters and QUESTION_START_RE.match(text):
            doc.submitters = parse_question_header(text).submitters
    except DateError as exc:
        raise ParseError(doc.doc_id, doc.manifestation, f"notice: {exc}") from None
    if doc.vraagnummer is None and (m := _KENMERK_RE.search(text)):
        doc.vraagnummer = re.sub(r"\s", "", m[1]).upper()


def _pick(doc: Document, name: str, structured: date | None, text: date | None) -> date | None:
    """Prefer the structured date; keep a disagreement with the text date as a conflict."""
    if structured and text and structured != text:
        doc.conflicts.append(Conflict(name, structured.isoformat(), text.isoformat(), "text"))
    return structured or text


def split_header_kind(text: str) -> str | None:
    """"question", "answer" or "notice" for a header sentence, by how it starts."""
    kind = header_kind(text)
    return "answer" if kind == "supplementary_answer" else kind
