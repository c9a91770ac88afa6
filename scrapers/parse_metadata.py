"""Metadata manifestations → `Document`: SRU records, `metadata.xml`, `metadata_owms.xml`.

All three (and the HTML `<meta>` tags) state the same facts under different names; they are
first read into one `Meta` bag keyed by lower-cased local names, then turned into a
`Document` by `document_from_meta`, so every metadata shape follows the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from schemas.document import Conflict, Document, Minister, ParseError, Person, Topic
from schemas.identifiers import (
    IdentifierError,
    chamber_from_creator,
    chamber_from_doc_id,
    normalise_vergaderjaar,
    normalise_vraagnummer,
)
from scrapers import classify, ministries
from scrapers.dutch_dates import DateError, parse_metadata_date
from scrapers.text_header import QUESTION_START_RE, clean, parse_question_header
from scrapers.xmlsafe import local

# Different names for one fact across the manifestations (all lower-case).
ALIASES = {
    "publicationname": "publicatienaam",
    "dcterms.modified": "modified",
    "parlid": "identifier",
    "organisationtype": "organisatietype",
}
TYPE_SCHEMES = ("overheidop.aanhangseltypen", "overheidop.kamervraagtypen")
TOPIC_SCHEME = "overheid.taxonomiebeleidsagenda"
# Where the topics stand: `dcterms:subject` (SRU), `overheid:category` (metadata_owms.xml),
# `OVERHEID.category` (metadata.xml and the HTML `<meta>` tags).
TOPIC_NAMES = ("subject", "category")


class NotKamervragen(ParseError):
    """A record of another kind (Handelingen, Kamerstukken, …): skipped, not an error."""


@dataclass(slots=True)
class Meta:
    """Metadata values by canonical lower-case name, each a list of (value, scheme)."""

    values: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, value: str | None, scheme: str = "") -> None:
        """Add one value (empty values are ignored)."""
        if value is None or not value.strip():
            return
        key = name.lower()
        key = ALIASES.get(key, key)
        self.values.setdefault(key, []).append((value.strip(), (scheme or "").lower()))

    def first(self, name: str) -> str | None:
        """The first value of a name, or None."""
        vals = self.values.get(name)
        return vals[0][0] if vals else None

    def all(self, name: str) -> list[str]:
        """Every value of a name, in document order."""
        return [v for v, _ in self.values.get(name, [])]

    def typed(self, *schemes: str) -> str | None:
        """The first `type`/`subrubriek` value with one of the given schemes."""
        for name in ("subrubriek", "type"):
            for value, scheme in self.values.get(name, []):
                if scheme in schemes:
                    return value
        return None


def meta_from_sru_record(record: etree._Element) -> Meta:
    """Read an `sru:record` (or its `gzd:gzd`) into a `Meta` bag."""
    meta = Meta()
    values = meta.values
    names = _NAMES  # the hottest loop of a backfill: tag → canonical name cached, no re-lowering
    for el in record.iter(etree.Element):
        if len(el):
            continue
        tag = el.tag
        name = names.get(tag)
        if name is None:
            name = local(tag)
            name = names.setdefault(tag, ALIASES.get(name, name))
        if name == "itemurl":
            meta.urls[(el.get("manifestation") or "").lower()] = (el.text or "").strip()
        elif name == "preferredurl":
            meta.urls["preferred"] = (el.text or "").strip()
        elif name == "hasversion" and el.get("resourceIdentifier"):
            meta.urls.setdefault("preferred", el.get("resourceIdentifier", ""))
        elif name not in _SKIPPED_SRU:
            text = el.text
            if text is None:
                continue
            text = text.strip()
            if text:
                values.setdefault(name, []).append((text, el.get("scheme", "").lower()))
    return meta


_NAMES: dict[str, str] = {}
_SKIPPED_SRU = frozenset({"", "url", "timestamp", "recordschema", "recordpacking", "recordposition"})


def meta_from_owms(root: etree._Element) -> Meta:
    """Read a `metadata_owms.xml` root into a `Meta` bag."""
    meta = Meta()
    for el in root.iter():
        name = local(el.tag)
        if name and not len(el):
            meta.add(name, el.text, el.get("scheme", ""))
    return meta


def meta_from_pairs(pairs: Iterable[tuple[str, str | None, str]]) -> Meta:
    """Read (name, content, scheme) rows (`metadata.xml`, HTML `<meta>`) into a `Meta` bag.

    Names such as `OVERHEIDop.vraagnummer` or `DC.title` keep their last dotted part.
    """
    meta = Meta()
    for name, content, scheme in pairs:
        meta.add(name.rsplit(".", 1)[-1], content, scheme)
    return meta


def meta_from_metadata_xml(root: etree._Element) -> Meta:
    """Read a `metadata.xml` root (`<metadata name=… content=…/>` rows) into a `Meta` bag."""
    rows = (
        (el.get("name", ""), el.get("content"), el.get("scheme", ""))
        for el in root.iter()
        if local(el.tag) == "metadata" and el.get("name")
    )
    return meta_from_pairs(rows)


def _date(meta: Meta, name: str, doc_id: str, manifestation: str):
    try:
        return parse_metadata_date(meta.first(name))
    except DateError as exc:
        raise ParseError(doc_id, manifestation, f"{name}: {exc}") from None


def document_from_meta(meta: Meta, manifestation: str, source: str | None = None) -> Document:
    """Build a `Document` from metadata; raises `NotKamervragen` for other series."""
    doc_id = meta.first("identifier")
    if not doc_id:
        raise ParseError(None, manifestation, "no identifier in the metadata")
    series = meta.first("publicatienaam")
    if series is None:
        series = next(
            (v for v in meta.all("type") if classify.is_kamervragen_series(v)), None
        )
    if not classify.is_kamervragen_series(series):
        raise NotKamervragen(doc_id, manifestation, f"not a Kamervragen record ({series!r})")
    type_value = meta.typed(*TYPE_SCHEMES) or meta.first("subrubriek")
    kind = classify.kind_from_type(type_value, series)
    if kind is None:
        raise ParseError(doc_id, manifestation, f"unknown document type {type_value!r}")
    title = clean(meta.first("title")) or None
    try:
        vraagnummer = normalise_vraagnummer(meta.first("vraagnummer"))
        vergaderjaar = normalise_vergaderjaar(meta.first("vergaderjaar"))
    except IdentifierError as exc:
        raise ParseError(doc_id, manifestation, str(exc)) from None
    doc = Document(
        doc_id=doc_id,
        manifestation=manifestation,
        chamber=chamber_from_doc_id(doc_id) or chamber_from_creator(meta.first("creator")),
        kind=kind,
        vraagnummer=vraagnummer,
        aanhangselnummer=meta.first("aanhangselnummer"),
        vergaderjaar=vergaderjaar,
        title=title,
        submitted_on=_date(meta, "datumindiening", doc_id, manifestation),
        received_on=_date(meta, "datumontvangst", doc_id, manifestation),
        published_on=_date(meta, "issued", doc_id, manifestation)
        or _date(meta, "available", doc_id, manifestation)
        or _date(meta, "date", doc_id, manifestation),
        modified_on=_date(meta, "modified", doc_id, manifestation),
        submitters=[Person(name=clean(n)) for n in meta.all("indiener")],
        answer_doc_id=meta.first("aanhangsel"),
        urls=dict(meta.urls),
        document_status=meta.first("documentstatus"),
        topics=topics_from_meta(meta),
        source=source,
    )
    if kind == "answer":
        if classify.is_supplementary(title):
            doc.kind = "supplementary_answer"
        doc.answered_by = [Minister(name=clean(n)) for n in meta.all("ontvanger")]
    elif kind == "notice":
        doc.notice_kind = classify.notice_kind(title)
        # The minister the questions went to sends the notice (as the text's "Mededeling van …").
        doc.answered_by = [Minister(name=clean(n)) for n in meta.all("ontvanger")]
    elif kind == "question":
        doc.question_type = "oral" if re.match(r"\s*mondelinge", title or "", re.I) else "written"
    if title and QUESTION_START_RE.match(title):
        _apply_title_header(doc, title)
    return doc


def topics_from_meta(meta: Meta) -> list[Topic]:
    """The policy topics (scheme `OVERHEID.TaxonomieBeleidsagenda`), in document order, each once.

    "Bestuur | Gemeenten" → Topic("Bestuur", "Gemeenten"); a value without " | " is an area alone.
    """
    out: list[Topic] = []
    for name in TOPIC_NAMES:
        for value, scheme in meta.values.get(name, []):
            if scheme != TOPIC_SCHEME:
                continue
            area, _, subject = (" ".join(part.split()) for part in value.partition("|"))
            if area and (topic := Topic(area, subject or None)) not in out:
                out.append(topic)
    return out


def _apply_title_header(doc: Document, title: str) -> None:
    """Eerste Kamer and old titles carry the whole "Vragen van … (ingezonden …)" sentence."""
    try:
        head = parse_question_header(title)
    except DateError as exc:
        raise ParseError(doc.doc_id, doc.manifestation, f"title: {exc}") from None
    if head.submitters and any(p.party for p in head.submitters):
        doc.submitters = _names_with_title_parties(doc.submitters, head.submitters)
    doc.addressed_to = head.addressed_to
    doc.ministries = list(head.ministries)
    if head.submitted_on:
        if doc.submitted_on is None:
            doc.submitted_on = head.submitted_on
        elif doc.submitted_on != head.submitted_on:
            doc.conflicts.append(
                Conflict(
                    "submitted_on",
                    doc.submitted_on.isoformat(),
                    head.submitted_on.isoformat(),
                    "title",
                )
            )
    if not doc.ministries:
        doc.ministries = ministries.find_in_text(title)


def _names_with_title_parties(indieners: list[Person], from_title: list[Person]) -> list[Person]:
    """Names as the `indiener` elements write them, parties from the title sentence.

    Pairs by position only when both list the same people in the same order (the title
    name ends with the indiener's surname: "D.J.H. vanDijk (SGP)" ↔ "Dijk, D.J.H. van");
    otherwise the title's names are kept. Real sample: kv-ek-215160000.
    """
    if len(indieners) != len(from_title):
        return from_title
    pairs = list(zip(indieners, from_title, strict=True))
    if not all(_same_person(a.name, b.name) for a, b in pairs):
        return from_title
    return [Person(name=a.name, party=b.party) for a, b in pairs]


def _same_person(indiener: str, title_name: str) -> bool:
    surname = indiener.split(",", 1)[0] if "," in indiener else indiener.split()[-1]
    letters = re.sub(r"[\W\d_]", "", title_name).lower()
    key = re.sub(r"[\W\d_]", "", surname).lower()
    return bool(key) and letters.endswith(key)
