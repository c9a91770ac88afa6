"""Check 3, `backfill date index`: the backfill query (`KAMERVRAGEN_BACKFILL_DATE_INDEX`, `dt.date`)
is accepted and selects records whose `dcterms:date` lies in the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapers.doctor.report import DIFFERS, FAIL, OK, Check, id_list
from scrapers.doctor.series import record_id
from scrapers.http_client import FetchError
from scrapers.parse_metadata import meta_from_sru_record
from scrapers.sru_client import SruDiagnosticError

if TYPE_CHECKING:
    from scrapers.doctor.context import DoctorRun

BACKFILL_SAMPLE = 10


def expected_backfill(run: DoctorRun) -> str:
    """The row's `expected` text."""
    return (f"{run.settings.backfill_date_index} selects answers dated in the last "
            f"{run.window_days} days (by dcterms:date)")


def check_backfill_index(run: DoctorRun) -> Check:
    """The backfill date index is accepted and selects on the record's date."""
    name, expected = "backfill date index", expected_backfill(run)
    index = run.settings.backfill_date_index
    series = "answers" if "answers" in run.settings.series else next(iter(run.settings.series))
    query = run.sru.build_query(series, since=run.since, until=run.today, index=index)
    details: dict[str, Any] = {"query": query}
    try:
        page = run.page(query, min(BACKFILL_SAMPLE, run.sample_size))
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
    lo, hi = run.since.isoformat(), run.today.isoformat()
    for position, record in enumerate(page.records, 1):
        meta = meta_from_sru_record(record)
        dates = [v[:10] for n in ("date", "available", "issued") for v in meta.all(n)]
        if dates and not any(lo <= d <= hi for d in dates):
            outside.append(f"{record_id(meta, position)} ({', '.join(dates)})")
    details["outside_window"] = outside
    found = f"{len(page.records)} records (numberOfRecords {page.number_of_records})"
    if outside:
        return Check(name, expected, f"{found}; {len(outside)} dated outside it ({id_list(outside, 2)})", DIFFERS,
                     f"{index} selects on another date than dcterms:date: backfill windows are not the "
                     "dates they say (ingest upserts by id, so nothing is duplicated).", details)
    return Check(name, expected, found + ", all dated in the window", OK,
                 "Backfills select by the date they ask for.", details)

