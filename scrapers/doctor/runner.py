"""The runner: `run_doctor` runs every check in order against one endpoint and builds the
`DoctorReport`; a check that cannot run, or crashes, still gives a row.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime

import httpx

from scrapers.doctor.backfill_index import check_backfill_index, expected_backfill
from scrapers.doctor.context import DoctorRun
from scrapers.doctor.documents import MANIFESTATIONS, check_document, expected_document
from scrapers.doctor.explain import check_explain, expected_explain
from scrapers.doctor.notices import check_notices, expected_notices
from scrapers.doctor.page_size import check_page_size, expected_page_size
from scrapers.doctor.politeness import check_politeness
from scrapers.doctor.reference import REFERENCE, Reference, check_reference, expected_reference
from scrapers.doctor.report import FAIL, Check, DoctorReport, NotRun
from scrapers.doctor.series import check_series, expected_series
from scrapers.doctor.tk import check_tk
from scrapers.settings import ClientSettings

DEFAULT_WINDOW_DAYS = 30
DEFAULT_SAMPLE_SIZE = 50
DEFAULT_MAX_REQUESTS = 30


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
    tk_url: str | None = None,
) -> DoctorReport:
    """Run every check against `sru_url` (default: the configured endpoint) and return the report.

    `settings` default to `ClientSettings.from_env()`; `sru_url` overrides theirs. With `tk_url`, the
    Tweede Kamer SyncFeed rows (scrapers/doctor/tk.py) are added before `politeness`.
    """
    run = DoctorRun(
        settings, sru_url=sru_url, today=today, window_days=window_days, sample_size=sample_size,
        max_requests=max_requests, reference=reference, transport=transport,
    )
    return _run_checks(run, tk_url)


def _run_checks(run: DoctorRun, tk_url: str | None = None) -> DoctorReport:
    """Run every check (in order, sequentially) and return the report."""
    started = datetime.now(UTC)
    t0 = time.monotonic()
    checks: list[Check] = []
    try:
        checks.append(_guarded("explain", expected_explain(run), lambda: check_explain(run)))
        for series in run.settings.series:
            checks.append(
                _guarded(
                    f"series {series}", expected_series(run, series),
                    lambda s=series: check_series(run, s),
                )
            )
        checks.append(
            _guarded("backfill date index", expected_backfill(run), lambda: check_backfill_index(run))
        )
        if run.reference is not None:
            checks.append(
                _guarded("reference record", expected_reference(run), lambda: check_reference(run))
            )
        checks.append(_guarded("page size", expected_page_size(run), lambda: check_page_size(run)))
        for manifestation in MANIFESTATIONS:
            checks.append(
                _guarded(
                    f"document {manifestation}", expected_document(run, manifestation),
                    lambda m=manifestation: check_document(run, m),
                )
            )
        checks.append(_guarded("notice texts", expected_notices(run), lambda: check_notices(run)))
        if tk_url:
            try:
                checks.extend(check_tk(run.http, tk_url))
            except NotRun as exc:
                checks.append(Check("tk feed", f"{tk_url} answers", exc.reason, exc.verdict,
                                    "Not checked: raise --max-requests to check it too."))
        elapsed = time.monotonic() - t0
        checks.append(check_politeness(run, elapsed))
    finally:
        run.http.close()
    return DoctorReport(
        sru_url=run.settings.sru_url,
        started_at=started,
        since=run.since,
        until=run.today,
        date_index=run.settings.incremental_date_index,
        checks=checks,
        requests=list(run.http.sent),
        retries=run.http.retry_count,
        elapsed=time.monotonic() - t0,
        max_requests=run.max_requests,
        min_interval=run.http.min_interval,
        user_agent=run.http.user_agent,
    )


def _guarded(name: str, expected: str, check: Callable[[], Check]) -> Check:
    """Run one check; a check that cannot run, or crashes, still gives a row."""
    try:
        return check()
    except NotRun as exc:
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
