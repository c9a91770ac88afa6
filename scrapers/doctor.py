"""`kamervragen doctor`: check, at first contact, that the live SRU service is what we assumed.

Everything the pipeline knows about the source (`../shared/docs/source.md`) was learnt from
recorded samples. The doctor asks the service a handful of questions (at most `max_requests`
HTTP requests, paced like every other run) and compares each answer with that knowledge:

1. the explain record lists the indexes the configured queries use;
2. one small query per series (questions; answers + notices) over a recent window returns
   records with the fields the parsers need, and they parse;
3. the backfill date index selects records, on their `dcterms:date`;
4. the reference document of the samples (`ah-tk-20202021-3235`) is found by `dt.identifier`
   and still states what the sample states;
5. the largest accepted page size (`maximumRecords` 1000, 500, 100) and whether
   `nextRecordPosition` stays consistent when the server caps a page;
6. one document per manifestation (xml, html, pdf, metadata, metadataowms), taken from the
   records' `itemUrl`s, downloads and parses, its dates agreeing with its record;
7. a few notices (Mededelingen): each text says which kind it is (delay, withdrawn, answered
   elsewhere) and agrees with its title; an unclassified one is a set flagged for review;
8. politeness: the number of requests and their pacing.

Each check is a row with a verdict: `OK`, `DIFFERS` (a harmless difference: a capped page
size, extra fields, a check that could not run) or `FAIL` (a difference that would load wrong
or no data). `DoctorReport.exit_code` is 1 when any row FAILs, else 0.

Prefect-free and DuckDB-free: it only uses the HTTP/SRU clients and the pure parsers.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx
from lxml import etree

from schemas.document import Document, ParseError
from scrapers.http_client import FetchError, HttpClient, NotFoundError, TooLargeError
from scrapers.merge import merge_documents
from scrapers.parse_any import parse_bytes
from scrapers.parse_metadata import Meta, NotKamervragen, meta_from_sru_record
from scrapers.parse_sru import parse_sru_record
from scrapers.settings import IDENTIFIER_INDEX, SRU_VERSION, ClientSettings
from scrapers.sru_client import SruClient, SruDiagnosticError, SruPage, next_start
from scrapers.texts import TEXT_PREFERENCE, combine, parse_text_bytes, text_url
from scrapers.xmlsafe import UnsafeXmlError, local, parse_xml

Verdict = Literal["OK", "DIFFERS", "FAIL"]
OK: Verdict = "OK"
DIFFERS: Verdict = "DIFFERS"
FAIL: Verdict = "FAIL"
_RANK = {OK: 0, DIFFERS: 1, FAIL: 2}

DEFAULT_WINDOW_DAYS = 30
DEFAULT_SAMPLE_SIZE = 50
DEFAULT_MAX_REQUESTS = 30
MAX_ATTEMPTS = 2  # per request: a first contact should be quick, not persistent
PAGE_SIZE_PROBES = (1000, 500, 100)
MANIFESTATIONS = ("xml", "html", "pdf", "metadata", "metadataowms")
TRIES_PER_MANIFESTATION = 2  # documents tried per manifestation when a download fails
BACKFILL_SAMPLE = 10

# source.md §2: the explain record as wetsuite parsed it (version 1.2, x-connection).
EXPLAIN_FALLBACK_PARAMS: Mapping[str, str] = {"version": "1.2", "x-connection": "officielepublicaties"}
# source.md §2 "Useful indexes": documented, but only those in the configured queries are needed.
DOCUMENTED_INDEXES = (
    "dt.identifier", "dt.title", "dt.type", "dt.modified", "dt.issued", "dt.available", "dt.date",
    "c.product-area", "w.publicatienaam", "w.organisatietype", "w.vergaderjaar", "w.documentstatus",
    "w.subrubriek", "w.vraagnummer", "w.aanhangsel", "w.aanhangselnummer", "w.datumIndiening",
    "w.datumOntvangst", "w.indiener", "w.ontvanger", "w.heeftMededeling", "w.mededelingOver",
)
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
# Conflicts between a document and its record that would change a status if the text won.
SIGNIFICANT_CONFLICTS = ("submitted_on", "received_on", "vraagnummer", "kind", "notice_kind")
NOTICE_SAMPLE = 3  # notices whose texts the doctor reads
_CQL_INDEX = re.compile(r"(?<![\w.\"-])([A-Za-z][\w-]*\.[A-Za-z][\w.-]*)\s*(?:==|<>|>=|<=|=|>|<)")
_CQL_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass(frozen=True, slots=True)
class Reference:
    """A real sample document whose record facts are known (source.md §2, `../samples/`)."""

    doc_id: str
    kind: str
    vraagnummer: str
    received_on: date


REFERENCE = Reference("ah-tk-20202021-3235", "answer", "2021Z09739", date(2021, 6, 21))


@dataclass(slots=True)
class Check:
    """One row of the report."""

    name: str
    expected: str
    found: str
    verdict: Verdict
    meaning: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "check": self.name,
            "expected": self.expected,
            "found": self.found,
            "verdict": self.verdict,
            "meaning": self.meaning,
            "details": self.details,
        }


@dataclass(slots=True)
class DoctorReport:
    """Every check, the requests made and the overall verdict."""

    sru_url: str
    started_at: datetime
    since: date
    until: date
    date_index: str
    checks: list[Check]
    requests: list[tuple[float, str]]
    retries: int
    elapsed: float
    max_requests: int
    min_interval: float
    user_agent: str

    @property
    def verdict(self) -> Verdict:
        """The worst verdict of all checks."""
        return max((c.verdict for c in self.checks), key=_RANK.__getitem__, default=OK)

    @property
    def exit_code(self) -> int:
        """1 when a check FAILs (a difference that would load wrong data), else 0."""
        return 1 if self.verdict == FAIL else 0

    def counts(self) -> dict[str, int]:
        """Number of checks per verdict."""
        tally = Counter(c.verdict for c in self.checks)
        return {v: tally.get(v, 0) for v in (OK, DIFFERS, FAIL)}

    def check(self, name: str) -> Check:
        """The check called `name` (KeyError if absent)."""
        for c in self.checks:
            if c.name == name:
                return c
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the `--format json` output)."""
        return {
            "sru_url": self.sru_url,
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "window": {
                "since": self.since.isoformat(),
                "until": self.until.isoformat(),
                "index": self.date_index,
            },
            "verdict": self.verdict,
            "exit_code": self.exit_code,
            "counts": self.counts(),
            "checks": [c.to_dict() for c in self.checks],
            "requests": {
                "count": len(self.requests),
                "retries": self.retries,
                "max": self.max_requests,
                "min_interval": self.min_interval,
                "elapsed_seconds": round(self.elapsed, 3),
                "user_agent": self.user_agent,
                "log": [{"at": round(t, 3), "url": u} for t, u in self.requests],
            },
        }


