"""Document XML (`…/xml/<id>.xml`) → `Document`: answers, questions and notices.

Real sample: `ah-tk-20202021-3235.document.xml` (an answer). Modern element names
(`kamervragen`, `kamervraagomschrijving[@type]`, `vraag`/`antwoord` with `nr`, `al`,
`kamervraagopmerking`) and the older ones (`vragen`, `vraagdoc`, `omschr`, `reactie`,
`toelicht`, `nummer`, `vraagnummer`) are read by structure; anything else is a `ParseError`.
"""

from __future__ import annotations

import re

from lxml import etree

from schemas.document import Document, ParseError
from schemas.identifiers import (
    DOC_ID_RE,
    IdentifierError,
    fill_from_doc_id,
    normalise_vergaderjaar,
    normalise_vraagnummer,
)
from scrapers.body import Block, Body, build_document, parse_label, split_header_kind
from scrapers.dutch_dates import DateError, parse_metadata_date
from scrapers.xmlsafe import local, text_of

CONTAINERS = ("kamervragen", "vragen", "vraagdoc")
HEADERS = ("kamervraagomschrijving", "omschr")
QUESTIONS = ("vraag",)
ANSWERS = ("antwoord", "reactie")
REMARKS = ("kamervraagopmerking", "toelicht", "mededeling")
NUMBERS = ("kamervraagnummer", "nummer")
ROOTS = ("officiele-publicatie", *CONTAINERS)


def parse_document_xml(
    root: etree._Element, *, doc_id: str | None = None, source: str | None = None
) -> Document:
    """Parse a document XML root element into a `Document`."""
    manifestation = "xml"
    if local(root.tag) not in ROOTS:
        raise ParseError(doc_id, manifestation, f"unknown root element <{local(root.tag)}>")
    doc_id = doc_id or _doc_id_from_meta(root)
    container = root if local(root.tag) in CONTAINERS else None
    if container is None:
        container = next((el for el in root.iter() if local(el.tag) in CONTAINERS), None)
    if container is None:
        raise ParseError(doc_id, manifestation, "no <kamervragen>/<vragen>/<vraagdoc> element")
    body = Body()
    try:
        _read(container, body, doc_id)
    except (DateError, IdentifierError) as exc:
        raise ParseError(doc_id, manifestation, str(exc)) from None
    doc = build_document(body, doc_id=doc_id, manifestation=manifestation, source=source)
    fill_from_doc_id(doc)
    if record := _extern_metadata_record(root):
        doc.urls["metadata"] = record  # "…/<id>/metadata.xml", as the document states it
    return doc


def _read(container: etree._Element, body: Body, doc_id: str | None) -> None:
    for el in container.iter():
        name = local(el.tag)
        if name == "tekstregel" and el.get("inhoud") == "vergaderjaar":
            m = re.search(r"\d{4}\s*[-–]\s*\d{4}", text_of(el))
            body.vergaderjaar = normalise_vergaderjaar(m[0]) if m else None
        elif name in NUMBERS and body.aanhangselnummer is None:
            body.aanhangselnummer = text_of(el) or None
        elif name == "vraagnummer" and el.getparent() is container:
            try:
                body.vraagnummer = normalise_vraagnummer(text_of(el))
            except IdentifierError:
                body.aanhangselnummer = body.aanhangselnummer or text_of(el) or None
        elif name in HEADERS:
            _header(el, body, doc_id)
        elif name in REMARKS:
            text = "\n\n".join(text_of(p) for p in el if text_of(p)) or text_of(el)
            body.notice_text = "\n\n".join(x for x in (body.notice_text, text) if x)
        elif name in QUESTIONS + ANSWERS and _is_item(el):
            body.blocks.append(_block(el, "question" if name in QUESTIONS else "answer"))


def _is_item(el: etree._Element) -> bool:
    """A `vraag`/`antwoord` block, not a nested word of the same name."""
    parent = el.getparent()
    return parent is not None and local(parent.tag) not in QUESTIONS + ANSWERS + HEADERS


def _header(el: etree._Element, body: Body, doc_id: str | None) -> None:
    text = text_of(el)
    kind = {"vraag": "question", "antwoord": "answer"}.get((el.get("type") or "").lower())
    kind = kind or split_header_kind(text)
    iso = next((d.get("isodatum") for d in el.iter() if local(d.tag) == "datum"), None)
    when = parse_metadata_date(iso) if iso else None
    if kind == "question":
        body.question_header, body.submitted_iso = text, when
    elif kind == "answer":
        body.answer_header, body.received_iso = text, when
    elif kind == "notice":
        body.notice_header, body.received_iso = text, when
    elif re.match(r"\s*(mededeling|uitstel)", text, re.I):
        body.notice_text = "\n\n".join(x for x in (body.notice_text, text) if x)
        body.received_iso = body.received_iso or when
    else:
        raise ParseError(doc_id, "xml", f"header of unknown shape: {text[:120]!r}")


def _block(el: etree._Element, role: str) -> Block:
    numbers: list[int] = []
    paragraphs: list[str] = []
    for child in el:
        name = local(child.tag)
        if name in ("nr", "nummer"):
            parsed = parse_label(text_of(child))
            if parsed:
                numbers = parsed[1]
            elif text_of(child).isdigit():
                numbers = [int(text_of(child))]
        elif name in ("noot", "voetnoot"):
            continue
        elif text_of(child):
            paragraphs.append(text_of(child))
    if not paragraphs and el.text and el.text.strip():
        paragraphs.append(" ".join(el.text.split()))
    return Block(role=role, numbers=numbers, paragraphs=paragraphs)


def _extern_metadata_record(root: etree._Element) -> str | None:
    for el in root.iter():
        if local(el.tag) == "meta" and el.get("name", "").lower().endswith("externmetadatarecord"):
            return el.get("content", "").strip() or None
    return None


def _doc_id_from_meta(root: etree._Element) -> str | None:
    m = DOC_ID_RE.search(_extern_metadata_record(root) or "")
    return m[1] if m else None
