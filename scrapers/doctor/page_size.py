"""Check 5, `page size`: the configured `KAMERVRAGEN_PAGE_SIZE` is accepted; `maximumRecords` is
probed from large to small (1000, 500, 100), and when the server caps a page, `nextRecordPosition`
must follow the records actually returned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapers.doctor.report import DIFFERS, FAIL, OK, Check, Verdict
from scrapers.http_client import FetchError
from scrapers.sru_client import SruDiagnosticError, next_start

if TYPE_CHECKING:
    from scrapers.doctor.context import DoctorRun

PAGE_SIZE_PROBES = (1000, 500, 100)


def expected_page_size(run: DoctorRun) -> str:
    """The row's `expected` text."""
    return (f"configured page size {run.settings.page_size} accepted (source.md: no documented cap, "
            "10–1000 used in practice)")


def check_page_size(run: DoctorRun) -> Check:
    """Probe `maximumRecords` from large to small; report what the server returns or caps."""
    name, expected = "page size", expected_page_size(run)
    configured = run.settings.page_size
    series = "answers" if "answers" in run.settings.series else next(iter(run.settings.series))
    query = run.sru.build_query(series)
    probes = sorted({*PAGE_SIZE_PROBES, configured}, reverse=True)
    tried: list[dict[str, Any]] = []
    details: dict[str, Any] = {"query": query, "probes": tried, "configured": configured}
    if run.explain is not None and run.explain.max_records is not None:
        details["explain_max_records"] = run.explain.max_records
    accepted: int | None = None
    cap: int | None = None
    everything: int | None = None
    for size in probes:
        try:
            page = run.page(query, size)
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


def _probe_summary(tried: list[dict[str, Any]]) -> str:
    return "; ".join(f"{t['maximumRecords']}: {t.get('result') or str(t.get('returned')) + ' records'}"
                     for t in tried)

