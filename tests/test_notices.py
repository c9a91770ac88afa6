"""Notices (Mededelingen) read right in every manifestation, and never a false "overdue".

The layout is the real one described in issue 12 and domain.md (header, repeated questions, a
final "Mededeling" section); the files are SYNTHETIC (tests/synthetic_notices.py), made-up ids.
Expected values are the facts the generator writes (`Notice`), not parser output.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from pipeline.ingest import IngestOptions, run_ingest
from replay.server import ReplayServer
from replay.synthetic_docs import question_xml
from replay.synthetic_records import AANHANGSEL, QUESTIONS, item_url, make_record
from schemas.document import ClosingReference, Conflict, Item, Minister, Person
from scrapers import classify
from scrapers.merge import merge_documents
from scrapers.parse_any import parse_bytes
from scrapers.text_header import header_kind, parse_notice_header
from tests.harness import invoke
from tests.synthetic_notices import (
    DELAY_TEXT,
    WITHDRAWN_TEXT,
    Notice,
    notice_html,
    notice_pdf,
    notice_text,
    notice_xml,
)
from warehouse.db import connect

N = Notice()
MAKERS = {"text": notice_text, "pdf": notice_pdf, "html": notice_html, "xml": notice_xml}
NAMES = {"text": "n.txt", "pdf": "n.pdf", "html": "n.html", "xml": "n.xml"}


def parse(manifestation: str, n: Notice = N):
    data = MAKERS[manifestation](n)
    data = data.encode() if isinstance(data, str) else data
    return next(parse_bytes(data, name=NAMES[manifestation], doc_id=n.doc_id))


@pytest.mark.parametrize("manifestation", list(MAKERS))
def test_answered_elsewhere_notice_in_every_manifestation(manifestation: str) -> None:
    doc = parse(manifestation)
    assert doc.kind == "notice"
    assert doc.notice_kind == "answered_elsewhere"
    assert doc.received_on == date(2024, 6, 7)
    assert doc.submitted_on == date(2024, 5, 30)
    assert doc.notice_text == N.text  # the "Mededeling" section, nothing else
    assert doc.items == [Item(nr=i, question=q) for i, q in enumerate(N.questions, 1)]
    assert doc.closing_reference == ClosingReference(kamerstuk="99 901-64", dated_on=date(2024, 6, 7))
    assert doc.answered_by == [Minister(name="Fictief", function="Minister", ministry="BZK")]
    assert doc.ministries == ["BZK"]
    assert doc.submitters == [
        Person("Proefman", "D66"), Person("Voorbeeldt", "GroenLinks-PvdA"), Person("Testers", "SP")
    ]
    assert doc.addressed_to == ["Minister van Binnenlandse Zaken en Koninkrijksrelaties"]
    assert doc.conflicts == []


@pytest.mark.parametrize("manifestation", list(MAKERS))
@pytest.mark.parametrize(("text", "kind"), [(DELAY_TEXT, "delay"), (WITHDRAWN_TEXT, "withdrawn")])
def test_delay_and_withdrawal_in_the_same_layout(manifestation: str, text: str, kind: str) -> None:
    doc = parse(manifestation, replace(N, text=text))
    assert (doc.kind, doc.notice_kind, doc.notice_text) == ("notice", kind, text)
    assert doc.closing_reference is None
    assert [i.question for i in doc.items] == list(N.questions)
    assert doc.received_on == date(2024, 6, 7)


def test_kamervragen_parse_on_the_notice_pdf(tmp_path: Path) -> None:
    path = tmp_path / "ah-tk-20232024-9901.pdf"
    path.write_bytes(notice_pdf())
    done = invoke("parse", str(path))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["doc_id"] == "ah-tk-20232024-9901"
    assert (out["kind"], out["notice_kind"]) == ("notice", "answered_elsewhere")
    assert out["received_on"] == "2024-06-07"
    assert out["notice_text"] == N.text
    assert "zijn beantwoord middels een brief" in out["notice_text"]
    assert [i["question"] for i in out["items"]] == list(N.questions)
    assert all("beantwoord middels" not in i["question"] for i in out["items"])
    assert out["closing_reference"] == {"kamerstuk": "99 901-64", "dated_on": "2024-06-07"}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the wordings of domain.md and issue 12
        ("De vragen zijn beantwoord middels een brief over het onderwerp.", "answered_elsewhere"),
        ("Deze vragen zijn beantwoord bij brief van 3 mei 2024.", "answered_elsewhere"),
        ("De vragen zijn beantwoord in de brief van 12 maart 2024.", "answered_elsewhere"),
        ("De vragen zijn beantwoord in de voortgangsbrief van 1 juli 2024.", "answered_elsewhere"),
        ("De beantwoording is opgenomen in de brief van 2 april 2024.", "answered_elsewhere"),
        ("De vragen zullen worden beantwoord in de brief die ik voor de zomer stuur.", "other"),
        ("De vragen kunnen niet binnen de termijn van drie weken worden beantwoord.", "delay"),
        ("De vragen kunnen niet binnen de gebruikelijke termijn worden beantwoord.", "delay"),
        ("Uitstel beantwoording vragen van het lid Proefman over een onderwerp", "delay"),
        ("De vragen van het lid Proefman zijn ingetrokken.", "withdrawn"),
        ("Het lid Proefman heeft verzocht de vragen in te trekken.", "withdrawn"),
        ("Intrekking vragen van het lid Proefman", "withdrawn"),
        ("Mededeling over de stand van zaken.", "other"),
        ("", "other"),
    ],
)
def test_notice_kind_wordings(text: str, kind: str) -> None:
    assert classify.notice_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        (N.text, ClosingReference("99 901-64", date(2024, 6, 7))),
        ("De vragen (ingezonden 2 mei 2024) zijn beantwoord in de brief van 12 maart 2024 "
         "(Kamerstuk 36 471, nr. 12).", ClosingReference("36 471, nr. 12", date(2024, 3, 12))),
        ("De vragen zijn beantwoord bij brief van 3 mei 2024.", ClosingReference(None, date(2024, 5, 3))),
        ("De vragen zijn beantwoord middels een brief.", None),
        ("De vragen zijn ingetrokken.", None),
    ],
)
def test_closing_reference(text: str, reference: ClosingReference | None) -> None:
    assert classify.closing_reference(text) == reference


def sru_meta(title: str, subrubriek: str = "Mededeling"):
    record = make_record(
        N.doc_id, title=title, publicatienaam=AANHANGSEL, subrubriek=subrubriek,
        modified=N.received, date=N.received, vraagnummer="2024Z90120", aanhangselnummer=N.nr,
        datum_ontvangst=N.received, vergaderjaar=N.vergaderjaar, manifestations=("pdf",),
    ).replace("{BASE}", "http://127.0.0.1:9")
    return next(parse_bytes(record.encode(), name="record.xml"))


def test_text_wins_over_the_title_and_the_disagreement_is_kept() -> None:
    meta = sru_meta("Uitstel beantwoording vragen van de leden Proefman, Voorbeeldt en Testers")
    assert meta.notice_kind == "delay"
    merged = merge_documents(meta, parse("pdf"))
    assert merged.notice_kind == "answered_elsewhere"
    assert merged.closing_reference == ClosingReference("99 901-64", date(2024, 6, 7))
    assert merged.conflicts == [Conflict("notice_kind", "answered_elsewhere", "delay", "sru")]


def test_title_decides_only_when_the_text_is_silent() -> None:
    meta = sru_meta("Uitstel beantwoording vragen van de leden Proefman, Voorbeeldt en Testers")
    silent = parse("pdf", replace(N, text="Ik verwijs u naar eerdere correspondentie."))
    assert silent.notice_kind == "other"
    merged = merge_documents(meta, silent)
    assert (merged.notice_kind, merged.conflicts) == ("delay", [])


def test_text_of_another_kind_is_a_kind_conflict() -> None:
    meta = sru_meta("Mededeling over vragen van de leden Proefman, Voorbeeldt en Testers")
    answer = notice_text().replace("Mededeling van", "Antwoord van").encode()
    text_doc = next(parse_bytes(answer, name="n.txt", doc_id=N.doc_id))
    assert text_doc.kind == "answer"
    merged = merge_documents(meta, text_doc)
    assert merged.kind == "notice"  # the metadata type stays; the doubt is recorded
    assert Conflict("kind", "notice", "answer", "text") in merged.conflicts


VRAAG = "2024Z90120"


def add_set_with_pdf_notice(server: ReplayServer, notice: Notice = N) -> None:
    """A question (XML) and a PDF-only notice whose title does not say what it is."""
    q_id = f"kv-tk-{VRAAG}"
    server.add_record(make_record(
        q_id, title="Een synthetisch onderwerp", publicatienaam=QUESTIONS,
        subrubriek="Schriftelijke vragen", modified=N.submitted, date=N.submitted,
        vraagnummer=VRAAG, datum_indiening=N.submitted, indieners=("Proefman",),
        vergaderjaar=N.vergaderjaar, manifestations=("xml",),
    ))
    server.add_file(item_url(q_id, "xml", "20232024").replace("{BASE}", ""),
                    question_xml(q_id, vergaderjaar=N.vergaderjaar, submitted=N.submitted),
                    "application/xml")
    server.add_record(make_record(
        N.doc_id, title="Mededeling over vragen van de leden Proefman, Voorbeeldt en Testers",
        publicatienaam=AANHANGSEL, subrubriek="Mededeling", modified=N.received,
        date=N.received, vraagnummer=VRAAG, aanhangselnummer=N.nr, datum_ontvangst=N.received,
        vergaderjaar=N.vergaderjaar, documentstatus="Onopgemaakt", manifestations=("pdf",),
    ))
    server.add_file(item_url(N.doc_id, "pdf", "20232024").replace("{BASE}", ""),
                    notice_pdf(notice), "application/pdf")


def query_one(db: Path, sql: str, params: dict) -> tuple:
    con = connect(db, read_only=True)
    try:
        rows = con.execute(sql, params).fetchall()
    finally:
        con.close()
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.slow
def test_ingest_answered_elsewhere_notice_closes_the_set(tmp_path: Path, monkeypatch) -> None:
    """The case of issue 12: a PDF-only notice whose title does not say what it is."""
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    with ReplayServer() as server:
        add_set_with_pdf_notice(server)
        db = tmp_path / "kv.duckdb"
        result = run_ingest(IngestOptions(db=str(db), sru_url=server.sru_url,
                                          since=date(2024, 1, 1), until=date(2024, 12, 1)))
    assert result["outcome"] == "success" and result["rejected"] == 0
    doc = query_one(db, "SELECT kind, notice_kind, received_on, closing_reference, notice_text "
                        "FROM documents WHERE doc_id = $d", {"d": N.doc_id})
    status = query_one(db, "SELECT status, answered_on, days_taken, due_on, days_overdue, needs_review, "
                           "review_reasons FROM status_as_of(DATE '2024-12-01') WHERE vraagnummer = $v",
                       {"v": VRAAG})
    assert doc == ("notice", "answered_elsewhere", date(2024, 6, 7),
                   {"kamerstuk": "99 901-64", "dated_on": date(2024, 6, 7)}, N.text)
    # S = 30 May, A = 7 June (the notice's date): 8 days, due 20 June; never "overdue"
    assert status == ("answered_on_time", date(2024, 6, 7), 8, date(2024, 6, 20), 0, False, [])


@pytest.mark.slow
def test_a_notice_misread_by_an_older_parser_is_read_again(tmp_path: Path, monkeypatch) -> None:
    """A warehouse loaded before notices were read right keeps `other` notices; listing their
    records again (an ingest over their window) re-reads their texts, the rest stays skipped."""
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    with ReplayServer() as server:
        add_set_with_pdf_notice(server)
        db = tmp_path / "kv.duckdb"
        options = IngestOptions(db=str(db), sru_url=server.sru_url, since=date(2024, 1, 1),
                                until=date(2024, 12, 1))
        assert run_ingest(options)["outcome"] == "success"
        con = connect(db)  # what the old parser stored: the metadata's `other`, no notice text
        con.execute("UPDATE documents SET notice_kind = 'other', notice_text = NULL, "
                    "closing_reference = NULL, content_sha256 = 'old' WHERE doc_id = $d", {"d": N.doc_id})
        con.close()
        server.clear_log()
        again = run_ingest(options)
        fetched = [path for path, _ in server.request_log if not path.startswith("/sru")]
    assert again["outcome"] == "success" and again["updated"] == 1
    assert fetched == [item_url(N.doc_id, "pdf", "20232024").replace("{BASE}", "")]
    assert query_one(db, "SELECT notice_kind, notice_text FROM documents WHERE doc_id = $d",
                     {"d": N.doc_id}) == ("answered_elsewhere", N.text)


@pytest.mark.slow
def test_backfill_reads_a_misread_notice_again(tmp_path: Path, monkeypatch) -> None:
    """The backfill's text pass queues an unsettled notice again when its window is re-listed."""
    from pipeline.backfill import BackfillOptions, run_backfill

    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    with ReplayServer() as server:
        add_set_with_pdf_notice(server)
        db = tmp_path / "kv.duckdb"
        first = run_backfill(BackfillOptions(since=date(2024, 1, 1), until=date(2024, 12, 1), db=str(db),
                                             sru_url=server.sru_url))
        assert (first["outcome"], first["texts_loaded"]) == ("success", 2)
        con = connect(db)  # what the old parser stored: the metadata's `other`, no notice text
        con.execute("UPDATE documents SET notice_kind = 'other', notice_text = NULL, "
                    "closing_reference = NULL, content_sha256 = 'old' WHERE doc_id = $d", {"d": N.doc_id})
        con.close()
        again = run_backfill(BackfillOptions(since=date(2024, 1, 1), until=date(2024, 12, 1), db=str(db),
                                             sru_url=server.sru_url, restart=True))
    assert (again["outcome"], again["texts_loaded"], again["texts_failed"]) == ("success", 1, 0)
    assert query_one(db, "SELECT notice_kind, notice_text FROM documents WHERE doc_id = $d",
                     {"d": N.doc_id}) == ("answered_elsewhere", N.text)
    assert query_one(db, "SELECT status FROM status_as_of(DATE '2024-12-01') WHERE vraagnummer = $v",
                     {"v": VRAAG}) == ("answered_on_time",)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Vragen van het lid Proefman (SP) aan de Minister van Financiën (ingezonden 3 mei 2024).",
         "question"),
        ("Vragen van het lid Proefman (50PLUS) op 29 april 2020 medegedeeld aan de Minister van Sociale "
         "Zaken en Werkgelegenheid inzake een onderwerp.", "question"),
        ("Antwoord van Minister Fictief (Financiën) (ontvangen 3 juni 2024).", "answer"),
        ("Nader antwoord van Minister Fictief (Financiën) (ontvangen 3 juni 2024).", "supplementary_answer"),
        ("Aanvullend antwoord van Minister Fictief (Financiën) (ontvangen 3 juni 2024).",
         "supplementary_answer"),
        ("Mededeling van Minister Fictief (Financiën) (ontvangen (ontvangen 7 juni 2024).", "notice"),
        ("De vragen zijn beantwoord middels een brief.", None),
    ],
)
def test_header_kinds(text: str, kind: str | None) -> None:
    assert header_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "received"),
    [
        ("Mededeling van Minister Fictief (Financiën) (ontvangen (ontvangen 7 juni 2024).", date(2024, 6, 7)),
        ("Mededeling van Minister Fictief (Financiën) (ontvangen 7 juni\n2024).", date(2024, 6, 7)),
        ("Mededeling van Minister Fictief (Financiën) op 7 juni 2024 medegedeeld.", date(2024, 6, 7)),
        ("Mededeling van Minister Fictief (Financiën), medegedeeld op 8 juni 2024.", date(2024, 6, 8)),
    ],
)
def test_notice_header_forms(text: str, received: date) -> None:
    head = parse_notice_header(text)
    assert head.received_on == received
    assert head.answered_by == [Minister(name="Fictief", function="Minister", ministry="FIN")]
    assert head.supplementary is False


