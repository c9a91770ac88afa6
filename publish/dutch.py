"""Dutch wording and Dutch number/date formats (Babel, locale `nl_NL`) for the site."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

LOCALE = "nl_NL"

STATUS_LABELS = {
    "incomplete": "onvolledig",
    "withdrawn": "ingetrokken",
    "answered": "beantwoord",
    "answered_on_time": "op tijd beantwoord",
    "answered_within_extension": "beantwoord binnen de verlengde termijn",
    "answered_late": "te laat beantwoord",
    "open": "open",
    "open_extended": "open, uitgesteld",
    "overdue": "te laat, nog geen antwoord",
}
ROLE_LABELS = {
    "question": "Vragen ingediend",
    "answer": "Antwoord",
    "supplementary_answer": "Nader antwoord",
    "delay_notice": "Uitstelbericht",
    "withdrawal_notice": "Vragen ingetrokken",
    "answered_elsewhere_notice": "Beantwoord in een andere brief",
    "other_notice": "Mededeling (soort onbekend)",
}
EVENT_LABELS = {"overdue": "te laat", "answered": "beantwoord", "delay_notice": "uitstelbericht"}


def datum(value: date | datetime | None) -> str:
    """18 januari 2022."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, "d MMMM y", locale=LOCALE)


def tijdstip(value: datetime | None) -> str:
    """18 januari 2022 om 14:05 (in the value's own time zone)."""
    if value is None:
        return "–"
    return format_datetime(value, "d MMMM y 'om' HH:mm", tzinfo=value.tzinfo, locale=LOCALE)


def getal(value: float | int | None, digits: int = 0) -> str:
    """1.234 or 12,5."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def procent(value: float | None) -> str:
    """0.25 → 25%."""
    if value is None:
        return "–"
    return format_percent(value, locale=LOCALE)


def dagen(n: int | None) -> str:
    """1 dag, 12 dagen."""
    if n is None:
        return "–"
    return f"{getal(n)} dag" if n == 1 else f"{getal(n)} dagen"


def role_label(role: str | None) -> str:
    return ROLE_LABELS.get(role or "", role or "document")


def status_label(status: str | None) -> str:
    return STATUS_LABELS.get(status or "", status or "onbekend")


def status_reason(s: dict[str, Any], term: int, extension: int) -> str:
    """The status with its reason, in plain Dutch, e.g.
    'te laat: 12 dagen na de termijn van 21 dagen, geen uitstelbericht'."""
    status = s.get("status")
    notice = s.get("delay_notice_on")
    late_notice = " (het uitstelbericht kwam zelf na de termijn)" if s.get("notice_was_late") else ""
    if notice:
        termijn = f"de verlengde termijn van {term + extension} dagen, uitstelbericht van {datum(notice)}{late_notice}"
    else:
        termijn = f"de termijn van {term} dagen, geen uitstelbericht"
    if status == "answered_on_time":
        return f"op tijd beantwoord: na {dagen(s.get('days_taken'))}, binnen de termijn van {term} dagen"
    if status == "answered_within_extension":
        return f"beantwoord binnen {termijn}: na {dagen(s.get('days_taken'))}"
    if status == "answered_late":
        return f"te laat: {dagen(s.get('days_overdue'))} na {termijn}"
    if status == "overdue":
        return f"te laat: nog geen antwoord, {dagen(s.get('days_overdue'))} na {termijn}"
    if status == "open":
        return f"open: de termijn van {term} dagen loopt tot en met {datum(s.get('due_on'))}"
    if status == "open_extended":
        return (f"open, uitgesteld: uitstelbericht van {datum(notice)}{late_notice}; de verlengde termijn "
                f"loopt tot en met {datum(s.get('extended_due_on'))}")
    if status == "withdrawn":
        return f"ingetrokken op {datum(s.get('withdrawn_on'))}"
    if status == "answered":
        return "beantwoord; geen termijn (Eerste Kamer of mondelinge vraag)"
    if status == "incomplete":
        return "onvolledig: de vraag zelf is niet gevonden, de datum van indiening is onbekend"
    return status_label(status)
