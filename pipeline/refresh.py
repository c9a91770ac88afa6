"""What a listed record asks of its document, given what is stored of it: `ingest` and backfill alike."""

from __future__ import annotations

from typing import NamedTuple

from schemas.document import Document
from scrapers.texts import text_url
from warehouse.documents import KnownHash


class Refresh(NamedTuple):
    """The comparison of a parsed metadata record with the stored document (`KnownHash`)."""

    same_meta: bool
    """The stored row was loaded from this very metadata record (same `meta_sha256`)."""
    up_to_date: bool
    """… and its text is stored and settled: nothing to fetch, nothing to write."""
    text: tuple[str, str] | None
    """(manifestation, URL) of the text to fetch: the record's best, unless `up_to_date`."""


def refresh(meta: Document, stored: KnownHash | None) -> Refresh:
    """Compare `meta` (sealed) with what is stored of its document (None: nothing yet).

    A notice whose kind is still `other` is not settled: its text is read again.
    """
    if stored is None:
        return Refresh(same_meta=False, up_to_date=False, text=text_url(meta))
    same_meta = stored.meta_sha256 == meta.content_sha256
    up_to_date = same_meta and stored.has_text and stored.settled
    return Refresh(same_meta, up_to_date, None if up_to_date else text_url(meta))
