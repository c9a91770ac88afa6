"""One small SYNTHETIC set on the replay server (made-up number 2026Z95001, ah-tk-20262027-9500x):
a question, its delay notice and its answer, added one by one (tests/test_ingest_e2e.py and
tests/test_hardening.py). Not a test module.
"""

from __future__ import annotations

from datetime import date, timedelta

from replay.server import ReplayServer
from replay.synthetic_docs import answer_xml, notice_xml, question_xml
from replay.synthetic_records import AANHANGSEL, QUESTIONS, item_url, make_record

TODAY = date(2026, 11, 24)
S = TODAY - timedelta(days=25)  # past the 21-day term today
VRAAG = "2026Z95001"


def add_question(server: ReplayServer, modified: date | None = None) -> None:
    doc_id = f"kv-tk-{VRAAG}"
    server.add_record(make_record(
        doc_id, title="Een synthetisch onderwerp", publicatienaam=QUESTIONS,
        subrubriek="Schriftelijke vragen", modified=modified or S, date=S, vraagnummer=VRAAG,
        datum_indiening=S, indieners=("Sneller",), vergaderjaar="2026-2027",
        manifestations=("xml",),
    ))
    server.add_file(item_url(doc_id, "xml", "20262027").replace("{BASE}", ""),
                    question_xml(doc_id, vergaderjaar="2026-2027", submitted=S), "application/xml")


def add_answer(server: ReplayServer, received: date, body: bytes | None = None) -> str:
    doc_id = "ah-tk-20262027-95001"
    server.add_record(make_record(
        doc_id, title="Antwoord op vragen van het lid Sneller over een synthetisch onderwerp",
        publicatienaam=AANHANGSEL, subrubriek="Antwoord", modified=received, date=received,
        vraagnummer=VRAAG, aanhangselnummer="95001", datum_ontvangst=received,
        vergaderjaar="2026-2027", manifestations=("xml",),
    ))
    body = body or answer_xml(doc_id, nr="95001", vergaderjaar="2026-2027", submitted=S,
                              received=received)
    server.add_file(item_url(doc_id, "xml", "20262027").replace("{BASE}", ""), body,
                    "application/xml")
    return doc_id


def add_delay_notice(server: ReplayServer, received: date) -> None:
    doc_id = "ah-tk-20262027-95000"
    server.add_record(make_record(
        doc_id, title="Uitstel beantwoording vragen van het lid Sneller over een synthetisch onderwerp",
        publicatienaam=AANHANGSEL, subrubriek="Mededeling", modified=received, date=received,
        vraagnummer=VRAAG, aanhangselnummer="95000", datum_ontvangst=received,
        vergaderjaar="2026-2027", manifestations=("xml",),
    ))
    server.add_file(item_url(doc_id, "xml", "20262027").replace("{BASE}", ""),
                    notice_xml(doc_id, nr="95000", vergaderjaar="2026-2027"), "application/xml")
