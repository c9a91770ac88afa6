"""A local stand-in for the Tweede Kamer SyncFeed (`<base>/Feed?category=X[&skiptoken=N]`).

Two kinds of entities, labelled:
- RECONSTRUCTED from real values: `reconstructed_entities()` turns the 287 real case rows of
  `tk_data/zaak-schriftelijke-vragen.sample.tsv` into `zaak` entities (every value verbatim) and their
  `zaakActor`s (names and relation verbatim; the actor ids are made up, uuid5 of the case id, name and
  relation), in the element names and order of the XSDs. The real rows are not stored as XML, and they
  hold no fractie, functie or documents: none are invented for these real cases.
- SYNTHETIC: `SyntheticCase` builds a case with made-up ids (uuid5 of "SYNTHETIC …") and a made-up
  vraagnummer, with actors (fractie, functie) and documents (answers, delay notices).

`TkFeedServer` serves the entities per category in the order added, `page_size` per page: each entry
has a `next` link with its own skiptoken (its position), the page a `next` link when more follow.
Adding an entity again (an update) or a tombstone appends it, as the real feed does. `fail_next`
scripts 429/5xx answers; `requests` logs every request.
With `source=` (a `FeedSource`, e.g. `replay.tk_realsize.RealSizeFeed`) it serves a lazily generated
feed instead: one skiptoken counter shared by the categories, each entry's own counter as its
token; `add` then appends after the source's head, on the same counter.
"""

from __future__ import annotations

import csv
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

DATA = Path(__file__).with_name("tk_data")
SAMPLE_TSV = DATA / "zaak-schriftelijke-vragen.sample.tsv"
NS = "http://www.tweedekamer.nl/xsd/tkData/v1-0"
ENTITY_TAG = {"Zaak": "zaak", "ZaakActor": "zaakActor", "Document": "document"}
RELATIONS = (("Indiener(actors)", "Indiener"), ("Medeindiener(actors)", "Medeindiener"),
             ("GerichtAan(actors)", "Gericht aan"), ("Rapporteur(actors)", "Rapporteur"),
             ("Volgcommissie(actors)", "Volgcommissie"), ("Voortouwcommissie(actors)", "Voortouwcommissie"))
_MADE_UP = uuid.UUID("5f0c2a9e-0000-4000-8000-000000000000")


def made_up_id(*parts: str) -> str:
    """A made-up, stable GUID (uuid5) for an entity the samples do not give an id for."""
    return str(uuid.uuid5(_MADE_UP, "|".join(parts)))


@dataclass(slots=True)
class Entity:
    """One feed entity: its category, id, `bijgewerkt`, fields (element name → text, in XSD order;
    a list value repeats the element; ('ref', id) is a relation) or a tombstone."""

    category: str
    id: str
    bijgewerkt: str
    fields: list[tuple[str, Any]] = field(default_factory=list)
    deleted: bool = False
    extra_xml: str = ""  # raw XML appended inside the entity (an element the parser does not know)

    def xml(self) -> str:
        """The entity element, as the SyncFeed puts it in `<content>`."""
        tag = ENTITY_TAG.get(self.category, self.category[:1].lower() + self.category[1:])
        head = (f'<{tag} xmlns="{NS}" id="{self.id}" bijgewerkt="{self.bijgewerkt}" '
                f'verwijderd="{"true" if self.deleted else "false"}"')
        if self.deleted:
            return head + "/>"
        body = []
        for name, value in self.fields:
            for v in value if isinstance(value, list) else [value]:
                if v is None:
                    continue
                if isinstance(v, tuple) and v[0] == "ref":
                    body.append(f'<{name} ref="{v[1]}"/>')
                else:
                    body.append(f"<{name}>{escape(str(v))}</{name}>")
        return head + ">" + "".join(body) + self.extra_xml + f"</{tag}>"

    def tombstone(self, bijgewerkt: str) -> Entity:
        """The deletion of this entity (no fields)."""
        return Entity(self.category, self.id, bijgewerkt, deleted=True)


def _split_names(cell: str) -> list[str]:
    """Actor names of one TSV cell: comma-separated, a name's initials in parentheses never hold one."""
    return [n.strip() for n in cell.split(", ") if n.strip()]


def reconstructed_rows() -> list[dict[str, str]]:
    """The 287 real case rows, verbatim."""
    with SAMPLE_TSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def reconstructed_entities() -> Iterator[Entity]:
    """RECONSTRUCTED from real values: a `zaak` per row, then a `zaakActor` per actor name."""
    rows = reconstructed_rows()
    for r in rows:
        yield Entity("Zaak", r["Id"], r["ApiGewijzigdOp"], [
            ("nummer", r["Nummer"]), ("soort", r["Soort"]), ("onderwerp", r["Onderwerp"]),
            ("gestartOp", r["GestartOp"]), ("organisatie", r["Organisatie"] or None),
            ("termijn", r["Termijn"] or None), ("vergaderjaar", r["Vergaderjaar"]),
            ("status", r["Status"] or None), ("afgedaan", r["Afgedaan"].lower() or None),
        ], deleted=r["Verwijderd"].lower() == "true")
    for r in rows:
        for column, relatie in RELATIONS:
            for name in _split_names(r.get(column) or ""):
                yield Entity("ZaakActor", made_up_id(r["Id"], relatie, name), r["ApiGewijzigdOp"], [
                    ("zaak", ("ref", r["Id"])), ("actorNaam", name), ("relatie", relatie),
                ])


