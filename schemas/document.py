"""The one typed record every parser produces: a `Document`.

A `Document` is what one manifestation of one source document states (an SRU record,
`metadata.xml`, `metadata_owms.xml`, the document XML, the HTML, a PDF or plain text).
Records about the same `doc_id` from several manifestations are combined with
`scrapers.merge.merge_documents`: metadata wins, text fills the gaps, and every
disagreement is kept in `conflicts`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Literal, NamedTuple

Chamber = Literal["tk", "ek"]
Kind = Literal["question", "answer", "supplementary_answer", "notice"]
NoticeKind = Literal["delay", "withdrawn", "answered_elsewhere", "other"]
QuestionType = Literal["written", "oral"]
Manifestation = Literal["sru", "metadata", "metadata_owms", "xml", "html", "pdf", "text"]

KINDS: tuple[str, ...] = ("question", "answer", "supplementary_answer", "notice")
NOTICE_KINDS: tuple[str, ...] = ("delay", "withdrawn", "answered_elsewhere", "other")


class ParseError(Exception):
    """A document whose shape or content the parser does not know.

    Always names the document (or file/URL when the id is unknown), the manifestation
    and the reason, so a reject row or an error message tells the whole story.
    """

    def __init__(self, doc_id: str | None, manifestation: str, reason: str):
        self.doc_id = doc_id
        self.manifestation = manifestation
        self.reason = reason
        super().__init__(f"{doc_id or '<unknown document>'} [{manifestation}]: {reason}")


@dataclass(slots=True)
class Person:
    """A member of parliament who submitted a question set."""

    name: str
    party: str | None = None


@dataclass(slots=True)
class Minister:
    """A member of government who answered (name, function as written, ministry abbreviation)."""

    name: str | None
    function: str | None = None
    ministry: str | None = None


@dataclass(slots=True)
class AanhangselRef:
    """An earlier Aanhangsel document ("Zie ook …, vergaderjaar 2023–2024, nr. 2147")."""

    vergaderjaar: str
    nr: str


@dataclass(slots=True)
class ClosingReference:
    """The letter an answered-elsewhere notice points to ("… middels een brief … (36 471-64) op 7 juni 2024").

    `kamerstuk` as printed (whitespace collapsed), `dated_on` the date the notice gives for the letter.
    """

    kamerstuk: str | None = None
    dated_on: date | None = None


@dataclass(slots=True)
class Topic:
    """A policy topic (`dcterms:subject`, scheme `OVERHEID.TaxonomieBeleidsagenda`), split at its
    " | ": "Bestuur | Gemeenten" → area "Bestuur", subject "Gemeenten" (None without a " | ")."""

    area: str
    subject: str | None = None


@dataclass(slots=True)
class Item:
    """One numbered question with its answer.

    A combined answer ("Antwoord 3, 4 en 5") sits on the first number; the other numbers
    carry `answer=None` and `answer_refers_to` = that first number.
    """

    nr: int | None
    question: str | None = None
    answer: str | None = None
    answer_refers_to: int | None = None


@dataclass(slots=True)
class Conflict:
    """Two sources disagree about a field: `kept` is the value used, `other` the value ignored."""

    field: str
    kept: str | None
    other: str | None
    source: str


# Fields that describe the fetch, not the document: excluded from `content_sha256`.
NON_CONTENT_FIELDS = frozenset(
    {"modified_on", "content_sha256", "manifestation", "source", "urls", "missing"}
)


@dataclass(slots=True)
class Document:
    """One Kamervragen document (question, answer, supplementary answer or notice)."""

    doc_id: str | None
    manifestation: str
    chamber: str | None = None
    kind: str | None = None
    notice_kind: str | None = None
    question_type: str | None = None
    vraagnummer: str | None = None
    aanhangselnummer: str | None = None
    vergaderjaar: str | None = None
    title: str | None = None
    submitted_on: date | None = None
    received_on: date | None = None
    published_on: date | None = None
    modified_on: date | None = None
    submitters: list[Person] = field(default_factory=list)
    addressed_to: list[str] = field(default_factory=list)
    answered_by: list[Minister] = field(default_factory=list)
    ministries: list[str] = field(default_factory=list)
    refers_to: list[AanhangselRef] = field(default_factory=list)
    answer_doc_id: str | None = None
    items: list[Item] = field(default_factory=list)
    notice_text: str | None = None
    closing_reference: ClosingReference | None = None
    topics: list[Topic] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)
    document_status: str | None = None
    content_sha256: str | None = None
    conflicts: list[Conflict] = field(default_factory=list)
    source: str | None = None
    missing: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict: ISO dates, nested records as dicts."""
        return {name: _jsonable(getattr(self, name)) for name in _FIELD_NAMES[Document]}

    def compute_sha256(self) -> str:
        """Hash of the parsed content (load and fetch bookkeeping excluded)."""
        payload = {name: _jsonable(getattr(self, name)) for name in _CONTENT_FIELDS}
        for name in _HASHED_WHEN_SET:  # fields added later: absent keeps older hashes unchanged
            if payload[name] is None or payload[name] == []:
                del payload[name]
        raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def seal(self) -> Document:
        """Set `content_sha256` from the current content and return self."""
        self.content_sha256 = self.compute_sha256()
        return self


