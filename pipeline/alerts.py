"""`run_alerts`: the late-answer alert run, free of Prefect (the `late-answers` flow wraps it).

Per run: take the writer lock, open the warehouse, merge the watch-list file (if any), find the
ingest alerts once, then per channel its set alerts (its filters applied, what it already got
excluded), render one digest, record the attempt ('pending'), send it, and record the outcome
('delivered' or 'failed'). A failed channel keeps its rows undelivered for the next run; other
channels are unaffected. A dry run does the same reading inside a transaction it rolls back,
and returns the digests instead of sending them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

import config
from pipeline.notify import (
    DRY_RUN_CHANNEL,
    Channel,
    Redactor,
    deliver,
    load_channels,
    redacted_logging,
    render_digest,
    validate,
)
from schemas.clock import today_amsterdam, utc_now
from warehouse import alerts as store
from warehouse.db import connect, transaction
from warehouse.lock import WriterLock

DEFAULT_KINDS = ("overdue", "overdue_after_extension", "watched_answered", "ingest_failed", "ingest_stale")


class NoChannelsError(RuntimeError):
    """Nothing to send to: no --notify, KAMERVRAGEN_NOTIFY or KAMERVRAGEN_NOTIFY_BLOCK."""


class AlertDeliveryError(RuntimeError):
    """At least one channel could not be reached (its alerts stay undelivered for the next run)."""


@dataclass(slots=True)
class ChannelReport:
    """What happened on one channel."""

    channel: str
    outcome: str  # delivered, failed, nothing, dry_run
    alerts: int = 0
    kinds: dict[str, int] | None = None
    error: str | None = None
    title: str | None = None
    body: str | None = None


def run_kinds(kinds: Sequence[str] | None, due_soon_days: int | None) -> list[str]:
    """The alert kinds of a run: `kinds` or the defaults, `due_soon` only with a day count."""
    chosen = list(kinds) if kinds else list(DEFAULT_KINDS)
    unknown = sorted(set(chosen) - set(store.KINDS))
    if unknown:
        raise ValueError(f"unknown alert kinds {unknown}; known: {list(store.KINDS)}")
    if due_soon_days is not None and "due_soon" not in chosen and not kinds:
        chosen.append("due_soon")
    return [k for k in chosen if k != "due_soon" or due_soon_days is not None]


def run_alerts(
    *,
    db: str,
    as_of: date | None = None,
    channels: Sequence[Channel] | None = None,
    dry_run: bool = False,
    backlog: bool = False,
    due_soon_days: int | None = None,
    kinds: Sequence[str] | None = None,
    window_days: int | None = None,
    stale_hours: float | None = None,
    watchlist_file: str | None = None,
    now: datetime | None = None,
    lock_wait: float | None = None,
) -> dict[str, Any]:
    """Find, render and deliver (or, dry run, return) one digest per channel; return a summary.

    `channels` None reads `KAMERVRAGEN_NOTIFY` / `KAMERVRAGEN_NOTIFY_BLOCK`. Raises
    `NoChannelsError` when there is nothing to send to (unless `dry_run`). A channel whose
    delivery fails is reported in the summary (`failed`); the caller decides what that means.
    """
    now = now or utc_now()
    as_of = as_of or today_amsterdam(now)
    if due_soon_days is not None and due_soon_days < 0:
        raise ValueError("due_soon_days must be 0 or more")
    chosen = run_kinds(kinds, due_soon_days)
    window = window_days or store.window_days_from_env()
    stale_after = timedelta(hours=stale_hours or store.stale_hours_from_env())
    watchlist_file = watchlist_file or config.get("WATCHLIST")
    channels = list(load_channels() if channels is None else channels)
    if not channels and not dry_run:
        raise NoChannelsError(
            "no notification channel: pass --notify URL, or set KAMERVRAGEN_NOTIFY or "
            "KAMERVRAGEN_NOTIFY_BLOCK (or use --dry-run to see the digest)"
        )
    redactor = Redactor(c.url for c in channels)
    reports: list[ChannelReport] = []
    with redacted_logging(redactor):
        if not dry_run:
            for channel in channels:
                validate(channel)
        with WriterLock(db, wait_seconds=lock_wait):
            con = connect(db)
            try:
                if dry_run:
                    con.begin()  # the watch-list merge is rolled back below
                watched = store.add_to_watchlist(con, store.read_watchlist_file(watchlist_file)) \
                    if watchlist_file else 0
                ingest = store.ingest_alert_candidates(
                    con, as_of=as_of, now=now, stale_after=stale_after
                ) if set(chosen) & set(store.INGEST_KINDS) else []
                for channel in channels or [DRY_RUN_CHANNEL]:
                    reports.append(_one_channel(
                        con, channel, chosen, ingest, as_of=as_of, window=window, backlog=backlog,
                        due_soon_days=due_soon_days, dry_run=dry_run, redactor=redactor,
                    ))
                if dry_run:
                    con.rollback()
            finally:
                con.close()
    return {
        "as_of": as_of.isoformat(),
        "dry_run": dry_run,
        "backlog": backlog,
        "window_days": window,
        "kinds": chosen,
        "watchlist_entries": watched,
        "channels": [vars_of(r) for r in reports],
        "delivered": sum(r.alerts for r in reports if r.outcome == "delivered"),
        "failed": [r.channel for r in reports if r.outcome == "failed"],
    }


def _one_channel(con: duckdb.DuckDBPyConnection, channel: Channel, chosen: list[str],
                 ingest: list[store.Alert], *, as_of: date, window: int, backlog: bool,
                 due_soon_days: int | None, dry_run: bool, redactor: Redactor) -> ChannelReport:
    """One channel: find its alerts, render, record the attempt, send, record the outcome."""
    kinds = [k for k in chosen if channel.kinds is None or k in channel.kinds]
    ingest_due = store.not_delivered(con, channel.id, [a for a in ingest if a.kind in kinds])
    sets = store.set_alert_candidates(
        con, as_of=as_of, channel=channel.id, kinds=kinds, ministries=channel.ministries,
        parties=channel.parties, window_days=window, backlog=backlog, due_soon_days=due_soon_days,
    )
    found = ingest_due + sets
    label = "(no channel)" if channel is DRY_RUN_CHANNEL else channel.label
    if not found:
        return ChannelReport(label, "dry_run" if dry_run else "nothing")
    digest = render_digest(found, as_of)
    counts: dict[str, int] = {}
    for alert in found:
        counts[alert.kind] = counts.get(alert.kind, 0) + 1
    if dry_run:
        return ChannelReport(label, "dry_run", len(found), counts, title=digest.title, body=digest.body)
    with transaction(con):
        store.record_attempt(con, channel.id, found)
    ok, error = deliver(channel, digest, redactor)
    with transaction(con):
        store.record_result(con, channel.id, found, ok, error)
    return ChannelReport(label, "delivered" if ok else "failed", len(found), counts,
                         error=None if ok else error, title=digest.title)


def vars_of(report: ChannelReport) -> dict[str, Any]:
    """A report as a plain dict (JSON-friendly)."""
    return {name: getattr(report, name) for name in report.__slots__}


def format_summary(summary: dict[str, Any]) -> str:
    """Human-readable lines: one per channel (never a URL)."""
    lines = []
    for r in summary["channels"]:
        what = ", ".join(f"{n} {k}" for k, n in (r["kinds"] or {}).items()) or "nothing new"
        if r["outcome"] == "failed":
            lines.append(f"{r['channel']}: FAILED ({what}); will retry next run: {r['error']}")
        elif r["outcome"] == "delivered":
            lines.append(f"{r['channel']}: delivered {r['alerts']} alert(s) ({what})")
        elif r["outcome"] == "dry_run":
            lines.append(f"{r['channel']}: dry run, {r['alerts']} alert(s) not sent ({what})")
        else:
            lines.append(f"{r['channel']}: nothing new to send")
    return "\n".join(lines)


def summary_markdown(summary: dict[str, Any]) -> str:
    """The summary as markdown (the flow's artifact): a heading and one bullet per channel."""
    lines = format_summary(summary).splitlines()
    return f"## Alerts as of {summary['as_of']}\n\n" + "\n".join(f"- {line}" for line in lines)


def dry_run_digests(summary: dict[str, Any]) -> list[str]:
    """The digests a dry run did not send, one text per channel with something to send."""
    return [f"--- {r['channel']} (dry run, not sent)\n{r['title']}\n\n{r['body']}"
            for r in summary["channels"] if r["outcome"] == "dry_run" and r["body"]]


def raise_for_failed(summary: dict[str, Any]) -> None:
    """Raise `AlertDeliveryError` when a channel could not be reached (the run then fails)."""
    if summary["failed"]:
        raise AlertDeliveryError(
            "delivery failed for " + ", ".join(summary["failed"]) + "; their alerts will be retried next run"
        )
