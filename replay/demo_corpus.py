"""The offline corpus behind `kamervragen demo` and the end-to-end tests.

Two parts, kept apart and labelled:
- REAL: recorded files shipped in `replay/demo_data/` (see its PROVENANCE.md): the SRU record
  and the XML/metadata/HTML of answer ah-tk-20202021-3235, and two real answer PDFs;
- SYNTHETIC: question sets generated here (records by `replay.synthetic_records`, document
  XML by `replay.synthetic_docs`), in the shapes of the real samples, with dates relative to
  the day the corpus is built so that every status of the domain model occurs; made-up ids
  (2026Z9…), members and ministers;
- and one REAL set rebuilt in those shapes from a recorded page, 2022Z00634 (below).

2022Z00634 is the worked example of docs/domain.md. It is REAL, rebuilt from an existing tracker's
page for it, copied verbatim to `replay/demo_data/kamervraag-page.2022Z00634.txt` (`SEED_PAGE`; the
same file as `/work/shared/seeds/kamervraag-page.2022Z00634.txt`), by `seed_2022Z00634`. From that
page, verbatim: the title; the dates (submitted 18 January 2022, delay notice 8 February 2022,
answered 25 February 2022); the submitters with party, Hilde Palland (CDA) and Inge van Dijk (CDA);
the answering ministers, Hanke Bruins Slot (Binnenlandse Zaken en Koninkrijksrelaties, BZK) and
Dilan Yeşilgöz-Zegerius (Justitie en Veiligheid, JenV); the question id
kv-tk-2022Z00634; the answer id ah-tk-20212022-1881 and the answer's full title; the seven questions
and answers and the notice text, read from the page's text at build time. One change to those
texts: the page's four footnote markers (superscript note numbers flattened into the text, e.g.
"gemeenteraadsleden»?1"; the notes themselves are not on the page) are dropped, each listed in
`SEED_FOOTNOTE_MARKERS` and checked to occur once. One value is MADE UP: the delay notice's
Aanhangsel number, which the page does not give: 9001 (`SEED_NOTICE_NR`, doc id
ah-tk-20212022-9001). Not from the page either, and stated as such: the notice record's title
(the demo's "Uitstel beantwoording vragen van …" form, filled with the notice text's own words),
and the shape of the documents (the SYNTHETIC generators' XML, header sentences and SRU record
fields), which hold the page's facts and no others; the notice states no sender, as the page does
not. INFERRED: the question header's addressees, the Ministers of BZK and of JenV (the notice
speaks of "de aan mij en de Minister van Justitie en Veiligheid gestelde vragen", the answer comes
from BZK and JenV).

The page shows the topics flattened to one lower-case run of words: "bestuur gemeenten openbare
orde en veiligheid organisatie en beleid". The source writes a topic as "Area | Subject" (scheme
OVERHEID.TaxonomieBeleidsagenda); the question record here states the split INFERRED from that
text, "Bestuur | Gemeenten" and "Openbare orde en veiligheid | Organisatie en beleid"
(SEED_2022Z00634_TOPICS), the only split:
- "Organisatie en beleid" is a subject, never an area (the real samples have it under "Sociale
  zekerheid" and "Zorg en gezondheid"), so it is the last topic's subject;
- "Bestuur" is an area (real sample: "Bestuur | Parlement"), so the run starts with an area;
- what lies between, "gemeenten openbare orde en veiligheid", must be a subject of Bestuur followed
  by the area of the last subject. Of its four cuts only "Gemeenten" + "Openbare orde en
  veiligheid" names a subject and an area of the taxonomy ("Openbare orde en veiligheid" is one of
  its top-level themes, not among the real samples; "orde en veiligheid", "en veiligheid" and
  "veiligheid" are no themes), and it fits the seed page's two answering ministers (BZK, JenV);
- a third topic would need an area without a subject, which the seed page gives no sign of.
The capitals are restored as the source writes them (first letter of area and subject).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from replay.server import ReplayServer
from replay.synthetic_docs import answer_xml, dutch, notice_xml, question_xml
from replay.synthetic_records import AANHANGSEL, QUESTIONS, item_url, make_record

DATA = Path(__file__).with_name("demo_data")
PLOOI = "sru-response.plooi-integrationtest.mocked-urls.xml"
PLOOI_PREFIX = "http://__MOCK_SERVICE__/repository.overheid.nl"
MINISTRIES = [
    ("BZK", "Binnenlandse Zaken en Koninkrijksrelaties", "Minister Uitermark"),
    ("VWS", "Volksgezondheid, Welzijn en Sport", "Minister Agema"),
    ("JenV", "Justitie en Veiligheid", "Minister Van Weel"),
    ("FIN", "Financiën", "Minister Heinen"),
    ("OCW", "Onderwijs, Cultuur en Wetenschap", "Minister Bruins"),
    ("SZW", "Sociale Zaken en Werkgelegenheid", "Minister Van Hijum"),
]
SEED_2022Z00634_TOPICS = ("Bestuur | Gemeenten", "Openbare orde en veiligheid | Organisatie en beleid")
"""The seed page's topics split into "Area | Subject" (inferred, see the module docstring)."""
TOPIC_SCHEME = "OVERHEID.TaxonomieBeleidsagenda"
SEED_PAGE = DATA / "kamervraag-page.2022Z00634.txt"
"""Verbatim copy of `/work/shared/seeds/kamervraag-page.2022Z00634.txt` (see PROVENANCE.md)."""
SEED_TITLE = "Het bericht ‘Verdrievoudiging van bedreigingen en geweld tegen gemeenteraadsleden’"
SEED_FOOTNOTE_MARKERS = (  # (vraag nr, "question"/"answer", text with the marker, without it)
    (1, "question", "gemeenteraadsleden»?1", "gemeenteraadsleden»?"),
    (3, "answer", "Monitor Integriteit en Veiligheid2 uitvoeren", "Monitor Integriteit en Veiligheid uitvoeren"),
    (5, "answer", "heeft in de zomer van 2021 onderzoek3 gedaan", "heeft in de zomer van 2021 onderzoek gedaan"),
    (7, "answer", "is inmiddels ontvangen4 en", "is inmiddels ontvangen en"),
)
"""The seed page's footnote markers (the zoek page's superscript note numbers, flattened into the
text; the notes themselves are not in the seed), dropped from the texts: the only change made."""
SEED_NOTICE_NR = "9001"
"""MADE UP: the seed page does not give the delay notice's Aanhangsel number."""
MEMBERS = [("Synthetisch", "D66"), ("Voorbeeld", "CDA"), ("Proef", "GroenLinks-PvdA"),
           ("Test", "VVD"), ("Fictief", "SP"), ("Demo", "PVV")]