@dataclass(slots=True)
class SyntheticCase:
    """A SYNTHETIC written-question case (made-up vraagnummer and ids) with its actors and documents."""

    vraagnummer: str
    submitted: date
    submitters: tuple[tuple[str, str], ...] = (("Synthetisch Lid", "D66"),)  # (name, fractie)
    addressed_to: tuple[str, ...] = ("minister van Volksgezondheid, Welzijn en Sport",)
    answers: tuple[tuple[date | None, str | None], ...] = ()  # (datumOntvangst, aanhangselnummer)
    notices: tuple[date | None, ...] = ()
    afgedaan: bool = False
    bijgewerkt: str = "2026-01-05T10:00:00Z"

    @property
    def case_id(self) -> str:
        return made_up_id("SYNTHETIC zaak", self.vraagnummer)

    def vergaderjaar(self, d: date) -> str:
        start = d.year if d.month >= 9 else d.year - 1
        return f"{start}-{start + 1}"

    def entities(self) -> list[Entity]:
        """The zaak, its actors and its documents (the question document included)."""
        s = self.submitted
        out = [Entity("Zaak", self.case_id, self.bijgewerkt, [
            ("nummer", self.vraagnummer), ("soort", "Schriftelijke vragen"),
            ("onderwerp", f"Synthetisch onderwerp {self.vraagnummer}"),
            ("gestartOp", datetime(s.year, s.month, s.day).isoformat() + _offset(s)),
            ("organisatie", "Tweede Kamer"), ("vergaderjaar", self.vergaderjaar(s)),
            ("status", "Vrijgegeven"), ("afgedaan", "true" if self.afgedaan else "false"),
        ])]
        for i, (name, fractie) in enumerate(self.submitters):
            out.append(Entity("ZaakActor", made_up_id("SYNTHETIC actor", self.vraagnummer, str(i)), self.bijgewerkt, [
                ("zaak", ("ref", self.case_id)), ("actorNaam", name), ("actorFractie", fractie),
                ("functie", "Tweede Kamerlid"), ("relatie", "Indiener" if i == 0 else "Medeindiener"),
            ]))
        for i, functie in enumerate(self.addressed_to):
            out.append(Entity("ZaakActor", made_up_id("SYNTHETIC addressee", self.vraagnummer, str(i)),
                              self.bijgewerkt, [
                ("zaak", ("ref", self.case_id)), ("actorNaam", f"Synthetische Bewindspersoon {i + 1}"),
                ("functie", functie), ("relatie", "Gericht aan"),
            ]))
        docs = [("Schriftelijke vragen", s, None)]
        docs += [("Antwoord schriftelijke vragen" if i == 0 else "Antwoord schriftelijke vragen (nader)", d, nr)
                 for i, (d, nr) in enumerate(self.answers)]
        docs += [("Mededeling (uitstel antwoord)", d, None) for d in self.notices]
        for i, (soort, when, nr) in enumerate(docs):
            received = (datetime(when.year, when.month, when.day, 10, 0).isoformat() + _offset(when)
                        if when else None)
            out.append(Entity("Document", made_up_id("SYNTHETIC document", self.vraagnummer, str(i)),
                              self.bijgewerkt, [
                ("zaak", ("ref", self.case_id)), ("soort", soort),
                ("documentNummer", f"{self.vraagnummer[:4]}D9{i:04d}"),
                ("onderwerp", f"Synthetisch onderwerp {self.vraagnummer}"),
                ("datum", received), ("vergaderjaar", self.vergaderjaar(when or s)), ("kamer", "2"),
                ("datumOntvangst", received if soort != "Schriftelijke vragen" else None),
                ("aanhangselnummer", nr), ("organisatie", "Tweede Kamer"),
            ]))
        return out