_FIELD_NAMES: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls))
    for cls in (Person, Minister, AanhangselRef, ClosingReference, Topic, Item, Conflict, Document)
}
_CONTENT_FIELDS = tuple(n for n in _FIELD_NAMES[Document] if n not in NON_CONTENT_FIELDS)
_HASHED_WHEN_SET = ("closing_reference", "topics")


def _jsonable(value: Any) -> Any:
    """JSON-ready copy: ISO dates, records as dicts (as `dataclasses.asdict`, without its deep copy)."""
    names = _FIELD_NAMES.get(type(value))
    if names is not None:
        return {name: _jsonable(getattr(value, name)) for name in names}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def document_from_dict(data: dict[str, Any]) -> Document:
    """Inverse of `Document.to_dict` (ISO date strings back to dates, nested dicts to records)."""
    kw = dict(data)
    for key in ("submitted_on", "received_on", "published_on", "modified_on"):
        if isinstance(kw.get(key), str):
            kw[key] = date.fromisoformat(kw[key])
    kw["submitters"] = [Person(**x) for x in kw.get("submitters") or []]
    kw["answered_by"] = [Minister(**x) for x in kw.get("answered_by") or []]
    kw["refers_to"] = [AanhangselRef(**x) for x in kw.get("refers_to") or []]
    kw["items"] = [Item(**x) for x in kw.get("items") or []]
    if isinstance(ref := kw.get("closing_reference"), dict):
        on = ref.get("dated_on")
        kw["closing_reference"] = ClosingReference(
            kamerstuk=ref.get("kamerstuk"), dated_on=date.fromisoformat(on) if isinstance(on, str) else on
        )
    kw["conflicts"] = [Conflict(**x) for x in kw.get("conflicts") or []]
    kw["topics"] = [Topic(**x) for x in kw.get("topics") or []]
    kw["addressed_to"] = list(kw.get("addressed_to") or [])
    kw["ministries"] = list(kw.get("ministries") or [])
    kw["urls"] = dict(kw.get("urls") or {})
    kw["missing"] = list(kw.get("missing") or [])
    known = {f.name for f in fields(Document)}
    return Document(**{k: v for k, v in kw.items() if k in known})


class DocumentText(NamedTuple):
    """A document's parsed text manifestation, as stored in `document_texts`: the `Document` the
    text alone states (`doc`), which manifestation it is and the URL it was fetched from."""

    doc_id: str
    manifestation: str
    url: str | None
    doc: Document
