"""Combine what the metadata and the text of one document say.

Metadata wins for identifiers and dates (a disagreement with the text is kept in
`conflicts`); the text fills what metadata does not state (parties, ministries, the
answering minister, items, references, notice text).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from schemas.document import Conflict, Document, ParseError

_SCALARS = ("vraagnummer", "aanhangselnummer", "vergaderjaar", "chamber", "answer_doc_id")
_DATES = ("submitted_on", "received_on", "published_on", "modified_on")


def merge_documents(meta: Document, text: Document) -> Document:
    """Merge a text-derived `Document` into a metadata-derived one (returns a new record)."""
    if text.doc_id and meta.doc_id and text.doc_id != meta.doc_id:
        raise ParseError(
            meta.doc_id, text.manifestation, f"text is of another document ({text.doc_id})"
        )
    out = replace(meta, conflicts=list(meta.conflicts) + list(text.conflicts))
    source = text.manifestation
    for name in _SCALARS + _DATES:
        mine, theirs = getattr(out, name), getattr(text, name)
        if mine is None:
            setattr(out, name, theirs)
        elif theirs is not None and _norm(mine) != _norm(theirs):
            if name == "modified_on" and text.manifestation == "sru" != meta.manifestation:
                # The SRU record's `modified` drives sync decisions (source.md, §4), whichever
                # argument it came in as: keep it, and the other file's date as the conflict.
                setattr(out, name, theirs)
                out.conflicts.append(Conflict(name, _str(theirs), _str(mine), meta.manifestation))
            else:
                out.conflicts.append(Conflict(name, _str(mine), _str(theirs), source))
    if text.submitters and (
        any(p.party for p in text.submitters) or not out.submitters
    ):
        out.submitters = list(text.submitters)
    if text.answered_by and any(a.ministry or a.function for a in text.answered_by):
        out.answered_by = list(text.answered_by)
    out.addressed_to = list(text.addressed_to) or list(out.addressed_to)
    out.ministries = _union(out.ministries, text.ministries)
    out.items = list(text.items) or list(out.items)
    out.topics = list(out.topics) or list(text.topics)  # metadata's; the HTML `<meta>` tags' else
    out.refers_to = list(text.refers_to) or list(out.refers_to)
    out.notice_text = text.notice_text or out.notice_text
    out.title = out.title or text.title
    out.question_type = out.question_type or text.question_type
    _merge_kind(out, text)
    if out.kind == "notice":
        _merge_notice_kind(out, meta, text)
        out.closing_reference = text.closing_reference or out.closing_reference
    out.urls = {**text.urls, **out.urls}
    out.manifestation = f"{meta.manifestation}+{text.manifestation}"
    out.missing = []
    return out.seal()


def _merge_kind(out: Document, text: Document) -> None:
    """Metadata's type (`Antwoord`/`Mededeling`/…) is kept; a text that reads as another kind is
    a conflict (a supplementary answer refines an answer, and is not one)."""
    if out.kind is None:
        out.kind = text.kind
    elif out.kind == "answer" and text.kind == "supplementary_answer":
        out.kind = "supplementary_answer"
    elif text.kind is not None and _base(text.kind) != _base(out.kind):
        out.conflicts.append(Conflict("kind", out.kind, text.kind, text.manifestation))


def _merge_notice_kind(out: Document, meta: Document, text: Document) -> None:
    """The notice's own text decides its kind; the title (metadata) decides only when the text
    is silent (`other` or absent). A text and title that decide differently are a conflict."""
    title_kind = meta.notice_kind if meta.notice_kind not in (None, "other") else None
    text_kind = text.notice_kind if text.kind == "notice" and text.notice_kind != "other" else None
    if text_kind is None:
        out.notice_kind = title_kind or out.notice_kind or text.notice_kind or "other"
        return
    out.notice_kind = text_kind
    if title_kind is not None and title_kind != text_kind:
        out.conflicts.append(Conflict("notice_kind", text_kind, title_kind, meta.manifestation))


def _base(kind: str | None) -> str | None:
    return "answer" if kind == "supplementary_answer" else kind


def _union(a: list[str], b: list[str]) -> list[str]:
    out = list(a)
    out.extend(x for x in b if x not in out)
    return out


def _norm(value: object) -> str:
    return str(value).strip().upper()


def _str(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def validate(doc: Document) -> Document:
    """Refuse a record that would load a wrong status: an answer or notice without a date."""
    if doc.kind in ("answer", "supplementary_answer", "notice") and doc.received_on is None:
        raise ParseError(doc.doc_id, doc.manifestation, f"{doc.kind} without a received date")
    if doc.kind is None:
        raise ParseError(doc.doc_id, doc.manifestation, "document kind unknown")
    return doc
