"""One clock (issue 21): "today" is the date in Europe/Amsterdam for `status`, the jobs and the views alike.

At 23:30 UTC on a winter day Amsterdam (UTC+1) is already on the next day. The clock is frozen there by
replacing `schemas.clock.utc_now` (DuckDB's `now()` cannot be frozen: `status` passes the Python day into
SQL, and the stored `questions` view is read with its today replaced by that day, as the site does).

The sets are SYNTHETIC (made-up vraagnummers 2026Z99xxx, made-up dates): a question's term is 21
calendar days (docs: due = submitted + 21 days), so
- 2026Z99101, submitted 2026-01-20, is due 2026-02-10 (the UTC day): overdue by 1 day in Amsterdam on
  2026-02-11, still open on a machine that reads its UTC date;
- 2026Z99102, submitted 2026-01-21, is due 2026-02-11 (the Amsterdam day): open, due today.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from schemas import clock
from tests.docfactory import question
from warehouse import connect, keys_for_documents, rebuild_question_sets, transaction, upsert_documents
from warehouse.site_read import questions_as_of

FROZEN = datetime(2026, 2, 10, 23, 30, tzinfo=UTC)  # a Tuesday in winter: 00:30 on Wednesday in Amsterdam
AMSTERDAM_DAY = date(2026, 2, 11)
UTC_DAY = date(2026, 2, 10)
EXPECTED = {  # worked out by hand (module docstring): the status on the Amsterdam day
    "2026Z99101": ("overdue", 1),
    "2026Z99102": ("open", 0),
}


@pytest.fixture
def utc_machine() -> Iterator[None]:
    """The process runs with TZ=UTC (as on a server), so the machine's local date is the UTC date."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch, utc_machine: None) -> datetime:
    monkeypatch.setattr(clock, "utc_now", lambda: FROZEN)
    return FROZEN


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "kv.duckdb"
    con = connect(path)
    try:
        with transaction(con):
            counts = upsert_documents(con, [question("2026Z99101", "2026-01-20"), question("2026Z99102", "2026-01-21")],
                                      datetime(2026, 2, 1, 12, 0, tzinfo=UTC))
            rebuild_question_sets(con, keys_for_documents(con, counts.changed_ids))
    finally:
        con.close()
    return path


def test_python_today_at_2330_utc_in_winter_is_the_next_day(frozen: datetime) -> None:
    assert clock.today_amsterdam() == AMSTERDAM_DAY
    assert clock.today_amsterdam(FROZEN) == AMSTERDAM_DAY
    assert FROZEN.date() == UTC_DAY  # the machine's date on a UTC server
    from warehouse.alerts import today_amsterdam  # the old name is the same function

    assert today_amsterdam is clock.today_amsterdam


@pytest.mark.parametrize(("instant", "day"), [
    (FROZEN, AMSTERDAM_DAY),
    (datetime(2026, 2, 10, 22, 59, tzinfo=UTC), UTC_DAY),  # 23:59 in Amsterdam
    (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), date(2026, 3, 29)),  # the night DST starts (still UTC+1)
    (datetime(2026, 3, 29, 21, 59, tzinfo=UTC), date(2026, 3, 29)),  # UTC+2 from 01:00 UTC: 23:59
    (datetime(2026, 3, 29, 22, 0, tzinfo=UTC), date(2026, 3, 30)),
    (datetime(2026, 10, 24, 22, 0, tzinfo=UTC), date(2026, 10, 25)),  # summer time: midnight at 22:00 UTC
    (datetime(2026, 10, 25, 22, 59, tzinfo=UTC), date(2026, 10, 25)),  # winter again: 23:59
])
def test_the_views_today_is_the_python_today(instant: datetime, day: date) -> None:
    """The views' today (the macro today_amsterdam(), which `questions` reads) is, at any instant, the
    day Python's clock gives."""
    with connect(":memory:") as con:
        for zone in ("UTC", "Europe/Amsterdam", "America/New_York"):  # whatever the session's time zone
            con.execute(f"SET TimeZone = '{zone}'")
            (in_sql,) = con.execute("SELECT today_amsterdam(t := $t)", {"t": instant}).fetchone()
            assert in_sql == day == clock.today_amsterdam(instant), zone


def test_status_and_the_questions_view_agree_at_2330_utc(frozen: datetime, db: Path) -> None:
    result = CliRunner().invoke(app, ["status", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    shown = {r["vraagnummer"]: (r["status"], r["days_overdue"]) for r in json.loads(result.stdout)}

    con = connect(db, read_only=True)
    try:
        with questions_as_of(con, clock.today_amsterdam()):  # the stored view, today = the frozen day
            in_view = {vn: (status, days_overdue) for vn, status, days_overdue in con.execute(
                "SELECT vraagnummer, status, days_overdue FROM questions ORDER BY vraagnummer").fetchall()}
        on_utc_day = dict(con.execute(
            "SELECT vraagnummer, status FROM status_as_of(CAST(? AS DATE))", [UTC_DAY]).fetchall())
    finally:
        con.close()
    assert shown == in_view == EXPECTED
    # the test can fail: the machine's (UTC) date gives another status for the set due that day
    assert on_utc_day == {"2026Z99101": "open", "2026Z99102": "open"}


def test_the_nightly_lookback_counts_from_the_amsterdam_day(frozen: datetime) -> None:
    from pipeline.ingest import ingest_options

    assert ingest_options(lookback_days=3).since == date(2026, 2, 8)  # 2026-02-11 - 3 (the UTC day gives 02-07)
