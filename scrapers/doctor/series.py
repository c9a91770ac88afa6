"""Check 2, `series questions` / `series answers`: the exact query ingest sends, over the recent
window, returns records with the fields the parsers need (identifier, vraagnummer, their dates,
ISO), and they parse. The records found (`Sample`) feed the document and notice checks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from lxml import etree

from schemas.document import Document, ParseError
from scrapers.doctor.report import DIFFERS, FAIL, OK, Check, counts_text, id_list, sentence
from scrapers.http_client import FetchError
from scrapers.parse_metadata import Meta, NotKamervragen, meta_from_sru_record
from scrapers.parse_sru import parse_sru_record
from scrapers.sru_client import SruDiagnosticError
from scrapers.texts import text_url

if TYPE_CHECKING:
    from scrapers.doctor.context import DoctorRun

# Leaf fields of a Kamervragen SRU record in the real samples and source.md §2 (lower-case,
# as `meta_from_sru_record` names them). Anything else is an extra field: harmless.
KNOWN_RECORD_FIELDS = frozenset({
    "identifier", "title", "type", "creator", "modified", "language", "available", "issued",
    "date", "subject", "hasversion", "product-area", "content-area", "vraagnummer",
    "aanhangsel", "aanhangselnummer", "datumontvangst", "datumindiening", "indiener", "ontvanger",
    "vergaderjaar", "documentstatus", "publicatienaam", "subrubriek", "organisatietype",
    "heeftmededeling", "mededelingover", "datumtijdstipwijzigingwork",
    "datumtijdstipwijzigingexpression",
})
# Fields the parsers read but can do without: absent from every sampled record is worth a note.
USEFUL_FIELDS = ("title", "modified", "subrubriek", "vergaderjaar", "indiener")
# Metadata date fields; source.md §5: `YYYY-MM-DD` (an ISO time part is tolerated).
DATE_FIELDS = {
    "datumindiening": "datumIndiening", "datumontvangst": "datumOntvangst",
    "modified": "modified", "issued": "issued", "available": "available", "date": "date",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


@dataclass(slots=True)
class Sample:
    """What one series query returned, parsed and inspected."""

    docs: list[Document] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    notice_kinds: Counter[str] = field(default_factory=Counter)
    other_kinds: list[str] = field(default_factory=list)
    parse_errors: list[str] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)
    non_iso: list[str] = field(default_factory=list)
    outside_window: list[str] = field(default_factory=list)
    no_text: list[str] = field(default_factory=list)
    wrong_series: list[str] = field(default_factory=list)
    extra_fields: Counter[str] = field(default_factory=Counter)
    fields_seen: set[str] = field(default_factory=set)


def record_id(meta: Meta, position: int) -> str:
    """The record's identifier, or its position when it has none."""
    return meta.first("identifier") or f"record #{position}"


def inspect_records(records: Iterable[etree._Element], series: str, since: date, source: str) -> Sample:
    """Parse and inspect the records one series query returned."""
    sample = Sample()
    expected_kinds = {"question"} if series == "questions" else {"answer", "supplementary_answer", "notice"}
    for position, record in enumerate(records, 1):
        meta = meta_from_sru_record(record)
        rid = record_id(meta, position)
        sample.fields_seen.update(meta.values)
        sample.extra_fields.update(n for n in meta.values if n not in KNOWN_RECORD_FIELDS)
        for name, label in DATE_FIELDS.items():
            for value in meta.all(name):
                if not _ISO_DATE.match(value):
                    sample.non_iso.append(f"{rid} {label}={value!r}")
        modified = meta.first("modified")
        if modified and _ISO_DATE.match(modified) and modified[:10] < since.isoformat():
            sample.outside_window.append(rid)
        try:
            doc = parse_sru_record(record, source=source)
        except NotKamervragen as exc:
            sample.other_kinds.append(f"{rid} ({exc.reason})")
            continue
        except ParseError as exc:
            sample.parse_errors.append(f"{rid}: {exc.reason}")
            if not meta.first("identifier"):
                sample.missing.setdefault("identifier", []).append(rid)
            continue
        sample.docs.append(doc)
        kind = doc.kind or "?"
        sample.kinds[kind] += 1
        if kind == "notice":
            sample.notice_kinds[doc.notice_kind or "?"] += 1
        if kind not in expected_kinds:
            sample.wrong_series.append(f"{rid} ({kind})")
        required = ["vraagnummer", "datumindiening" if kind == "question" else "datumontvangst"]
        for name in required:
            if not meta.first(name):
                sample.missing.setdefault(name, []).append(rid)
        if text_url(doc) is None:
            sample.no_text.append(rid)
    return sample


# --- the check ---------------------------------------------------------------------------------
def expected_series(run: DoctorRun, series: str) -> str:
    """The row's `expected` text."""
    if series == "questions":
        what = "questions with identifier, vraagnummer, datumIndiening"
    else:
        what = "answers and notices with identifier, vraagnummer, datumOntvangst"
    return (
        f"≥1 record modified in the last {run.window_days} days ({run.settings.incremental_date_index}); "
        f"{what}; ISO dates; every record parses"
    )