@dataclass(slots=True)
class SetSpec:
    """One SYNTHETIC question set: its dates decide its status."""

    vraagnummer: str
    submitted: date
    notice: date | None = None
    answer: date | None = None
    withdrawn: date | None = None
    elsewhere: date | None = None
    supplementary: date | None = None
    ministry: int = 0
    member: int = 0
    subject: str = "een synthetisch onderwerp"
    topics: tuple[str, ...] = ()  # "Area | Subject", as dcterms:subject of the question record
    real: RealSet | None = None  # a REAL set: its people, texts and ids (ministry/member unused)


@dataclass(frozen=True, slots=True)
class RealSet:
    """What a REAL question set's documents state, each value from a recorded source."""

    title: str
    submitters: tuple[tuple[str, str], ...]  # (name, party)
    addressed: str  # "Minister van …", as the question header names the addressees
    answerers: tuple[tuple[str, tuple[str, str]], ...]  # ("Minister <name>", (abbr, ministry))
    answer_nr: str
    answer_title: str
    notice_nr: str  # see the seed's notes: may be made up
    notice_title: str
    pairs: tuple[tuple[str, str], ...]  # (question, answer); a line break starts a paragraph
    notice_text: str


def scenario_sets(today: date) -> list[SetSpec]:
    """Hand-made sets, one or more per status, plus the worked example of domain.md."""
    d = today
    return [
        SetSpec("2022Z00634", date(2022, 1, 18), notice=date(2022, 2, 8), answer=date(2022, 2, 25),
                subject=SEED_TITLE[0].lower() + SEED_TITLE[1:], topics=SEED_2022Z00634_TOPICS,
                real=seed_2022Z00634()),
        SetSpec("2026Z90001", d - timedelta(days=10), subject="een vraag die nog loopt"),
        SetSpec("2026Z90002", d - timedelta(days=25), ministry=1, subject="een vraag die te laat is"),
        SetSpec("2026Z90003", d - timedelta(days=30), notice=d - timedelta(days=12), ministry=2,
                subject="een vraag met uitstel"),
        SetSpec("2026Z90004", d - timedelta(days=50), notice=d - timedelta(days=30), ministry=3,
                subject="een vraag die ook na uitstel te laat is"),
        SetSpec("2026Z90005", d - timedelta(days=40), answer=d - timedelta(days=25), ministry=4,
                subject="een op tijd beantwoorde vraag"),
        SetSpec("2026Z90006", d - timedelta(days=60), answer=d - timedelta(days=20), ministry=5,
                subject="een te laat beantwoorde vraag"),
        SetSpec("2026Z90007", d - timedelta(days=35), withdrawn=d - timedelta(days=28), member=2,
                subject="een ingetrokken vraag"),
        SetSpec("2026Z90008", d - timedelta(days=33), elsewhere=d - timedelta(days=15), member=3,
                subject="een elders beantwoorde vraag"),
        SetSpec("2026Z90009", d - timedelta(days=45), answer=d - timedelta(days=30),
                supplementary=d - timedelta(days=5), member=4, subject="een vraag met een nader antwoord"),
        SetSpec("2026Z90010", d - timedelta(days=27), ministry=1, member=5,
                subject="een vraag die deze week te laat werd"),
    ]


