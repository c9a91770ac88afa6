"""What the checks of one doctor run share: the settings and the window, the HTTP client that keeps
to the request budget (`DoctorHttp`) and the SRU client on it, and what earlier checks found for
later ones (the sampled records, the reference document, the explain record).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import httpx

from schemas.clock import today_amsterdam
from schemas.document import Document
from scrapers.doctor.report import DIFFERS, FAIL, NotRun
from scrapers.http_client import FetchError, HttpClient, NotFoundError, TooLargeError
from scrapers.settings import ClientSettings
from scrapers.sru_client import SruClient, SruPage

if TYPE_CHECKING:
    from scrapers.doctor.explain import ExplainInfo
    from scrapers.doctor.reference import Reference
    from scrapers.doctor.series import Sample

MAX_ATTEMPTS = 2  # per request: a first contact should be quick, not persistent


class DoctorHttp(HttpClient):
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
        """`HttpClient.get`, refused (`NotRun`) past the budget or after the service went silent."""
        if self.unreachable is not None:
            raise NotRun(f"not run: the service does not answer ({self.unreachable})", FAIL)
        if self.request_count >= self.max_requests:
            raise NotRun(f"not run: the request budget of {self.max_requests} is spent", DIFFERS)
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


class DoctorRun:
    """One run of the doctor against one SRU endpoint: the checks read their settings and clients
    here, and leave what they found for the checks after them."""

    def __init__(
        self,
        settings: ClientSettings | None,
        *,
        sru_url: str | None,
        today: date | None,
        window_days: int,
        sample_size: int,
        max_requests: int,
        reference: Reference | None,
        transport: httpx.BaseTransport | None,
    ):
        """`settings` default to `ClientSettings.from_env()`; `sru_url` overrides theirs."""
        if window_days < 1 or sample_size < 1 or max_requests < 1:
            raise ValueError("window_days, sample_size and max_requests must be >= 1")
        settings = settings or ClientSettings.from_env()
        if sru_url:
            settings = replace(settings, sru_url=sru_url)
        self.settings = settings
        self.today = today or today_amsterdam()
        self.since = self.today - timedelta(days=window_days)
        self.window_days = window_days
        self.sample_size = sample_size
        self.max_requests = max_requests
        self.reference = reference
        self.http = DoctorHttp(
            settings,
            max_requests=max_requests,
            max_attempts=min(settings.max_attempts, MAX_ATTEMPTS),
            transport=transport,
        )
        self.sru = SruClient(self.http, settings=settings)
        self.samples: dict[str, Sample] = {}
        self.reference_doc: Document | None = None
        self.explain: ExplainInfo | None = None

    def page(self, query: str, maximum: int) -> SruPage:
        """The first page of `query`, `maximum` records asked."""
        return self.sru.fetch_page(query, 1, maximum=maximum)

