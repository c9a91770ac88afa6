"""Choosing and parsing the text manifestation of a document the SRU record points to."""

from __future__ import annotations

from schemas.document import Document, ParseError
from scrapers.merge import merge_documents, validate
from scrapers.parse_any import parse_bytes

# The document XML is the richest and cheapest to parse; HTML next; PDF for "Onopgemaakt".
TEXT_PREFERENCE = ("xml", "html", "pdf")


def text_url(doc: Document) -> tuple[str, str] | None:
    """(manifestation, absolute URL) of the best text manifestation the record lists."""
    for manifestation in TEXT_PREFERENCE:
        url = doc.urls.get(manifestation)
        if url:
            return manifestation, url
    return None


def parse_text_bytes(meta: Document, manifestation: str, url: str, data: bytes) -> Document:
    """Parse fetched text bytes of `meta`'s document (exactly one document expected)."""
    results = list(parse_bytes(data, doc_id=meta.doc_id, source=url))
    docs = [r for r in results if isinstance(r, Document)]
    if len(docs) != 1:
        reasons = "; ".join(str(r) for r in results if isinstance(r, ParseError))
        raise ParseError(meta.doc_id, manifestation, f"{url}: no single document ({reasons})")
    return docs[0]


def combine(meta: Document, text: Document | None) -> Document:
    """Metadata merged with its text (when fetched), validated and sealed."""
    doc = merge_documents(meta, text) if text is not None else meta.seal()
    return validate(doc)