class _NotRun(Exception):
    """A check that could not run: the request budget is spent or the service is unreachable."""

    def __init__(self, reason: str, verdict: Verdict):
        self.reason = reason
        self.verdict = verdict
        super().__init__(reason)


class _DoctorHttp(HttpClient):
    """`HttpClient` that logs every request it sends, keeps to a request budget, and stops
    asking once the service has twice failed to answer at all."""

    def __init__(self, settings: ClientSettings, *, max_requests: int, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.max_requests = max_requests
        self.sent: list[tuple[float, str]] = []
        self.unreachable: str | None = None
        self._transport_failures = 0
        self._t0 = time.monotonic()

    def _on_request(self, request: httpx.Request) -> None:
        super()._on_request(request)  # waits for the host's slot, counts
        with self._lock:
            self.sent.append((time.monotonic() - self._t0, str(request.url)))

    def get(self, url: str, params: Mapping[str, Any] | None = None) -> httpx.Response:
        """`HttpClient.get`, refused (`_NotRun`) past the budget or after the service went silent."""
        if self.unreachable is not None:
            raise _NotRun(f"not run: the service does not answer ({self.unreachable})", FAIL)
        if self.request_count >= self.max_requests:
            raise _NotRun(f"not run: the request budget of {self.max_requests} is spent", DIFFERS)
        try:
            response = super().get(url, params)
        except FetchError as exc:
            no_answer = exc.status is None and not isinstance(exc, NotFoundError | TooLargeError)
            self._transport_failures = self._transport_failures + 1 if no_answer else 0
            if self._transport_failures >= 2:
                self.unreachable = exc.reason
            raise
        self._transport_failures = 0
        return response


# --- explain ---------------------------------------------------------------------------------
@dataclass(slots=True)
class ExplainInfo:
    """What an SRU explain (ZeeRex) record says."""

    indexes: list[str]
    sets: dict[str, str]
    number_of_records: int | None = None
    max_records: int | None = None
    version: str | None = None


class ExplainError(ValueError):
    """The body is not a usable explain record (diagnostics, another document, bad XML)."""


def _child(el: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in el if local(c.tag) == name), None)


def _int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def parse_explain(content: bytes) -> ExplainInfo:
    """Parse an explain response (SRU 1.2 or 2.0, any prefixes) into `ExplainInfo`.

    Indexes are `set.name` as listed in `indexInfo/index/map/name[@set]`.
    """
    try:
        root = parse_xml(content)
    except UnsafeXmlError as exc:
        raise ExplainError(f"not XML ({exc})") from None
    for el in root.iter():
        if local(el.tag) == "diagnostic":
            text = " ".join(" ".join(el.itertext()).split())
            raise ExplainError(f"diagnostic: {text}")
    explain = next((el for el in root.iter() if local(el.tag) == "explain"), None)
    if explain is None:
        raise ExplainError(f"no explain record (root element <{local(root.tag)}>)")
    info = ExplainInfo(indexes=[], sets={})
    version = _child(root, "version")
    info.version = (version.text or "").strip() if version is not None else None
    for el in explain.iter():
        name = local(el.tag)
        if name == "database":
            info.number_of_records = _int(el.get("numRecs"))
        elif name == "set" and local(el.getparent().tag) == "indexinfo":
            info.sets[el.get("name", "")] = el.get("identifier", "")
        elif name == "name" and local(el.getparent().tag) == "map":
            set_name = el.get("set") or el.getparent().get("set") or ""
            index = (el.text or "").strip()
            if index:
                info.indexes.append(f"{set_name}.{index}" if set_name else index)
        elif name == "setting" and (el.get("type") or "").lower() == "maximumrecords":
            info.max_records = _int(el.text)
    if not info.indexes:
        raise ExplainError("the explain record lists no indexes")
    return info


