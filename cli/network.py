"""How the commands that talk to the sources (ingest, backfill, tk-sync, fetch) report a network failure.

A source that cannot be reached, or that keeps failing, is reported in a few lines: what failed (the
host and the cause), then `kamervragen doctor` to diagnose and `kamervragen demo` to see the pipeline
offline; exit code 1, no traceback. `fail_fast()` checks the source's host answers before a run pays
Prefect's start-up. `quiet_prefect()` turns Prefect's telemetry off in the tool's own
runs (it must run before Prefect is imported), and `prefect_failure_logs_hidden()` keeps Prefect's
console from repeating such a failure with its tracebacks (its API logs keep them, for the UI).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from scrapers.http_client import FetchError

# Prefect's own telemetry, off in the tool's runs (a user's explicit value is kept):
# DO_NOT_TRACK: the SDK's anonymous usage events (prefect/_internal/analytics/enabled.py);
# PREFECT_SERVER_ANALYTICS_ENABLED: the temporary server's telemetry heartbeat (server/services/telemetry.py),
#   whose failures printed tracebacks on a machine without internet;
# PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS: resource metrics of flow-run subprocesses.
PREFECT_TELEMETRY_OFF = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
}
ADVICE = (
    "  kamervragen doctor   checks the connection and the service (what answers, what differs)",
    "  kamervragen demo     shows the whole pipeline offline (a local replay, SYNTHETIC data)",
)


def quiet_prefect(environ: MutableMapping[str, str] | None = None) -> None:
    """Telemetry off for this process and the Prefect server it starts (unless set explicitly)."""
    env = os.environ if environ is None else environ
    for name, value in PREFECT_TELEMETRY_OFF.items():
        env.setdefault(name, value)


def failure_lines(command: str, exc: FetchError) -> list[str]:
    """The report of a failed request: the host and the cause, then what to try instead."""
    from scrapers.http_client import UnreachableError, host_key

    if isinstance(exc, UnreachableError):
        lines = [f"{command}: cannot reach {exc.host}: {exc.cause}",
                 f"  ({exc.reason.split(':', 1)[0]}: not transient for this run, so it stops here)"]
    else:
        try:
            host = host_key(exc.url)
        except Exception:  # an unusable URL: its text names it
            host = exc.url
        lines = [f"{command}: {host} failed: {exc.reason}", f"  ({exc.url})"]
    return [*lines, "Try:", *ADVICE]


def report_network_failure(command: str, exc: FetchError) -> NoReturn:
    """Print `failure_lines` on stderr and exit 1."""
    for line in failure_lines(command, exc):
        typer.echo(line, err=True)
    raise typer.Exit(1)


def fail_fast(command: str, url: str | None) -> None:
    """Before a run pays Prefect's start-up: report and exit 1 when the host of `url` (default: the SRU
    endpoint in effect) cannot be reached at all (`HttpClient.check_reachable`: no request is sent)."""
    from scrapers.http_client import HttpClient, UnreachableError
    from scrapers.settings import ClientSettings

    try:
        settings = ClientSettings.from_env()
    except ValueError:
        return  # the run itself reports the bad setting
    with HttpClient(settings=settings) as http:
        try:
            http.check_reachable(url or settings.sru_url)
        except UnreachableError as exc:
            report_network_failure(command, exc)


class _HideFetchFailures(logging.Filter):
    """Drops Prefect's console records of a failed request: the task's and flow's tracebacks and their
    "Finished in state Failed(… FetchError: …)" lines (the command reports the failure itself)."""

    def __init__(self) -> None:
        super().__init__()
        import scrapers.sru_client  # noqa: F401 (its FetchError subclasses, by name)
        from scrapers.http_client import FetchError

        self._error = FetchError
        self._names = tuple(f"{name}:" for name in _subclass_names(FetchError))

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], self._error):
            return False
        if "Finished in state Failed" in (message := record.getMessage()):
            return not any(name in message for name in self._names)
        return True


def _subclass_names(cls: type) -> set[str]:
    names = {cls.__name__}
    for sub in cls.__subclasses__():
        names |= _subclass_names(sub)
    return names


@contextmanager
def prefect_failure_logs_hidden() -> Iterator[None]:
    """While a flow runs in this process: Prefect's console shows no record of a failed request."""
    hide = _HideFetchFailures()
    handlers = {h for name in ("", "prefect", "prefect.flow_runs", "prefect.task_runs")
                for h in logging.getLogger(name).handlers}
    for handler in handlers:
        handler.addFilter(hide)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(hide)
