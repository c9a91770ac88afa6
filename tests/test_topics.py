"""Topics (`dcterms:subject`, scheme OVERHEID.TaxonomieBeleidsagenda) on documents and sets.

Expected values are read off the real samples in tests/fixtures/ (the lines quoted per test);
the warehouse part uses SYNTHETIC documents (tests/docfactory.py, made-up numbers).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from lxml import etree

from schemas.document import NON_CONTENT_FIELDS, Document, Topic, document_from_dict
from scrapers.merge import merge_documents
from scrapers.parse_any import parse_bytes
from scrapers.parse_metadata import meta_from_sru_record, topics_from_meta
from scrapers.parse_sru import iter_response_records
from tests.analyst_data import load
from tests.docfactory import answer, notice, question

FIXTURES = Path(__file__).parent / "fixtures"
TOZO = [Topic("Economie", "Ondernemen"), Topic("Sociale zekerheid", "Organisatie en beleid")]


def parsed(name: str) -> list[Document]:
    return [d for d in parse_bytes((FIXTURES / name).read_bytes(), name=name) if isinstance(d, Document)]


@pytest.mark.parametrize("name", [
    # <dcterms:subject scheme="OVERHEID.TaxonomieBeleidsagenda">Economie | Ondernemen</dcterms:subject>
    "sru-response.plooi-integrationtest.mocked-urls.xml",
    # <metadata name="OVERHEID.category" scheme="OVERHEID.TaxonomieBeleidsagenda" content="Economie | Ondernemen"/>
    "ah-tk-20202021-3235.metadata.xml",
    # <overheid:category scheme="OVERHEID.TaxonomieBeleidsagenda">Economie | Ondernemen</overheid:category>
    "ah-tk-20202021-3235.metadata_owms.xml",
    # <meta name="OVERHEID.category" scheme="OVERHEID.TaxonomieBeleidsagenda" …>
    "ah-tk-20202021-3235.repository-manifestation.html",
])
def test_topics_of_the_tozo_answer_in_every_manifestation(name: str) -> None:
    docs = [d for d in parsed(name) if d.doc_id == "ah-tk-20202021-3235"]
    assert len(docs) == 1 and docs[0].topics == TOZO


@pytest.mark.parametrize(("name", "topics"), [
    ("kv-tk-2020Z13248.metadata_owms.xml", [Topic("Huisvesting", "Huren en verhuren")]),
    ("kv-ek-215160000.metadata_owms.xml", [Topic("Recht", "Rechtspraak")]),
    ("ah-ek-20192020-10.metadata_owms.xml",
     [Topic("Sociale zekerheid", "Organisatie en beleid"), Topic("Sociale zekerheid", "Ouderen")]),
    ("sru-record.kv-2989900822.onopgemaakt.xml", []),  # states no topic
    ("ah-tk-20202021-3235.document.xml", []),  # the text XML carries no metadata
])
def test_topics_of_other_real_samples(name: str, topics: list[Topic]) -> None:
    [doc] = parsed(name)
    assert doc.topics == topics


def test_three_subjects_of_a_record_of_another_series() -> None:
    """The staten-generaal response's h- record lists three subjects (lines 426-428), apostrophe kept."""
    root = etree.fromstring((FIXTURES / "sru-response.officielepublicaties.staten-generaal.2021-10-13.xml").read_bytes())
    found = [topics_from_meta(meta_from_sru_record(r)) for r in iter_response_records(root)]
    assert [Topic("Bestuur", "Parlement"), Topic("Zorg en gezondheid", "Organisatie en beleid"),
            Topic("Zorg en gezondheid", "Gezondheidsrisico's")] in found
    assert [Topic("Bestuur", "Parlement"), Topic("Internationaal", "Defensie"),
            Topic("Internationaal", "Militaire missies")] in found


