"""Fuzzing the parsers with mutated real samples: nothing but `ParseError` may escape.

Mutations: truncation, byte flips, inserted/deleted spans, duplicated spans, re-encoding.
Hypothesis runs derandomized, so CI runs the same bounded set of cases every time.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.document import Document, ParseError
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


@FUZZ
@given(mutated(XML_SAMPLES))
def test_xml_and_html_parsers_raise_only_parse_errors(data: bytes) -> None:
    try:
        results = parse_all(data, "fuzz.xml")
    except ParseError:
        return
    assert all(isinstance(r, Document | ParseError) for r in results)


@settings(max_examples=40, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated(PDF_SAMPLES))
def test_pdf_parser_raises_only_parse_errors(data: bytes) -> None:
    try:
        results = parse_all(data, "fuzz.pdf")
    except ParseError:
        return
    assert all(isinstance(r, Document | ParseError) for r in results)


@pytest.mark.parametrize("data", [b"", b"   ", b"%PDF-1.7\n", b"<", b"\xff\xfe\x00<\x00a\x00>", b"<a>" * 10000])
def test_degenerate_inputs(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        parse_all(data, "x")
