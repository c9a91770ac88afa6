"""HTML manifestation → `Document`.

Real sample: `ah-tk-20202021-3235.repository-manifestation.html`: `<meta name="OVERHEIDop.*">`
copies of the metadata in `<head>`, header sentences in `h1.kamervraagomschrijving_kop`, and
`div.vraag` / `div.antwoord` blocks with an `h2.stuktitel` label; notices in
`div.kamervraagopmerking`. Parsed with BeautifulSoup on lxml for leniency. Text is taken as
the browser shows it: inline elements (a link, an emphasis) add no space of their own
("2% (<a>Staatsblad 2020, 118</a>)" → "2% (Staatsblad 2020, 118)"); whitespace collapses.
"""

from __future__ import annotations

import warnings

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

from schemas.document import Document, ParseError
from schemas.identifiers import fill_from_doc_id
from scrapers.body import Block, Body, build_document, parse_label, split_header_kind
from scrapers.dutch_dates import DateError
from scrapers.merge import merge_documents
from scrapers.parse_metadata import document_from_meta, meta_from_pairs
from scrapers.text_header import clean


def parse_html(data: bytes, *, doc_id: str | None = None, source: str | None = None) -> Document:
    """Parse an HTML manifestation: its `<meta>` metadata merged with its body text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(data, "lxml")
    pairs = [
        (m.get("name", ""), m.get("content"), m.get("scheme", ""))
        for m in soup.find_all("meta")
        if isinstance(m, Tag) and m.get("name")
    ]
    meta_doc = document_from_meta(meta_from_pairs(pairs), "html", source) if pairs else None
    doc_id = doc_id or (meta_doc.doc_id if meta_doc else None)
    body = Body()
    for h in soup.select(".kamervraagomschrijving_kop, .kamervraagomschrijving"):
        text = clean(h.get_text())
        kind = split_header_kind(text)
        if kind == "question":
            body.question_header = text
        elif kind == "answer":
            body.answer_header = text
        elif kind == "notice":
            body.notice_header = text
    for div in soup.select("div.vraag, div.antwoord"):
        label = div.select_one(".stuktitel")
        parsed = parse_label(clean(label.get_text(" "))) if label else None
        role = "question" if "vraag" in (div.get("class") or []) else "answer"
        if label:
            label.extract()
        paragraphs = [clean(p.get_text()) for p in div.find_all("p")]
        paragraphs = [p for p in paragraphs if p] or [clean(div.get_text(" "))]
        body.blocks.append(Block(role, parsed[1] if parsed else [], paragraphs))
    notes = soup.select(".kamervraagopmerking")
    for note in notes:  # a section label ("Mededeling") is not part of the notice text
        for label in note.select(".stuktitel"):
            label.extract()
    if notes:
        body.notice_text = "\n\n".join(clean(n.get_text()) for n in notes)
    try:
        text_doc = build_document(body, doc_id=doc_id, manifestation="html", source=source)
    except DateError as exc:
        raise ParseError(doc_id, "html", str(exc)) from None
    fill_from_doc_id(text_doc)
    if meta_doc is None:
        return text_doc.seal()
    merged = merge_documents(meta_doc, text_doc)
    merged.manifestation = "html"
    return merged.seal()
