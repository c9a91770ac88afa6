"""Look up one document through SRU and fetch its text (the `kamervragen fetch` command)."""

from __future__ import annotations

from schemas.document import Document, ParseError
from scrapers.http_client import HttpClient
from scrapers.parse_sru import parse_sru_record
from scrapers.settings import ClientSettings
from scrapers.sru_client import SruClient
from scrapers.texts import combine, parse_text_bytes, text_url


def lookup_document(doc_id: str, *, sru_url: str | None = None, with_text: bool = True) -> Document:
    """The merged `Document` for `doc_id`; `LookupError` when SRU does not know it."""
    settings = ClientSettings.from_env()
    with HttpClient(settings=settings) as http:
        sru = SruClient(http, base_url=sru_url)
        record = next(iter(sru.iter_records(sru.query_for_id(doc_id))), None)
        if record is None:
            raise LookupError(f"no SRU record with identifier {doc_id!r}")
        meta = parse_sru_record(record, source=sru.base_url)
        text = None
        if with_text and (choice := text_url(meta)):
            manifestation, url = choice
            text = parse_text_bytes(meta, manifestation, url, http.get_bytes(url))
        elif with_text:
            raise ParseError(doc_id, "sru", "the record lists no xml, html or pdf manifestation")
        return combine(meta, text)