@pytest.mark.slow
def test_an_unclassified_notice_is_shown_as_doubt_not_as_plain_overdue(tmp_path: Path, monkeypatch) -> None:
    """A notice whose text and title say nothing: the set is overdue by its dates, and flagged."""
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    silent = replace(N, text="Ik verwijs u naar eerdere correspondentie over dit onderwerp.")
    with ReplayServer() as server:
        add_set_with_pdf_notice(server, silent)
        db = tmp_path / "kv.duckdb"
        result = run_ingest(IngestOptions(db=str(db), sru_url=server.sru_url,
                                          since=date(2024, 1, 1), until=date(2024, 12, 1)))
    assert result["outcome"] == "success" and result["rejected"] == 0
    status = query_one(db, "SELECT status, days_overdue, needs_review, review_reasons "
                           "FROM status_as_of(DATE '2024-12-01') WHERE vraagnummer = $v", {"v": VRAAG})
    # due 2024-06-20 (30 May + 21); 1 December is 164 days later
    assert status == ("overdue", 164, True, ["unclassified notice of 2024-06-07 (ah-tk-20232024-9901)"])


@pytest.mark.slow
def test_show_names_the_letter_and_fits_the_terminal(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    with ReplayServer() as server:
        add_set_with_pdf_notice(server)
        db = tmp_path / "kv.duckdb"
        assert run_ingest(IngestOptions(db=str(db), sru_url=server.sru_url, since=date(2024, 1, 1),
                                        until=date(2024, 12, 1)))["outcome"] == "success"
    done = invoke("show", VRAAG, "--db", str(db), env={"COLUMNS": "60"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    # a URL is never split: wider than the terminal, it stands whole on a line of its own
    assert [line for line in lines if len(line) > 60] == [f"https://zoek.officielebekendmakingen.nl/kv-tk-{VRAAG}.html"]
    timeline = lines[lines.index("timeline:") + 1:]
    assert timeline == [  # one line per document, its title cut with "…" (on its own line when narrow)
        f"  2024-05-30  question                   kv-tk-{VRAAG}",
        "              Een synthetisch onderwerp",
        "  2024-06-07  notice/answered_elsewhere  ah-tk-20232024-9901",
        "              Mededeling over vragen van de leden Proefman,…",
        "              answered by letter 99 901-64 of 2024-06-07",
    ]


def test_a_notice_without_repeated_questions_has_the_text_after_its_header() -> None:
    text = ("Tweede Kamer der Staten-Generaal\nMededeling van Minister Fictief (Financiën) op 7 juni 2024\n"
            "medegedeeld. De vragen van het lid Proefman zijn ingetrokken.\nah-tk-20232024-9001\n")
    doc = next(parse_bytes(text.encode(), name="n.txt"))
    assert (doc.doc_id, doc.kind, doc.notice_kind, doc.received_on, doc.notice_text, doc.items) == (
        "ah-tk-20232024-9001", "notice", "withdrawn", date(2024, 6, 7),
        "De vragen van het lid Proefman zijn ingetrokken.", [])
    assert doc.answered_by == [Minister(name="Fictief", function="Minister", ministry="FIN")]