def test_merge_keeps_the_metadata_topics() -> None:
    [meta] = parsed("ah-tk-20202021-3235.metadata.xml")
    [text] = parsed("ah-tk-20202021-3235.document.xml")
    assert merge_documents(meta, text).topics == TOZO
    assert merge_documents(replace(meta, topics=[]), text).topics == []


def _hash_without_topics(doc: Document) -> str:
    """The content hash as it was before topics existed (the rule of schemas/document.py then)."""
    payload = {k: v for k, v in doc.to_dict().items()
               if k not in NON_CONTENT_FIELDS and k != "topics"}
    if payload["closing_reference"] is None:
        del payload["closing_reference"]
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def test_hash_of_a_document_without_topics_is_unchanged() -> None:
    [doc] = parsed("sru-record.kv-2989900822.onopgemaakt.xml")
    assert doc.topics == [] and doc.content_sha256 == _hash_without_topics(doc)
    [tozo] = [d for d in parsed("ah-tk-20202021-3235.metadata.xml")]
    assert tozo.content_sha256 != _hash_without_topics(tozo)  # topics are content when present
    assert document_from_dict(tozo.to_dict()) == tozo


GEMEENTEN = Topic("Bestuur", "Gemeenten")
ORDE = Topic("Openbare orde en veiligheid", "Organisatie en beleid")


def test_set_topics_are_those_of_its_documents(con: duckdb.DuckDBPyConnection) -> None:
    """SYNTHETIC: the question states one topic, the answer two (one the same): the set has two."""
    load(con,
         question("2024Z90201", "2024-01-08", topics=[ORDE]),
         answer("2024Z90201", "2024-01-22", topics=[GEMEENTEN, ORDE]),
         question("2024Z90202", "2024-01-08"))
    rows = con.execute("SELECT vraagnummer, topics FROM question_sets ORDER BY ALL").fetchall()
    assert rows == [
        ("2024Z90201", [{"area": "Bestuur", "subject": "Gemeenten"},
                        {"area": "Openbare orde en veiligheid", "subject": "Organisatie en beleid"}]),
        ("2024Z90202", []),
    ]


def test_timeliness_by_topic(con: duckdb.DuckDBPyConnection) -> None:
    """SYNTHETIC sets of 2024, S = Monday 2024-01-08, due 2024-01-29, extended due 2024-02-19:
    A: Gemeenten+Orde, answered 01-22 (14 d, on time); B: Gemeenten, notice 01-31 (late notice),
    answered 03-04 (56 d: 14 days after the extended due date); C: no topics, answered 01-29."""
    load(con,
         question("2024Z90211", "2024-01-08", topics=[GEMEENTEN, ORDE]),
         answer("2024Z90211", "2024-01-22", doc_id="ah-tk-20232024-9211"),
         question("2024Z90212", "2024-01-08", topics=[GEMEENTEN]),
         notice("2024Z90212", "2024-01-31", doc_id="ah-tk-20232024-9212"),
         answer("2024Z90212", "2024-03-04", doc_id="ah-tk-20232024-9213"),
         question("2024Z90213", "2024-01-08"),
         answer("2024Z90213", "2024-01-29", doc_id="ah-tk-20232024-9214"))
    rows = con.execute(
        "SELECT topic, area, subject, year, sets, answered, share_on_time, share_late, "
        "median_days_overdue, share_within_twice_term, share_with_delay_notice, share_late_delay_notices "
        "FROM timeliness_by_topic ORDER BY topic NULLS LAST").fetchall()
    assert rows == [
        ("Bestuur | Gemeenten", "Bestuur", "Gemeenten", 2024, 2, 2, 0.5, 0.5, 14.0, 0.5, 0.5, 1.0),
        ("Openbare orde en veiligheid | Organisatie en beleid", "Openbare orde en veiligheid",
         "Organisatie en beleid", 2024, 1, 1, 1.0, 0.0, None, 1.0, 0.0, None),
        (None, None, None, 2024, 1, 1, 1.0, 0.0, None, 1.0, 0.0, None),
    ]
