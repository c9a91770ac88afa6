"""Dutch wording and Dutch number/date formats (Babel, locale `nl_NL`) for the site."""

from __future__ import annotations

import re
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
OUTCOME_LABELS = {  # the six outcome categories (answer_times_as_of), in the order the charts show them
    "answered_on_time": "Op tijd beantwoord",
    "answered_within_extension": "Beantwoord binnen de verlengde termijn",
    "answered_late": "Te laat beantwoord",
    "withdrawn": "Ingetrokken",
    "open_within_term": "Open, binnen de termijn",
    "open_overdue": "Open, termijn verstreken",
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


# --- review reasons ---------------------------------------------------------------------------------
# `review_reasons` are English sentences in fixed shapes (warehouse/sql/review_question_sets.sql and
# tk_review_reasons.sql). Each known shape gets a Dutch sentence with the same facts; a reason of no
# known shape is shown as it is, never dropped.
_DATE = r"(\d{4}-\d{2}-\d{2}|unknown date)"
_FIELDS = {"submitted_on": "de datum van indiening", "received_on": "de datum van ontvangst",
           "kind": "de soort document", "notice_kind": "de soort mededeling"}
_SOURCES = {"pdf": "de pdf", "xml": "de XML", "html": "de HTML-versie", "text": "de tekst",
            "sru": "het SRU-record", "metadata": "de metadata", "metadata_owms": "de OWMS-metadata",
            "another source": "een andere bron"}
_TEXT_OF = {"answer": "het antwoord", "supplementary answer": "het nadere antwoord",
            "delay notice": "het uitstelbericht", "withdrawal notice": "de intrekking",
            "answered-elsewhere notice": "de mededeling dat elders is geantwoord", "notice": "de mededeling"}
_TK = "de registratie van de Tweede Kamer"
_VALUES = {"question": "vraag", "answer": "antwoord", "supplementary_answer": "nader antwoord",
           "notice": "mededeling", "delay": "uitstel", "withdrawn": "intrekking",
           "answered_elsewhere": "elders beantwoord", "other": "onbekend", "(none)": "(niets)"}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _d(text: str) -> str:
    """An ISO date as a Dutch date, a document or notice kind in Dutch; anything else as it is."""
    if text == "unknown date":
        return "onbekende datum"
    try:
        return datum(date.fromisoformat(text))
    except ValueError:
        return _VALUES.get(text, text)


def _conflict(m: re.Match[str]) -> str:
    field, doc, kept, source, other = m.groups()
    return (f"{_cap(_FIELDS.get(field, field))} verschilt in {doc}: aangehouden is {_d(kept)}, "
            f"{_SOURCES.get(source, source)} zegt {_d(other)}.")


def _no_question(m: re.Match[str]) -> str:
    day, how = m.group(1), m.group(2)
    if day is None:
        return "Geen vraagdocument gevonden; de datum van indiening is onbekend."
    where = {"set by hand": "met de hand ingevuld",
             "from another document": "overgenomen uit een ander document"}.get(
        how, "overgenomen uit de registratie van de Tweede Kamer (gestartOp)")
    return f"Geen vraagdocument gevonden; de datum van indiening ({_d(day)}) is {where}."


_REVIEW_REASONS: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(rf"unclassified notice of {_DATE} \((.+)\)"),
     lambda m: f"Mededeling van {_d(m.group(1))} ({m.group(2)}) waarvan de soort niet is vast te stellen "
               "(uitstel, intrekking of elders beantwoord)."),
    (re.compile(r"conflicting (\w+) in (\S+): kept (.+), (.+) says (.+)"), _conflict),
    (re.compile(r"no question record; submitted date (?:unknown|(\d{4}-\d{2}-\d{2}) "
                r"(set by hand|from another document|from the Tweede Kamer's records \(gestartOp\)))"),
     _no_question),
    (re.compile(rf"answered {_DATE}, before the question was submitted \({_DATE}\)"),
     lambda m: f"Beantwoord op {_d(m.group(1))}, vóór de datum van indiening ({_d(m.group(2))})."),
    (re.compile(rf"text of the ({'|'.join(map(re.escape, _TEXT_OF))}) of {_DATE} \((.+)\) "
                r"could not be (fetched|parsed)"),
     lambda m: f"De tekst van {_TEXT_OF[m.group(1)]} van {_d(m.group(2))} ({m.group(3)}) kon niet worden "
               f"{'opgehaald' if m.group(4) == 'fetched' else 'gelezen'}."),
    (re.compile(r"sources disagree on the submitted date: (.+) in the publication, (.+) in the "
                r"Tweede Kamer's records"),
     lambda m: f"De bronnen verschillen over de datum van indiening: {_d(m.group(1))} in de publicatie, "
               f"{_d(m.group(2))} in {_TK}."),
    (re.compile(r"sources disagree on the answer's received date: (.+) in the publication, (.+) in the "
                r"Tweede Kamer's records"),
     lambda m: f"De bronnen verschillen over de datum van ontvangst van het antwoord: {_d(m.group(1))} in de "
               f"publicatie, {_d(m.group(2))} in {_TK}."),
    (re.compile(r"the Tweede Kamer's records hold an? (answer|delay notice) of (.+) that is not published "
                r"\(yet\)"),
     lambda m: f"{_cap(_TK)} bevat {'een antwoord' if m.group(1) == 'answer' else 'een uitstelbericht'} "
               f"van {_d(m.group(2))} dat (nog) niet is gepubliceerd."),
    (re.compile(r"the Tweede Kamer's records mark the case done \(afgedaan\) while no answer is published"),
     lambda m: f"In {_TK} is de zaak afgedaan, maar er is geen antwoord gepubliceerd."),
)


def review_reason(reason: str) -> str:
    """A review reason in Dutch; a reason of no known shape is returned as it is."""
    for pattern, sentence in _REVIEW_REASONS:
        if m := pattern.fullmatch(reason):
            return str(sentence(m))
    return reason


def tk_coverage(cov: dict[str, Any] | None) -> str | None:
    """"Registratie van de Tweede Kamer: gelezen vanaf 7 september 2026; volledige geschiedenis 43 %
    gelezen …", or None when the Tweede Kamer's records were never read."""
    if not cov or not cov.get("synced"):
        return None
    if cov.get("history_complete"):
        return "Registratie van de Tweede Kamer: volledig gelezen, vanaf het begin."
    since = datetime.fromisoformat(cov["synced_from"]) if cov.get("synced_from") else None
    return (f"Registratie van de Tweede Kamer: gelezen vanaf {datum(since)}; volledige geschiedenis "
            f"{procent(float(cov.get('history_share') or 0.0))} gelezen. Vragen van vóór die datum zijn nog niet "
            "met die registratie vergeleken.")

