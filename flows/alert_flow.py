"""Prefect flow `late-answers`: thin wrapper around `pipeline.alerts.run_alerts`.

Notification URLs come from the `notify` parameter, else `KAMERVRAGEN_NOTIFY` and the Secret
block named by `KAMERVRAGEN_NOTIFY_BLOCK`. Prefect stores flow parameters in its database in
plain text, so deployments should use the environment or the Secret block, never `notify`; the
CLI hands its `--notify` URLs over in-process (`from_cli`), not as a parameter. The flow run
fails when a channel could not be reached (its alerts are retried by the next run).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from pipeline.alerts import AlertDeliveryError, format_summary, run_alerts
from pipeline.ingest import default_db
from pipeline.notify import load_channels

_cli_urls: list[str] | None = None
_from_cli = False


@contextmanager
def from_cli(urls: Sequence[str] | None) -> Iterator[None]:
    """Give the flow the CLI's URLs without making them a (stored) flow parameter.

    The CLI prints dry-run digests itself, so the flow does not log them a second time.
    """
    global _cli_urls, _from_cli
    previous = _cli_urls, _from_cli
    _cli_urls, _from_cli = (list(urls) if urls else None), True
    try:
        yield
    finally:
        _cli_urls, _from_cli = previous


@flow(name="late-answers", log_prints=True)
def late_answers(
    as_of: date | None = None,
    db: str | None = None,
    notify: list[str] | None = None,
    dry_run: bool = False,
    backlog: bool = False,
    due_soon_days: int | None = None,
    kinds: list[str] | None = None,
    window_days: int | None = None,
) -> dict[str, Any]:
    """Send one digest per channel of late answers (and ingest trouble) that crossed recently.

    `as_of` defaults to today (Europe/Amsterdam); `backlog` lifts the recent-crossing window
    (default 7 days, `KAMERVRAGEN_ALERT_WINDOW_DAYS`); `due_soon_days` adds `due_soon`;
    `kinds` restricts the run to some alert kinds (the Failed/Crashed-ingest trigger sends
    only `ingest_failed`, `ingest_stale`); `dry_run` returns (and logs) the digests unsent.
    """
    channels = load_channels(notify or _cli_urls)
    summary = run_alerts(
        db=db or default_db(), as_of=as_of, channels=channels, dry_run=dry_run, backlog=backlog,
        due_soon_days=due_soon_days, kinds=kinds, window_days=window_days,
    )
    text = format_summary(summary)
    print(text)
    for report in [] if _from_cli else summary["channels"]:
        if report["outcome"] == "dry_run" and report["body"]:
            print(f"--- {report['channel']} (dry run, not sent)\n{report['title']}\n\n{report['body']}")
    create_markdown_artifact(
        markdown=f"## Alerts as of {summary['as_of']}\n\n" + "\n".join(f"- {line}" for line in text.splitlines()),
        key="late-answers-summary", description="Late-answer alerts per channel",
    )
    if summary["failed"]:
        raise AlertDeliveryError(
            "delivery failed for " + ", ".join(summary["failed"]) + "; their alerts will be retried next run"
        )
    return summary
