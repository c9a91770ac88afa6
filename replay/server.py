"""A local stand-in for repository.overheid.nl: SRU searchRetrieve, files, faults.

`ReplayServer` is a real HTTP/1.1 server on 127.0.0.1 (random port, daemon thread) used by
tests, the offline demo and benchmarks. It serves

- `/sru`: searchRetrieve over the added `sru:record`s, with a CQL subset (clauses joined by
  `and`, optional parentheses; relations `== = <> >= <= > <`; indexes in `INDEX_FIELDS`).
  Results are ordered by (modified, identifier); an unparseable query or an unknown index
  answers HTTP 200 with SRU `diagnostics`, as the real service does;
- files added with `add_file` (documents, metadata) at their path;
- `/fout404` and `/Errors/404.htm` as 200 HTML error pages (where the real site redirects
  missing documents);
- scripted faults (`script`): status codes, delays, connection resets, truncated bodies,
  redirects, each served once, in order, before normal handling;
- optionally `operation=explain`: a ZeeRex explain record listing `explain_indexes` (by
  default the real service's list, `EXPLAIN_INDEXES`); without it explain answers the
  "Unsupported operation" diagnostic. `refused_indexes` makes searchRetrieve answer the
  "Unsupported index" diagnostic for indexes a changed service would no longer know.

In record XML the placeholder `{BASE}` stands for the server's base URL, substituted when
served. A corpus directory holds `records/*.xml` (one `sru:record` each, or a whole
searchRetrieveResponse) and `files/<path>`, served at `/<path>`.
"""

from __future__ import annotations

import contextlib
import itertools
import mimetypes
import re
import socket
import struct
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

SRU_NS = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
DC_NS = "http://purl.org/dc/terms/"
OWG_NS = "http://standaarden.overheid.nl/wetgeving/"
C_NS = "http://standaarden.overheid.nl/collectie/"

# The namespace declarations of the real response (sru-response.*.xml).
_ROOT_OPEN = (
    b"<sru:searchRetrieveResponse"
    b' xmlns:overheidwetgeving="http://standaarden.overheid.nl/wetgeving/"'
    b' xmlns:dcterms="http://purl.org/dc/terms/" xmlns:cd="http://standaarden.overheid.nl/cup/data"'
    b' xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse"'
    b' xmlns:gzd="http://standaarden.overheid.nl/sru"'
    b' xmlns:diag="http://docs.oasis-open.org/ns/search-ws/diagnostic"'
    b' xmlns:facet="http://docs.oasis-open.org/ns/search-ws/facetedResults"'
    b' xmlns:c="http://standaarden.overheid.nl/collectie/">'
)
_XML_DECL = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_POSITION = b"__RECORD_POSITION__"

# CQL index -> (namespace, local name) candidates in the record, first one present wins.
INDEX_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "c.product-area": ((C_NS, "product-area"),),
    "w.publicatienaam": ((OWG_NS, "publicatienaam"),),
    "dt.modified": ((DC_NS, "modified"),),
    "dt.date": ((DC_NS, "date"), (DC_NS, "available"), (DC_NS, "issued")),
    "dt.issued": ((DC_NS, "issued"),),
    "dt.available": ((DC_NS, "available"),),
    "dt.identifier": ((DC_NS, "identifier"),),
    "dt.type": ((DC_NS, "type"),),
    "w.vraagnummer": ((OWG_NS, "vraagnummer"),),
    "w.aanhangselnummer": ((OWG_NS, "aanhangselnummer"),),
    "w.subrubriek": ((OWG_NS, "subrubriek"),),
    "w.vergaderjaar": ((OWG_NS, "vergaderjaar"),),
    "w.documentstatus": ((OWG_NS, "documentstatus"),),
}
_INDEXES = tuple(INDEX_FIELDS)
_INDEX_TAGS = {
    index: tuple(f"{{{ns}}}{local}" for ns, local in pairs) for index, pairs in INDEX_FIELDS.items()
}
_WANTED_TAGS = tuple(sorted({tag for tags in _INDEX_TAGS.values() for tag in tags}))
_POSITION_TAG = f"{{{SRU_NS}}}recordPosition"
_RELATIONS = ("==", "=", "<>", ">=", "<=", ">", "<")
ERROR_PAGES = ("/fout404", "/errors/404.htm")
_ERROR_HTML = (
    b"<!DOCTYPE html><html lang='nl'><head><title>Pagina niet gevonden</title></head>"
    b"<body><h1>Pagina niet gevonden</h1><p>De opgevraagde pagina bestaat niet.</p></body></html>"
)
_CONTENT_TYPES = {
    ".xml": "application/xml",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".odt": "application/vnd.oasis.opendocument.text",
}

