"""Fuzzing the parsers with mutated real samples: nothing but `ParseError` may escape, and what they
yield keeps the invariants the loader relies on (known kinds, real dates, a normalised vraagnummer,
a content hash of the final content, JSON-ready), the same for the same bytes.

Mutations: truncation, byte flips, inserted/deleted spans, duplicated spans, re-encoding.
Hypothesis runs derandomized, so CI runs the same bounded set of cases every time.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.document import KINDS, NOTICE_KINDS, Document, ParseError
from schemas.identifiers import normalise_vraagnummer
from scrapers.parse_any import parse_bytes

FIXTURES = Path(__file__).parent / "fixtures"
XML_SAMPLES = [*sorted(p.name for p in FIXTURES.glob("*.xml")), "ah-tk-20202021-3235.repository-manifestation.html"]
PDF_SAMPLES = ["ah-tk-20232024-1314.pdf", "ah-tk-20232024-2271.pdf"]
FUZZ = settings(max_examples=150, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def mutated(draw: st.DrawFn, names: list[str]) -> bytes:
    data = bytearray((FIXTURES / draw(st.sampled_from(names))).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        op = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "duplicate", "latin1"]))
        i = draw(st.integers(0, len(data) - 1))
        if op == "truncate":
            del data[i:]
        elif op == "flip":
            data[i] ^= draw(st.integers(1, 255))
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=40))
        elif op == "delete":
            del data[i : i + draw(st.integers(1, 200))]
        elif op == "duplicate":
            data[i:i] = data[i : i + draw(st.integers(1, 300))]
        else:
            data = bytearray(bytes(data).decode("utf-8", "replace").encode("latin-1", "replace"))
    return bytes(data)


def parse_all(data: bytes, name: str) -> list[Document | ParseError]:
    return list(parse_bytes(data, name=name))


DATES = ("submitted_on", "received_on", "published_on", "modified_on")
MANIFESTATIONS = {"sru", "metadata", "metadata_owms", "xml", "html", "pdf", "text"}


def assert_well_formed(result: Document | ParseError) -> None:
    """What the loader relies on in every parser result, however odd the input."""
    if isinstance(result, ParseError):  # a reject row must say why
        assert isinstance(result.reason, str) and result.reason.strip(), repr(result)
        return
    assert isinstance(result, Document), type(result)
    doc = result
    assert doc.manifestation in MANIFESTATIONS, doc.manifestation
    assert doc.kind is None or doc.kind in KINDS, doc.kind
    assert doc.notice_kind is None or (doc.kind == "notice" and doc.notice_kind in NOTICE_KINDS), (
        doc.kind, doc.notice_kind)
    assert doc.chamber in (None, "tk", "ek"), doc.chamber
    assert doc.doc_id is None or (doc.doc_id.strip() == doc.doc_id != ""), repr(doc.doc_id)
    if doc.vraagnummer is not None:  # stored as normalised: normalising it again changes nothing
        assert normalise_vraagnummer(doc.vraagnummer) == doc.vraagnummer
    for name in DATES:
        value = getattr(doc, name)
        assert value is None or (isinstance(value, date) and not isinstance(value, datetime)), (name, value)
    assert doc.content_sha256 == doc.compute_sha256()  # sealed after its last change
    json.dumps(doc.to_dict())  # JSON-ready: the CLI prints it, the loader stores it


def check(data: bytes, name: str) -> None:
    """Only `ParseError` escapes; every result is well formed; a second parse gives the same."""
    try:
        results = parse_all(data, name)
    except ParseError as exc:
        assert_well_formed(exc)
        with pytest.raises(ParseError) as again:
            parse_all(data, name)
        assert str(again.value) == str(exc)
        return
    for result in results:
        assert_well_formed(result)
    seen = [r.to_dict() if isinstance(r, Document) else str(r) for r in results]
    assert [r.to_dict() if isinstance(r, Document) else str(r) for r in parse_all(data, name)] == seen


# (documents, skipped records) of the SRU responses, read from the files: the staten-generaal response
# holds 6 Kamerstuk and 4 Handelingen records, the plooi one 4 Kamerstuk records and ah-tk-20202021-3235;
# every other sample is one document
RESPONSES = {"sru-response.officielepublicaties.staten-generaal.2021-10-13.xml": (0, 10),
             "sru-response.plooi-integrationtest.mocked-urls.xml": (1, 4)}


@pytest.mark.parametrize("name", [*XML_SAMPLES, *PDF_SAMPLES])
def test_the_unmutated_samples_are_well_formed(name: str) -> None:
    """The baseline of the fuzzing: each sample, as recorded, yields its documents, well formed."""
    data = (FIXTURES / name).read_bytes()
    check(data, "fuzz.pdf" if name.endswith(".pdf") else "fuzz.xml")
    results = parse_all(data, name)
    docs = sum(isinstance(r, Document) for r in results)
    assert (docs, len(results) - docs) == RESPONSES.get(name, (1, 0))


@FUZZ
@given(mutated(XML_SAMPLES))
def test_xml_and_html_parsers_raise_only_parse_errors(data: bytes) -> None:
    check(data, "fuzz.xml")


@settings(max_examples=40, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated(PDF_SAMPLES))
def test_pdf_parser_raises_only_parse_errors(data: bytes) -> None:
    check(data, "fuzz.pdf")


@pytest.mark.parametrize(("data", "manifestation", "reason"), [
    (b"", "unknown", "empty file"),
    (b"   ", "unknown", "empty file"),
    (b"%PDF-1.7\n", "pdf", "unreadable PDF: "),  # a header and nothing else
    (b"<", "xml", "malformed XML: "),
    (b"\xff\xfe\x00<\x00a\x00>", "text", "no question, answer or notice text found"),  # not XML, so text
    (b"<a>" * 10000, "xml", "malformed XML: "),  # nested past the parser's depth limit, never closed
])
def test_degenerate_inputs(data: bytes, manifestation: str, reason: str) -> None:
    """Each is refused with the manifestation it was read as and why, naming no document."""
    with pytest.raises(ParseError) as refused:
        parse_all(data, "x")
    assert (refused.value.doc_id, refused.value.manifestation) == (None, manifestation)
    assert refused.value.reason.startswith(reason), refused.value.reason