def _offset(d: date) -> str:
    """Europe/Amsterdam's UTC offset on `d` at noon (summer time: last Sunday of March–October)."""
    from zoneinfo import ZoneInfo

    off = datetime(d.year, d.month, d.day, 12, tzinfo=ZoneInfo("Europe/Amsterdam")).utcoffset()
    hours = int(off.total_seconds() // 3600) if off else 0
    return f"+{hours:02d}:00"


def synthetic_feed(n_cases: int, start: date = date(2025, 9, 1)) -> Iterator[Entity]:
    """SYNTHETIC: `n_cases` answered cases (2 submitters, 1 addressee, question + answer documents)
    with made-up numbers 9000000+i, for the bench (a feed the size of the real one)."""
    from datetime import timedelta

    for i in range(n_cases):
        s = start + timedelta(days=i % 365)
        yield from SyntheticCase(f"{s.year}Z{9000000 + i}", s,
                                 submitters=(("Synthetisch Lid", "D66"), ("Tweede Lid", "CDA")),
                                 answers=((s + timedelta(days=20), None),)).entities()


class FeedSource(Protocol):
    """A lazily generated feed: the entities of a category after a skiptoken, with their counters."""

    @property
    def head(self) -> int: ...

    def page(self, category: str, token: int, size: int) -> list[tuple[int, Entity]]:
        """The first `size` entities with counter > `token` (and one more when there is one)."""
        ...


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        feed = self.server.feed
        feed.log(self.path)
        if feed.latency:
            time.sleep(feed.latency)
        fault = feed.take_fault()
        if fault is not None:
            self.send_response(fault)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        if not parts.path.endswith("/Feed") or "category" not in query:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = feed.page(query["category"][0], int(query.get("skiptoken", ["0"])[0] or 0)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    feed: TkFeedServer


class TkFeedServer:
    """The SyncFeed replay on 127.0.0.1; `base_url` is what `--tk-url` takes."""

    def __init__(self, entities: Iterable[Entity] = (), page_size: int = 250, latency: float = 0.0,
                 source: FeedSource | None = None):
        self.page_size = page_size
        self.latency = latency  # seconds each answer is held back (bench)
        self.source = source
        self.entries: dict[str, list[Entity]] = {}  # with a source: the entities added after its head
        self._counter = source.head if source is not None else 0
        self._counters: dict[str, list[int]] = {}
        self.requests: list[str] = []
        self._faults: list[int] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self.add(entities)

    def add(self, entities: Iterable[Entity]) -> None:
        """Append entities (new, updated or tombstones) at the end of their category's feed."""
        with self._lock:
            for e in entities:
                self.entries.setdefault(e.category.lower(), []).append(e)
                if self.source is not None:
                    self._counter += 1
                    self._counters.setdefault(e.category.lower(), []).append(self._counter)

    def fail_next(self, *statuses: int) -> None:
        """Answer the next requests with these HTTP statuses (429, 500, 503, …), in order."""
        with self._lock:
            self._faults.extend(statuses)

    def take_fault(self) -> int | None:
        with self._lock:
            return self._faults.pop(0) if self._faults else None

    def log(self, path: str) -> None:
        with self._lock:
            self.requests.append(path)

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/SyncFeed/2.0"

    def page(self, category: str, skiptoken: int) -> str:
        """One Atom page: the entries after `skiptoken` (a position in the category, 1-based; with a
        source, the shared counter)."""
        if self.source is not None:
            chunk = self._source_page(category, skiptoken)
        else:
            with self._lock:
                items = self.entries.get(category.lower(), [])
                chunk = list(enumerate(items[skiptoken:skiptoken + self.page_size + 1], start=skiptoken + 1))
        more = len(chunk) > self.page_size
        chunk = chunk[:self.page_size]
        base = self.base_url + f"/Feed?category={category}"
        parts = ['<?xml version="1.0" encoding="utf-8"?>',
                 '<feed xmlns="http://www.w3.org/2005/Atom">',
                 f"<title>{category}</title><id>{escape(base)}</id><updated>2026-01-05T10:00:00Z</updated>"]
        if more:
            parts.append(f'<link rel="next" href="{escape(base)}&amp;skiptoken={chunk[-1][0]}"/>')
        for pos, e in chunk:
            parts.append(
                f"<entry><title>{e.id}</title>"
                f"<id>{self.base_url}/Entiteiten/{e.id}</id>"
                "<author><name>Tweede Kamer der Staten-Generaal</name></author>"
                f"<updated>{e.bijgewerkt}</updated><category term=\"{ENTITY_TAG.get(e.category, e.category)}\"/>"
                f'<link rel="next" href="{escape(base)}&amp;skiptoken={pos}"/>'
                f'<content type="application/xml">{e.xml()}</content></entry>')
        parts.append("</feed>")
        return "".join(parts)

    def _source_page(self, category: str, skiptoken: int) -> list[tuple[int, Entity]]:
        """The source's entries after `skiptoken`, then those added after its head."""
        assert self.source is not None
        chunk = self.source.page(category, skiptoken, self.page_size)
        if len(chunk) <= self.page_size:
            with self._lock:
                added = list(zip(self._counters.get(category.lower(), []), self.entries.get(category.lower(), []),
                                 strict=True))
            chunk += [(c, e) for c, e in added if c > skiptoken][:self.page_size + 1 - len(chunk)]
        return chunk

    def start(self) -> TkFeedServer:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.feed = self
        threading.Thread(target=self._server.serve_forever, daemon=True, name="tk-feed").start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> TkFeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
