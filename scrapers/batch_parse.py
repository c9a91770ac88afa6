"""CPU work of the backfill that runs in worker processes (or inline): bytes in, `Document`s out.

`parse_records` is also the record loop of `ingest` (`pipeline.ingest.load_records`).

Kept apart from `pipeline.backfill` so a worker process imports only the parsers (no DuckDB, no
HTTP client). Everything returned is plain data that pickles: exceptions are turned into
`Reject` rows, except `FetchError`s of the SRU response itself
(diagnostics, a body that is not SRU), which are raised (they pickle).
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from schemas.document import Document, ParseError
from schemas.reject import Reject
from scrapers.parse_metadata import NotKamervragen
from scrapers.parse_sru import parse_sru_record
from scrapers.sru_client import parse_response

M_ARENA_MAX = -8  # glibc mallopt parameter


@dataclass(slots=True)
class ParsedPage:
    """One SRU page, parsed: paging facts and the sealed metadata `Document`s of its records."""

    start: int
    url: str
    returned: int
    number_of_records: int | None
    next_position: int | None
    docs: list[Document] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    skipped: int = 0


def parse_records(records: list, source: str) -> tuple[list[Document], list[Reject], int]:
    """SRU records → (documents, rejects, records of other kinds skipped); `ingest` and backfill alike."""
    docs: list[Document] = []
    rejects: list[Reject] = []
    skipped = 0
    for record in records:
        try:
            docs.append(parse_sru_record(record, source=source))
        except NotKamervragen:
            skipped += 1
        except ParseError as exc:
            rejects.append(Reject(exc.doc_id or source, "parse_metadata", exc.reason))
    return docs, rejects, skipped


def parse_sru_bytes(content: bytes, url: str, query: str | None, start: int) -> ParsedPage:
    """Parse a searchRetrieve body and every record in it (the same rules as `load_records`)."""
    page = parse_response(content, url=url, query=query, start=start, detach=False)
    docs, rejects, skipped = parse_records(page.records, url)
    return ParsedPage(start=start, url=url, returned=len(page.records), number_of_records=page.number_of_records,
                      next_position=page.next_position, docs=docs, rejects=rejects, skipped=skipped)


@dataclass(slots=True)
class TextResult:
    """A fetched text, parsed and merged with its metadata (`final`), or the reason it failed.

    `text` is stored in `document_texts` even when the merged document fails validation (as
    `load_records` does).
    """

    doc_id: str
    manifestation: str
    url: str
    text: Document | None = None
    final: Document | None = None
    reject: Reject | None = None


def parse_text_job(doc_id: str, meta: Document, manifestation: str, url: str, body: bytes) -> TextResult:
    """Parse one fetched text manifestation and merge it with the metadata it belongs to."""
    from scrapers.texts import combine, parse_text_bytes  # the HTML/PDF parsers: text pass only

    result = TextResult(doc_id, manifestation, url)
    try:
        result.text = parse_text_bytes(meta, manifestation, url, body)
    except ParseError as exc:
        result.reject = Reject(doc_id, "parse_text", exc.reason, body[:300].decode("utf-8", "replace"))
        return result
    try:
        result.final = combine(meta, result.text)
    except ParseError as exc:
        result.reject = Reject(doc_id, "validate", exc.reason)
    return result


def parse_text_jobs(jobs: list[tuple[str, Document, str, str, bytes]]) -> list[TextResult]:
    """`parse_text_job` over a chunk of jobs (one round trip to a worker process per chunk)."""
    return [parse_text_job(*job) for job in jobs]


def worker_ready() -> int:
    """A task that returns at once: the pool is started when every worker has run it."""
    return os.getpid()


def worker_init(parent: int) -> None:
    """Worker initializer: leave when the backfill process is gone (even after a SIGKILL).

    A pool worker never sees the end of its task queue when its parent is killed (it holds a
    copy of the queue's write end), so without this it would wait forever.
    """

    def gone() -> bool:
        try:  # a killed parent stays a zombie until reaped: that counts as gone
            return Path(f"/proc/{parent}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
        except OSError:
            pass
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
        return False

    def watch() -> None:
        while not gone():
            time.sleep(1.0)
        os._exit(0)

    limit_malloc_arenas()
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def limit_malloc_arenas() -> None:
    """At most two glibc malloc arenas (each thread would otherwise get its own, and freed memory
    stays scattered over them); no-op off glibc."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, 2)


def trim_native_memory() -> None:
    """Return freed C heap to the operating system (glibc `malloc_trim`; no-op elsewhere)."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
