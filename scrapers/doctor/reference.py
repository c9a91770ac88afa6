"""Check 4, `reference record`: the sample document `ah-tk-20202021-3235` is found by
`dt.identifier` and its record still states what the recorded sample states.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from schemas.document import ParseError
from scrapers.doctor.report import DIFFERS, FAIL, OK, Check, id_list
from scrapers.doctor.series import record_id
from scrapers.http_client import FetchError
from scrapers.parse_metadata import meta_from_sru_record
from scrapers.parse_sru import parse_sru_record
from scrapers.settings import IDENTIFIER_INDEX
from scrapers.sru_client import SruDiagnosticError

if TYPE_CHECKING:
    from scrapers.doctor.context import DoctorRun


@dataclass(frozen=True, slots=True)
class Reference:
    """A real sample document whose record facts are known (source.md §2, `../samples/`)."""

    doc_id: str
    kind: str
    vraagnummer: str
    received_on: date


REFERENCE = Reference("ah-tk-20202021-3235", "answer", "2021Z09739", date(2021, 6, 21))


def expected_reference(run: DoctorRun) -> str:
    """The row's `expected` text."""
    ref = run.reference
    assert ref is not None
    return (f"{IDENTIFIER_INDEX}=={ref.doc_id} finds 1 record: {ref.kind}, vraagnummer {ref.vraagnummer}, "
            f"datumOntvangst {ref.received_on} (the recorded sample)")


def check_reference(run: DoctorRun) -> Check:
    """The sample document is found by id and still says what the recorded sample says."""
    ref = run.reference
    assert ref is not None
    name, expected = "reference record", expected_reference(run)
    query = run.sru.query_for_id(ref.doc_id)
    details: dict[str, Any] = {"query": query}
    try:
        page = run.page(query, 10)
    except SruDiagnosticError as exc:
        return Check(name, expected, f"diagnostic: {exc.message} ({exc.details or ''})", FAIL,
                     f"Lookups by id fail ({IDENTIFIER_INDEX}): `kamervragen fetch` and the re-try of "
                     "rejects at the end of every run would stop.", details)
    except FetchError as exc:
        return Check(name, expected, exc.reason, FAIL, "The lookup by id gets no SRU answer.", details)
    ids = [record_id(meta_from_sru_record(r), i) for i, r in enumerate(page.records, 1)]
    details["identifiers"] = ids
    record = next((r for r, i in zip(page.records, ids, strict=True) if i == ref.doc_id), None)
    if record is None:
        return Check(name, expected, f"{len(ids)} records ({id_list(ids) or 'none'}), not {ref.doc_id}", DIFFERS,
                     "The sample document is not found by its id: identifiers may have changed. Documents "
                     "are upserted by id, so compare a few by hand before a backfill.", details)
    try:
        doc = parse_sru_record(record, source=page.url)
    except ParseError as exc:
        return Check(name, expected, f"does not parse: {exc.reason}", FAIL,
                     "A record whose sample parses no longer does: the record shape changed.", details)
    run.reference_doc = doc
    diffs = [
        f"{label} {got} (sample: {want})"
        for label, got, want in (
            ("kind", doc.kind, ref.kind),
            ("vraagnummer", doc.vraagnummer, ref.vraagnummer),
            ("datumOntvangst", doc.received_on, ref.received_on),
        )
        if got != want
    ]
    found = (f"found: {doc.kind}, vraagnummer {doc.vraagnummer}, datumOntvangst {doc.received_on}, "
             f"manifestations {', '.join(sorted(m for m in doc.urls if m != 'preferred'))}")
    if len(ids) > 1:
        diffs.append(f"{len(ids)} records match the id")
    if diffs:
        return Check(name, expected, found + "; DIFFERS: " + "; ".join(diffs), DIFFERS,
                     "The live record no longer says what the recorded sample says: the source "
                     "regenerated it, or the samples are stale. Look before trusting old dates.", details)
    return Check(name, expected, found, OK, "Lookups by id work and the sample's facts still hold.", details)

