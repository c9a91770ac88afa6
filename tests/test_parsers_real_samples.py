"""Every real sample in tests/fixtures parses to its known values (see PROVENANCE.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from schemas.document import Document, ParseError
from scrapers.parse_any import parse_bytes
from scrapers.parse_metadata import NotKamervragen

FIXTURES = Path(__file__).parent / "fixtures"


def parse_one(name: str) -> Document:
    results = [r for r in parse_bytes((FIXTURES / name).read_bytes(), name=name)]
    docs = [r for r in results if isinstance(r, Document)]
    assert len(docs) == 1, results
    return docs[0]


def parties(doc: Document) -> list[tuple[str, str | None]]:
    return [(p.name, p.party) for p in doc.submitters]


def test_answer_xml_3235() -> None:
    doc = parse_one("ah-tk-20202021-3235.document.xml")
    assert doc.doc_id == "ah-tk-20202021-3235"
    assert doc.kind == "answer" and doc.chamber == "tk"
    assert doc.submitted_on == date(2021, 6, 3)
    assert doc.received_on == date(2021, 6, 21)
    assert parties(doc) == [("Van Weyenberg", "D66"), ("Romke de Jong", "D66"), ("Kat", "D66")]
    assert doc.ministries == ["SZW"]
    assert doc.addressed_to == ["Minister van Sociale Zaken en Werkgelegenheid"]
    assert [(a.name, a.function, a.ministry) for a in doc.answered_by] == [
        ("Koolmees", "Minister", "SZW")
    ]
    assert doc.aanhangselnummer == "3235" and doc.vergaderjaar == "2020-2021"
    assert [i.nr for i in doc.items] == list(range(1, 10))
    assert doc.items[0].question.startswith("Klopt het dat de Tijdelijke")
    assert doc.items[8].answer.count("\n\n") == 1  # two paragraphs
    assert doc.conflicts == []


@pytest.mark.parametrize(
    "name", ["ah-tk-20202021-3235.metadata.xml", "ah-tk-20202021-3235.metadata_owms.xml"]
)
def test_answer_metadata_3235(name: str) -> None:
    doc = parse_one(name)
    assert doc.doc_id == "ah-tk-20202021-3235"
    assert doc.kind == "answer"
    assert doc.vraagnummer == "2021Z09739"
    assert doc.received_on == date(2021, 6, 21)
    assert doc.submitted_on is None  # an answer record has no submitted date
    assert doc.published_on == date(2021, 6, 21)
    assert [p.name for p in doc.submitters] == ["S.P.R.A. van Weyenberg", "R.H. (Romke) de Jong", "H. Kat"]
    assert doc.document_status == "Opgemaakt na onopgemaakt"


def test_owms_modified_date_is_the_files_own() -> None:
    assert parse_one("ah-tk-20202021-3235.metadata_owms.xml").modified_on == date(2021, 6, 21)


def test_html_manifestation_3235() -> None:
    doc = parse_one("ah-tk-20202021-3235.repository-manifestation.html")
    assert doc.doc_id == "ah-tk-20202021-3235"
    assert doc.vraagnummer == "2021Z09739"
    assert doc.submitted_on == date(2021, 6, 3) and doc.received_on == date(2021, 6, 21)
    assert {p.party for p in doc.submitters} == {"D66"} and len(doc.submitters) == 3
    assert doc.ministries == ["SZW"]
    assert len(doc.items) == 9 and doc.items[1].question.startswith("Kunt u toelichten")


def test_sru_response_plooi_skips_other_kinds() -> None:
    name = "sru-response.plooi-integrationtest.mocked-urls.xml"
    results = list(parse_bytes((FIXTURES / name).read_bytes(), name=name))
    docs = [r for r in results if isinstance(r, Document)]
    skipped = [r for r in results if isinstance(r, NotKamervragen)]
    assert [d.doc_id for d in docs] == ["ah-tk-20202021-3235"]
    assert {s.doc_id for s in skipped} >= {"kst-32545-143", "blg-1007826"}
    doc = docs[0]
    assert doc.kind == "answer" and doc.vraagnummer == "2021Z09739"
    assert doc.received_on == date(2021, 6, 21)
    assert doc.modified_on == date(2021, 7, 22)  # differs from metadata_owms (2021-06-21)
    assert doc.urls["xml"].endswith("/ah-tk-20202021-3235/1/xml/ah-tk-20202021-3235.xml")
    assert doc.urls["preferred"] == "https://zoek.officielebekendmakingen.nl/ah-tk-20202021-3235.html"


def test_sru_response_of_other_kinds_only() -> None:
    name = "sru-response.officielepublicaties.staten-generaal.2021-10-13.xml"
    results = list(parse_bytes((FIXTURES / name).read_bytes(), name=name))
    assert len(results) == 10 and all(isinstance(r, NotKamervragen) for r in results)


def test_old_oral_question_record() -> None:
    doc = parse_one("sru-record.kv-2989900822.onopgemaakt.xml")
    assert doc.doc_id == "kv-2989900822"
    assert doc.kind == "question" and doc.question_type == "oral"
    assert doc.chamber == "tk" and doc.vraagnummer == "2989900822"
    assert doc.submitted_on == date(1998, 9, 28)
    assert parties(doc) == [("Atsma", "CDA")]
    assert doc.ministries == ["OCW"]
    assert doc.vergaderjaar == "1998-1999" and doc.document_status == "Opgemaakt"


def test_eerste_kamer_question_title_states_parties() -> None:
    doc = parse_one("kv-ek-215160000.metadata_owms.xml")
    assert doc.chamber == "ek" and doc.kind == "question" and doc.question_type == "written"
    assert doc.vraagnummer == "215160000"
    assert doc.submitted_on == date(2015, 9, 25)
    assert len(doc.submitters) == 12
    assert doc.submitters[0].name == "Knip" and doc.submitters[0].party == "VVD"
    assert doc.submitters[-1].name == "Ten Hoeve" and doc.submitters[-1].party == "OSF"
    assert doc.ministries == ["VenJ"]
    assert doc.answer_doc_id == "ah-ek-20152016-3"


def test_eerste_kamer_answer_medegedeeld_date() -> None:
    doc = parse_one("ah-ek-20192020-10.metadata_owms.xml")
    assert doc.chamber == "ek" and doc.kind == "answer"
    assert doc.vraagnummer == "219200007"
    assert doc.submitted_on == date(2020, 4, 29)  # "op 29 april 2020 medegedeeld"
    assert doc.received_on == date(2020, 6, 10)
    assert parties(doc) == [("Van Rooijen", "50PLUS")]
    assert doc.ministries == ["SZW"]


def test_modern_tk_question_metadata_has_no_party() -> None:
    doc = parse_one("kv-tk-2020Z13248.metadata_owms.xml")
    assert doc.kind == "question" and doc.vraagnummer == "2020Z13248"
    assert doc.submitted_on == date(2020, 7, 2)
    assert doc.title == "Huisbazen die weigeren loden leidingen te vervangen"
    assert parties(doc) == [("H. Nijboer", None)]
    assert doc.ministries == []
    assert doc.answer_doc_id == "ah-tk-20192020-3799"


def test_delay_notice_metadata() -> None:
    doc = parse_one("ah-1151601.mededeling.metadata.xml")
    assert doc.doc_id == "ah-1151601"
    assert doc.kind == "notice" and doc.notice_kind == "delay"
    assert doc.chamber == "tk"  # from DC.creator: the id does not say
    assert doc.vraagnummer == "2024Z11223"
    assert doc.received_on == date(2024, 7, 5)
    assert doc.document_status == "Onopgemaakt"


def test_pdf_2271_refers_to_its_delay_notice() -> None:
    doc = parse_one("ah-tk-20232024-2271.pdf")
    assert doc.doc_id == "ah-tk-20232024-2271" and doc.kind == "answer"
    assert doc.submitted_on == date(2024, 6, 21)
    assert doc.received_on == date(2024, 8, 12)
    assert [(r.vergaderjaar, r.nr) for r in doc.refers_to] == [("2023-2024", "2147")]
    assert parties(doc) == [("Westerveld", "GroenLinks-PvdA")]
    assert doc.ministries == ["VWS"]
    assert doc.answered_by[0].function == "Staatssecretaris"
    assert doc.aanhangselnummer == "2271" and doc.vergaderjaar == "2023-2024"
    assert [i.nr for i in doc.items] == list(range(1, 13))
    assert all(i.question and i.answer for i in doc.items)
    # footnotes and page furniture are not part of the texts
    assert "ISSN" not in doc.items[1].answer and "KRO-NCRV" not in doc.items[0].question


def test_pdf_1314_combined_answer() -> None:
    doc = parse_one("ah-tk-20232024-1314.pdf")
    assert doc.submitted_on == date(2024, 3, 6) and doc.received_on == date(2024, 3, 25)
    assert parties(doc) == [("Mutluer", "GroenLinks-PvdA"), ("Kostic´", "PvdD")]
    assert doc.ministries == ["OCW"]
    items = {i.nr: i for i in doc.items}
    assert sorted(items) == [1, 2, 3, 4, 5, 6]
    assert items[3].answer.startswith("Het is van groot belang")
    assert items[4].answer is None and items[4].answer_refers_to == 3
    assert items[5].answer is None and items[5].answer_refers_to == 3
    assert items[4].question.startswith("Deelt u de mening dat regenboogprovincies")
    assert items[5].question.startswith("Kent u de Inventarisatie")


def test_seed_answer_text() -> None:
    doc = parse_one("answer-text.bzk-2026.txt")
    assert doc.kind == "answer"
    assert doc.received_on == date(2026, 2, 2)
    assert doc.ministries == ["BZK"]
    assert doc.answered_by[0].name == "Rijkaart"
    assert len(doc.items) == 10
    assert doc.items[9].answer.count("\n\n") == 1
    assert "vraagnummer" in doc.missing and "submitted_on" in doc.missing


def test_impossible_date_is_an_error_not_a_guess() -> None:
    data = (FIXTURES / "ah-tk-20202021-3235.metadata.xml").read_bytes()
    bad = data.replace(b'content="2021-06-21"/>\n<metadata name="DC.type"',
                       b'content="2021-02-31"/>\n<metadata name="DC.type"')
    bad = bad.replace(b'"OVERHEIDop.datumOntvangst" scheme="DCTERMS.W3CDTF" content="2021-06-21"',
                      b'"OVERHEIDop.datumOntvangst" scheme="DCTERMS.W3CDTF" content="2021-02-31"')
    with pytest.raises(ParseError, match=r"datumontvangst.*2021-02-31"):
        list(parse_bytes(bad, name="x.metadata.xml"))


def test_content_hash_ignores_modified_date() -> None:
    a = parse_one("ah-tk-20202021-3235.metadata_owms.xml")
    data = (FIXTURES / "ah-tk-20202021-3235.metadata_owms.xml").read_bytes()
    b_bytes = data.replace(b"<dcterms.modified>2021-06-21", b"<dcterms.modified>2023-01-01")
    b = next(iter(parse_bytes(b_bytes, name="x.xml")))
    assert isinstance(b, Document) and b.modified_on == date(2023, 1, 1)
    assert a.content_sha256 == b.content_sha256