def seed_2022Z00634() -> RealSet:
    """2022Z00634 as the seed page states it: people, ministries, answer id and title, the seven
    questions and answers and the notice text verbatim (footnote markers dropped, see
    SEED_FOOTNOTE_MARKERS); only the notice's number (SEED_NOTICE_NR) is made up."""
    text = SEED_PAGE.read_text("utf-8")
    for line in (  # the page's lines that state the facts written out below
        SEED_TITLE, "Ingediend 18 januari 2022", "Beantwoord 25 februari 2022 (na 38 dagen)",
        "Indieners Hilde Palland (CDA), Inge van Dijk (CDA)",
        "Beantwoord door Hanke Bruins Slot (minister binnenlandse zaken en koninkrijksrelaties) (CDA), "
        "Dilan Yeşilgöz-Zegerius (minister justitie en veiligheid) (VVD)",
        "Bron antwoord https://zoek.officielebekendmakingen.nl/ah-tk-20212022-1881.html",
        "Volledige titel: Antwoord op vragen van de leden Inge van Dijk en Palland over het bericht "
        "‘verdrievoudiging van bedreigingen en geweld tegen gemeenteraadsleden",
    ):
        if f"\n{line}\n" not in f"{text}\n":
            raise ValueError(f"{SEED_PAGE}: no line {line!r}")
    blocks = re.split(r"^ • (Vraag \d+|Mededeling - 8 februari 2022)\n", text, flags=re.M)
    items = dict(zip(blocks[1::2], blocks[2::2], strict=True))
    pairs = []
    for nr in range(1, 8):
        question, answer = (_dedent(part) for part in items[f"Vraag {nr}"].strip("\n").split("\n\n"))
        texts = {"question": question, "answer": answer}
        for at, role, marked, plain in SEED_FOOTNOTE_MARKERS:
            if at == nr:
                if texts[role].count(marked) != 1:
                    raise ValueError(f"{SEED_PAGE}: footnote mark {marked!r} not once in vraag {nr}")
                texts[role] = texts[role].replace(marked, plain)
        pairs.append((texts["question"], texts["answer"]))
    notice = _dedent(items["Mededeling - 8 februari 2022"].split("\n\n\n")[0].strip("\n"))
    return RealSet(
        title=SEED_TITLE,
        submitters=(("Hilde Palland", "CDA"), ("Inge van Dijk", "CDA")),
        addressed=("Minister van Binnenlandse Zaken en Koninkrijksrelaties en de Minister van "
                   "Justitie en Veiligheid"),
        answerers=(("Minister Hanke Bruins Slot", ("BZK", "Binnenlandse Zaken en Koninkrijksrelaties")),
                   ("Minister Dilan Yeşilgöz-Zegerius", ("JenV", "Justitie en Veiligheid"))),
        answer_nr="1881",
        answer_title=("Antwoord op vragen van de leden Inge van Dijk en Palland over het bericht "
                      "‘verdrievoudiging van bedreigingen en geweld tegen gemeenteraadsleden"),
        notice_nr=SEED_NOTICE_NR,
        notice_title=("Uitstel beantwoording vragen van de leden Van Dijk en Palland over het bericht "
                      "«Verdrievoudiging van bedreigingen en geweld tegen gemeenteraadsleden»"),
        pairs=tuple(pairs),
        notice_text=notice,
    )