def check_series(run: DoctorRun, series: str) -> Check:
    """One small query for `series` over the recent window, inspected record by record."""
    name, expected = f"series {series}", expected_series(run, series)
    query = run.sru.build_query(series, since=run.since, index=run.settings.incremental_date_index)
    details: dict[str, Any] = {"query": query}
    try:
        page = run.page(query, run.sample_size)
    except SruDiagnosticError as exc:
        return Check(
            name, expected, f"diagnostic: {exc.message}" + (f" ({exc.details})" if exc.details else ""),
            FAIL,
            "The service refuses the query ingest sends: every run would stop at its first page. "
            "An index or a value changed (see the explain row; values with spaces need quotes).",
            {**details, "uri": exc.uri},
        )
    except FetchError as exc:
        return Check(name, expected, exc.reason, FAIL,
                     "The query ingest sends does not get an SRU answer.", details)
    details["number_of_records"] = page.number_of_records
    details["returned"] = len(page.records)
    if not page.records:
        return Check(
            name, expected, f"0 records (numberOfRecords {page.number_of_records})", FAIL,
            "Ingest would load nothing from this series and still report success: the series name "
            f"(KAMERVRAGEN_SERIES_{series.upper()}) or the date index no longer selects anything.",
            details,
        )
    sample = inspect_records(page.records, series, run.since, page.url)
    run.samples[series] = sample
    return _series_verdict(run, name, expected, series, sample, len(page.records), page.number_of_records,
                           details)


def _series_verdict(
    run: DoctorRun, name: str, expected: str, series: str, s: Sample, returned: int, total: int | None,
    details: dict[str, Any],
) -> Check:
    found = f"{returned} records" + (f" of {total}" if total is not None and total != returned else "")
    if s.kinds:
        found += ": " + counts_text(s.kinds)
    if s.notice_kinds:
        found += f" (notices: {counts_text(s.notice_kinds)})"
    details.update({
        "kinds": dict(s.kinds), "notice_kinds": dict(s.notice_kinds),
        "sample_ids": [d.doc_id for d in s.docs[:10]],
        "parse_errors": s.parse_errors, "missing": s.missing, "non_iso_dates": s.non_iso,
        "other_kinds": s.other_kinds, "wrong_series": s.wrong_series,
        "outside_window": s.outside_window, "no_text_manifestation": s.no_text,
        "extra_fields": sorted(s.extra_fields),
    })
    fails: list[tuple[str, str]] = []
    for field_name, ids in s.missing.items():
        label = DATE_FIELDS.get(field_name, field_name)
        fails.append((f"{len(ids)} lack {label} ({id_list(ids)})", {
            "vraagnummer": "such a document cannot be linked to its question set",
            "datumontvangst": "an answer or notice without its received date is refused or makes its "
                              "set look late",
            "datumindiening": "a question without its submitted date has no due date",
            "identifier": "a record without an id cannot be stored",
        }.get(field_name, "a field the parsers need")))
    if s.non_iso:
        fails.append((f"{len(s.non_iso)} dates not ISO ({id_list(s.non_iso, 2)})",
                      "source.md says YYYY-MM-DD; other date formats are refused or misread"))
    if s.parse_errors:
        fails.append((f"{len(s.parse_errors)} do not parse ({id_list(s.parse_errors, 2)})",
                      "these records would become rejects, not documents"))
    differs: list[tuple[str, str]] = []
    if s.other_kinds:
        differs.append((f"{len(s.other_kinds)} of other kinds ({id_list(s.other_kinds, 2)})",
                        "ingest skips them; the series filter lets more through than expected"))
    if s.wrong_series:
        differs.append((f"{len(s.wrong_series)} of another kind than the series ({id_list(s.wrong_series, 2)})",
                        "ingest classifies each record itself, so they still load correctly"))
    if s.outside_window:
        differs.append((f"{len(s.outside_window)} modified before {run.since} ({id_list(s.outside_window)})",
                        "the date filter is not applied as expected: runs fetch more than they need"))
    if s.no_text:
        differs.append((f"{len(s.no_text)} list no xml/html/pdf ({id_list(s.no_text)})",
                        "their metadata loads, but parties, ministries and items need a text"))
    if s.extra_fields:
        differs.append(("extra fields: " + ", ".join(sorted(s.extra_fields)),
                        "new fields the parsers ignore: harmless"))
    absent = [f for f in USEFUL_FIELDS if f not in s.fields_seen]
    if absent:
        differs.append(("no record has " + ", ".join(absent),
                        "fields the parsers use when present; the documents' texts fill the gap"))
    problems = fails or differs
    if problems:
        found += "; " + "; ".join(p for p, _ in problems)
    if fails:
        return Check(name, expected, found, FAIL, sentence(m for _, m in fails), details)
    if differs:
        return Check(name, expected, found, DIFFERS, sentence(m for _, m in differs), details)
    what = "dates and links" if series != "questions" else "submitted dates"
    return Check(name, expected, found + "; all fields present, all parse", OK,
                 f"Records carry what the parsers need ({what} included).", details)

