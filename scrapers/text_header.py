"""The one shared parser for header sentences, used by every manifestation.

- question header: "Vragen van de leden A, B en C (allen D66) aan de Minister van … over …
  (ingezonden 3 juni 2021)." (also "Mondelinge vragen van het lid …", and the Eerste Kamer's
  "… op 29 april 2020 medegedeeld aan de Minister van … inzake …");
- answer header: "Antwoord van Minister Koolmees (Sociale Zaken en Werkgelegenheid)
  (ontvangen 21 juni 2021). Zie ook Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 2147."
  (also "Nader antwoord van …", "Aanvullend antwoord van …");
- notice header: "Mededeling van Minister De Jonge (Binnenlandse Zaken en Koninkrijksrelaties)
  (ontvangen (ontvangen 7 juni 2024)." (the doubled "(ontvangen" is in the source), or a
  "… op 7 juni 2024 medegedeeld" form;
- the submitter list with parties: "(allen D66)", "(beiden CDA)", per person
  "Sneller (D66), Chakor (GroenLinks-PvdA) en Van Nispen (SP)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from schemas.document import AanhangselRef, Minister, Person
from schemas.identifiers import normalise_vergaderjaar
from scrapers import ministries
from scrapers.dutch_dates import DUTCH_DATE_RE, find_marked_date, parse_dutch_date

_WS = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """Collapse whitespace; join words hyphenated over a line break."""
    if not text:
        return ""
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    return _WS.sub(" ", text).strip()


@dataclass(slots=True)
class QuestionHeader:
    """What a "Vragen van …" sentence states."""

    submitters: list[Person] = field(default_factory=list)
    addressed_to: list[str] = field(default_factory=list)
    ministries: list[str] = field(default_factory=list)
    subject: str | None = None
    submitted_on: date | None = None
    oral: bool = False


@dataclass(slots=True)
class AnswerHeader:
    """What an "Antwoord van …" sentence states."""

    answered_by: list[Minister] = field(default_factory=list)
    ministries: list[str] = field(default_factory=list)
    received_on: date | None = None
    refers_to: list[AanhangselRef] = field(default_factory=list)
    supplementary: bool = False


QUESTION_START_RE = re.compile(r"^\s*(?:(Mondelinge|Schriftelijke)\s+)?vragen\s+van\s+", re.I)
_SUBMITTERS_RE = re.compile(r"^\s*(?:de\s+leden|het\s+lid|de\s+leden\s+der\s+kamer)\s+", re.I)
# Where the list of submitters ends: "aan de …" or the Eerste Kamer's "op <date> medegedeeld aan".
_ADDRESS_RE = re.compile(
    r"\s+(?:op\s+(?P<ek>\d{1,2}\s*\w+\s*\d{4})\s+(?:medegedeeld|gesteld)\s+)?aan\s+(?:de|het|den)\s+",
    re.I,
)
_SUBJECT_RE = re.compile(r"\s(?:over|inzake|betreffende|naar\s+aanleiding\s+van)\s", re.I)
_ROLE_RE = re.compile(
    r"\b(Minister-President|Ministers|Minister|Staatssecretarissen|Staatssecretaris)\b", re.I
)
_PARTY_RE = re.compile(r"^(?:(allen|beiden|alle\s+drie|beide)\s+)?([^()]{1,60})$", re.I)


def parse_submitters(text: str) -> list[Person]:
    """Names with parties from "A, B en C (allen D66)" or "A (D66), B (SP) en C (CDA)"."""
    people: list[Person] = []
    pending: list[str] = []
    pos = 0
    for m in re.finditer(r"\(([^()]*)\)", text):
        pending += _split_names(text[pos : m.start()])
        pos = m.end()
        inner = clean(m[1])
        pm = _PARTY_RE.match(inner)
        if not pm or not pending or DUTCH_DATE_RE.search(inner):
            continue
        for name in pending:
            people.append(Person(name=name, party=pm[2].strip()))
        pending = []
    pending += _split_names(text[pos:])
    people.extend(Person(name=n, party=None) for n in pending)
    return people


def _split_names(chunk: str) -> list[str]:
    parts = re.split(r",|\ben\b", clean(chunk))
    return [p.strip(" .") for p in parts if p.strip(" .")]


def parse_addressees(text: str) -> list[str]:
    """Split "de Staatssecretaris en de Minister van X" into one function per person."""
    text = clean(re.sub(r",\s*(?:dhr|mw|mevr|mevrouw|de heer)\.?\s+[^,]+,?", "", text))
    starts = [m.start() for m in _ROLE_RE.finditer(text)]
    if not starts:
        return [text] if text else []
    out: list[str] = []
    for i, s in enumerate(starts):
        seg = text[s : starts[i + 1] if i + 1 < len(starts) else len(text)]
        seg = re.sub(r"(?:,\s*|\s+en\s+)(?:de|het|den)?\s*$", "", seg.strip()).strip(" ,")
        role = _ROLE_RE.match(seg)[1]  # type: ignore[index]
        rest = seg[len(role) :].strip()
        if role.lower() in ("ministers", "staatssecretarissen"):
            singular = "Minister" if role.lower() == "ministers" else "Staatssecretaris"
            for part in re.split(r"\s+en\s+(?=van\s|voor\s)|,\s*(?=van\s|voor\s)", rest):
                out.append(f"{singular} {part.strip()}")
        else:
            out.append(f"{role[0].upper()}{role[1:]} {rest}".strip())
    # "de Staatssecretaris en de Minister van X": a bare role shares the next one's ministry.
    for i in range(len(out) - 2, -1, -1):
        if " " not in out[i]:
            tail = re.sub(r"^\S+\s+", "", out[i + 1])
            out[i] = f"{out[i]} {tail}"
    return out


def parse_question_header(text: str) -> QuestionHeader:
    """Parse a "Vragen van … (ingezonden …)" sentence (or a title that carries one)."""
    text = clean(text)
    head = QuestionHeader()
    start = QUESTION_START_RE.match(text)
    if not start:
        return head
    head.oral = (start[1] or "").lower() == "mondelinge"
    rest = _SUBMITTERS_RE.sub("", text[start.end() :], count=1)
    addr = _ADDRESS_RE.search(rest)
    if not addr:
        head.submitters = parse_submitters(re.split(r"\(\s*ingezonden", rest, flags=re.I)[0])
        head.submitted_on = find_marked_date(text, "ingezonden")
        return head
    head.submitters = parse_submitters(rest[: addr.start()])
    after = rest[addr.end() :]
    subj = _SUBJECT_RE.search(after)
    addressed = after[: subj.start()] if subj else re.split(r"\(", after)[0]
    head.addressed_to = parse_addressees(addressed)
    head.ministries = ministries.find_in_text(addressed)
    if subj:
        subject = re.split(r"\(\s*ingezonden", after[subj.end() :], flags=re.I)[0]
        head.subject = clean(subject).rstrip(" .") or None
    head.submitted_on = find_marked_date(text, "ingezonden")
    if head.submitted_on is None and addr["ek"]:
        head.submitted_on = parse_dutch_date(addr["ek"])
    return head


ANSWER_START_RE = re.compile(r"^\s*(?:(?:nader|aanvullend)e?\s+)?antwoord\s+van\s+", re.I)
_ANSWERER_RE = re.compile(
    r"(Minister-President|Minister|Staatssecretaris|minister-president|minister|staatssecretaris)"
    r"\s+(?:van\s+[^()]*?\s+|voor\s+[^()]*?\s+)?([^(),]+?)\s*\(([^()]*)\)"
)
_ZIE_OOK_RE = re.compile(
    r"Zie\s+ook\s+Aanhangsel\s+(?:van\s+de\s+)?Handelingen,?\s+vergaderjaar\s+"
    r"(\d{4}\s*[-–]\s*\d{4}),?\s+(?:nrs?\.?|nummers?)\s*([\d,\sen]+)",
    re.I,
)
_SUPPLEMENTARY_RE = re.compile(r"\b(nader|nadere|aanvullend|aanvullende)\b", re.I)


def parse_answer_header(text: str) -> AnswerHeader:
    """Parse an "Antwoord van … (ontvangen …)" sentence, with its "Zie ook" references."""
    text = clean(text)
    head = AnswerHeader()
    body = re.split(r"\(\s*ontvangen", text, maxsplit=1, flags=re.I)[0]
    head.supplementary = bool(_SUPPLEMENTARY_RE.search(text[:40]))
    for m in _ANSWERER_RE.finditer(body):
        if re.search(r"namens\s+(?:de\s+)?$", body[: m.start()], re.I):
            continue
        inner = clean(m[3])
        ministry = ministries.from_name(re.split(r"\s+[–-]\s+", inner)[0])
        if ministry is None:
            continue  # a parenthesis that does not name a ministry (a first name, a party)
        role = m[1][0].upper() + m[1][1:]
        head.answered_by.append(Minister(name=clean(m[2]), function=role, ministry=ministry))
    names = [a.ministry for a in head.answered_by if a.ministry]
    for abbr in names + ministries.find_in_text(body):
        if abbr not in head.ministries:
            head.ministries.append(abbr)
    head.received_on = find_marked_date(text, "ontvangen")
    head.refers_to = find_refers_to(text)
    return head


# Only at the start of a title or header: "Nader antwoord op vragen …", "Aanvullende
# beantwoording van …". A subject that mentions "een nader antwoord" does not count.
SUPPLEMENTARY_RE = re.compile(r"^\s*(?:nader(?:e)?|aanvullend(?:e)?)\s+(?:antwoord|beantwoording)", re.I)
NOTICE_START_RE = re.compile(r"^\s*mededeling\s+van\s+", re.I)
# "op 7 juni 2024 medegedeeld" / "medegedeeld op 7 juni 2024" (the date in group 1 or 2).
_MEDEGEDEELD = r"\b(?:op\s+(\d{1,2}\s*\w+\s*\d{4})\s+medegedeeld|medegedeeld\s+op\s+(\d{1,2}\s*\w+\s*\d{4}))\b"
_MEDEGEDEELD_RE = re.compile(_MEDEGEDEELD, re.I)
# The end of a notice header: its "(ontvangen …)" date (doubled or not), or a "medegedeeld" date.
NOTICE_HEADER_END = rf"\(\s*(?:ontvangen\s*\(\s*)?ontvangen\b[^)]*\)\)?\s*\.?|{_MEDEGEDEELD}\s*\.?"
_NOTICE_HEADER_END_RE = re.compile(NOTICE_HEADER_END, re.I)


def parse_notice_header(text: str) -> AnswerHeader:
    """Parse a "Mededeling van … (ontvangen …)" sentence: who sent the notice, and when.

    The sender is read as in an answer header; the date is the "(ontvangen …)" date, else the
    "op <date> medegedeeld" / "medegedeeld op <date>" date.
    """
    head = parse_answer_header(text)
    head.supplementary = False
    if head.received_on is None and (m := _MEDEGEDEELD_RE.search(clean(text))):
        head.received_on = parse_dutch_date(m[1] or m[2])
    return head


def split_notice_header(text: str) -> tuple[str | None, str]:
    """("Mededeling van … (ontvangen …).", the rest) when `text` opens with a notice header,
    else (None, text). A header without a recognisable end is not split off."""
    flat = clean(text)
    if not NOTICE_START_RE.match(flat):
        return None, text
    end = _NOTICE_HEADER_END_RE.search(flat)
    if end is None or end.start() > 600:
        return None, text
    return flat[: end.end()].strip(), flat[end.end() :].strip()


def header_kind(text: str) -> str | None:
    """What a header sentence opens: "question", "answer", "supplementary_answer" or "notice"."""
    if QUESTION_START_RE.match(text):
        return "question"
    if ANSWER_START_RE.match(text):
        return "supplementary_answer" if SUPPLEMENTARY_RE.match(text) else "answer"
    if NOTICE_START_RE.match(text):
        return "notice"
    return None



def find_refers_to(text: str) -> list[AanhangselRef]:
    """Earlier Aanhangsel numbers from "Zie ook Aanhangsel Handelingen, vergaderjaar …, nr. …"."""
    refs: list[AanhangselRef] = []
    for m in _ZIE_OOK_RE.finditer(clean(text)):
        vj = normalise_vergaderjaar(m[1])
        for nr in re.findall(r"\d+", m[2]):
            if vj:
                refs.append(AanhangselRef(vergaderjaar=vj, nr=nr))
    return refs
