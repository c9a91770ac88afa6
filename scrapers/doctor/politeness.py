"""Check 8, `politeness`: the run kept to its request budget, paced its requests by the configured
interval per host, and sent a descriptive User-Agent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapers.doctor.report import DIFFERS, OK, Check

if TYPE_CHECKING:
    from scrapers.doctor.context import DoctorRun

_LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def check_politeness(run: DoctorRun, elapsed: float) -> Check:
    """Few requests, paced by the configured interval, with a descriptive User-Agent."""
    interval = run.http.min_interval
    expected = (f"≤ {run.max_requests} requests, ≥ {interval:g} s apart per host "
                "(KAMERVRAGEN_MIN_INTERVAL), descriptive User-Agent")
    sent = list(run.http.sent)
    gaps: list[float] = []
    last: dict[str, float] = {}
    for at, url in sent:
        host = urlsplit(url).netloc
        if host in last:
            gaps.append(at - last[host])
        last[host] = at
    smallest = min(gaps) if gaps else None
    found = f"{len(sent)} requests ({run.http.retry_count} retries) in {elapsed:.1f} s"
    if smallest is not None:
        found += f", smallest gap {smallest:.2f} s"
    found += f"; User-Agent {run.http.user_agent!r}"
    details = {"requests": len(sent), "retries": run.http.retry_count,
               "smallest_gap": None if smallest is None else round(smallest, 3), "min_interval": interval}
    host = (urlsplit(run.settings.sru_url).hostname or "").lower()
    if len(sent) > run.max_requests:
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

