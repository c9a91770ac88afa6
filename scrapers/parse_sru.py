"""SRU records and whole SRU responses → `Document`s.

Real samples: `sru-response.plooi-integrationtest.mocked-urls.xml` (record
`ah-tk-20202021-3235` among other kinds) and `sru-record.kv-2989900822.onopgemaakt.xml`.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from schemas.document import Document, ParseError
from scrapers.parse_metadata import NotKamervragen, document_from_meta, meta_from_sru_record
from scrapers.xmlsafe import local


def parse_sru_record(record: etree._Element, source: str | None = None) -> Document:
    """One `sru:record` → `Document` (raises `NotKamervragen` for other kinds)."""
    if local(record.tag) not in ("record", "gzd", "recorddata"):
        raise ParseError(None, "sru", f"not an SRU record: <{local(record.tag)}>")
    return document_from_meta(meta_from_sru_record(record), "sru", source).seal()


def iter_response_records(root: etree._Element) -> Iterator[etree._Element]:
    """The `sru:record` elements of a `searchRetrieveResponse` (diagnostics raise)."""
    if local(root.tag) != "searchretrieveresponse":
        raise ParseError(None, "sru", f"not an SRU response: <{local(root.tag)}>")
    for el in root.iter():
        name = local(el.tag)
        if name == "diagnostic":
            message = " ".join(" ".join(el.itertext()).split())
            raise ParseError(None, "sru", f"SRU diagnostic: {message}")
        if name == "record" and local(el.getparent().tag) == "records":
            yield el


def parse_sru_response(
    root: etree._Element, source: str | None = None
) -> Iterator[Document | NotKamervragen | ParseError]:
    """Every record of a response, parsed; per-record failures are yielded, not raised."""
    for record in iter_response_records(root):
        try:
            yield parse_sru_record(record, source)
        except ParseError as exc:  # NotKamervragen included
            yield exc
