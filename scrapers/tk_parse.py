"""Pure parser of one Tweede Kamer SyncFeed page (Atom) into typed TK records.

A page is an Atom `<feed>` of `<entry>`s; each entry names its category, carries a `next` link whose
`skiptoken` resumes the feed after it, and holds one entity element (namespace
`http://www.tweedekamer.nl/xsd/tkData/v1-0`, schemas in `../shared/samples/tk/*.xsd`) in
`<content>`. Deletions are tombstones: the entity element with `verwijderd="true"` and no fields.

Only what belongs to written questions is kept (`keep_*`); the rest is reported as skipped so the
caller can still advance its skiptoken. Unknown elements and attributes are ignored, never an error;
a value that does not parse (a date, a boolean) is stored as NULL and named in `Entry.problems`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from lxml import etree

from scrapers import ministries
from scrapers.xmlsafe import local, parse_xml

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CASE_SOORT = "Schriftelijke vragen"
DOCUMENT_SOORTEN = frozenset({
    "Schriftelijke vragen",
    "Antwoord schriftelijke vragen",
    "Antwoord schriftelijke vragen (nader)",
    "Mededeling (uitstel antwoord)",
})
CATEGORIES = ("Zaak", "ZaakActor", "Document")
"""The categories synced, in this order (cases first, so actors can be kept by their case)."""
ENTITY_OF = {"zaak": "Zaak", "zaakactor": "ZaakActor", "document": "Document"}
_SKIPTOKEN = re.compile(r"[?&]skiptoken=([^&#]+)", re.I)


class FeedError(ValueError):
    """A page that is not an Atom feed (the message names what was found)."""


@dataclass(frozen=True, slots=True)
class TkCase:
    """A `zaak` of soort "Schriftelijke vragen"; `nummer` is the vraagnummer."""

    id: str
    bijgewerkt: datetime | None
    nummer: str | None
    soort: str | None
    onderwerp: str | None
    titel: str | None
    gestart_op: datetime | None
    gestart_on: date | None  # gestartOp as a Europe/Amsterdam date
    termijn: datetime | None  # empty in all 42,994 cases of the 2024 snapshot: stored, never relied on
    vergaderjaar: str | None
    status: str | None
    huidige_behandelstatus: str | None
    afgedaan: bool | None
    organisatie: str | None


@dataclass(frozen=True, slots=True)
class TkActor:
    """A `zaakActor`: who asked (Indiener, Medeindiener) or to whom it was addressed (Gericht aan)."""

    id: str
    bijgewerkt: datetime | None
    zaak_id: str | None
    persoon_id: str | None
    fractie_id: str | None
    commissie_id: str | None
    actor_naam: str | None
    actor_fractie: str | None
    actor_afkorting: str | None
    functie: str | None
    relatie: str | None
    sid_actor: str | None
    ministry: str | None  # `functie` → ministry abbreviation through schemas/ministries.csv


@dataclass(frozen=True, slots=True)
class TkDocument:
    """A `document` of one of the four written-question kinds (DOCUMENT_SOORTEN)."""

    id: str
    bijgewerkt: datetime | None
    zaak_ids: tuple[str, ...]
    soort: str | None
    document_nummer: str | None
    titel: str | None
    onderwerp: str | None
    datum: datetime | None
    vergaderjaar: str | None
    kamer: int | None
    datum_registratie: datetime | None
    datum_ontvangst: datetime | None
    ontvangen_on: date | None  # datumOntvangst as a Europe/Amsterdam date
    aanhangselnummer: str | None
    kenmerk_afzender: str | None
    organisatie: str | None


TkRecord = TkCase | TkActor | TkDocument


@dataclass(slots=True)
class Entry:
    """One feed entry: `record` is None for a tombstone, an unknown entity or one not kept."""

    category: str
    entity_id: str
    deleted: bool
    skiptoken: str | None
    record: TkRecord | None = None
    kept: bool = False
    problems: list[str] = field(default_factory=list)
    bijgewerkt: datetime | None = None  # the entity's, tombstones included (None when absent or unreadable)


@dataclass(slots=True)
class FeedPage:
    """The entries of one page and the page's own `next` link (None at the end of the feed)."""

    entries: list[Entry]
    next_url: str | None

    @property
    def skiptoken(self) -> str | None:
        """Where to resume after this page: the last entry's token, else the page's `next` link."""
        for entry in reversed(self.entries):
            if entry.skiptoken:
                return entry.skiptoken
        return skiptoken_of(self.next_url)


