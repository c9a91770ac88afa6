"""The one clock: "today" is the calendar date in Europe/Amsterdam, whatever the machine's time zone.

Every command, job and query that means "today" asks `today_amsterdam()` (the stored views name the
same day as `CAST(timezone('Europe/Amsterdam', now()) AS DATE)`). `utc_now()` is the one reading of
the wall clock behind it: a test freezes the day by replacing it (`monkeypatch.setattr(clock,
"utc_now", ...)`). A timestamp for a log or a run record is not "today" and does not come from here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def utc_now() -> datetime:
    """The current instant (aware, UTC)."""
    return datetime.now(UTC)


def today_amsterdam(now: datetime | None = None) -> date:
    """The calendar date in Europe/Amsterdam at `now` (an aware instant; default: the current one)."""
    return (now or utc_now()).astimezone(AMSTERDAM).date()
