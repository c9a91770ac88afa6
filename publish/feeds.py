"""Atom feeds (feedgen) and iCalendar deadline calendars (icalendar) of the site.

Feeds hold events: a set became overdue (the day after its effective due date), was answered, or
got a delay notice. Entry ids are stable tag URIs (`tag:kamervragen,2026:2022Z00634/answered`), so
a feed reader never shows an event twice; links are relative to the feed (`../vragen/…/`), so the
folder works on any host. A calendar has, per open set, an all-day event on its due date and, after
a delay notice, one on its extended due date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event

from publish import dutch

FEED_ENTRIES = 100
"""At most this many events per feed (newest first)."""
OPEN_STATUSES = ("open", "open_extended", "overdue")
_TAG = "tag:kamervragen,2026:"


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def atom_feed(name: str, title: str, events: Iterable[dict[str, Any]], sets: dict[str, dict[str, Any]],
              quiet_since: date, base_url: str | None = None) -> bytes:
    """One Atom feed: `events` (newest first) of the sets in `sets` (keyed by vraagnummer); links
    absolute under `base_url` (ending in '/'), else relative to the feed. `updated` is the newest
    event's day, else `quiet_since` (never the build's day: a feed changes only with its events)."""
    site_root = base_url or "../"
    fg = FeedGenerator()
    fg.id(f"{_TAG}feeds/{name}")
    fg.title(title)
    fg.subtitle("Te laat, beantwoord en uitstelberichten van Kamervragen")
    fg.language("nl")
    fg.author({"name": "kamervragen"})
    fg.link(href=f"{base_url}feeds/{name}.atom" if base_url else f"{name}.atom", rel="self")
    fg.link(href=site_root, rel="alternate")
    chosen = list(events)[:FEED_ENTRIES]
    fg.updated(_moment(max((e["event_on"] for e in chosen), default=quiet_since)))
    for event in chosen:
        s = sets[event["vraagnummer"]]
        fe = fg.add_entry(order="append")
        fe.id(f"{_TAG}{event['vraagnummer']}/{event['kind']}")
        fe.title(f"{dutch.EVENT_LABELS[event['kind']]}: {event['vraagnummer']} {s.get('title') or ''}".strip())
        fe.link(href=f"{site_root}vragen/{event['vraagnummer']}/")
        fe.updated(_moment(event["event_on"]))
        fe.published(_moment(event["event_on"]))
        fe.summary(_summary(event, s))
    return fg.atom_str(pretty=True)


def _summary(event: dict[str, Any], s: dict[str, Any]) -> str:
    when = dutch.datum(event["event_on"])
    kind = event["kind"]
    if kind == "overdue":
        text = f"Sinds {when} te laat: de termijn liep af op {dutch.datum(s.get('effective_due_on'))}."
    elif kind == "answered":
        text = f"Beantwoord op {when}, na {dutch.dagen(s.get('days_taken'))}."
    else:
        text = (f"Uitstelbericht van {when}; de verlengde termijn loopt tot en met "
                f"{dutch.datum(s.get('extended_due_on'))}.")
    text += f" Nu: {dutch.status_label(s.get('status'))}."
    if s.get("needs_review"):
        reasons = [dutch.review_reason(r) for r in s.get("review_open_reasons") or []]
        text += " Controleer voor u dit citeert: " + " ".join(r if r.endswith(".") else r + "." for r in reasons)
    return text


def deadline_calendar(name: str, title: str, sets: Iterable[dict[str, Any]], base_url: str | None = None) -> bytes:
    """An iCalendar file: each open set's due date and, after a delay notice, its extended due date;
    each event links to the set's page under `base_url`, else to the question's publication. Nothing
    in it depends on the build's day (DTSTAMP is the day the set last changed), so a calendar is
    rewritten only when one of its sets changes."""
    cal = Calendar()
    cal.add("prodid", "-//kamervragen//termijnen//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", title)
    for s in sets:
        if s.get("status") not in OPEN_STATUSES or not s.get("due_on"):
            continue
        deadlines = [("termijn", s["due_on"], "Termijn")]
        if s.get("extended_due_on"):
            deadlines.append(("verlengd", s["extended_due_on"], "Verlengde termijn"))
        for key, day, label in deadlines:
            event = Event()
            event.add("uid", f"{s['vraagnummer']}-{key}@kamervragen")
            event.add("dtstamp", _last_change(s))
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("summary", f"{label} Kamervraag {s['vraagnummer']}: {s.get('title') or ''}".strip())
            event.add("description", f"Ingediend {dutch.datum(s.get('submitted_on'))}. Status: "
                                     f"{dutch.status_label(s.get('status'))}.")
            if base_url:
                event.add("url", f"{base_url}vragen/{s['vraagnummer']}/")
            elif s.get("question_url"):
                event.add("url", s["question_url"])
            cal.add_component(event)
    return cal.to_ical()


def _last_change(s: dict[str, Any]) -> datetime:
    """The day an open set last changed: submitted, a delay notice, or overdue (the day after its
    effective due date)."""
    days = [s.get("submitted_on"), s.get("delay_notice_on")]
    if s.get("status") == "overdue" and s.get("effective_due_on"):
        days.append(s["effective_due_on"] + timedelta(days=1))
    return _moment(max((d for d in days if d), default=date(2000, 1, 1)))