def _dedent(block: str) -> str:
    """The seed page's two-space-indented lines, one paragraph each."""
    return "\n".join(line.strip() for line in block.split("\n"))


def random_sets(today: date, count: int, seed: int = 7) -> list[SetSpec]:
    """More SYNTHETIC sets with plausible spreads of answering times (seeded: reproducible)."""
    rng = random.Random(seed)
    out: list[SetSpec] = []
    for i in range(count):
        submitted = today - timedelta(days=rng.randint(5, 170))
        spec = SetSpec(f"2026Z9{1000 + i:04d}", submitted, ministry=rng.randrange(len(MINISTRIES)),
                       member=rng.randrange(len(MEMBERS)), subject=f"synthetisch onderwerp {i + 1}")
        taken = int(rng.lognormvariate(3.2, 0.5))
        if rng.random() < 0.25:
            spec.notice = submitted + timedelta(days=rng.randint(15, 24))
        if submitted + timedelta(days=taken) < today:
            spec.answer = submitted + timedelta(days=taken)
        out.append(spec)
    return out


class CorpusBuilder:
    """Adds records and files to a `ReplayServer`, counting what is synthetic and real."""

    def __init__(self, server: ReplayServer):
        self.server = server
        self.numbers = iter(range(9001, 99999))
        self.synthetic = 0
        self.real = 0

    def _file(self, doc_id: str, manifestation: str, group: str, body: bytes, ctype: str) -> None:
        path = item_url(doc_id, manifestation, group).replace("{BASE}", "")
        self.server.add_file(path, body, ctype)

    def add_set(self, spec: SetSpec) -> None:
        """The question record and XML, and one record + XML per answer/notice."""
        if spec.real is not None:
            self._add_real_set(spec, spec.real)
            return
        abbr, name, minister = MINISTRIES[spec.ministry]
        member, party = MEMBERS[spec.member]
        submitters = f"het lid {member} ({party})"
        addressed = f"Minister van {name}"
        vj = _vergaderjaar(spec.submitted)
        qid = f"kv-tk-{spec.vraagnummer}"
        self.server.add_record(_with_topics(make_record(
            qid, title=spec.subject[0].upper() + spec.subject[1:], publicatienaam=QUESTIONS,
            subrubriek="Schriftelijke vragen", modified=spec.submitted + timedelta(days=1),
            date=spec.submitted, vraagnummer=spec.vraagnummer, datum_indiening=spec.submitted,
            indieners=(member,), vergaderjaar=vj, manifestations=("xml", "metadata"),
        ), spec.topics))
        self._file(qid, "xml", vj.replace("-", ""), question_xml(
            qid, vergaderjaar=vj, submitters=submitters, addressed=addressed,
            subject=spec.subject, submitted=spec.submitted,
            questions=("Kent u het bericht?", "Wat gaat u doen?", "Wanneer informeert u de Kamer?"),
        ), "application/xml")
        self.synthetic += 1
        base = {"submitters": submitters, "addressed": addressed, "subject": spec.subject,
                "submitted": spec.submitted}
        if spec.notice:
            self._notice(spec, "delay", spec.notice, minister, name,
                         "niet binnen de termijn van drie weken kunnen worden beantwoord. "
                         "Voor de beantwoording is meer tijd nodig.")
        if spec.withdrawn:
            self._notice(spec, "withdrawn", spec.withdrawn, minister, name,
                         "zijn ingetrokken door de vragensteller.")
        if spec.elsewhere:
            self._notice(spec, "elsewhere", spec.elsewhere, minister, name,
                         "zijn beantwoord middels de brief van "
                         f"{dutch(spec.elsewhere)} (Kamerstuk 36 600, nr. 12).")
        for when, nader in ((spec.answer, False), (spec.supplementary, True)):
            if when is None:
                continue
            nr = str(next(self.numbers))
            avj = _vergaderjaar(when)
            aid = f"ah-tk-{avj.replace('-', '')}-{nr}"
            title = ("Nader antwoord" if nader else "Antwoord") + f" op vragen van het lid {member} over {spec.subject}"
            self.server.add_record(make_record(
                aid, title=title, publicatienaam=AANHANGSEL, subrubriek="Antwoord",
                modified=when + timedelta(days=1), date=when, vraagnummer=spec.vraagnummer,
                aanhangselnummer=nr, datum_ontvangst=when, indieners=(member,),
                ontvangers=(minister.split(" ", 1)[1],), vergaderjaar=avj,
                manifestations=("xml", "metadata", "pdf"),
            ))
            body = answer_xml(aid, nr=nr, vergaderjaar=avj, minister=minister, ministry=(abbr, name),
                              received=when, pairs=(("Kent u het bericht?", "Ja."),
                                                    ("Wat gaat u doen?", "Zie antwoord vraag 1."),
                                                    ("Wanneer informeert u de Kamer?", "Voor de zomer.")),
                              **base)
            if nader:
                body = body.replace(b"Antwoord van ", b"Nader antwoord van ", 1)
            self._file(aid, "xml", avj.replace("-", ""), body, "application/xml")
            self.synthetic += 1

    def _notice(self, spec: SetSpec, kind: str, when: date, minister: str, ministry: str,
                clause: str, nr: str | None = None) -> None:
        nr = nr or str(next(self.numbers))
        vj = _vergaderjaar(when)
        nid = f"ah-tk-{vj.replace('-', '')}-{nr}"
        member = MEMBERS[spec.member][0]
        title = {"delay": "Uitstel beantwoording vragen", "withdrawn": "Intrekking vragen",
                 "elsewhere": "Mededeling beantwoording vragen"}[kind]
        self.server.add_record(make_record(
            nid, title=f"{title} van het lid {member} over {spec.subject}", publicatienaam=AANHANGSEL,
            subrubriek="Mededeling", modified=when + timedelta(days=1), date=when,
            vraagnummer=spec.vraagnummer, aanhangselnummer=nr, datum_ontvangst=when,
            indieners=(member,), vergaderjaar=vj, manifestations=("xml", "metadata"),
        ))
        text = (f"Mededeling van {minister} ({ministry}) (ontvangen {dutch(when)}). Hierbij deel ik "
                f"u mede dat de vragen van het lid {member} over {spec.subject} (ingezonden "
                f"{dutch(spec.submitted)}), met kenmerk {spec.vraagnummer}, {clause}")
        self._file(nid, "xml", vj.replace("-", ""), notice_xml(nid, nr=nr, vergaderjaar=vj, text=text),
                   "application/xml")
        self.synthetic += 1

    def _add_real_set(self, spec: SetSpec, real: RealSet) -> None:
        """A REAL set: records and XML stating only `real`'s facts and `spec`'s dates (one
        delay notice, one answer), in the SYNTHETIC generators' shapes."""
        assert spec.notice and spec.answer and not (spec.withdrawn or spec.elsewhere or spec.supplementary)
        next(self.numbers), next(self.numbers)  # the two numbers a SYNTHETIC set of this shape takes
        names = tuple(name for name, _ in real.submitters)
        submitters = "de leden " + " en ".join(f"{name} ({party})" for name, party in real.submitters)
        base = {"submitters": submitters, "addressed": real.addressed, "subject": spec.subject,
                "submitted": spec.submitted}
        vj = _vergaderjaar(spec.submitted)
        qid = f"kv-tk-{spec.vraagnummer}"
        self.server.add_record(_with_topics(make_record(
            qid, title=real.title, publicatienaam=QUESTIONS, subrubriek="Schriftelijke vragen",
            modified=spec.submitted + timedelta(days=1), date=spec.submitted,
            vraagnummer=spec.vraagnummer, datum_indiening=spec.submitted, indieners=names,
            vergaderjaar=vj, manifestations=("xml", "metadata"),
        ), spec.topics))
        self._file(qid, "xml", vj.replace("-", ""), question_xml(
            qid, vergaderjaar=vj, submitters=submitters, addressed=real.addressed,
            subject=spec.subject, submitted=spec.submitted, questions=tuple(q for q, _ in real.pairs),
        ), "application/xml")
        for nr, when, kind in ((real.notice_nr, spec.notice, "notice"), (real.answer_nr, spec.answer, "answer")):
            dvj = _vergaderjaar(when)
            doc_id = f"ah-tk-{dvj.replace('-', '')}-{nr}"
            answer = kind == "answer"
            self.server.add_record(make_record(
                doc_id, title=real.answer_title if answer else real.notice_title, publicatienaam=AANHANGSEL,
                subrubriek="Antwoord" if answer else "Mededeling", modified=when + timedelta(days=1),
                date=when, vraagnummer=spec.vraagnummer, aanhangselnummer=nr, datum_ontvangst=when,
                indieners=names, ontvangers=tuple(who.split(" ", 1)[1] for who, _ in real.answerers) if answer else (),
                vergaderjaar=dvj, manifestations=("xml", "metadata", "pdf") if answer else ("xml", "metadata"),
            ))
            body = (answer_xml(doc_id, nr=nr, vergaderjaar=dvj, received=when, pairs=real.pairs,
                               answerers=real.answerers, **base) if answer
                    else notice_xml(doc_id, nr=nr, vergaderjaar=dvj, text=real.notice_text))
            self._file(doc_id, "xml", dvj.replace("-", ""), body, "application/xml")
        self.real += 3  # question, notice, answer

    def add_real(self) -> None:
        """The REAL record and files of ah-tk-20202021-3235, and the two real PDFs with
        SYNTHETIC records (no real record of them is among the samples)."""
        text = (DATA / PLOOI).read_text("utf-8").replace(PLOOI_PREFIX, "{BASE}")
        self.server.add_records(text)  # other kinds in the response are served and skipped
        prefix = "/frbr/officielepublicaties/ah-tk/20202021/ah-tk-20202021-3235/1"
        self.server.add_file(f"{prefix}/xml/ah-tk-20202021-3235.xml",
                             (DATA / "ah-tk-20202021-3235.document.xml").read_bytes(), "application/xml")
        self.server.add_file(f"{prefix}/metadata/metadata.xml",
                             (DATA / "ah-tk-20202021-3235.metadata.xml").read_bytes(), "application/xml")
        self.server.add_file(f"{prefix}/html/ah-tk-20202021-3235.html",
                             (DATA / "ah-tk-20202021-3235.repository-manifestation.html").read_bytes(),
                             "text/html")
        self.real += 1
        for doc_id, nr, received, title in (
            ("ah-tk-20232024-2271", "2271", date(2024, 8, 12),
             "Antwoord op vragen van het lid Westerveld over hulp aan jongeren en volwassenen met eetstoornissen"),
            ("ah-tk-20232024-1314", "1314", date(2024, 3, 25),
             "Antwoord op vragen van de leden Mutluer en Kostic over Kritiek op besluit provincie "
             "Friesland tegen actief regenboogbeleid"),
        ):
            self.server.add_record(make_record(
                doc_id, title=title, publicatienaam=AANHANGSEL, subrubriek="Antwoord",
                modified=received, date=received, aanhangselnummer=nr, datum_ontvangst=received,
                vergaderjaar="2023-2024", documentstatus="Onopgemaakt", manifestations=("pdf",),
            ))
            self._file(doc_id, "pdf", "20232024", (DATA / f"{doc_id}.pdf").read_bytes(), "application/pdf")
            self.real += 1
        # The real PDF 2271 states no vraagnummer and refers to its delay notice ("Zie ook … nr.
        # 2147"), which is not among the samples: it loads as a document of no known set (linking
        # through such a reference is tested on SYNTHETIC ids; a real number never gets invented facts).

def _with_topics(record: str, topics: tuple[str, ...]) -> str:
    """`record` with one `dcterms:subject` per topic at the end of its owmsmantel, where the real
    SRU records state them."""
    if not topics:
        return record
    subjects = "".join(f'<dcterms:subject scheme="{TOPIC_SCHEME}">{escape(t)}</dcterms:subject>\n'
                       for t in topics)
    return record.replace("</overheidwetgeving:owmsmantel>", subjects + "</overheidwetgeving:owmsmantel>", 1)


def _vergaderjaar(day: date) -> str:
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def build_demo_corpus(server: ReplayServer, today: date | None = None, extra_sets: int = 40) -> CorpusBuilder:
    """Fill `server` with the demo corpus; returns the builder (with its counts)."""
    today = today or date.today()
    builder = CorpusBuilder(server)
    builder.add_real()
    for spec in scenario_sets(today) + random_sets(today, extra_sets):
        builder.add_set(spec)
    return builder