# --- explain ---------------------------------------------------------------------------------
ZEEREX_NS = "http://explain.z3950.org/dtd/2.0/"
# The context sets and indexes of the live explain record, in its order: a verbatim transcription
# of tests/fixtures/sru-explain.officielepublicaties.wetsuite-explain_parsed-output.txt (wetsuite's
# parse of https://repository.overheid.nl/sru?&version=1.2&x-connection=officielepublicaties
# &operation=explain). The replay server can *query* only the `INDEX_FIELDS` subset.
EXPLAIN_SETS: tuple[tuple[str, str], ...] = (
    ("dt", "http://purl.org/dc/terms/"),
    ("ot", "http://standaarden.overheid.nl/owms/terms/"),
    ("w", "http://standaarden.overheid.nl/wetgeving/"),
    ("c", "http://standaarden.overheid.nl/collectie/"),
    ("cd", "http://standaarden.overheid.nl/cup/data"),
    ("t", "https://identifier.overheid.nl/tooi"),
    ("cql", "info:srw/cql-context-set/1/cql-v2.0 "),
    ("v", "http://standaarden.overheid.nl/owms/alias/"),
)
_EXPLAIN_INDEX_TEXT = """
dt: type audience available language title identifier creator modified issued created date
    spatial temporal abstract alternative source hasVersion subject isFormatOf description
    isPartOf isRequiredBy isReplacedBy hasPart relation requires replaces format
ot: authority
w: documenttype datumNotificatie titelNotificatie organisatietype publicatienaam jaargang
    publicatienummer dossiernummer voorlopigeToepassingsdatum inwerkingtredingsdatum
    uitwerkingtredingsdatum terugwerkendekrachtdatum bekendmaking rechtsgebied wetsfamilie
    rechtsdomein geldigheidsperiode_startdatum geldigheidsperiode_einddatum
    zichtperiode_startdatum zichtperiode_einddatum betreft kenmerk aanhangsel aanhangselnummer
    behandeldDossier datumIndiening datumOntvangst datumVergadering eindpagina indiener
    ondernummer ondertekening rijkswetnummer ontvanger startpagina trefwoord vergaderjaar
    spreker bronIdentifier typeVerdrag statusVerdrag gepubliceerdeWijzigingdatum afkorting
    partij isNLDepositair isHaagseConferentiePrivaatrecht geldigheidsperiodeNederland_startdatum
    geldigheidsperiodeNederland_einddatum geldigheidsperiodeBonaire_startdatum
    geldigheidsperiodeBonaire_einddatum geldigheidsperiodeSintEustatius_startdatum
    geldigheidsperiodeSintEustatius_einddatum geldigheidsperiodeSaba_startdatum
    geldigheidsperiodeSaba_einddatum geldigheidsperiodeAruba_startdatum
    geldigheidsperiodeAruba_einddatum geldigheidsperiodeCuracao_startdatum
    geldigheidsperiodeCuracao_einddatum geldigheidsperiodeSintMaarten_startdatum
    geldigheidsperiodeSintMaarten_einddatum adviesRvs bedrijfsnaam betreftOpschrift
    betreftRegeling bijlage datumBrief datumEindeReactietermijn datumOndertekening
    datumTotstandkoming deurwaardersdossier documentstatus documenttitel dossiertitel
    externeBijlage hoofddocument handelingenitemnummer heeftMededeling ketenid
    materieelUitgewerkt mededelingOver persoonsgegevens plaatsTotstandkoming postcodeHuisnummer
    provincie waterschap besluitReferendabiliteit referentienummer bekendmakingBetreffendePlan
    startdatum einddatum subrubriek sysyear sysnumber sysseqnumber terinzageleggingBG
    terinzageleggingOP typeVerkeersbesluit verdragnummer vereisteVanBesluit verkeersbordcode
    versieinformatie versienummer vraagnummer wegcategorie weggebruiker zittingsdatum gemeente
    instantieDomein uitspraakdatum zaaknummer subonderwerp beroepsgroep beslissing productID
    onlineAanvragen aanvraagURL eenmaligAanmelden uniformeProductnaam gerelateerdProduct
    contactpunt spatialtype gemeentenaam geometrielabel hectometernummer huisletter huisnummer
    huisnummertoevoeging kadastraleSectie ligtInGemeente ligtInProvincie perceelnummer postcode
    provincienaam waterschapsnaam wegnummer plansoort activiteit isConsolidatieVan
    geldigheidsperiode zichtperiode geldigheidsperiodeNederland geldigheidsperiodeBonaire
    geldigheidsperiodeSintEustatius geldigheidsperiodeSaba geldigheidsperiodeAruba
    geldigheidsperiodeCuracao geldigheidsperiodeSintMaarten uitspraaktekst productHTML
    locatiepunt
c: product-area content-area
cd: afgeleideGemeente datumTijdstipWijzigingWork datumTijdstipWijzigingExpression
    afgeleideLocatieGebied
cql: allRecords allIndexes textAndIndexes serverChoice
v: ecli instantieTyp inhoudsindicatie
"""


