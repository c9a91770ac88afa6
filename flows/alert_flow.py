"""Prefect flow `late-answers`: thin wrapper around `pipeline.alerts.run_alerts`.

Notification URLs come from the `notify` parameter, else `KAMERVRAGEN_NOTIFY` and the Secret
block named by `KAMERVRAGEN_NOTIFY_BLOCK`. `notify` is a list of pydantic `SecretStr`s: Prefect
stores a flow run's parameters (in plain text) as its JSON encoding, which for a `SecretStr` is
`**********`, so `kamervragen alert --notify URL` (which passes `SecretStr`s in-process) never
puts a URL in Prefect's database. Prefect stores the parameters before it validates them: an
in-process caller must pass `SecretStr`s, not strings. A deployment run's parameters are stored
as they were given, so deployments should use the environment or the Secret block, never
`notify`. The flow run fails when a channel could not be reached (its alerts are retried by the
next run).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow
from prefect.artifacts import create_markdown_artifact
from pydantic import SecretStr

import config
from pipeline.alerts import dry_run_digests, format_summary, raise_for_failed, run_alerts, summary_markdown
from pipeline.notify import load_channels


@flow(name="late-answers", log_prints=True)
def late_answers(
    as_of: date | None = None,
    db: str | None = None,
    notify: list[SecretStr] | None = None,
    dry_run: bool = False,
    backlog: bool = False,
    due_soon_days: int | None = None,
    kinds: list[str] | None = None,
    window_days: int | None = None,
    watchlist: str | None = None,
    log_digests: bool = True,
) -> dict[str, Any]:
    """Send one digest per channel of late answers (and ingest trouble) that crossed recently.

    `as_of` defaults to today (Europe/Amsterdam); `backlog` lifts the recent-crossing window
    (default 7 days, `KAMERVRAGEN_ALERT_WINDOW_DAYS`); `due_soon_days` adds `due_soon`;
    `kinds` restricts the run to some alert kinds (the Failed/Crashed-ingest trigger sends
    only `ingest_failed`, `ingest_stale`); `watchlist` is a file of vraagnummers merged into the
    watch list (default `KAMERVRAGEN_WATCHLIST`); `dry_run` returns the digests unsent, and logs
    them unless `log_digests` is off (the CLI prints them itself).
    """
    channels = load_channels([url.get_secret_value() for url in notify] if notify else None)
    summary = run_alerts(
        db=db or config.get("DB"), as_of=as_of, channels=channels, dry_run=dry_run, backlog=backlog,
        due_soon_days=due_soon_days, kinds=kinds, window_days=window_days, watchlist_file=watchlist,
    )
    print(format_summary(summary))
    for digest in dry_run_digests(summary) if log_digests else []:
        print(digest)
    create_markdown_artifact(markdown=summary_markdown(summary), key="late-answers-summary",
                             description="Late-answer alerts per channel")
    raise_for_failed(summary)
    return summary