def skiptoken_of(url: str | None) -> str | None:
    """The `skiptoken` query value of a feed URL, or None."""
    if not url:
        return None
    m = _SKIPTOKEN.search(url)
    return m.group(1) if m else None


def parse_feed_page(data: bytes, known_cases: set[str] | frozenset[str] = frozenset(),
                    park_after: datetime | None = None) -> FeedPage:
    """Parse one SyncFeed page; `known_cases` are the written-question case ids actors are kept for.

    `park_after`: an actor of a case not known (yet) is kept too when it was updated at or after this
    moment: its case may follow in the next sync (the Zaak pass ran before it was created). The caller
    drops such actors once they are older than that and still have no case.
    """
    try:
        root = parse_xml(data)
    except ValueError as exc:
        raise FeedError(f"not an Atom feed page: {exc}") from None
    if local(root.tag) != "feed":
        raise FeedError(f"not an Atom feed page: root element <{local(root.tag) or '?'}>")
    next_url = None
    entries = []
    for child in root:
        name = local(child.tag)
        if name == "link" and child.get("rel") == "next":
            next_url = child.get("href")
        elif name == "entry":
            entry = parse_entry(child, known_cases, park_after)
            if entry is not None:
                entries.append(entry)
    return FeedPage(entries, next_url)


def parse_entry(el: etree._Element, known_cases: set[str] | frozenset[str] = frozenset(),
                park_after: datetime | None = None) -> Entry | None:
    """One `<entry>`; None when it holds no entity element at all (`park_after`: see parse_feed_page)."""
    token = None
    category = ""
    entity = None
    for child in el:
        name = local(child.tag)
        if name == "link" and child.get("rel") == "next":
            token = skiptoken_of(child.get("href"))
        elif name == "category":
            category = child.get("term") or ""
        elif name == "content":
            entity = next((c for c in child if local(c.tag)), None)
    if entity is None or not entity.get("id"):
        return None
    kind = ENTITY_OF.get(local(entity.tag), category or local(entity.tag))
    entry = Entry(kind, entity.get("id", ""), _bool(entity.get("verwijderd")) is True, token)
    if entity.get("bijgewerkt") is not None:
        entry.bijgewerkt = _datetime(entry, "bijgewerkt", entity.get("bijgewerkt"))
    if entry.deleted:
        return entry
    fields = _fields(entity)
    if kind == "Zaak":
        case = _case(entry, entity, fields)
        entry.record, entry.kept = case, case.soort == CASE_SOORT
    elif kind == "ZaakActor":
        actor = _actor(entry, entity, fields)
        entry.record, entry.kept = actor, actor.zaak_id in known_cases or _recent(actor.bijgewerkt, park_after)
    elif kind == "Document":
        doc = _document(entry, entity, fields)
        entry.record, entry.kept = doc, doc.soort in DOCUMENT_SOORTEN
    return entry


def _recent(when: datetime | None, after: datetime | None) -> bool:
    """`when` is at or after `after` (both known; a naive value is read as UTC)."""
    if when is None or after is None:
        return False
    aware = [t if t.tzinfo else t.replace(tzinfo=UTC) for t in (when, after)]
    return aware[0] >= aware[1]


def _fields(entity: etree._Element) -> dict[str, etree._Element]:
    """Child elements by local name (first occurrence; repeated relations are read separately)."""
    out: dict[str, etree._Element] = {}
    for child in entity:
        name = local(child.tag)
        if name and name not in out:
            out[name] = child
    return out


def _text(fields: dict[str, etree._Element], name: str) -> str | None:
    el = fields.get(name.lower())
    if el is None or _bool(el.get("{http://www.w3.org/2001/XMLSchema-instance}nil")):
        return None
    text = " ".join((el.text or "").split())
    return text or None


def _ref(fields: dict[str, etree._Element], name: str) -> str | None:
    el = fields.get(name.lower())
    return el.get("ref") if el is not None else None