def _explain_indexes(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for block in re.split(r"\n(?=\S)", text.strip()):
        prefix, _, names = block.partition(":")
        out.extend(f"{prefix.strip()}.{name}" for name in names.split())
    return tuple(out)


EXPLAIN_INDEXES: tuple[str, ...] = _explain_indexes(_EXPLAIN_INDEX_TEXT)
"""Every index of the live explain record as `set.name` (192, e.g. `dt.modified`)."""


# --- CQL subset ------------------------------------------------------------------------------
class CqlError(ValueError):
    """A query outside the supported CQL subset; carries an SRU diagnostic number."""

    def __init__(self, number: int, message: str, details: str):
        self.number = number
        self.message = message
        self.details = details
        super().__init__(f"{message}: {details}")


@dataclass(frozen=True, slots=True)
class Clause:
    """`index relation "value"` (index lower-cased, value as written)."""

    index: str
    relation: str
    value: str


_TOKEN = re.compile(
    r"\s*(?:(?P<lpar>\()|(?P<rpar>\))|(?P<rel>==|<>|>=|<=|=|>|<)"
    r'|"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<word>[^\s()"=<>/]+))'
)
_UNESCAPE = re.compile(r"\\(.)")


def _tokenize(query: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = query.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise CqlError(10, "Query syntax error", f"unexpected input at {pos}: {text[pos:]!r}")
        kind = m.lastgroup or ""
        value = m.group(kind)
        if kind == "quoted":
            value = _UNESCAPE.sub(r"\1", value)
        tokens.append((kind, value))
        pos = m.end()
    return tokens


def parse_cql(query: str) -> list[Clause]:
    """Parse `a=="x" and (b>="y" and c<"z")` into clauses; raise `CqlError` otherwise."""
    tokens = _tokenize(query)
    if not tokens:
        raise CqlError(10, "Query syntax error", "empty query")
    pos = 0

    def peek() -> tuple[str, str] | None:
        return tokens[pos] if pos < len(tokens) else None

    def take(kind: str, what: str) -> str:
        nonlocal pos
        token = peek()
        if token is None or token[0] != kind:
            found = "end of query" if token is None else repr(token[1])
            raise CqlError(10, "Query syntax error", f"mismatched input {found}, expected {what}")
        pos += 1
        return token[1]

    def expression() -> list[Clause]:
        nonlocal pos
        clauses = term()
        while (token := peek()) is not None and token[0] == "word":
            word = token[1].lower()
            if word in ("or", "not", "prox"):
                raise CqlError(37, "Unsupported boolean operator", token[1])
            if word != "and":
                raise CqlError(10, "Query syntax error", f"mismatched input {token[1]!r}")
            pos += 1
            clauses += term()
        return clauses

    def term() -> list[Clause]:
        nonlocal pos
        token = peek()
        if token is not None and token[0] == "lpar":
            pos += 1
            inner = expression()
            take("rpar", "')'")
            return inner
        index = take("word", "an index").lower()
        token = peek()
        if token is None or token[0] != "rel":
            raise CqlError(10, "Query syntax error", f"no relation after {index!r}")
        relation = take("rel", "a relation")
        token = peek()
        if token is not None and token[0] in ("quoted", "word"):
            pos += 1
            value = token[1]
        else:
            raise CqlError(10, "Query syntax error", f"no value after {index}{relation}")
        if index not in INDEX_FIELDS:
            raise CqlError(16, "Unsupported index", index)
        return [Clause(index, relation, value)]

    clauses = expression()
    if pos != len(tokens):
        raise CqlError(10, "Query syntax error", f"mismatched input {tokens[pos][1]!r}")
    return clauses


def _norm(value: str) -> str:
    return " ".join(value.split()).casefold()


_COMPARE: dict[str, Callable[[str, str], bool]] = {
    "==": lambda a, b: a == b,
    "=": lambda a, b: a == b,
    "<>": lambda a, b: a != b,
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}


# --- corpus ----------------------------------------------------------------------------------
@dataclass(slots=True)
class _Record:
    key: str
    sort_key: tuple[str, str]
    values: tuple[str | None, ...]  # normalised, in `_INDEXES` order
    head: bytes  # serialised record up to the position
    tail: bytes  # ... and after it


def _records_in(root: etree._Element) -> list[etree._Element]:
    name = etree.QName(root).localname
    if name == "record":
        return [root]
    if name == "searchRetrieveResponse":
        return [el for el in root.iter(f"{{{SRU_NS}}}record")]
    raise ValueError(f"expected an sru:record or a searchRetrieveResponse, got {root.tag!r}")


def _index_record(element: etree._Element, serial: int) -> _Record:
    found: dict[str, str] = {}
    position: etree._Element | None = None
    for el in element.iter(*_WANTED_TAGS, _POSITION_TAG):
        tag = el.tag
        if tag == _POSITION_TAG:
            if el.getparent() is element:
                position = el
        elif tag not in found and el.text and el.text.strip():
            found[tag] = el.text.strip()
    values: list[str | None] = []
    for index in _INDEXES:
        value = next((found[t] for t in _INDEX_TAGS[index] if t in found), None)
        values.append(None if value is None else _norm(value))
    if position is None:
        position = etree.SubElement(element, f"{{{SRU_NS}}}recordPosition")
    position.text = _POSITION.decode()
    data = etree.tostring(element, encoding="utf-8")
    head, _, tail = data.partition(_POSITION)
    identifier = found.get(f"{{{DC_NS}}}identifier", "")
    modified = found.get(f"{{{DC_NS}}}modified", "")
    key = identifier or f"#anonymous-{serial}"
    return _Record(key, (modified, identifier), tuple(values), head, tail)


class _Corpus:
    """Records indexed once (sorted, with equality indexes); query results cached."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_key: dict[str, _Record] = {}
        self._serial = itertools.count(1)
        self._sorted: list[_Record] | None = None
        self._eq: list[dict[str, list[int]]] = []
        self._ranges: dict[int, tuple[list[str], list[int]]] = {}  # index → (sorted values, positions)
        self._cache: OrderedDict[tuple[Clause, ...], list[int]] = OrderedDict()

    def add(self, records: Iterable[etree._Element]) -> int:
        count = 0
        indexed = []
        for element in records:
            indexed.append(_index_record(element, next(self._serial)))
        with self._lock:
            for rec in indexed:
                self._by_key[rec.key] = rec
                count += 1
            self._sorted = None
            self._cache.clear()
        return count

    def __len__(self) -> int:
        return len(self._by_key)

    def _build(self) -> list[_Record]:
        if self._sorted is None:
            ordered = sorted(self._by_key.values(), key=lambda r: r.sort_key)
            eq: list[dict[str, list[int]]] = [{} for _ in _INDEXES]
            for pos, rec in enumerate(ordered):
                for i, value in enumerate(rec.values):
                    if value is not None:
                        eq[i].setdefault(value, []).append(pos)
            self._sorted, self._eq, self._ranges = ordered, eq, {}
        return self._sorted

    def build(self) -> None:
        """Sort and index now (otherwise the first query pays for it)."""
        with self._lock:
            self._build()

    def _range(self, index: int, bounds: list[tuple[str, str]]) -> list[int]:
        """Positions whose value of `index` satisfies every (ordering relation, value), by bisection."""
        if index not in self._ranges:
            assert self._sorted is not None
            pairs = sorted((rec.values[index], pos) for pos, rec in enumerate(self._sorted)
                           if rec.values[index] is not None)
            self._ranges[index] = ([v for v, _ in pairs], [p for _, p in pairs])
        values, positions = self._ranges[index]
        lo, hi = 0, len(values)
        for relation, value in bounds:
            if relation in (">=", ">"):
                lo = max(lo, (bisect_left if relation == ">=" else bisect_right)(values, value))
            else:
                hi = min(hi, (bisect_right if relation == "<=" else bisect_left)(values, value))
        return positions[lo:hi] if lo < hi else []

    def search(self, clauses: list[Clause]) -> tuple[list[_Record], list[int]]:
        """(all records in order, positions matching every clause)."""
        key = tuple(clauses)
        with self._lock:
            ordered = self._build()
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return ordered, hit
            tests = [(_INDEXES.index(c.index), c.relation, _norm(c.value)) for c in clauses]
            candidates: Iterable[int] = range(len(ordered))
            equalities = [(i, v) for i, rel, v in tests if rel in ("==", "=")]
            buckets = [self._eq[i].get(v, []) for i, v in equalities]
            ranges: dict[int, list[tuple[str, str]]] = {}
            for i, rel, v in tests:
                if rel in (">=", ">", "<=", "<"):
                    ranges.setdefault(i, []).append((rel, v))
            buckets += [self._range(i, bounds) for i, bounds in ranges.items()]
            if buckets:
                candidates = sorted(min(buckets, key=len))  # every clause is checked below
            checks = [(i, _COMPARE[rel], v) for i, rel, v in tests]
            result = [
                pos
                for pos in candidates
                if all(
                    (value := ordered[pos].values[i]) is not None and compare(value, v)
                    for i, compare, v in checks
                )
            ]
            self._cache[key] = result
            if len(self._cache) > 64:
                self._cache.popitem(last=False)
            return ordered, result


# --- scripted responses ----------------------------------------------------------------------
@dataclass(slots=True)
class Scripted:
    """One scripted response (see `ReplayServer.script`)."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0  # sleep before answering (provokes client read timeouts)
    reset: bool = False  # close the socket abruptly (RST) without a response
    truncate: bool = False  # announce a longer Content-Length than the body, then close
    redirect_to: str | None = None  # answer 302 with this Location ({BASE} substituted)


# --- server ----------------------------------------------------------------------------------
class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    replay: ReplayServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet: clients that time out or reset are part of the tests."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ReplayServer/1.0"
    disable_nagle_algorithm = True
    timeout = 60
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """No per-request logging."""

    def setup(self) -> None:
        super().setup()
        self.server.replay._track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass
        finally:
            self.server.replay._track(self.connection, add=False)

    def do_GET(self) -> None:
        try:
            self.server.replay._handle(self)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True

    def do_HEAD(self) -> None:
        self.respond(405, b"", "text/plain; charset=utf-8")

    def respond(
        self,
        status: int,
        body: bytes,
        content_type: str | None,
        headers: Mapping[str, str] | None = None,
        *,
        content_length: int | None = None,
    ) -> None:
        self.send_response(status)
        names = {k.lower() for k in (headers or {})}
        if content_type and "content-type" not in names:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if "content-length" not in names:
            length = len(body) if content_length is None else content_length
            self.send_header("Content-Length", str(length))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)


class ReplayServer:
    """Local HTTP server replaying an SRU corpus and files, with scriptable faults.

    Attributes for assertions: `request_log` (list of (path, query string), in arrival order),
    `request_count`, `max_in_flight` (most requests handled at the same time), `record_count`.
    """

    def __init__(
        self,
        corpus_dir: Path | None = None,
        latency: float = 0.0,
        max_page_size: int | None = None,
        *,
        port: int = 0,
        explain_indexes: Iterable[str] | None = None,
        refused_indexes: Iterable[str] = (),
    ):
        """`latency`: seconds slept per request; `max_page_size` silently caps maximumRecords
        (and `cap_hides_position`, a plain attribute, makes the next position ignore the cap).

        `port` 0 (the default) picks a free port. `explain_indexes` (`set.name` strings, e.g.
        `EXPLAIN_INDEXES`) makes `operation=explain` answer a ZeeRex record listing them (None:
        explain is unsupported); `refused_indexes` answer searchRetrieve with the "Unsupported
        index" diagnostic. Both are plain attributes and may be changed while serving.
        """
        self._port = port
        self.latency = latency
        self.max_page_size = max_page_size
        # True: a capped page still announces nextRecordPosition = start + the size asked for
        # (records between the cap and that position are skipped by a client that trusts it)
        self.cap_hides_position = False
        self.explain_indexes: tuple[str, ...] | None = (
            None if explain_indexes is None else tuple(explain_indexes)
        )
        self.refused_indexes: frozenset[str] = frozenset(i.lower() for i in refused_indexes)
        self.request_log: list[tuple[str, str]] = []
        self.max_in_flight = 0
        self._in_flight = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._corpus = _Corpus()
        self._files: dict[str, tuple[bytes | Path, str]] = {}
        self._scripts: list[tuple[str, deque[Scripted]]] = []
        self._connections: set[socket.socket] = set()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._base = b""
        if corpus_dir is not None:
            self.load_corpus(Path(corpus_dir))

    # --- lifecycle --------------------------------------------------------------------------
    def start(self) -> ReplayServer:
        """Bind 127.0.0.1 on a free port and serve in a daemon thread (idempotent)."""
        if self._server is None:
            server = _Server(("127.0.0.1", self._port), _Handler)
            server.replay = self
            self._server = server
            self._base = self.base_url.encode()
            self._stopping.clear()
            self._thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"replay-server-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and drop open connections."""
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("ReplayServer is not started")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT` (no trailing slash)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def sru_url(self) -> str:
        return f"{self.base_url}/sru"

    @property
    def request_count(self) -> int:
        return len(self.request_log)

    @property
    def in_flight(self) -> int:
        """Requests being handled right now (a test waits for 0 rather than for some seconds)."""
        with self._lock:
            return self._in_flight

    @property
    def record_count(self) -> int:
        return len(self._corpus)

    def clear_log(self) -> None:
        """Forget logged requests and the in-flight maximum."""
        with self._lock:
            self.request_log.clear()
            self.max_in_flight = 0

    # --- corpus -----------------------------------------------------------------------------
    def add_record(self, record_xml: str | bytes) -> None:
        """Add one `sru:record` (replaces a record with the same identifier)."""
        root = _parse(record_xml)
        if etree.QName(root).localname != "record":
            raise ValueError(f"expected one sru:record, got {root.tag!r}")
        self._corpus.add([root])

    def add_records(self, xml: str | bytes) -> int:
        """Add one `sru:record` or every record of a searchRetrieveResponse; returns the count."""
        return self._corpus.add(_records_in(_parse(xml)))

    def add_file(self, path: str, body: bytes, content_type: str) -> None:
        """Serve `body` at `path` (e.g. `/frbr/officielepublicaties/.../metadata.xml`)."""
        self._files[_norm_path(path)] = (body, content_type)

    def load_corpus(self, corpus_dir: Path) -> None:
        """Load `records/*.xml` and register `files/**` (read from disk when requested)."""
        if not corpus_dir.is_dir():
            raise FileNotFoundError(f"corpus directory {corpus_dir} does not exist")
        records = corpus_dir / "records"
        if records.is_dir():
            for path in sorted(records.glob("*.xml")):
                self.add_records(path.read_bytes())
            self._corpus.build()
        files = corpus_dir / "files"
        if files.is_dir():
            for path in sorted(p for p in files.rglob("*") if p.is_file()):
                rel = path.relative_to(files).as_posix()
                self._files[_norm_path(rel)] = (path, _content_type(path.name))

    # --- faults -----------------------------------------------------------------------------
    def script(self, path_prefix: str, responses: list[Scripted]) -> None:
        """Queue `responses` for requests whose path starts with `path_prefix` (once each)."""
        with self._lock:
            for prefix, queue in self._scripts:
                if prefix == path_prefix:
                    queue.extend(responses)
                    return
            self._scripts.append((path_prefix, deque(responses)))

    def _next_scripted(self, path: str) -> Scripted | None:
        with self._lock:
            for prefix, queue in self._scripts:
                if queue and path.startswith(prefix):
                    return queue.popleft()
        return None

    # --- request handling -------------------------------------------------------------------
    def _track(self, conn: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def _handle(self, h: _Handler) -> None:
        raw_path, _, query = h.path.partition("?")
        with self._lock:
            self.request_log.append((raw_path, query))
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            if self.latency > 0:
                self._stopping.wait(self.latency)
            path = unquote(urlsplit(raw_path).path) or "/"
            scripted = self._next_scripted(path)
            if scripted is not None:
                self._serve_scripted(h, scripted)
            elif path.rstrip("/") == "/sru":
                body = self._sru(query)
                h.respond(200, body, "text/xml; charset=utf-8")
            elif path.lower() in ERROR_PAGES:
                h.respond(200, _ERROR_HTML, "text/html; charset=utf-8")
            elif (entry := self._files.get(_norm_path(path))) is not None:
                data, content_type = entry
                body = data.read_bytes() if isinstance(data, Path) else data
                h.respond(200, body, content_type)
            else:
                h.respond(404, _ERROR_HTML, "text/html; charset=utf-8")
        finally:
            with self._lock:
                self._in_flight -= 1

    def _serve_scripted(self, h: _Handler, s: Scripted) -> None:
        if s.delay > 0:
            self._stopping.wait(s.delay)
        if s.reset:
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            h.connection.close()
            h.close_connection = True
            return
        body = s.body.replace(b"{BASE}", self._base)
        headers = dict(s.headers)
        content_type = "text/xml; charset=utf-8" if body.lstrip().startswith(b"<") else None
        if s.redirect_to is not None:
            headers["Location"] = s.redirect_to.replace("{BASE}", self.base_url)
            h.respond(302 if s.status == 200 else s.status, body, content_type, headers)
        elif s.truncate:
            h.respond(s.status, body, content_type, headers, content_length=len(body) + 1024)
            h.close_connection = True
        else:
            h.respond(s.status, body, content_type or "text/plain; charset=utf-8", headers)

    def _sru(self, query_string: str) -> bytes:
        params = parse_qs(query_string, keep_blank_values=True)

        def param(name: str) -> str | None:
            values = params.get(name)
            return values[0] if values else None

        query = param("query")
        operation = param("operation") or "searchRetrieve"
        if operation == "explain" and self.explain_indexes is not None:
            return self._explain(self.explain_indexes)
        if operation != "searchRetrieve":
            return _diagnostic(4, "Unsupported operation", operation, query)
        if query is None or not query.strip():
            return _diagnostic(7, "Mandatory parameter not supplied", "query", query)
        try:
            start = int(param("startRecord") or "1")
            maximum = int(param("maximumRecords") or "10")
        except ValueError:
            return _diagnostic(
                6, "Unsupported parameter value", "startRecord/maximumRecords", query
            )
        if start < 1 or maximum < 0:
            return _diagnostic(
                6, "Unsupported parameter value", "startRecord/maximumRecords", query
            )
        try:
            clauses = parse_cql(query)
        except CqlError as exc:
            return _diagnostic(exc.number, exc.message, exc.details, query)
        refused = self.refused_indexes
        for clause in clauses if refused else ():
            if clause.index in refused:
                return _diagnostic(16, "Unsupported index", clause.index, query)
        ordered, hits = self._corpus.search(clauses)
        total = len(hits)
        if total and start > total:
            return _diagnostic(61, "First record position out of range", str(start), query)
        asked = maximum
        if self.max_page_size is not None:
            maximum = min(maximum, self.max_page_size)
        window = hits[start - 1 : start - 1 + maximum]
        parts = [_XML_DECL, _ROOT_OPEN, b"<sru:version>2.0</sru:version>"]
        parts.append(b"<sru:numberOfRecords>%d</sru:numberOfRecords>" % total)
        if window:
            parts.append(b"<sru:records>")
            for offset, pos in enumerate(window):
                rec = ordered[pos]
                parts += (rec.head, b"%d" % (start + offset), rec.tail)
            parts.append(b"</sru:records>")
        if start - 1 + len(window) < total:
            # a server that caps pages but announces the uncapped position (cap_hides_position)
            next_position = start + (asked if self.cap_hides_position else len(window))
            parts.append(b"<sru:nextRecordPosition>%d</sru:nextRecordPosition>" % next_position)
        parts.append(_echo(query, start, maximum))
        parts.append(
            b"<sru:resultCountPrecision>info:srw/vocabulary/resultCountPrecision/1/estimate"
            b"</sru:resultCountPrecision></sru:searchRetrieveResponse>"
        )
        return b"".join(parts).replace(b"{BASE}", self._base)

    def _explain(self, indexes: Iterable[str]) -> bytes:
        """A ZeeRex 2.0 explain record in an SRU 2.0 explainResponse, listing `indexes`."""
        sets = dict(EXPLAIN_SETS)  # every real context set, plus any other prefix used
        index_parts: list[str] = []
        for index in indexes:
            prefix, _, name = index.partition(".")
            if not name:
                prefix, name = "cql", index
            sets.setdefault(prefix, "")
            index_parts.append(
                f'<zr:index search="true" scan="false" sort="false"><zr:title>{escape(index)}'
                f'</zr:title><zr:map><zr:name set={quoteattr(prefix)}>{escape(name)}</zr:name>'
                "</zr:map></zr:index>"
            )
        set_parts = [
            f"<zr:set name={quoteattr(p)} identifier={quoteattr(i)}/>" for p, i in sets.items()
        ]
        limit = (
            ""
            if self.max_page_size is None
            else f'<zr:setting type="maximumRecords">{self.max_page_size}</zr:setting>'
        )
        return "".join(
            [
                '<?xml version="1.0" encoding="UTF-8"?>\n',
                f'<sru:explainResponse xmlns:sru="{SRU_NS}">',
                "<sru:version>2.0</sru:version><sru:record>",
                f"<sru:recordSchema>{ZEEREX_NS}</sru:recordSchema>",
                "<sru:recordXMLEscaping>xml</sru:recordXMLEscaping><sru:recordData>",
                f'<zr:explain xmlns:zr="{ZEEREX_NS}">',
                '<zr:serverInfo protocol="SRU" version="2.0" transport="http">',
                f"<zr:host>127.0.0.1</zr:host><zr:port>{self.port}</zr:port>",
                f'<zr:database numRecs="{self.record_count}">sru</zr:database></zr:serverInfo>',
                '<zr:databaseInfo><zr:title lang="nl" primary="true">officielepublicaties'
                " (ReplayServer)</zr:title></zr:databaseInfo>",
                "<zr:indexInfo>",
                *set_parts,
                *index_parts,
                "</zr:indexInfo>",
                '<zr:schemaInfo><zr:schema identifier="http://standaarden.overheid.nl/sru/"'
                ' name="gzd"><zr:title>gzd</zr:title></zr:schema></zr:schemaInfo>',
                f'<zr:configInfo><zr:default type="numberOfRecords">10</zr:default>{limit}'
                "</zr:configInfo>",
                "</zr:explain></sru:recordData></sru:record></sru:explainResponse>",
            ]
        ).encode("utf-8")


def _parse(xml: str | bytes) -> etree._Element:
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    return etree.fromstring(data, parser)


def _norm_path(path: str) -> str:
    return "/" + path.lstrip("/")


def _content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in _CONTENT_TYPES:
        return _CONTENT_TYPES[suffix]
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _echo(query: str | None, start: int, maximum: int) -> bytes:
    return (
        "<sru:echoedSearchRetrieveRequest>"
        f"<sru:query>{escape(query or '')}</sru:query>"
        f"<sru:startRecord>{start}</sru:startRecord>"
        f"<sru:maximumRecords>{maximum}</sru:maximumRecords>"
        "<sru:recordXMLEscaping>xml</sru:recordXMLEscaping>"
        "<sru:recordSchema>http://standaarden.overheid.nl/sru/</sru:recordSchema>"
        "</sru:echoedSearchRetrieveRequest>"
    ).encode()


def _diagnostic(number: int, message: str, details: str | None, query: str | None) -> bytes:
    """An SRU 2.0 diagnostics response (served with HTTP 200, like the real service)."""
    return b"".join(
        [
            _XML_DECL,
            _ROOT_OPEN,
            b"<sru:version>2.0</sru:version><sru:numberOfRecords>0</sru:numberOfRecords>",
            b"<sru:diagnostics><diag:diagnostic>",
            f"<diag:uri>info:srw/diagnostic/1/{number}</diag:uri>".encode(),
            f"<diag:details>{escape(details or '')}</diag:details>".encode(),
            f"<diag:message>{escape(message)}</diag:message>".encode(),
            b"</diag:diagnostic></sru:diagnostics>",
            _echo(query, 1, 0),
            b"</sru:searchRetrieveResponse>",
        ]
    )


__all__ = [
    "EXPLAIN_INDEXES",
    "EXPLAIN_SETS",
    "INDEX_FIELDS",
    "Clause",
    "CqlError",
    "ReplayServer",
    "Scripted",
    "main",
    "parse_cql",
]


def main(argv: list[str] | None = None) -> None:
    """Serve a corpus directory until interrupted: `python -m replay.server DIR`."""
    import argparse

    parser = argparse.ArgumentParser(description="Serve a replay corpus over HTTP.")
    parser.add_argument("corpus_dir", type=Path, help="directory with records/ and files/")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--max-page-size", type=int, default=None)
    parser.add_argument(
        "--explain", action="store_true", help="answer operation=explain (the real index list)"
    )
    args = parser.parse_args(argv)
    server = ReplayServer(
        args.corpus_dir,
        args.latency,
        args.max_page_size,
        port=args.port,
        explain_indexes=EXPLAIN_INDEXES if args.explain else None,
    )
    with server:
        print(f"{server.record_count} records; SRU at {server.sru_url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
