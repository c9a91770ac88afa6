"""The demo's set 2022Z00634 states the seed page's facts and no invented ones.

The seed page is `tests/fixtures/kamervraag-page.2022Z00634.txt` (a verbatim copy of the shared
seed). Expected values below are read off that page by hand; the documents checked are the ones the
demo corpus generates for the set (captured as the replay server would receive them).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from lxml import etree

from replay.demo_corpus import CorpusBuilder, scenario_sets

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "kamervraag-page.2022Z00634.txt"
# The page's footnote marks (a note number glued to a word), read off the page; the demo drops them.
MARKS = (("gemeenteraadsleden»?1", "gemeenteraadsleden»?"), ("Veiligheid2 uitvoeren", "Veiligheid uitvoeren"),
         ("onderzoek3 gedaan", "onderzoek gedaan"), ("ontvangen4 en", "ontvangen en"))


class Capture:
    """Stands in for the replay server: keeps what the corpus builder adds."""

    def __init__(self) -> None:
        self.records: list[str] = []
        self.files: dict[str, bytes] = {}

    def add_record(self, record: str) -> None:
        self.records.append(record)

    def add_file(self, path: str, body: bytes, ctype: str) -> None:
        self.files[path] = body


def flat(text: str) -> str:
    return " ".join(text.split())


def seed_text() -> str:
    text = SEED.read_text("utf-8")
    for marked, plain in MARKS:
        assert text.count(marked) == 1, marked
        text = text.replace(marked, plain)
    return flat(text)


def built() -> Capture:
    capture = Capture()
    spec = next(s for s in scenario_sets(date(2026, 11, 24)) if s.vraagnummer == "2022Z00634")
    CorpusBuilder(capture).add_set(spec)  # type: ignore[arg-type]
    return capture


def document(capture: Capture, doc_id: str) -> etree._Element:
    (body,) = [b for path, b in capture.files.items() if path.endswith(f"/{doc_id}.xml")]
    return etree.fromstring(body)


def test_the_documents_hold_only_the_seed_pages_texts() -> None:
    capture = built()
    seed = seed_text()
    question = document(capture, "kv-tk-2022Z00634")
    answer = document(capture, "ah-tk-20212022-1881")
    notice = document(capture, "ah-tk-20212022-9001")
    assert len(capture.files) == 3 and len(capture.records) == 3
    paragraphs = [flat("".join(al.itertext())) for doc in (question, answer)
                  for al in doc.iter("al") if al.getparent().tag in ("vraag", "antwoord")]
    # 7 questions twice (question and answer document) + the answers' paragraphs, counted on the
    # page: 1, 1, 1, 1, 4, 5 and 2 lines under "Vraag 1" … "Vraag 7"
    assert len(paragraphs) == 7 + 7 + (1 + 1 + 1 + 1 + 4 + 5 + 2)
    assert [p for p in paragraphs if p not in seed] == []
    (remark,) = [flat("".join(el.itertext())) for el in notice.iter("kamervraagopmerking")]
    assert f"Mededeling - 8 februari 2022 {remark} Kamervraag document nummer" in seed
    assert remark.startswith("Hierbij deel ik u mede") and "met kenmerk 2022Z00634" in remark


def test_the_headers_and_records_state_the_seed_pages_facts() -> None:
    capture = built()
    question = flat("".join(document(capture, "kv-tk-2022Z00634").find(".//kamervraagomschrijving").itertext()))
    assert question.startswith("Vragen van de leden Hilde Palland (CDA) en Inge van Dijk (CDA) aan de ")
    assert question.endswith("(ingezonden 18 januari 2022).")
    headers = [flat("".join(el.itertext()))
               for el in document(capture, "ah-tk-20212022-1881").iter("kamervraagomschrijving")]
    assert headers[1] == ("Antwoord van Minister Hanke Bruins Slot (Binnenlandse Zaken en Koninkrijksrelaties) en "
                          "Minister Dilan Yeşilgöz-Zegerius (Justitie en Veiligheid) (ontvangen 25 februari 2022).")
    records = "\n".join(capture.records)
    titles = re.findall(r"<dcterms:title>(.*?)</dcterms:title>", records)
    assert titles[0] == "Het bericht ‘Verdrievoudiging van bedreigingen en geweld tegen gemeenteraadsleden’"
    assert titles[2] == ("Antwoord op vragen van de leden Inge van Dijk en Palland over het bericht ‘verdrievoudiging "
                         "van bedreigingen en geweld tegen gemeenteraadsleden")  # the page's "Volledige titel"
    assert sorted(set(re.findall(r"<dcterms:identifier>(.*?)</dcterms:identifier>", records))) == [
        "ah-tk-20212022-1881", "ah-tk-20212022-9001", "kv-tk-2022Z00634"]


def test_the_one_made_up_value_is_the_notices_number() -> None:
    seed = SEED.read_text("utf-8")
    assert "kv-tk-2022Z00634" in seed and "ah-tk-20212022-1881" in seed
    assert "9001" not in seed  # not taken from the page: made up, as PROVENANCE.md says
    everything = b"\n".join(built().files.values()).decode() + "\n".join(built().records)
    for invented in ("Synthetisch", "Uitermark", "D66", "Kent u het bericht", "9002"):
        assert invented not in everything
    assert sorted(set(re.findall(r"ah-tk-\d{8}-(\d+)", everything))) == ["1881", "9001"]


def test_provenance_files_are_one() -> None:
    assert (FIXTURES / "PROVENANCE.md").read_bytes() == (
        Path(__file__).parents[1] / "replay" / "demo_data" / "PROVENANCE.md").read_bytes()
    text = (FIXTURES / "PROVENANCE.md").read_text("utf-8")
    assert "MADE UP, the only made-up value of this set: the delay notice's Aanhangsel number" in text
