"""Auto-detecting entry point: bytes of any manifestation → `Document`s."""

from __future__ import annotations

from collections.abc import Iterator

from schemas.document import Document, ParseError
from schemas.identifiers import DOC_ID_RE
from scrapers.parse_document_xml import ROOTS, parse_document_xml
from scrapers.parse_html import parse_html
from scrapers.parse_metadata import (
    Meta,
    NotKamervragen,
    document_from_meta,
    meta_from_metadata_xml,
    meta_from_owms,
)
from scrapers.parse_pdf import parse_pdf
from scrapers.parse_sru import parse_sru_record, parse_sru_response
from scrapers.parse_text import parse_text
from scrapers.xmlsafe import UnsafeXmlError, local, parse_xml


def detect_manifestation(data: bytes) -> str:
    """'pdf', 'html', 'xml' (any XML, refined by root element) or 'text'."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF"):
        return "pdf"
    low = head.lower()
    if low.startswith(b"<!doctype html") or b"<html" in low[:1024]:
        return "html"
    if head.startswith(b"<"):
        return "xml"
    return "text"


def parse_bytes(
    data: bytes, *, name: str | None = None, doc_id: str | None = None, source: str | None = None
) -> Iterator[Document | ParseError]:
    """Parse any manifestation; yields one item per document (a `ParseError` for a record that
    failed or was skipped, `NotKamervragen` for records of other kinds in an SRU response)."""
    source = source or name
    doc_id = doc_id or _doc_id_from_name(name)
    kind = detect_manifestation(data)
    if not data.strip():
        raise ParseError(doc_id, "unknown", "empty file")
    if kind == "pdf":
        yield parse_pdf(data, doc_id=doc_id, source=source).seal()
    elif kind == "html":
        yield parse_html(data, doc_id=doc_id, source=source)
    elif kind == "text":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        yield parse_text(text, doc_id=doc_id, source=source).seal()
    else:
        yield from _parse_xml(data, doc_id=doc_id, source=source)


def _parse_xml(data: bytes, *, doc_id: str | None, source: str | None):
    try:
        root = parse_xml(data)
    except UnsafeXmlError as exc:
        raise ParseError(doc_id, "xml", str(exc)) from None
    root_name = local(root.tag)
    if root_name == "searchretrieveresponse":
        yield from parse_sru_response(root, source)
    elif root_name == "record":
        yield parse_sru_record(root, source)
    elif root_name == "metadata_gegevens":
        yield _meta(meta_from_metadata_xml(root), "metadata", source)
    elif root_name == "owms-metadata":
        yield _meta(meta_from_owms(root), "metadata_owms", source)
    elif root_name in ROOTS:
        yield parse_document_xml(root, doc_id=doc_id, source=source).seal()
    else:
        raise ParseError(doc_id, "xml", f"unknown XML root element <{root_name}>")


def _meta(meta: Meta, manifestation: str, source: str | None) -> Document | ParseError:
    try:
        return document_from_meta(meta, manifestation, source).seal()
    except NotKamervragen as exc:
        return exc


def _doc_id_from_name(name: str | None) -> str | None:
    if not name:
        return None
    base = name.rsplit("/", 1)[-1]
    m = DOC_ID_RE.match(base)
    if not m:
        return None
    candidate = m[1]
    # "ah-tk-20202021-3235.document.xml" → "ah-tk-20202021-3235"
    return candidate.split(".", 1)[0]