def query_indexes(settings: ClientSettings) -> dict[str, str]:
    """Every CQL index the configured queries use → the setting that puts it there."""
    used: dict[str, str] = {}

    def add(cql: str, source: str) -> None:
        for index in _CQL_INDEX.findall(_CQL_QUOTED.sub('""', cql)):
            used.setdefault(index, source)

    add(settings.base_filter, "KAMERVRAGEN_BASE_FILTER")
    for series, cql in settings.series.items():
        add(cql, f"KAMERVRAGEN_SERIES_{series.upper()}")
    used.setdefault(settings.incremental_date_index, "KAMERVRAGEN_INCREMENTAL_DATE_INDEX")
    used.setdefault(settings.backfill_date_index, "KAMERVRAGEN_BACKFILL_DATE_INDEX")
    used.setdefault(IDENTIFIER_INDEX, "lookups by id (fetch, re-tried rejects)")
    return used


# --- records ---------------------------------------------------------------------------------
@dataclass(slots=True)
class _Sample:
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


def _ids(ids: list[str], limit: int = 3) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f", … (+{len(ids) - limit})" if len(ids) > limit else "")


def _counts(counter: Mapping[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _record_id(meta: Meta, position: int) -> str:
    return meta.first("identifier") or f"record #{position}"


def _inspect(records: Iterable[etree._Element], series: str, since: date, source: str) -> _Sample:
    sample = _Sample()
    expected_kinds = {"question"} if series == "questions" else {"answer", "supplementary_answer", "notice"}
    for position, record in enumerate(records, 1):
        meta = meta_from_sru_record(record)
        rid = _record_id(meta, position)
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


# --- the doctor ------------------------------------------------------------------------------
class Doctor:
    """Runs the checks against one SRU endpoint; `run()` returns the `DoctorReport`."""

    def __init__(
        self,
        settings: ClientSettings | None = None,
        *,
        sru_url: str | None = None,
        today: date | None = None,
        window_days: int = DEFAULT_WINDOW_DAYS,
        sample_size: int = DEFAULT_SAMPLE_SIZE,
        max_requests: int = DEFAULT_MAX_REQUESTS,
        reference: Reference | None = REFERENCE,
        transport: httpx.BaseTransport | None = None,
    ):
        """`settings` default to `ClientSettings.from_env()`; `sru_url` overrides theirs."""
        if window_days < 1 or sample_size < 1 or max_requests < 1:
            raise ValueError("window_days, sample_size and max_requests must be >= 1")
        settings = settings or ClientSettings.from_env()
        if sru_url:
            settings = replace(settings, sru_url=sru_url)
        self.settings = settings
        self.today = today or date.today()
        self.since = self.today - timedelta(days=window_days)
        self.window_days = window_days
        self.sample_size = sample_size
        self.max_requests = max_requests
        self.reference = reference
        self.http = _DoctorHttp(
            settings,
            max_requests=max_requests,
            max_attempts=min(settings.max_attempts, MAX_ATTEMPTS),
            transport=transport,
        )
        self.sru = SruClient(self.http, settings=settings)
        self.samples: dict[str, _Sample] = {}
        self.reference_doc: Document | None = None
        self.explain: ExplainInfo | None = None

    # --- running ----------------------------------------------------------------------------
    def run(self) -> DoctorReport:
        """Run every check (in order, sequentially) and return the report."""
        started = datetime.now(UTC)
        t0 = time.monotonic()
        checks: list[Check] = []
        try:
            checks.append(self._guarded("explain", self._expected_explain(), self.check_explain))
            for series in self.settings.series:
                checks.append(
                    self._guarded(
                        f"series {series}", self._expected_series(series),
                        lambda s=series: self.check_series(s),
                    )
                )
            checks.append(
                self._guarded("backfill date index", self._expected_backfill(), self.check_backfill_index)
            )
            if self.reference is not None:
                checks.append(
                    self._guarded("reference record", self._expected_reference(), self.check_reference)
                )
            checks.append(self._guarded("page size", self._expected_page_size(), self.check_page_size))
            for manifestation in MANIFESTATIONS:
                checks.append(
                    self._guarded(
                        f"document {manifestation}", self._expected_document(manifestation),
                        lambda m=manifestation: self.check_document(m),
                    )
                )
            checks.append(self._guarded("notice texts", self._expected_notices(), self.check_notices))
            elapsed = time.monotonic() - t0
            checks.append(self.check_politeness(elapsed))
        finally:
            self.http.close()
        return DoctorReport(
            sru_url=self.settings.sru_url,
            started_at=started,
            since=self.since,
            until=self.today,
            date_index=self.settings.incremental_date_index,
            checks=checks,
            requests=list(self.http.sent),
            retries=self.http.retry_count,
            elapsed=time.monotonic() - t0,
            max_requests=self.max_requests,
            min_interval=self.http.min_interval,
            user_agent=self.http.user_agent,
        )

    def _guarded(self, name: str, expected: str, run: Callable[[], Check]) -> Check:
        """Run one check; a check that cannot run, or crashes, still gives a row."""
        try:
            return run()
        except _NotRun as exc:
            meaning = (
                "The service did not answer at all: check the URL (--sru-url / KAMERVRAGEN_SRU_URL), "
                "the network and any proxy."
                if exc.verdict == FAIL
                else "Not checked: raise --max-requests to check it too."
            )
            return Check(name, expected, exc.reason, exc.verdict, meaning)
        except Exception as exc:  # a doctor must always print its table
            return Check(
                name, expected, f"doctor error: {type(exc).__name__}: {exc}", FAIL,
                "The doctor itself failed on this answer; the answer is unusual enough to look at.",
            )

    def _page(self, query: str, maximum: int) -> SruPage:
        """The first page of `query`, `maximum` records asked."""
        return self.sru.fetch_page(query, 1, maximum=maximum)

    # --- 1. explain -------------------------------------------------------------------------
    def _expected_explain(self) -> str:
        return "lists the indexes the queries use: " + ", ".join(query_indexes(self.settings))

    def check_explain(self) -> Check:
        """The explain record lists every index the configured queries use."""
        name, expected = "explain", self._expected_explain()
        errors: list[str] = []
        info: ExplainInfo | None = None
        used_params: dict[str, str] = {}
        for extra in ({"version": SRU_VERSION}, EXPLAIN_FALLBACK_PARAMS):
            params = {"operation": "explain", **extra}
            try:
                response = self.http.get(self.settings.sru_url, params)
                info = parse_explain(response.content)
            except (FetchError, ExplainError) as exc:
                reason = exc.reason if isinstance(exc, FetchError) else str(exc)
                errors.append(f"version {extra['version']}: {reason}")
                if self.http.unreachable:
                    break
                continue
            used_params = params
            break
        if info is None:
            if self.http.unreachable:
                raise _NotRun(f"no answer: {'; '.join(errors)}", FAIL)
            return Check(
                name, expected, "no explain record: " + "; ".join(errors), DIFFERS,
                "Cannot compare the index list; the series queries below use the indexes directly "
                "(an unknown index shows there as a diagnostic).",
                {"errors": errors},
            )
        self.explain = info
        listed = {i.lower() for i in info.indexes}
        used = query_indexes(self.settings)
        missing = {i: src for i, src in used.items() if i.lower() not in listed}
        undocumented = [i for i in DOCUMENTED_INDEXES if i.lower() not in listed and i not in used]
        details = {
            "params": used_params,
            "indexes_listed": len(info.indexes),
            "number_of_records": info.number_of_records,
            "max_records_setting": info.max_records,
            "used": sorted(used),
            "missing_used": sorted(missing),
            "missing_documented": undocumented,
        }
        found = f"{len(info.indexes)} indexes"
        if info.number_of_records is not None:
            found += f", {info.number_of_records} records"
        if missing:
            found += "; MISSING: " + ", ".join(missing)
            meaning = "; ".join(f"{i} (from {src})" for i, src in missing.items())
            return Check(
                name, expected, found, FAIL,
                f"Not listed: {meaning}. A query on an index the service does not know is refused or, "
                "worse, silently ignored (a wrong window). Point the setting at an index it lists.",
                details,
            )
        found += f"; all {len(used)} used indexes listed"
        if undocumented:
            found += "; not listed (unused): " + ", ".join(undocumented)
            return Check(
                name, expected, found, DIFFERS,
                "Indexes source.md documents are gone, but no query uses them: harmless for now.",
                details,
            )
        return Check(name, expected, found, OK, "Every index the queries use exists.", details)

    # --- 2. series --------------------------------------------------------------------------
    def _expected_series(self, series: str) -> str:
        if series == "questions":
            what = "questions with identifier, vraagnummer, datumIndiening"
        else:
            what = "answers and notices with identifier, vraagnummer, datumOntvangst"
        return (
            f"≥1 record modified in the last {self.window_days} days ({self.settings.incremental_date_index}); "
            f"{what}; ISO dates; every record parses"
        )

    def check_series(self, series: str) -> Check:
        """One small query for `series` over the recent window, inspected record by record."""
        name, expected = f"series {series}", self._expected_series(series)
        query = self.sru.build_query(series, since=self.since, index=self.settings.incremental_date_index)
        details: dict[str, Any] = {"query": query}
        try:
            page = self._page(query, self.sample_size)
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
        sample = _inspect(page.records, series, self.since, page.url)
        self.samples[series] = sample
        return self._series_verdict(name, expected, series, sample, len(page.records), page.number_of_records,
                                    details)

    def _series_verdict(
        self, name: str, expected: str, series: str, s: _Sample, returned: int, total: int | None,
        details: dict[str, Any],
    ) -> Check:
        found = f"{returned} records" + (f" of {total}" if total is not None and total != returned else "")
        if s.kinds:
            found += ": " + _counts(s.kinds)
        if s.notice_kinds:
            found += f" (notices: {_counts(s.notice_kinds)})"
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
            fails.append((f"{len(ids)} lack {label} ({_ids(ids)})", {
                "vraagnummer": "such a document cannot be linked to its question set",
                "datumontvangst": "an answer or notice without its received date is refused or makes its "
                                  "set look late",
                "datumindiening": "a question without its submitted date has no due date",
                "identifier": "a record without an id cannot be stored",
            }.get(field_name, "a field the parsers need")))
        if s.non_iso:
            fails.append((f"{len(s.non_iso)} dates not ISO ({_ids(s.non_iso, 2)})",
                          "source.md says YYYY-MM-DD; other date formats are refused or misread"))
        if s.parse_errors:
            fails.append((f"{len(s.parse_errors)} do not parse ({_ids(s.parse_errors, 2)})",
                          "these records would become rejects, not documents"))
        differs: list[tuple[str, str]] = []
        if s.other_kinds:
            differs.append((f"{len(s.other_kinds)} of other kinds ({_ids(s.other_kinds, 2)})",
                            "ingest skips them; the series filter lets more through than expected"))
        if s.wrong_series:
            differs.append((f"{len(s.wrong_series)} of another kind than the series ({_ids(s.wrong_series, 2)})",
                            "ingest classifies each record itself, so they still load correctly"))
        if s.outside_window:
            differs.append((f"{len(s.outside_window)} modified before {self.since} ({_ids(s.outside_window)})",
                            "the date filter is not applied as expected: runs fetch more than they need"))
        if s.no_text:
            differs.append((f"{len(s.no_text)} list no xml/html/pdf ({_ids(s.no_text)})",
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
            return Check(name, expected, found, FAIL, _sentence(m for _, m in fails), details)
        if differs:
            return Check(name, expected, found, DIFFERS, _sentence(m for _, m in differs), details)
        what = "dates and links" if series != "questions" else "submitted dates"
        return Check(name, expected, found + "; all fields present, all parse", OK,
                     f"Records carry what the parsers need ({what} included).", details)

    # --- 3. backfill index ------------------------------------------------------------------
    def _expected_backfill(self) -> str:
        return (f"{self.settings.backfill_date_index} selects answers dated in the last "
                f"{self.window_days} days (by dcterms:date)")

    def check_backfill_index(self) -> Check:
        """The backfill date index is accepted and selects on the record's date."""
        name, expected = "backfill date index", self._expected_backfill()
        index = self.settings.backfill_date_index
        series = "answers" if "answers" in self.settings.series else next(iter(self.settings.series))
        query = self.sru.build_query(series, since=self.since, until=self.today, index=index)
        details: dict[str, Any] = {"query": query}
        try:
            page = self._page(query, min(BACKFILL_SAMPLE, self.sample_size))
        except SruDiagnosticError as exc:
            return Check(name, expected, f"diagnostic: {exc.message} ({exc.details or ''})", FAIL,
                         f"Backfills would stop at their first page: the service refuses {index} "
                         "(KAMERVRAGEN_BACKFILL_DATE_INDEX).", details)
        except FetchError as exc:
            return Check(name, expected, exc.reason, FAIL, "The backfill query gets no SRU answer.", details)
        details["number_of_records"] = page.number_of_records
        if not page.records:
            return Check(name, expected, f"0 records (numberOfRecords {page.number_of_records})", FAIL,
                         f"A backfill over this window would load nothing: {index} selects no record.",
                         details)
        outside: list[str] = []
        lo, hi = self.since.isoformat(), self.today.isoformat()
        for position, record in enumerate(page.records, 1):
            meta = meta_from_sru_record(record)
            dates = [v[:10] for n in ("date", "available", "issued") for v in meta.all(n)]
            if dates and not any(lo <= d <= hi for d in dates):
                outside.append(f"{_record_id(meta, position)} ({', '.join(dates)})")
        details["outside_window"] = outside
        found = f"{len(page.records)} records (numberOfRecords {page.number_of_records})"
        if outside:
            return Check(name, expected, f"{found}; {len(outside)} dated outside it ({_ids(outside, 2)})", DIFFERS,
                         f"{index} selects on another date than dcterms:date: backfill windows are not the "
                         "dates they say (ingest upserts by id, so nothing is duplicated).", details)
        return Check(name, expected, found + ", all dated in the window", OK,
                     "Backfills select by the date they ask for.", details)

    # --- 4. reference record ----------------------------------------------------------------
    def _expected_reference(self) -> str:
        ref = self.reference
        assert ref is not None
        return (f"{IDENTIFIER_INDEX}=={ref.doc_id} finds 1 record: {ref.kind}, vraagnummer {ref.vraagnummer}, "
                f"datumOntvangst {ref.received_on} (the recorded sample)")

    def check_reference(self) -> Check:
        """The sample document is found by id and still says what the recorded sample says."""
        ref = self.reference
        assert ref is not None
        name, expected = "reference record", self._expected_reference()
        query = self.sru.query_for_id(ref.doc_id)
        details: dict[str, Any] = {"query": query}
        try:
            page = self._page(query, 10)
        except SruDiagnosticError as exc:
            return Check(name, expected, f"diagnostic: {exc.message} ({exc.details or ''})", FAIL,
                         f"Lookups by id fail ({IDENTIFIER_INDEX}): `kamervragen fetch` and the re-try of "
                         "rejects at the end of every run would stop.", details)
        except FetchError as exc:
            return Check(name, expected, exc.reason, FAIL, "The lookup by id gets no SRU answer.", details)
        ids = [_record_id(meta_from_sru_record(r), i) for i, r in enumerate(page.records, 1)]
        details["identifiers"] = ids
        record = next((r for r, i in zip(page.records, ids, strict=True) if i == ref.doc_id), None)
        if record is None:
            return Check(name, expected, f"{len(ids)} records ({_ids(ids) or 'none'}), not {ref.doc_id}", DIFFERS,
                         "The sample document is not found by its id: identifiers may have changed. Documents "
                         "are upserted by id, so compare a few by hand before a backfill.", details)
        try:
            doc = parse_sru_record(record, source=page.url)
        except ParseError as exc:
            return Check(name, expected, f"does not parse: {exc.reason}", FAIL,
                         "A record whose sample parses no longer does: the record shape changed.", details)
        self.reference_doc = doc
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

    # --- 5. page size -----------------------------------------------------------------------
    def _expected_page_size(self) -> str:
        return (f"configured page size {self.settings.page_size} accepted (source.md: no documented cap, "
                "10–1000 used in practice)")

    def check_page_size(self) -> Check:
        """Probe `maximumRecords` from large to small; report what the server returns or caps."""
        name, expected = "page size", self._expected_page_size()
        configured = self.settings.page_size
        series = "answers" if "answers" in self.settings.series else next(iter(self.settings.series))
        query = self.sru.build_query(series)
        probes = sorted({*PAGE_SIZE_PROBES, configured}, reverse=True)
        tried: list[dict[str, Any]] = []
        details: dict[str, Any] = {"query": query, "probes": tried, "configured": configured}
        if self.explain is not None and self.explain.max_records is not None:
            details["explain_max_records"] = self.explain.max_records
        accepted: int | None = None
        cap: int | None = None
        everything: int | None = None
        for size in probes:
            try:
                page = self._page(query, size)
            except SruDiagnosticError as exc:
                tried.append({"maximumRecords": size, "result": f"diagnostic: {exc.message}"})
                continue
            except FetchError as exc:
                tried.append({"maximumRecords": size, "result": exc.reason})
                continue
            got, total, nxt = len(page.records), page.number_of_records, page.next_position
            tried.append({"maximumRecords": size, "returned": got, "numberOfRecords": total,
                          "nextRecordPosition": nxt})
            more = nxt is not None or (total is not None and total > got)
            paging = _paging_problem(got, total, nxt, page.url) if more else None
            if paging is not None:
                details["paging"] = paging[1]
                if paging[0] == FAIL:
                    return Check(
                        name, expected, f"maximumRecords {size}: {got} records, nextRecordPosition {nxt}",
                        FAIL, paging[1], details)
            if got >= size:
                accepted = size
            elif more:
                cap = got
            elif got:
                everything = got  # the whole result fits: the size is accepted, the cap unknown
            else:
                tried[-1]["result"] = "no records"
                continue
            break
        details.update({"accepted": accepted, "cap": cap})
        if "paging" in details:  # a harmless paging quirk (see `_paging_problem`)
            last = tried[-1]
            found = (f"maximumRecords {last['maximumRecords']}: {last['returned']} records, "
                     f"nextRecordPosition {last['nextRecordPosition']}")
            return Check(name, expected, found, DIFFERS, details["paging"], details)
        if cap is not None:
            found = f"capped at {cap} (asked {tried[-1]['maximumRecords']}); nextRecordPosition consistent"
            if cap >= configured:
                return Check(name, expected, found, OK, "The configured page size is within the cap.", details)
            return Check(name, expected, found, DIFFERS,
                         f"Harmless: ingest follows nextRecordPosition, so smaller pages lose nothing; "
                         f"set KAMERVRAGEN_PAGE_SIZE={cap} to match.", details)
        if everything is not None:
            return Check(name, expected, f"the whole series ({everything} records) fits one page", OK,
                         "No cap reached (the series is smaller than the probes).", details)
        if accepted is None:
            return Check(name, expected, "no page size accepted: " + _probe_summary(tried), FAIL,
                         "Paged queries do not work: ingest cannot read the series.", details)
        found = f"{accepted} accepted" + (f" ({_probe_summary(tried[:-1])})" if len(tried) > 1 else "")
        if accepted >= configured:
            return Check(name, expected, found, OK, "The configured page size is accepted.", details)
        return Check(name, expected, found, FAIL,
                     f"The configured page size {configured} is refused, so every ingest page would fail: "
                     f"set KAMERVRAGEN_PAGE_SIZE={accepted}.", details)

    # --- 6. documents -----------------------------------------------------------------------
    def _expected_document(self, manifestation: str) -> str:
        use = ("the text ingest reads" if manifestation in TEXT_PREFERENCE
               else "not read by ingest")
        return f"one {manifestation} document downloads and parses; dates agree with its record ({use})"

    def _candidates(self, manifestation: str) -> list[Document]:
        order = sorted(self.samples, key=lambda s: (s != "answers", s != "questions", s))
        docs = [d for s in order for d in self.samples[s].docs]  # answers first: the richest texts
        primary = sorted((d for d in docs if _reads(d, manifestation)), key=lambda d: _KIND_ORDER.get(d.kind, 9))
        reference = [self.reference_doc] if self.reference_doc is not None else []
        ordered: list[Document] = []
        seen: set[str | None] = set()
        for doc in primary + reference + docs:
            if doc.urls.get(manifestation) and doc.doc_id not in seen:
                seen.add(doc.doc_id)
                ordered.append(doc)
        return ordered

    def check_document(self, manifestation: str) -> Check:
        """Download one document of `manifestation` (from the records' itemUrls) and parse it."""
        name, expected = f"document {manifestation}", self._expected_document(manifestation)
        is_text = manifestation in TEXT_PREFERENCE
        if self.http.unreachable is not None:
            raise _NotRun(f"not run: the service does not answer ({self.http.unreachable})", FAIL)
        candidates = self._candidates(manifestation)
        if not candidates:
            return Check(name, expected, f"no sampled record has an itemUrl for {manifestation}", DIFFERS,
                         "Nothing to check here; widen --days or --sample to find one.", {})
        failures: list[str] = []
        read_by_ingest = False  # did a file ingest would read fail?
        for meta in candidates[:TRIES_PER_MANIFESTATION]:
            url = meta.urls[manifestation]
            try:
                data = self.http.get_bytes(url)
            except FetchError as exc:
                failures.append(f"{meta.doc_id}: {exc.reason}")
                read_by_ingest = read_by_ingest or _reads(meta, manifestation)
                continue
            return self._document_check(name, expected, manifestation, meta, url, data, failures,
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
        self, name: str, expected: str, manifestation: str, meta: Document, url: str, data: bytes,
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
            found += f" (after {len(failures)} failed: {_ids(failures, 1)})"
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

    # --- 7. notices -------------------------------------------------------------------------
    def _expected_notices(self) -> str:
        return (f"up to {NOTICE_SAMPLE} sampled notices: each text says its kind (delay, withdrawn, "
                "answered elsewhere), as its title does")

    def check_notices(self) -> Check:
        """Read the texts of a few sampled notices: their kind must come from the text itself."""
        name, expected = "notice texts", self._expected_notices()
        if self.http.unreachable is not None:
            raise _NotRun(f"not run: the service does not answer ({self.http.unreachable})", FAIL)
        notices = [d for s in self.samples.values() for d in s.docs if d.kind == "notice" and text_url(d)]
        # the most doubtful first: a title that does not say the kind, a PDF-only text
        notices.sort(key=lambda d: (d.notice_kind not in (None, "other"), text_url(d)[0] != "pdf"))  # type: ignore[index]
        if not notices:
            return Check(name, expected, "no notice with a text among the sampled records", DIFFERS,
                         "Nothing to check here; widen --days or --sample to find one.", {})
        read: list[dict[str, Any]] = []
        unreadable: list[str] = []
        doubtful: list[str] = []
        for meta in notices[:NOTICE_SAMPLE]:
            manifestation, url = text_url(meta)  # type: ignore[misc]
            try:
                text = parse_text_bytes(meta, manifestation, url, self.http.get_bytes(url))
                merged = combine(meta, text)
            except (FetchError, ParseError) as exc:
                unreadable.append(f"{meta.doc_id}: {getattr(exc, 'reason', exc)}")
                continue
            conflicts = [c for c in merged.conflicts[len(meta.conflicts):] if c.field in ("kind", "notice_kind")]
            row = {"doc_id": meta.doc_id, "manifestation": manifestation, "title_kind": meta.notice_kind,
                   "text_kind": text.notice_kind if text.kind == "notice" else f"({text.kind})",
                   "notice_kind": merged.notice_kind,
                   "conflicts": [f"{c.field}: {c.kept} vs {c.other}" for c in conflicts]}
            read.append(row)
            if merged.notice_kind == "other" or conflicts or text.kind != "notice":
                doubtful.append(f"{meta.doc_id} ({row['text_kind']}"
                                + (f"; {', '.join(row['conflicts'])}" if conflicts else "") + ")")
        details = {"notices": read, "unreadable": unreadable}
        found = ", ".join(f"{r['doc_id']} {r['notice_kind']}" for r in read) or "none read"
        if unreadable:
            return Check(name, expected, f"{found}; unreadable: {_ids(unreadable, 2)}", FAIL,
                         "Notices of this shape would be rejected: their sets keep no notice, and one that "
                         "answered or extended a set would leave it looking late.", details)
        if doubtful:
            return Check(name, expected, f"{found}; in doubt: {_ids(doubtful, 2)}", DIFFERS,
                         "These notices' texts do not say which kind they are (or disagree with their title): "
                         "their sets are flagged needs_review, never shown as plain late. Send the files to "
                         "the developers (kamervragen fetch ID) so the wording can be learnt.", details)
        return Check(name, expected, found + "; every kind read from the text", OK,
                     "Notices are read as the samples are.", details)

    # --- 8. politeness ----------------------------------------------------------------------
    def check_politeness(self, elapsed: float) -> Check:
        """Few requests, paced by the configured interval, with a descriptive User-Agent."""
        interval = self.http.min_interval
        expected = (f"≤ {self.max_requests} requests, ≥ {interval:g} s apart per host "
                    "(KAMERVRAGEN_MIN_INTERVAL), descriptive User-Agent")
        sent = list(self.http.sent)
        gaps: list[float] = []
        last: dict[str, float] = {}
        for at, url in sent:
            host = urlsplit(url).netloc
            if host in last:
                gaps.append(at - last[host])
            last[host] = at
        smallest = min(gaps) if gaps else None
        found = f"{len(sent)} requests ({self.http.retry_count} retries) in {elapsed:.1f} s"
        if smallest is not None:
            found += f", smallest gap {smallest:.2f} s"
        found += f"; User-Agent {self.http.user_agent!r}"
        details = {"requests": len(sent), "retries": self.http.retry_count,
                   "smallest_gap": None if smallest is None else round(smallest, 3), "min_interval": interval}
        host = (urlsplit(self.settings.sru_url).hostname or "").lower()
        if len(sent) > self.max_requests:
            return Check("politeness", expected, found, DIFFERS,
                         "Retries pushed the count past the budget.", details)
        if interval == 0 and host not in _LOOPBACK:
            return Check("politeness", expected, found, DIFFERS,
                         "Pacing is off against a public service: unset KAMERVRAGEN_MIN_INTERVAL=0.", details)
        if smallest is not None and smallest < interval * 0.8 - 0.005:  # timer and thread jitter
            return Check("politeness", expected, found, DIFFERS,
                         "Requests came closer together than the configured interval.", details)
        return Check("politeness", expected, found, OK,
                     "A handful of paced requests: well within fair use.", details)


def _paging_problem(got: int, total: int | None, nxt: int | None, url: str) -> tuple[Verdict, str] | None:
    """(verdict, meaning) when a page that has more after it does not say so consistently.

    Consistent is `nextRecordPosition` = 1 + records returned. Otherwise the client's own paging
    rule (`sru_client.next_start`) decides whether ingest still reads every record.
    """
    if nxt == 1 + got:
        return None
    try:
        follow = next_start(1, got, total, nxt, url)
    except FetchError as exc:
        return FAIL, f"Ingest paging stops on this page: {exc.reason}."
    if follow is None:
        return FAIL, "Ingest paging would stop here although numberOfRecords says more records follow."
    return DIFFERS, (f"nextRecordPosition {nxt} where {1 + got} was expected; ingest continues at record "
                     f"{follow}, so nothing is lost (records seen twice are upserted by id).")


_KIND_ORDER = {"answer": 0, "supplementary_answer": 1, "question": 2, "notice": 3}


def _reads(doc: Document, manifestation: str) -> bool:
    """Whether ingest reads `manifestation` for `doc` (its first listed text manifestation)."""
    choice = text_url(doc)
    return choice is not None and choice[0] == manifestation


def _sentence(parts: Iterable[str]) -> str:
    """Distinct clauses joined into one sentence."""
    text = "; ".join(dict.fromkeys(parts))
    return text[:1].upper() + text[1:] + "."


def _probe_summary(tried: list[dict[str, Any]]) -> str:
    return "; ".join(f"{t['maximumRecords']}: {t.get('result') or str(t.get('returned')) + ' records'}"
                     for t in tried)


def run_doctor(
    settings: ClientSettings | None = None,
    *,
    sru_url: str | None = None,
    today: date | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    sample_size: int = DEFAULT_SAMPLE_SIZE,
    max_requests: int = DEFAULT_MAX_REQUESTS,
    reference: Reference | None = REFERENCE,
    transport: httpx.BaseTransport | None = None,
) -> DoctorReport:
    """Run every check against `sru_url` (default: the configured endpoint); see `Doctor`."""
    return Doctor(
        settings, sru_url=sru_url, today=today, window_days=window_days, sample_size=sample_size,
        max_requests=max_requests, reference=reference, transport=transport,
    ).run()