def _bool(value: str | None) -> bool | None:
    if value is None:
        return None
    v = value.strip().lower()
    return True if v in ("true", "1") else False if v in ("false", "0") else None


def _datetime(entry: Entry, name: str, value: str | None) -> datetime | None:
    """An xs:dateTime; without a zone it is read as Europe/Amsterdam local time."""
    if value is None:
        return None
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)  # .NET's 7 fractional digits
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        entry.problems.append(f"{name}: not a date-time: {value!r}")
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=AMSTERDAM)


def local_date(moment: datetime | None) -> date | None:
    """The Europe/Amsterdam calendar date of an instant."""
    return moment.astimezone(AMSTERDAM).date() if moment else None


def _int(entry: Entry, name: str, value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        entry.problems.append(f"{name}: not an integer: {value!r}")
        return None


def _case(entry: Entry, entity: etree._Element, f: dict[str, etree._Element]) -> TkCase:
    gestart = _datetime(entry, "gestartOp", _text(f, "gestartOp"))
    afgedaan_text = _text(f, "afgedaan")
    afgedaan = _bool(afgedaan_text)
    if afgedaan_text is not None and afgedaan is None:
        entry.problems.append(f"afgedaan: not a boolean: {afgedaan_text!r}")
    return TkCase(
        id=entry.entity_id,
        bijgewerkt=entry.bijgewerkt,
        nummer=_text(f, "nummer"),
        soort=_text(f, "soort"),
        onderwerp=_text(f, "onderwerp"),
        titel=_text(f, "titel"),
        gestart_op=gestart,
        gestart_on=local_date(gestart),
        termijn=_datetime(entry, "termijn", _text(f, "termijn")),
        vergaderjaar=_text(f, "vergaderjaar"),
        status=_text(f, "status"),
        huidige_behandelstatus=_text(f, "huidigeBehandelstatus"),
        afgedaan=afgedaan,
        organisatie=_text(f, "organisatie"),
    )


def _actor(entry: Entry, entity: etree._Element, f: dict[str, etree._Element]) -> TkActor:
    functie = _text(f, "functie")
    return TkActor(
        id=entry.entity_id,
        bijgewerkt=entry.bijgewerkt,
        zaak_id=_ref(f, "zaak"),
        persoon_id=_ref(f, "persoon"),
        fractie_id=_ref(f, "fractie"),
        commissie_id=_ref(f, "commissie"),
        actor_naam=_text(f, "actorNaam"),
        actor_fractie=_text(f, "actorFractie"),
        actor_afkorting=_text(f, "actorAfkorting"),
        functie=functie,
        relatie=_text(f, "relatie"),
        sid_actor=_text(f, "sidActor"),
        ministry=ministry_of_function(functie),
    )


@lru_cache(maxsize=4096)
def ministry_of_function(functie: str | None) -> str | None:
    """The ministry a function names ("minister van Financiën" → FIN), through schemas/ministries.csv."""
    found = ministries.find_in_text(functie) if functie else []
    return found[0] if found else None


def _document(entry: Entry, entity: etree._Element, f: dict[str, etree._Element]) -> TkDocument:
    zaken = tuple(c.get("ref") for c in entity if local(c.tag) == "zaak" and c.get("ref"))
    ontvangst = _datetime(entry, "datumOntvangst", _text(f, "datumOntvangst"))
    return TkDocument(
        id=entry.entity_id,
        bijgewerkt=entry.bijgewerkt,
        zaak_ids=zaken,  # type: ignore[arg-type]
        soort=_text(f, "soort"),
        document_nummer=_text(f, "documentNummer"),
        titel=_text(f, "titel"),
        onderwerp=_text(f, "onderwerp"),
        datum=_datetime(entry, "datum", _text(f, "datum")),
        vergaderjaar=_text(f, "vergaderjaar"),
        kamer=_int(entry, "kamer", _text(f, "kamer")),
        datum_registratie=_datetime(entry, "datumRegistratie", _text(f, "datumRegistratie")),
        datum_ontvangst=ontvangst,
        ontvangen_on=local_date(ontvangst),
        aanhangselnummer=_text(f, "aanhangselnummer"),
        kenmerk_afzender=_text(f, "kenmerkAfzender"),
        organisatie=_text(f, "organisatie"),
    )
