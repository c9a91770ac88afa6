"""Alert bookkeeping: which late-answer and ingest alerts are due, per channel, and what was sent.

Kinds (docs: ../shared/docs/domain.md, "Alerts users expect"):
- `overdue`: passed `due_on` with no delay notice (status `overdue`, no N);
- `overdue_after_extension`: passed `extended_due_on` after a delay notice;
- `due_soon`: due within N days (only when asked for);
- `watched_answered`: a set on the watch list got its answer;
- `ingest_failed`: the last ingest run failed (or crashed: still 'running' while we hold the lock);
- `ingest_stale`: no successful ingest for longer than a threshold.

A set alert is a candidate only when it crossed its deadline (or got its answer) within the
last `window_days` days, unless `backlog` is asked for, so a first run after a backfill or on a
new channel does not flood anyone. Each (set, kind, channel) is delivered once: `alerts` holds a
row per attempt target; delivered rows are excluded, pending/failed ones retried.
Functions run in the caller's transaction (or auto-commit) and never commit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

import config
from schemas.clock import AMSTERDAM, today_amsterdam, utc_now
from warehouse.db import load_sql

SET_KINDS = ("overdue", "overdue_after_extension", "due_soon", "watched_answered")
INGEST_KINDS = ("ingest_failed", "ingest_stale")
KINDS = SET_KINDS + INGEST_KINDS
OPS_CHAMBER = "*"
DEFAULT_WINDOW_DAYS: int = config.setting("ALERT_WINDOW_DAYS").default
DEFAULT_STALE_HOURS: float = config.setting("STALE_HOURS").default
MESSAGE_CHARS = 500
_WATCH_LINE = re.compile(r"^(\d{4}[ZD]\s?\d{4,6}|\d{6,12})\b(.*)$", re.IGNORECASE)


@dataclass(slots=True)
class Alert:
    """One alert for one channel: a set (or an ingest event) and what the digest shows of it."""

    kind: str
    chamber: str
    vraagnummer: str  # for ingest alerts: the key ('run-<id>', 'day-<date>')
    as_of: date
    crossed_on: date | None
    payload: dict[str, Any] = field(default_factory=dict)
    previous_status: str | None = None
    attempts: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        """(chamber, vraagnummer, kind): unique per channel."""
        return self.chamber, self.vraagnummer, self.kind


def window_days_from_env() -> int:
    """`KAMERVRAGEN_ALERT_WINDOW_DAYS` (default 7)."""
    return config.get("ALERT_WINDOW_DAYS")


def stale_hours_from_env() -> float:
    """`KAMERVRAGEN_STALE_HOURS` (default 6)."""
    return config.get("STALE_HOURS")


def set_alert_candidates(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    channel: str,
    kinds: Sequence[str],
    ministries: Sequence[str] | None = None,
    parties: Sequence[str] | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    backlog: bool = False,
    due_soon_days: int | None = None,
) -> list[Alert]:
    """Set alerts as of `as_of` that `channel` has not had delivered (see alerts_candidates.sql)."""
    wanted = [k for k in kinds if k in SET_KINDS and (k != "due_soon" or due_soon_days is not None)]
    if not wanted:
        return []
    cur = con.execute(
        load_sql("alerts_candidates"),
        {
            "as_of": as_of,
            "channel": channel,
            "kinds": wanted,
            "ministries": [m.lower() for m in ministries] if ministries else None,
            "parties": [p.lower() for p in parties] if parties else None,
            "window_days": window_days,
            "backlog": backlog,
            "due_soon_days": due_soon_days,
        },
    )
    names = [d[0] for d in cur.description]
    alerts = []
    for row in cur.fetchall():
        r = dict(zip(names, row, strict=True))
        alerts.append(Alert(
            kind=r["kind"], chamber=r["chamber"], vraagnummer=r["vraagnummer"], as_of=as_of,
            crossed_on=r["crossed_on"], payload=_set_payload(r),
            previous_status=r["previous_status"], attempts=r["attempts"],
        ))
    return alerts


def _set_payload(r: dict[str, Any]) -> dict[str, Any]:
    link = r["question_url"]
    if r["kind"] == "watched_answered":
        link = r["answer_url"] or link
    return {
        "vraagnummer": r["vraagnummer"],
        "chamber": r["chamber"],
        "title": r["title"],
        "submitters": [{"name": s["name"], "party": s["party"]} for s in (r["submitters"] or [])],
        "ministries": list(r["ministries"] or []),
        "status": r["status"],
        "submitted_on": _iso(r["submitted_on"]),
        "due_on": _iso(r["due_on"]),
        "extended_due_on": _iso(r["extended_due_on"]),
        "effective_due_on": _iso(r["effective_due_on"]),
        "delay_notice_on": _iso(r["delay_notice_on"]),
        "answered_on": _iso(r["answered_on"]),
        "days_overdue": r["days_overdue"],
        "days_left": r["days_left"],
        "days_taken": r["days_taken"],
        "link": link,
        "needs_review": bool(r["needs_review"]),
        "review_reasons": list(r["review_open_reasons"] or []),
    }


def ingest_alert_candidates(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    now: datetime | None = None,
    stale_after: timedelta | None = None,
    flow: str = "ingest",
    writer_held: bool = True,
) -> list[Alert]:
    """`ingest_failed` / `ingest_stale` alerts due now (for every channel; filter per channel).

    Nothing is reported for a database without any `flow` runs. `ingest_failed` is keyed by the
    run id, so each failed run is alerted once; a run still marked 'running' counts as crashed
    when `writer_held` (the caller holds the writer lock, so no ingest can be running).
    `ingest_stale` is keyed by the day (Europe/Amsterdam), so it repeats at most daily.
    """
    now = now or utc_now()
    if stale_after is None:
        stale_after = timedelta(hours=stale_hours_from_env())
    cur = con.execute(load_sql("alerts_ingest_state"), {"flow": flow})
    names = [d[0] for d in cur.description]
    row = cur.fetchall()[0]
    state = dict(zip(names, row, strict=True))
    if not state["runs"]:
        return []
    alerts: list[Alert] = []
    outcome = state["outcome"]
    if outcome == "failed" or (outcome == "running" and writer_held):
        crashed = outcome == "running"
        message = state["message"] or ("the run never finished (crashed or killed)" if crashed else "")
        alerts.append(Alert(
            kind="ingest_failed", chamber=OPS_CHAMBER, vraagnummer=f"run-{state['id']}", as_of=as_of,
            crossed_on=_local_date(state["finished"] or state["started"]),
            payload={"run_id": state["id"], "outcome": "crashed" if crashed else "failed",
                     "started": _iso_local(state["started"]), "finished": _iso_local(state["finished"]),
                     "message": message[:MESSAGE_CHARS]},
        ))
    last_success: datetime | None = state["last_success"]
    if last_success is None or now - last_success > stale_after:
        day = today_amsterdam(now)
        hours = None if last_success is None else round((now - last_success).total_seconds() / 3600, 1)
        alerts.append(Alert(
            kind="ingest_stale", chamber=OPS_CHAMBER, vraagnummer=f"day-{day.isoformat()}", as_of=as_of,
            crossed_on=day,
            payload={"last_success": _iso_local(last_success), "hours_since": hours,
                     "threshold_hours": round(stale_after.total_seconds() / 3600, 1)},
        ))
    return alerts


def not_delivered(con: duckdb.DuckDBPyConnection, channel: str, alerts: Iterable[Alert]) -> list[Alert]:
    """The alerts `channel` has not had delivered (with their earlier status and attempts)."""
    alerts = list(alerts)
    if not alerts:
        return []
    with _keys_table(con, alerts):
        state = {
            (c, v, k): (status, attempts)
            for c, v, k, status, attempts in con.execute(
                load_sql("alerts_channel_state"), {"channel": channel}
            ).fetchall()
        }
    kept = []
    for alert in alerts:
        status, attempts = state.get(alert.key, (None, 0))
        if status == "delivered":
            continue
        alert.previous_status, alert.attempts = status, attempts
        kept.append(alert)
    return kept


def record_attempt(con: duckdb.DuckDBPyConnection, channel: str, alerts: Sequence[Alert]) -> None:
    """Mark `alerts` 'pending' for `channel` (attempts + 1) before they are sent."""
    unique = list({a.key: a for a in alerts}.values())  # ON CONFLICT keeps the first duplicate
    if not unique:
        return
    batch = pa.table({
        "chamber": pa.array([a.chamber for a in unique], pa.string()),
        "vraagnummer": pa.array([a.vraagnummer for a in unique], pa.string()),
        "kind": pa.array([a.kind for a in unique], pa.string()),
        "as_of": pa.array([a.as_of for a in unique], pa.date32()),
        "crossed_on": pa.array([a.crossed_on for a in unique], pa.date32()),
        "payload": pa.array([json.dumps(a.payload, ensure_ascii=False) for a in unique], pa.string()),
    })
    con.register("_alert_batch", batch)
    try:
        con.execute(load_sql("alerts_record_attempt"), {"channel": channel})
    finally:
        con.unregister("_alert_batch")


def record_result(
    con: duckdb.DuckDBPyConnection,
    channel: str,
    alerts: Sequence[Alert],
    ok: bool,
    error: str | None = None,
) -> int:
    """Mark `alerts` 'delivered' (ok) or 'failed' with `error`; return how many rows changed."""
    if not alerts:
        return 0
    with _keys_table(con, alerts):
        rows = con.execute(
            load_sql("alerts_record_result"),
            {"channel": channel, "ok": ok, "error": None if ok else (error or "delivery failed")},
        ).fetchall()
    return len(rows)


def add_to_watchlist(con: duckdb.DuckDBPyConnection, entries: Iterable[tuple[str, str | None]]) -> int:
    """Add (vraagnummer, note) pairs to the watch list; return how many were given."""
    unique = dict(entries)
    if not unique:
        return 0
    batch = pa.table({
        "vraagnummer": pa.array(list(unique), pa.string()),
        "note": pa.array(list(unique.values()), pa.string()),
    })
    con.register("_watchlist_batch", batch)
    try:
        con.execute(load_sql("watchlist_upsert"))
    finally:
        con.unregister("_watchlist_batch")
    return len(unique)


def read_watchlist_file(path: str | Path) -> list[tuple[str, str | None]]:
    """Vraagnummers from a text file: one per line, optional note after it, `#` starts a comment."""
    from schemas.identifiers import normalise_vraagnummer

    entries: list[tuple[str, str | None]] = []
    for lineno, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _WATCH_LINE.match(line)
        number = None
        if match:
            with suppress(ValueError):
                number = normalise_vraagnummer(match.group(1))
        if not match or not number:
            raise ValueError(f"{path}:{lineno}: {line!r} does not start with a vraagnummer (e.g. 2026Z90017)")
        entries.append((number, match.group(2).strip() or None))
    return entries


class _keys_table:
    """Register the alerts' keys as `_alert_keys` for the duration of a statement."""

    def __init__(self, con: duckdb.DuckDBPyConnection, alerts: Sequence[Alert]):
        self.con = con
        keys = sorted({a.key for a in alerts})
        self.table = pa.table({
            "chamber": pa.array([k[0] for k in keys], pa.string()),
            "vraagnummer": pa.array([k[1] for k in keys], pa.string()),
            "kind": pa.array([k[2] for k in keys], pa.string()),
        })

    def __enter__(self) -> None:
        self.con.register("_alert_keys", self.table)

    def __exit__(self, *exc: object) -> None:
        self.con.unregister("_alert_keys")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _local_date(value: datetime | None) -> date | None:
    return value.astimezone(AMSTERDAM).date() if value else None


def _iso_local(value: datetime | None) -> str | None:
    return value.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M") if value else None
