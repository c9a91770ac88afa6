"""Parsers on shapes without a real sample (SYNTHETIC inputs from tests/synthetic_docs.py),
the shared text rules, and the refusals (unknown shapes, unsafe XML)."""

from __future__ import annotations

from datetime import date

import pytest

from replay import synthetic_docs
from schemas.document import Document, ParseError
from schemas.identifiers import IdentifierError, normalise_vraagnummer
from scrapers.dutch_dates import DateError, find_marked_date, parse_dutch_date
from scrapers.merge import merge_documents, validate
from scrapers.parse_any import parse_bytes
from scrapers.text_header import parse_answer_header, parse_question_header, parse_submitters


def one(data: bytes, name: str = "x.xml") -> Document:
    (doc,) = list(parse_bytes(data, name=name))
    assert isinstance(doc, Document)
    return doc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(ingezonden 2 februari 2026)", date(2026, 2, 2)),
        ("(ingezonden 18 november2024)", date(2024, 11, 18)),
        ("(ingezonden 21 juni\n            2021)", date(2021, 6, 21)),
        ("(Ingezonden 28 september 1998)", date(1998, 9, 28)),
        ("(ingezonden op 18 januari 2022)", date(2022, 1, 18)),
    ],
)
def test_submitted_dates_in_text(text: str, expected: date) -> None:
    assert find_marked_date(text, "ingezonden") == expected


def test_doubled_ontvangen_of_real_pdfs() -> None:
    assert find_marked_date("(ontvangen (ontvangen 7 juni 2024)", "ontvangen") == date(2024, 6, 7)


def test_impossible_text_date() -> None:
    with pytest.raises(DateError, match="31 februari 2024"):
        parse_dutch_date("31 februari 2024")
    with pytest.raises(DateError):
        find_marked_date("(ingezonden 31 februari 2024)", "ingezonden")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Van Dijk en Palland (beiden CDA)", [("Van Dijk", "CDA"), ("Palland", "CDA")]),
        ("Westerveld (GroenLinks-PvdA)", [("Westerveld", "GroenLinks-PvdA")]),
        (
            "Sneller (D66), Chakor (GroenLinks-PvdA) en Van Nispen (SP)",
            [("Sneller", "D66"), ("Chakor", "GroenLinks-PvdA"), ("Van Nispen", "SP")],
        ),
        ("A, B en C (allen D66)", [("A", "D66"), ("B", "D66"), ("C", "D66")]),
    ],
)
def test_parties(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(p.name, p.party) for p in parse_submitters(text)] == expected


def test_vraagnummer_normalised() -> None:
    assert normalise_vraagnummer("2024Z 97972") == "2024Z97972"
    assert normalise_vraagnummer(" 2024z97972 ") == "2024Z97972"
    with pytest.raises(IdentifierError):
        normalise_vraagnummer("vraag 12")


def test_several_addressees_and_ministries() -> None:
    head = parse_question_header(
        "Vragen van de leden Van Dijk en Palland (beiden CDA) aan de Ministers van Binnenlandse "
        "Zaken en Koninkrijksrelaties en van Justitie en Veiligheid over x (ingezonden 18 januari 2022)."
    )
    assert head.addressed_to == [
        "Minister van Binnenlandse Zaken en Koninkrijksrelaties",
        "Minister van Justitie en Veiligheid",
    ]
    assert head.ministries == ["BZK", "JenV"]


def test_mede_namens_adds_ministry_not_answerer() -> None:
    head = parse_answer_header(
        "Antwoord van Minister Dijkgraaf (Onderwijs, Cultuur en Wetenschap), mede namens de "
        "Minister van Justitie en Veiligheid (ontvangen 7 juni 2024)."
    )
    assert [a.name for a in head.answered_by] == ["Dijkgraaf"]
    assert head.ministries == ["OCW", "JenV"]


def test_synthetic_question_xml() -> None:
    doc = one(synthetic_docs.question_xml())
    assert doc.kind == "question" and doc.question_type == "written"
    assert doc.doc_id == "kv-tk-2024Z97972" and doc.vraagnummer == "2024Z97972"
    assert doc.submitted_on == date(2024, 11, 18)
    assert [p.party for p in doc.submitters] == ["D66", "GroenLinks-PvdA", "SP"]
    assert doc.ministries == ["BZK"]
    assert [i.question for i in doc.items] == ["Kent u het bericht?", "Wat vindt u daarvan?"]


def test_synthetic_delay_notice_xml() -> None:
    doc = one(synthetic_docs.notice_xml())
    assert doc.kind == "notice" and doc.notice_kind == "delay"
    assert doc.received_on == date(2024, 12, 9)
    assert doc.vraagnummer == "2024Z97972"
    assert "niet binnen de termijn" in doc.notice_text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Hierbij deel ik u mede dat de vragen van het lid X zijn ingetrokken.", "withdrawn"),
        ("Mededeling: de vragen zijn beantwoord middels de brief van 3 mei 2024.",
         "answered_elsewhere"),
        ("Mededeling over de stand van zaken.", "other"),
    ],
)
def test_notice_kinds(text: str, kind: str) -> None:
    assert one(synthetic_docs.notice_xml(text=text)).notice_kind == kind


def test_old_element_names() -> None:
    doc = one(synthetic_docs.old_vraagdoc_xml())
    assert doc.kind == "answer" and doc.aanhangselnummer == "91234"
    assert doc.submitted_on == date(1998, 9, 28) and doc.received_on == date(1998, 10, 12)
    assert doc.items[0].answer == "Ja."


def test_supplementary_answer_by_header() -> None:
    data = synthetic_docs.answer_xml(minister="Minister Uitermark").replace(
        b"Antwoord van Minister", b"Aanvullend antwoord van Minister"
    )
    assert one(data).kind == "supplementary_answer"


def test_unknown_root_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="unknown XML root element <foo>"):
        list(parse_bytes(b"<foo/>", name="x.xml"))


def test_document_without_texts_is_a_parse_error() -> None:
    data = b"<officiele-publicatie><kamervragen><kamervraagkop/></kamervragen></officiele-publicatie>"
    with pytest.raises(ParseError, match="no question, answer or notice"):
        list(parse_bytes(data, name="ah-tk-20202021-90001.xml"))


@pytest.mark.parametrize(
    "payload",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>',
    ],
)
def test_xxe_and_entity_bombs_refused(payload: bytes) -> None:
    with pytest.raises(ParseError, match="entity declarations"):
        list(parse_bytes(payload, name="x.xml"))


def test_merge_keeps_metadata_and_records_conflict() -> None:
    meta = one(synthetic_docs.answer_xml())
    meta.manifestation = "sru"
    meta.items = []
    meta.received_on = date(2024, 12, 21)
    text = one(synthetic_docs.answer_xml())
    merged = merge_documents(meta, text)
    assert merged.received_on == date(2024, 12, 21)
    assert [(c.field, c.kept, c.other) for c in merged.conflicts] == [
        ("received_on", "2024-12-21", "2024-12-20")
    ]
    assert merged.items and merged.manifestation == "sru+xml"


def test_answer_without_date_is_refused() -> None:
    doc = one(synthetic_docs.answer_xml())
    doc.received_on = None
    with pytest.raises(ParseError, match="without a received date"):
        validate(doc)


def test_subject_mentioning_nader_antwoord_is_not_supplementary() -> None:
    from scrapers.classify import is_supplementary

    assert not is_supplementary("Antwoord op vragen van het lid X over een vraag met een nader antwoord")
    assert is_supplementary("Nader antwoord op vragen van het lid X over iets")
    assert is_supplementary("Aanvullende beantwoording van vragen van het lid X")
