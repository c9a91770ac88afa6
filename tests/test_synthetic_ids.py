"""Every SYNTHETIC fixture uses made-up ids outside the real number space (issue 21).

The real ids (docs/domain.md, ../shared/samples): Tweede Kamer vraagnummers `<year>Z<5 digits>`,
below Z90000 in every year (2022Z00634); Eerste Kamer vraagnummers `2<vergaderjaar><4 digits>`,
numbered from 0000 a vergaderjaar (215160000); Aanhangsel nrs below ≈5,000 a vergaderjaar
(ah-tk-20212022-1881). The made-up ones, by the rule checked here: `<year>Z9nnnn`, `2<vj>9nnn`
and Aanhangsel nrs of 90000 and up; question doc ids `kv-<chamber>-<such a vraagnummer>`.

Checked: tests/analyst_data.py, tests/people_data.py, tests/alert_data.py, tests/synthetic_set.py,
replay/synthetic_records.py, replay/synthetic_docs.py's defaults, a tiny bench corpus
(bench/generate_corpus.py) and the demo's SYNTHETIC sets' vraagnummers (its Aanhangsel nrs, 9001 up,
predate this rule and stay: the demo's outputs are pinned).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from bench.generate_corpus import ensure_corpus
from bench.tk_corpus import corpus_sets
from replay import synthetic_docs
from replay.demo_corpus import random_sets, scenario_sets
from replay.synthetic_records import make_answer, make_question
from schemas.document import Document
from tests import alert_data, analyst_data, people_data, synthetic_set

TK_VRAAG = re.compile(r"^\d{4}Z9\d{4}$")
EK_VRAAG = re.compile(r"^2(\d\d)(\d\d)9\d{3}$")
AH_ID = re.compile(r"^ah-(tk|ek)-(\d{4})(\d{4})-(\d+)$")
KV_ID = re.compile(r"^kv-(tk|ek)-(\S+)$")
MIN_NR = 90_000
TODAY = date(2026, 11, 24)
WG = "{http://standaarden.overheid.nl/wetgeving/}"


def vraagnummer_problem(chamber: str, vraagnummer: str) -> str | None:
    """Why `vraagnummer` may be a real one (None: made up by the rule)."""
    if chamber == "tk":
        return None if TK_VRAAG.match(vraagnummer) else f"TK vraagnummer {vraagnummer} is not <year>Z9nnnn"
    m = EK_VRAAG.match(vraagnummer)
    if not m or int(m[2]) != (int(m[1]) + 1) % 100:
        return f"EK vraagnummer {vraagnummer} is not 2<vergaderjaar>9nnn"
    return None


def doc_id_problem(doc_id: str) -> str | None:
    """Why `doc_id` may be a real one (None: made up by the rule)."""
    if m := AH_ID.match(doc_id):
        if int(m[3]) != int(m[2]) + 1:
            return f"{doc_id}: not a vergaderjaar"
        return None if int(m[4]) >= MIN_NR else f"{doc_id}: Aanhangsel nr below {MIN_NR}"
    if m := KV_ID.match(doc_id):
        return vraagnummer_problem(m[1], m[2])
    return f"{doc_id}: neither an ah- nor a kv- id"


def nr_problem(nr: str | None) -> str | None:
    return None if nr is None or int(nr) >= MIN_NR else f"Aanhangsel nr {nr} below {MIN_NR}"


def problems(triples: Iterable[tuple[str, str | None, str | None]], chamber_of: dict[str, str]) -> list[str]:
    """The rule broken by each (doc_id, vraagnummer, aanhangselnummer)."""
    out = []
    for doc_id, vraagnummer, nr in triples:
        chamber = chamber_of.get(doc_id) or doc_id.split("-")[1]
        found = [doc_id_problem(doc_id), nr_problem(nr),
                 vraagnummer_problem(chamber, vraagnummer) if vraagnummer else None]
        out += [p for p in found if p]
    return out


def of_documents(docs: Iterable[Document]) -> list[str]:
    docs = list(docs)
    assert docs
    return problems(((d.doc_id, d.vraagnummer, d.aanhangselnummer) for d in docs),
                    {d.doc_id: d.chamber for d in docs})


def of_records(records: Iterable[str | bytes]) -> list[str]:
    """The rule broken by SRU record XML (their identifier, vraagnummer, aanhangselnummer)."""
    triples = []
    for record in records:
        root = etree.fromstring(record.encode() if isinstance(record, str) else record)
        for ident in root.iter("{http://purl.org/dc/terms/}identifier"):
            meta = ident.getparent().getparent()
            triples.append((ident.text, meta.findtext(f".//{WG}vraagnummer"), meta.findtext(f".//{WG}aanhangselnummer")))
    assert triples
    return problems(triples, {})


class Collect:
    """Stands in for the replay server: keeps what a fixture adds."""

    def __init__(self) -> None:
        self.records: list[str] = []
        self.files: list[bytes] = []

    def add_record(self, record: str) -> None:
        self.records.append(record)

    def add_file(self, path: str, body: bytes, content_type: str) -> None:
        self.files.append(body)


# --- the rule itself ------------------------------------------------------------------------
@pytest.mark.parametrize(("doc_id", "vraagnummer", "nr"), [
    ("kv-tk-2022Z00634", "2022Z00634", None),  # the worked example (REAL)
    ("ah-tk-20212022-1881", "2022Z00634", "1881"),  # its answer (REAL)
    ("kv-ek-215160000", "215160000", None),  # ../shared/samples (REAL)
    ("ah-tk-20202021-3235", "2021Z09739", "3235"),  # ../shared/samples (REAL)
    ("ah-tk-20212022-5001", "2022Z00002", "5001"),  # tests/analyst_data.py before issue 21
    ("kv-tk-2023Z00042", "2023Z00042", None),  # replay/synthetic_records.py before issue 21
    ("kv-ek-222000001", "222000001", None),  # bench/generate_corpus.py's EK form before issue 21
    ("ah-tk-20232024-95001", "2023Z89999", "95001"),  # a made-up answer of a set in the real space
])
def test_the_rule_flags_ids_of_the_real_number_space(doc_id: str, vraagnummer: str, nr: str | None) -> None:
    assert problems([(doc_id, vraagnummer, nr)], {})


def test_the_rule_passes_made_up_ids() -> None:
    assert problems([("kv-tk-2026Z95001", "2026Z95001", None), ("ah-tk-20262027-95001", "2026Z95001", "95001"),
                     ("kv-ek-215169001", "215169001", None), ("ah-ek-20152016-90003", "215169001", "90003")],
                    {}) == []


# --- the fixtures -------------------------------------------------------------------------------
def test_analyst_data() -> None:
    assert of_documents(analyst_data.analyst_docs(TODAY)) == []
    assert vraagnummer_problem("tk", analyst_data.OPEN_SET) is None


def test_people_and_alert_data() -> None:
    assert of_documents(people_data.people_docs()) == []
    assert of_documents(alert_data.corpus(TODAY)) == []
    assert all(vraagnummer_problem("tk", v) is None for v in alert_data.RECENT_OVERDUE)


def test_synthetic_set() -> None:
    server = Collect()
    synthetic_set.add_question(server)  # type: ignore[arg-type]
    synthetic_set.add_delay_notice(server, TODAY)  # type: ignore[arg-type]
    synthetic_set.add_answer(server, TODAY)  # type: ignore[arg-type]
    assert of_records(server.records) == []


def test_synthetic_records() -> None:
    assert of_records([make_answer(90001), make_question(90001), make_answer(99999, vergaderjaar="2026-2027")]) == []
    for n in (1, 5001, 89_999, 100_000):
        with pytest.raises(ValueError, match="not in 90000-99999"):
            make_answer(n)
        with pytest.raises(ValueError, match="not in 90000-99999"):
            make_question(n)


def test_synthetic_docs_defaults() -> None:
    texts = [synthetic_docs.question_xml(), synthetic_docs.answer_xml(), synthetic_docs.notice_xml(),
             synthetic_docs.old_vraagdoc_xml()]
    ids = [re.search(rb"officielebekendmakingen\.nl/([^/]+)/metadata", t) for t in texts[:3]]
    assert [doc_id_problem(m[1].decode()) for m in ids if m] == [None, None, None]
    nrs = [m.decode() for t in texts for m in re.findall(rb"<(?:kamervraagnummer|nummer)>(\d+)<", t)]
    assert len(nrs) == 3 and [nr_problem(nr) for nr in nrs] == [None] * 3
    kenmerk = re.findall(rb"kenmerk (\S+),", texts[2])
    assert [vraagnummer_problem("tk", k.decode()) for k in kenmerk] == [None]


def test_demo_synthetic_vraagnummers() -> None:
    specs = [s for s in scenario_sets(TODAY) + random_sets(TODAY, 40) if s.real is None]
    assert len(specs) > 40
    assert [p for s in specs if (p := vraagnummer_problem("tk", s.vraagnummer))] == []


@pytest.fixture(scope="module")
def bench_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out, _ = ensure_corpus(0.002, out=tmp_path_factory.mktemp("corpus") / "c", log=lambda m: None)
    return out


def test_bench_corpus(bench_corpus: Path) -> None:
    sets = list(corpus_sets(bench_corpus))
    assert len(sets) == 180 and {s["chamber"] for s in sets} == {"tk", "ek"}
    assert [p for s in sets if (p := vraagnummer_problem(s["chamber"], s["vraagnummer"]))] == []
    nrs = [nr for s in sets for _, nr in s["answers"] + s["notices"]]
    assert len(nrs) > len(sets) / 2 and [p for nr in nrs if (p := nr_problem(nr))] == []
    files = [p.stem for p in (bench_corpus / "files").rglob("*.xml")]
    assert len(files) > len(sets) and [p for f in files if (p := doc_id_problem(f))] == []
    records = [p.read_bytes() for p in (bench_corpus / "records").glob("*.xml")]
    sru = "{http://docs.oasis-open.org/ns/search-ws/sruResponse}record"
    assert of_records(etree.tostring(r) for page in records for r in etree.fromstring(page).iter(sru)) == []
