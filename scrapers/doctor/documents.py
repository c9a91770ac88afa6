"""Check 6, `document xml/html/pdf/metadata/metadataowms`: one file of each manifestation, taken from
the sampled records' `itemUrl`s (documents for which ingest reads that manifestation first),
downloads and parses, and its dates agree with its record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schemas.document import Document, ParseError
from scrapers.doctor.report import DIFFERS, FAIL, OK, Check, NotRun, id_list
from scrapers.http_client import FetchError
from scrapers.merge import merge_documents
from scrapers.parse_any import parse_bytes
from scrapers.texts import TEXT_PREFERENCE, combine, parse_text_bytes, text_url

if TYPE_CHECKING:
    from scrapers.doctor.context import DoctorRun

MANIFESTATIONS = ("xml", "html", "pdf", "metadata", "metadataowms")
TRIES_PER_MANIFESTATION = 2  # documents tried per manifestation when a download fails
# Conflicts between a document and its record that would change a status if the text won.
SIGNIFICANT_CONFLICTS = ("submitted_on", "received_on", "vraagnummer", "kind", "notice_kind")
_KIND_ORDER = {"answer": 0, "supplementary_answer": 1, "question": 2, "notice": 3}


def _reads(doc: Document, manifestation: str) -> bool:
    """Whether ingest reads `manifestation` for `doc` (its first listed text manifestation)."""
    choice = text_url(doc)
    return choice is not None and choice[0] == manifestation


def expected_document(run: DoctorRun, manifestation: str) -> str:
    """The row's `expected` text."""
    use = ("the text ingest reads" if manifestation in TEXT_PREFERENCE
           else "not read by ingest")
    return f"one {manifestation} document downloads and parses; dates agree with its record ({use})"


def _candidates(run: DoctorRun, manifestation: str) -> list[Document]:
    """The sampled documents that list `manifestation`, those ingest reads it for first."""
    order = sorted(run.samples, key=lambda s: (s != "answers", s != "questions", s))
    docs = [d for s in order for d in run.samples[s].docs]  # answers first: the richest texts
    primary = sorted((d for d in docs if _reads(d, manifestation)), key=lambda d: _KIND_ORDER.get(d.kind, 9))
    reference = [run.reference_doc] if run.reference_doc is not None else []
    ordered: list[Document] = []
    seen: set[str | None] = set()
    for doc in primary + reference + docs:
        if doc.urls.get(manifestation) and doc.doc_id not in seen:
            seen.add(doc.doc_id)
            ordered.append(doc)
    return ordered


def check_document(run: DoctorRun, manifestation: str) -> Check:
    """Download one document of `manifestation` (from the records' itemUrls) and parse it."""
    name, expected = f"document {manifestation}", expected_document(run, manifestation)
    is_text = manifestation in TEXT_PREFERENCE
    if run.http.unreachable is not None:
        raise NotRun(f"not run: the service does not answer ({run.http.unreachable})", FAIL)
    candidates = _candidates(run, manifestation)
    if not candidates:
        return Check(name, expected, f"no sampled record has an itemUrl for {manifestation}", DIFFERS,
                     "Nothing to check here; widen --days or --sample to find one.", {})
    failures: list[str] = []
    read_by_ingest = False  # did a file ingest would read fail?
    for meta in candidates[:TRIES_PER_MANIFESTATION]:
        url = meta.urls[manifestation]
        try:
            data = run.http.get_bytes(url)
        except FetchError as exc:
            failures.append(f"{meta.doc_id}: {exc.reason}")
            read_by_ingest = read_by_ingest or _reads(meta, manifestation)
            continue
        return _document_check(run, name, expected, manifestation, meta, url, data, failures,
                               read_by_ingest)
    found = "not downloadable: " + "; ".join(failures)
    details = {"failures": failures}
    if read_by_ingest:
        return Check(name, expected, found, FAIL,
                     f"The {manifestation} file ingest reads for these documents cannot be fetched: the "
                     "metadata loads, but fetch_text rejects leave parties, ministries and items empty.",
                     details)
    reason = ("ingest reads another manifestation of these documents" if is_text
              else "ingest does not read this manifestation")
    return Check(name, expected, found, DIFFERS,
                 f"Listed but not served; {reason}, so nothing is lost (the links are stored as given).",
                 details)


def _document_check(
    run: DoctorRun, name: str, expected: str, manifestation: str, meta: Document, url: str, data: bytes,
    failures: list[str], read_by_ingest: bool,
) -> Check:
    details: dict[str, Any] = {"doc_id": meta.doc_id, "url": url, "bytes": len(data)}
    if failures:
        details["failures"] = failures
    try:
        if manifestation in TEXT_PREFERENCE:
            text = parse_text_bytes(meta, manifestation, url, data)
            merged = combine(meta, text)
        else:
            results = list(parse_bytes(data, doc_id=meta.doc_id, source=url))
            docs = [r for r in results if isinstance(r, Document)]
            if len(docs) != 1:
                reasons = "; ".join(str(r) for r in results if isinstance(r, ParseError)) or "no document"
                raise ParseError(meta.doc_id, manifestation, reasons)
            text = docs[0]
            merged = merge_documents(meta, text)
    except ParseError as exc:
        details["excerpt"] = data[:200].decode("utf-8", "replace")
        return Check(name, expected, f"{meta.doc_id}: does not parse: {exc.reason}", FAIL,
                     f"Documents of this shape would be rejected ({manifestation} changed shape, or the "
                     "URL serves something else, such as an error page).", details)
    prior = len(meta.conflicts)
    conflicts = merged.conflicts[prior:]
    significant = [c for c in conflicts if c.field in SIGNIFICANT_CONFLICTS]
    details["conflicts"] = [
        {"field": c.field, "record": c.kept, "document": c.other, "source": c.source} for c in conflicts
    ]
    facts = [f"{meta.doc_id} ({text.kind or meta.kind or '?'})", f"{len(data) / 1024:.1f} kB"]
    for label, value in (("submitted", text.submitted_on), ("received", text.received_on)):
        if value is not None:
            facts.append(f"{label} {value}")
    if text.items:
        facts.append(f"{len(text.items)} items")
    found = ", ".join(facts)
    if failures:
        found += f" (after {len(failures)} failed: {id_list(failures, 1)})"
    if significant:
        found += "; conflicts: " + "; ".join(f"{c.field} record {c.kept} vs document {c.other}"
                                             for c in significant)
        return Check(name, expected, found, DIFFERS,
                     "The document and its record disagree; the record's value is loaded and the "
                     "disagreement kept in `conflicts`. Check which one is right.", details)
    others = sorted({c.field for c in conflicts})
    found += "; parses, dates agree" + (f" (ignored differences: {', '.join(others)})" if others else "")
    if failures:
        lost = ("ingest records those as fetch_text rejects" if read_by_ingest
                else "ingest reads another manifestation of those documents")
        return Check(name, expected, found, DIFFERS,
                     f"Parses as the samples do, but some listed files were missing: {lost}.", details)
    return Check(name, expected, found, OK, "Parses as the samples do.", details)
