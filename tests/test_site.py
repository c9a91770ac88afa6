"""`kamervragen site`: the static site built from the demo corpus (SYNTHETIC sets plus 2022Z00634,
rebuilt from the seed page tests/fixtures/kamervraag-page.2022Z00634.txt), checked against the
documents, that page and by hand-computed dates.

TODAY = 2026-11-24. By hand (replay/demo_corpus.py scenario_sets, term 21 days, 42 after a notice):
- 2022Z00634: S 2022-01-18, notice 2022-02-08, answer 2022-02-25 → 38 days, within the extension;
- 2026Z90002 (VWS): S 2026-10-30, no notice → due 2026-11-20, overdue by 4 days today;
- 2026Z90006 (SZW): S 2026-09-25, answered 2026-11-04 → 40 days, 19 days after its due 2026-10-16;
- 2026Z90003 (JenV): S 2026-10-25, notice 2026-11-12 → due 2026-11-15, extended due 2026-12-06;
- 2026Z90001 (BZK): S 2026-11-14 → due 2026-12-05.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from icalendar import Calendar
from lxml import etree, html

from pipeline.ingest import IngestOptions, run_ingest
from publish.build import build_site
from publish.dutch import review_reason
from replay.demo_corpus import MEMBERS, MINISTRIES, CorpusBuilder, random_sets, scenario_sets
from replay.server import ReplayServer
from tests.harness import invoke
from tests.site_data import TODAY
from warehouse.read import open_read
from warehouse.site_read import questions_as_of, read_site_data

SEED = Path(__file__).parent / "fixtures" / "kamervraag-page.2022Z00634.txt"
SEED_MARKERS = (("gemeenteraadsleden»?1", "gemeenteraadsleden»?"), ("Veiligheid2 uitvoeren", "Veiligheid uitvoeren"),
                ("onderzoek3 gedaan", "onderzoek gedaan"), ("ontvangen4 en", "ontvangen en"))
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def data(demo_db: Path):
    with open_read(demo_db) as con:
        return read_site_data(con, TODAY)


@pytest.fixture(scope="module")
def site(data, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    build_site(data, out, now=NOW, search=False)
    return out


def text_of(path: Path) -> str:
    return " ".join(html.fromstring(path.read_bytes()).text_content().split())


def tree_title(page: Path) -> str:
    return html.fromstring(page.read_bytes()).xpath("//h1")[0].text_content()


def facts(page: Path) -> dict[str, str]:
    """The set page's facts list: dt → dd text."""
    tree = html.fromstring(page.read_bytes())
    return {dt.text_content().strip(): " ".join(dt.getnext().text_content().split())
            for dt in tree.xpath("//dl[@class='feiten']/dt")}


def seed_items() -> list[tuple[str, str]]:
    """(question, answer) of the seed page, whitespace collapsed, its four footnote markers dropped
    (found by reading the page; the demo drops them, see replay/demo_data/PROVENANCE.md)."""
    text = SEED.read_text("utf-8")
    for marked, plain in SEED_MARKERS:
        assert text.count(marked) == 1
        text = text.replace(marked, plain)
    items = text.split(" • Mededeling")[0].split(" • Vraag ")[1:]
    assert [item.split("\n", 1)[0] for item in items] == [str(n) for n in range(1, 8)]
    pairs = [item.split("\n", 1)[1].strip().split("\n\n") for item in items]
    return [(" ".join(q.split()), " ".join(a.split())) for q, a in pairs]


def test_set_page_shows_what_the_seed_page_shows(site: Path) -> None:
    """The seed page (tests/fixtures/kamervraag-page.2022Z00634.txt) against the demo's set page."""
    page = site / "vragen" / "2022Z00634" / "index.html"
    text = text_of(page)
    got = facts(page)
    seed = " ".join(SEED.read_text("utf-8").split())
    assert "Beantwoord25 februari 2022 (na 38 dagen)" in text  # the seed: "Beantwoord 25 februari 2022 (na 38 dagen)"
    assert got["Ingediend"] == "18 januari 2022" and "Ingediend 18 januari 2022" in seed
    assert got["Beantwoord"] == "25 februari 2022 (na 38 dagen)" and "Beantwoord 25 februari 2022 (na 38 dagen)" in seed
    assert got["Indieners"] == "Hilde Palland (CDA), Inge van Dijk (CDA)"
    assert f"Indieners {got['Indieners']} " in seed
    assert got["Beantwoord door"] == "Hanke Bruins Slot (Minister, BZK), Dilan Yeşilgöz-Zegerius (Minister, JenV)"
    # full names from schemas/ministries.csv (read by hand), with the abbreviation
    assert got["Ministeries"] == ("Binnenlandse Zaken en Koninkrijksrelaties (BZK), "
                                  "Justitie en Veiligheid (JenV)")
    assert got["Termijn"] == "8 februari 2022; na uitstel 1 maart 2022"
    assert tree_title(page) == "Het bericht ‘Verdrievoudiging van bedreigingen en geweld tegen gemeenteraadsleden’"
    assert f"Kamervraag 2022Z00634 {tree_title(page)} Ingediend" in seed
    assert ("Beantwoord binnen de verlengde termijn van 42 dagen, uitstelbericht van 8 februari 2022: na 38 dagen"
            in text)
    tree = html.fromstring(page.read_bytes())
    notice = " ".join(tree.xpath("//section[@class='uitstel']/blockquote")[0].text_content().split())
    assert "Uitstelbericht van 8 februari 2022" in text and "Mededeling - 8 februari 2022 " + notice + " Kamervraag" in seed
    assert notice.startswith("Hierbij deel ik u mede dat de aan mij en de Minister van Justitie en Veiligheid")
    assert notice.endswith("Uw Kamer ontvangt de antwoorden zo spoedig mogelijk.")
    shown = []
    for n in range(1, 8):
        item = tree.get_element_by_id(f"vraag-{n}")
        assert item.xpath("h3")[0].text_content() == f"Vraag {n}"
        shown.append((" ".join(item.xpath("p[@class='vraagtekst']")[0].text_content().split()),
                       " ".join(" ".join(q.text_content() for q in item.xpath("div[@class='antwoord']/p")[1:])
                                .split())))
    assert tree.xpath("//div[@class='vraag']/@id") == [f"vraag-{n}" for n in range(1, 8)]
    assert shown == seed_items()
    assert shown[0] == ("Heeft u kennisgenomen van het bericht «Verdrievoudiging van bedreigingen en geweld tegen "
                        "gemeenteraadsleden»?", "Ja.")  # by hand: the seed's "…gemeenteraadsleden»?1", note mark dropped
    assert shown[3][1] == "Voor de beantwoording van deze vraag verwijs ik naar mijn antwoord op vraag 2."
    hrefs = tree.xpath("//a/@href")
    assert "https://zoek.officielebekendmakingen.nl/kv-tk-2022Z00634.html" in hrefs  # the seed's "Bron vraag"
    assert "https://zoek.officielebekendmakingen.nl/ah-tk-20212022-1881.html" in hrefs  # the seed's "Bron antwoord"
    assert "../../partijen/cda/index.html" in hrefs and "../../ministeries/bzk/index.html" in hrefs
    assert "../../ministeries/jenv/index.html" in hrefs
    assert [li.text_content().split()[:3] for li in tree.xpath("//ol[@class='tijdlijn']/li")] == [
        ["18", "januari", "2022"], ["8", "februari", "2022"], ["25", "februari", "2022"]]
    assert tree.xpath("//html/@lang") == ["nl"]
    assert "../../leden/palland/index.html" in hrefs and "../../leden/van-dijk/index.html" in hrefs
    assert "../../bewindspersonen/bruins-slot/index.html" in hrefs
    assert "../../bewindspersonen/yesilgoz-zegerius/index.html" in hrefs
    assert "Synthetisch" not in text and "SYNTHETIC" not in text
    # the seed page: "Onderwerpen bestuur gemeenten openbare orde en veiligheid organisatie en beleid",
    # split into "Area | Subject" as PROVENANCE.md explains
    assert got["Onderwerpen"] == "Bestuur | Gemeenten, Openbare orde en veiligheid | Organisatie en beleid"
    assert tree.xpath("//dd[@id='onderwerpen']/a/@href") == [
        "../../onderwerpen/bestuur-gemeenten/index.html",
        "../../onderwerpen/openbare-orde-en-veiligheid-organisatie-en-beleid/index.html"]
    assert " ".join(got["Onderwerpen"].lower().replace(" |", "").replace(",", "").split()) == (
        "bestuur gemeenten openbare orde en veiligheid organisatie en beleid")  # the seed's words, in order


@pytest.mark.parametrize(("vraagnummer", "reason"), [
    ("2026Z90002", "Te laat: nog geen antwoord, 4 dagen na de termijn van 21 dagen, geen uitstelbericht"),
    ("2026Z90006", "Te laat: 19 dagen na de termijn van 21 dagen, geen uitstelbericht"),
    ("2026Z90003", "Open, uitgesteld: uitstelbericht van 12 november 2026; de verlengde termijn loopt tot en met "
                   "6 december 2026"),
    ("2026Z90001", "Open: de termijn van 21 dagen loopt tot en met 5 december 2026"),
])
def test_status_reason_in_plain_dutch(site: Path, vraagnummer: str, reason: str) -> None:
    tree = html.fromstring((site / "vragen" / vraagnummer / "index.html").read_bytes())
    assert tree.get_element_by_id("status-reden").text_content().strip() == reason


def test_review_reasons_are_shown_in_dutch(data, site: Path) -> None:
    flagged = sorted(s["vraagnummer"] for s in data.sets if s["needs_review"])
    # the one REAL answer's set: ah-tk-20202021-3235 answers 2021Z09739, whose question is not in the
    # corpus; its submitted date comes from the answer text: "(ingezonden <datum isodatum="2021-06-03">…)"
    assert flagged == ["2021Z09739"]
    tree = html.fromstring((site / "vragen" / "2021Z09739" / "index.html").read_bytes())
    assert "Controleer voor u dit citeert" in tree.get_element_by_id("controle").text_content()
    assert [li.text_content() for li in tree.xpath("//ul[@id='controle-redenen']/li")] == [
        "Geen vraagdocument gevonden; de datum van indiening (3 juni 2021) is overgenomen uit een ander document."]
    summaries = [e.summary for e in feedparser.parse((site / "feeds" / "vraag-2021Z09739.atom").read_bytes()).entries]
    assert summaries and all(s.endswith(
        "Controleer voor u dit citeert: Geen vraagdocument gevonden; de datum van indiening (3 juni 2021) is "
        "overgenomen uit een ander document.") for s in summaries)


# Every shape of review reason (the examples of docs/warehouse.md "Review flag" and of the comments in
# warehouse/sql/review_question_sets.sql and tk_review_reasons.sql), with its Dutch sentence.
@pytest.mark.parametrize(("reason", "dutch"), [
    ("unclassified notice of 2024-06-07 (ah-tk-20232024-9001)",
     "Mededeling van 7 juni 2024 (ah-tk-20232024-9001) waarvan de soort niet is vast te stellen "
     "(uitstel, intrekking of elders beantwoord)."),
    ("unclassified notice of unknown date (ah-tk-20232024-9001)",
     "Mededeling van onbekende datum (ah-tk-20232024-9001) waarvan de soort niet is vast te stellen "
     "(uitstel, intrekking of elders beantwoord)."),
    ("conflicting received_on in ah-tk-20232024-9002: kept 2024-07-01, pdf says 2024-06-28",
     "De datum van ontvangst verschilt in ah-tk-20232024-9002: aangehouden is 1 juli 2024, de pdf zegt 28 juni 2024."),
    ("conflicting notice_kind in ah-tk-20232024-9003: kept delay, metadata says withdrawn",
     "De soort mededeling verschilt in ah-tk-20232024-9003: aangehouden is uitstel, de metadata zegt intrekking."),
    ("conflicting kind in ah-tk-20232024-9004: kept answer, another source says (none)",
     "De soort document verschilt in ah-tk-20232024-9004: aangehouden is antwoord, een andere bron zegt (niets)."),
    ("no question record; submitted date unknown",
     "Geen vraagdocument gevonden; de datum van indiening is onbekend."),
    ("no question record; submitted date 2024-05-20 from another document",
     "Geen vraagdocument gevonden; de datum van indiening (20 mei 2024) is overgenomen uit een ander document."),
    ("no question record; submitted date 2024-05-20 set by hand",
     "Geen vraagdocument gevonden; de datum van indiening (20 mei 2024) is met de hand ingevuld."),
    ("no question record; submitted date 2008-05-12 from the Tweede Kamer's records (gestartOp)",
     "Geen vraagdocument gevonden; de datum van indiening (12 mei 2008) is overgenomen uit de registratie van "
     "de Tweede Kamer (gestartOp)."),
    ("answered 2024-05-01, before the question was submitted (2024-05-30)",
     "Beantwoord op 1 mei 2024, vóór de datum van indiening (30 mei 2024)."),
    ("text of the answer of 2024-03-01 (ah-tk-20232024-90001) could not be fetched",
     "De tekst van het antwoord van 1 maart 2024 (ah-tk-20232024-90001) kon niet worden opgehaald."),
    ("text of the delay notice of 2024-03-01 (ah-tk-20232024-90002) could not be parsed",
     "De tekst van het uitstelbericht van 1 maart 2024 (ah-tk-20232024-90002) kon niet worden gelezen."),
    ("sources disagree on the submitted date: 2024-01-02 in the publication, 2024-01-03 in the Tweede Kamer's "
     "records", "De bronnen verschillen over de datum van indiening: 2 januari 2024 in de publicatie, "
     "3 januari 2024 in de registratie van de Tweede Kamer."),
    ("sources disagree on the answer's received date: 2024-02-01 in the publication, 2024-02-05 in the "
     "Tweede Kamer's records", "De bronnen verschillen over de datum van ontvangst van het antwoord: "
     "1 februari 2024 in de publicatie, 5 februari 2024 in de registratie van de Tweede Kamer."),
    ("the Tweede Kamer's records hold an answer of 2024-02-02 that is not published (yet)",
     "De registratie van de Tweede Kamer bevat een antwoord van 2 februari 2024 dat (nog) niet is gepubliceerd."),
    ("the Tweede Kamer's records hold a delay notice of 2024-02-02 that is not published (yet)",
     "De registratie van de Tweede Kamer bevat een uitstelbericht van 2 februari 2024 dat (nog) niet is "
     "gepubliceerd."),
    ("the Tweede Kamer's records mark the case done (afgedaan) while no answer is published",
     "In de registratie van de Tweede Kamer is de zaak afgedaan, maar er is geen antwoord gepubliceerd."),
    # no known shape: shown as it is
    ("sources disagree: actor_differs (Uitermark / Bruins)", "sources disagree: actor_differs (Uitermark / Bruins)"),
    ("text of the answer of 2024-03-01 (x) could not be read", "text of the answer of 2024-03-01 (x) could not be read"),
])
def test_review_reason_in_dutch(reason: str, dutch: str) -> None:
    assert review_reason(reason) == dutch


def test_an_unknown_review_reason_is_shown_not_dropped(data, tmp_path: Path) -> None:
    import copy

    changed = copy.deepcopy(data)
    s = next(s for s in changed.sets if s["vraagnummer"] == "2026Z90001")
    s["needs_review"] = True
    s["review_open_reasons"] = ["a reason of a shape the site does not know",
                                "answered 2024-05-01, before the question was submitted (2024-05-30)"]
    build_site(changed, tmp_path, now=NOW, search=False)
    tree = html.fromstring((tmp_path / "vragen" / "2026Z90001" / "index.html").read_bytes())
    assert [li.text_content() for li in tree.xpath("//ul[@id='controle-redenen']/li")] == [
        "a reason of a shape the site does not know", "Beantwoord op 1 mei 2024, vóór de datum van indiening (30 mei 2024)."]


def test_home_page(site: Path) -> None:
    tree = html.fromstring((site / "index.html").read_bytes())
    assert tree.get_element_by_id("stand").text_content() == "24 november 2026"
    rows = [[c.text_content().strip() for c in tr.xpath("td")]
            for tr in tree.xpath("//table[@id='te-laat-per-ministerie']/tbody/tr")]
    assert rows == [["Volksgezondheid, Welzijn en Sport (VWS)", "3"], ["Financiën (FIN)", "1"]]  # 2026Z90002, 2026Z90010, 2026Z91002; 2026Z90004
    week = tree.xpath("//section[h2[@id='deze-week']]//tbody/tr/td[1]/a/text()")
    assert week == ["2026Z91002", "2026Z90002", "2026Z90010"]  # due 11-23, 11-20, 11-18: within the week
    sources = tree.xpath("//table[@id='bronnen-tabel']/tbody/tr/td[4]//text()")
    assert [s.strip() for s in sources] == ["actueel", "actueel"]
    assert tree.xpath("//p[contains(@class, 'bron-probleem')]") == []


def test_home_page_names_a_stale_or_failed_source(data, tmp_path: Path) -> None:
    later = datetime(2026, 12, 24, tzinfo=UTC)  # a month without a successful run
    build_site(data, tmp_path, now=later, search=False)
    text = text_of(tmp_path / "index.html")
    assert text.count("verouderd") == 2 and "De laatste geslaagde ophaalronde was op" in text


def internal_links(out: Path) -> list[tuple[Path, str]]:
    found = []
    for page in out.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        for href in html.fromstring(page.read_bytes()).xpath(  # downloads: test_every_table_can_be_downloaded
                "//a[not(parent::p[@class='download'])]/@href | //link/@href | //script/@src"):
            if urlsplit(href).scheme:
                continue
            found.append((page, href))
    return found


def expected_internal_links(data) -> int:
    """The internal links (a, link, script; not the search's own files) of the demo site, counted
    per page type from the corpus' inputs (replay/demo_corpus.py) and the statuses as of TODAY."""
    specs = scenario_sets(TODAY) + random_sets(TODAY, 40)
    members, ministers = corpus_people()
    status = Counter(s["status"] for s in data.sets)
    sets = len(specs) + 1  # + 2021Z09739 (the REAL answer)
    submitters = len(specs) + 4  # one member per SYNTHETIC set, two for 2022Z00634 (the seed page);
    # Van Weyenberg, Romke de Jong, Kat
    answered = sum(1 for s in specs if s.answer) + 2  # "Beantwoord door" links: who answered (two
    # ministers for 2022Z00634, one for every other set and for 2021Z09739)
    ministries = sets + 1  # one per set, two for 2022Z00634 (BZK, JenV)
    topics = 2 + 2  # 2021Z09739's and 2022Z00634's
    overdue, still_open = status["overdue"], status["open"] + status["open_extended"]
    assert (sets, overdue, still_open) == (52, 4, 7)
    groups = len(MINISTRIES) + len(MEMBERS) + topics + len(members) + len(ministers)  # parties: one per member
    pages = sets + groups + 5 + 3  # + the five group indexes, home, search, method ("Hoe wij tellen")
    every_page = 8  # stylesheet, brand, 5 group indexes and the search in the menu
    set_pages = sets * 2 + submitters * 2 + ministries + answered + topics  # feed (head, "Volg"), member
    # and party per submitter, its ministries, each answering minister, each topic
    rows = ((sets + overdue + still_open) * 2  # ministry, party: every set once, + "Nu te laat", "Open"
            + ministries - sets                 # 2022Z00634 on both its ministries' pages (one party, CDA)
            + topics                            # topic pages: their set (answered)
            + (submitters + overdue + still_open)  # members: every overdue and open set has one
            + (sum(ministers.values()) + 1 + status["open_extended"]))  # ministers: only after a notice
    group_pages = groups * 2 + len(MINISTRIES) + len(members) + rows  # feed (head, link), the ministry's
    # calendar, a member's party
    indexes = groups  # one row each
    home = 1 + 2 + overdue - 1 + 2  # feed (head); VWS and FIN overdue; newly overdue this week
    # (2026Z90004 is overdue since October); the feed and the ministries index in the text
    search = 2  # pagefind-ui.css and .js
    return pages * every_page + set_pages + group_pages + indexes + home + search


def test_every_internal_link_resolves(data, site: Path) -> None:
    links = internal_links(site)
    # 1449 = the 1396 when 2022Z00634 had a SYNTHETIC member and minister + 53 for the seed page's facts:
    # 4 more group pages (Palland, Van Dijk, Bruins Slot, Yeşilgöz-Zegerius) × 8 menu links, their 4
    # index rows, 4 × 2 feed links and 2 party links on them; on the set page 2 more (member, party),
    # 1 ministry and 1 minister; and 3 more rows (JenV's page, Van Dijk's, the second minister's)
    # the method page's links (menu, beside every table, under every chart) are counted in
    # tests/test_site_charts.py; here they only have to resolve
    method = [link for link in links if "methode/index.html" in link[1]]
    assert len(links) - len(method) == expected_internal_links(data) == 1457  # 1449 + the method page's menu
    broken = []
    for page, href in links:
        path = unquote(urlsplit(href).path)
        if not path:  # a fragment on the same page
            continue
        target = (page.parent / path).resolve()
        if target.is_dir():
            target = target / "index.html"
        if "pagefind" in target.parts:  # written by the search step (search=False here)
            continue
        if not target.is_file():
            broken.append((str(page.relative_to(site)), href))
    assert broken == []


def test_atom_feeds_validate(site: Path) -> None:
    feeds = sorted((site / "feeds").glob("*.atom"))
    assert {"alles.atom", "ministry-vws.atom", "party-d66.atom", "vraag-2022Z00634.atom"} <= {f.name for f in feeds}
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0 and parsed.version == "atom10", path
        root = etree.fromstring(path.read_bytes())
        assert root.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated"):
            assert root.find(f"{ATOM}{required}") is not None
        for entry in root.findall(f"{ATOM}entry"):
            assert all(entry.find(f"{ATOM}{r}") is not None for r in ("id", "title", "updated", "link"))
    one = feedparser.parse((site / "feeds" / "vraag-2022Z00634.atom").read_bytes())
    assert [(e.id, e.updated[:10]) for e in one.entries] == [
        ("tag:kamervragen,2026:2022Z00634/answered", "2022-02-25"),
        ("tag:kamervragen,2026:2022Z00634/delay_notice", "2022-02-08")]
    assert one.entries[0].link == "../vragen/2022Z00634/"
    vws = feedparser.parse((site / "feeds" / "ministry-vws.atom").read_bytes())
    assert ("tag:kamervragen,2026:2026Z90002/overdue", "2026-11-21") in [(e.id, e.updated[:10]) for e in vws.entries]


def calendar_events(path: Path) -> dict[str, date]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e.decoded("dtstart") for e in cal.walk("VEVENT")}


def test_calendars_hold_the_due_dates(site: Path) -> None:
    assert sorted(p.name for p in (site / "agenda").glob("*.ics")) == [
        "bzk.ics", "fin.ics", "jenv.ics", "ocw.ics", "szw.ics", "vws.ics"]
    jenv = calendar_events(site / "agenda" / "jenv.ics")
    assert jenv["2026Z90003-termijn@kamervragen"] == date(2026, 11, 15)
    assert jenv["2026Z90003-verlengd@kamervragen"] == date(2026, 12, 6)
    bzk = calendar_events(site / "agenda" / "bzk.ics")
    assert bzk["2026Z90001-termijn@kamervragen"] == date(2026, 12, 5)
    assert "2026Z90001-verlengd@kamervragen" not in bzk  # no notice, no extended date
    assert "2022Z00634-termijn@kamervragen" not in bzk  # answered: not in the deadline list
    vws = calendar_events(site / "agenda" / "vws.ics")
    assert vws["2026Z90002-termijn@kamervragen"] == date(2026, 11, 20)


def test_rebuild_rewrites_only_what_changed(data, tmp_path: Path) -> None:
    import copy

    out = tmp_path / "out"
    first = build_site(data, out, now=NOW, search=False)
    assert first.written == first.pages and first.unchanged == 0
    page = out / "vragen" / "2026Z90002" / "index.html"
    other = out / "vragen" / "2026Z90001" / "index.html"
    stamp = other.stat().st_mtime_ns
    again = build_site(data, out, now=NOW, search=False)
    assert (again.written, again.removed, again.unchanged) == (0, 0, first.pages)

    changed = copy.deepcopy(data)
    next(s for s in changed.sets if s["vraagnummer"] == "2026Z90002")["title"] = "Een nieuwe titel"
    third = build_site(changed, out, now=NOW, search=False)
    assert "Een nieuwe titel" in page.read_text(encoding="utf-8")
    assert other.stat().st_mtime_ns == stamp
    # 2026Z90002 (VWS, member Synthetisch of D66, no minister: no answer and no notice; overdue
    # since 21 November, so newly overdue this week and in the feeds with that event, and open in
    # the VWS deadline calendar): exactly the files that show its title
    assert sorted(third.written_files) == sorted([
        "agenda/vws.ics",                     # an open (overdue) set's due date
        "feeds/alles.atom", "feeds/member-synthetisch.atom", "feeds/ministry-vws.atom",
        "feeds/party-d66.atom", "feeds/vraag-2026Z90002.atom",  # its 'overdue' entry
        "deze-week.csv", "deze-week.json",   # its download (publish/downloads.py): the title is a column
        "index.html",                         # home: newly overdue this week
        "leden/synthetisch/index.html",
        *(f"{group}/{table}.{ext}" for group in ("leden/synthetisch", "ministeries/vws", "partijen/d66")
          for table in ("nu-te-laat", "recent") for ext in ("csv", "json")),  # its group's two lists
        "ministeries/vws/index.html", "partijen/d66/index.html",
        "vragen/2026Z90002/index.html",
    ])
    assert (third.removed, third.unchanged) == (0, first.pages - 25)

    gone = copy.deepcopy(changed)
    gone.sets = [s for s in gone.sets if s["vraagnummer"] != "2021Z09739"]
    fourth = build_site(gone, out, now=NOW, search=False)
    assert not (out / "vragen" / "2021Z09739").joinpath("index.html").exists()
    # its page and feed, and the page and feed of each group only it was in: its 2 topics, its 3
    # members and its minister (Koolmees), see test_topic_pages and corpus_people
    only_its = [("onderwerpen", "topic", "economie-ondernemen"),
                ("onderwerpen", "topic", "sociale-zekerheid-organisatie-en-beleid"),
                ("leden", "member", "van-weyenberg"), ("leden", "member", "de-jong"), ("leden", "member", "kat"),
                ("bewindspersonen", "minister", "koolmees")]
    assert sorted(fourth.removed_files) == sorted(
        ["vragen/2021Z09739/index.html", "feeds/vraag-2021Z09739.atom"]
        + [f"{folder}/{key}/index.html" for folder, _, key in only_its]
        + [f"feeds/{kind}-{key}.atom" for _, kind, key in only_its]
        + [f"{folder}/{key}/{table}.{ext}" for folder, _, key in only_its  # their downloads: an answered
           for table in ("tijdigheid", "recent", "antwoordtijd", "uitkomsten")  # an answered set, neither
           for ext in ("csv", "json")])  # overdue nor open; the numbers of its two charts
    assert fourth.removed == 2 + (2 * 2 + 3 * 2 + 1 * 2) * 5
    # and rewritten: the pages and feeds that listed or counted it (home: the headline counts; every
    # index: the counts per group; SZW and D66; alles.atom held its 'answered' event; the search page,
    # as it was the only set of 2021: the search page no longer merges a 2021 bundle)
    # (and the downloads of each: every index's rows, SZW's and D66's recent sets; their timeliness rows
    # stay, as this test drops the set from the sets only, not from the views' rows)
    indexes = ("bewindspersonen", "leden", "ministeries", "onderwerpen", "partijen")
    assert sorted(fourth.written_files) == sorted([
        "bewindspersonen/index.html", "feeds/alles.atom", "feeds/ministry-szw.atom", "feeds/party-d66.atom",
        "index.html", "leden/index.html", "ministeries/index.html", "ministeries/szw/index.html",
        "onderwerpen/index.html", "partijen/d66/index.html", "partijen/index.html", "zoeken/index.html",
        *(f"{folder}/index.{ext}" for folder in indexes for ext in ("csv", "json")),
        *(f"{group}/recent.{ext}" for group in ("ministeries/szw", "partijen/d66") for ext in ("csv", "json"))])


def index_rows(page: Path) -> list[tuple[str, int, int]]:
    """A group index page's rows, in its order: (name, sets, overdue now)."""
    tree = html.fromstring(page.read_bytes())
    return [(tr[0].text_content(), int(tr[1].text_content()), int(tr[4].text_content()))
            for tr in tree.xpath("//tbody/tr")]


def corpus_people() -> tuple[Counter[str], Counter[str]]:
    """Sets per member and per answering minister, counted from the demo corpus' inputs: each
    SYNTHETIC set counts for its one member; for its ministry's minister when it has an answer or a
    delay notice by TODAY (the ingest stops there; the minister of a set: who answered, else who
    sent the delay notice). The REAL answer ah-tk-20202021-3235 (set 2021Z09739) names the members
    Van Weyenberg, Romke de Jong and Kat and the minister Koolmees; the REAL set 2022Z00634 its two
    submitters and two answering ministers (the seed page)."""
    specs = [s for s in scenario_sets(TODAY) + random_sets(TODAY, 40) if s.vraagnummer != "2022Z00634"]
    members = Counter(MEMBERS[s.member][0] for s in specs)
    ministers = Counter(MINISTRIES[s.ministry][2].removeprefix("Minister ") for s in specs
                        if s.answer or (s.notice and s.notice <= TODAY))
    members.update(["Van Weyenberg", "Romke de Jong", "Kat"])
    ministers.update(["Koolmees"])
    # the REAL set 2022Z00634, as the seed page states it: "Indieners Hilde Palland (CDA), Inge van
    # Dijk (CDA)", "Beantwoord door Hanke Bruins Slot (…), Dilan Yeşilgöz-Zegerius (…)"
    members.update(["Hilde Palland", "Inge van Dijk"])
    ministers.update(["Hanke Bruins Slot", "Dilan Yeşilgöz-Zegerius"])
    return members, ministers


def test_member_and_minister_pages(site: Path) -> None:
    members, ministers = corpus_people()
    # (a check of the count itself; 2022Z00634 no longer counts for Synthetisch and Uitermark)
    assert members["Synthetisch"] == 13 and ministers["Uitermark"] == 9
    assert members["Hilde Palland"] == members["Inge van Dijk"] == 1
    assert ministers["Hanke Bruins Slot"] == ministers["Dilan Yeşilgöz-Zegerius"] == 1
    leden = index_rows(site / "leden" / "index.html")
    assert sorted((name, n) for name, n, _ in leden) == sorted(members.items())
    bewindspersonen = index_rows(site / "bewindspersonen" / "index.html")
    assert sorted((name, n) for name, n, _ in bewindspersonen) == sorted(ministers.items())
    # overdue as of TODAY: Synthetisch's 2026Z90002, 2026Z90004, 2026Z91002; Demo's 2026Z90010
    assert {name: overdue for name, _, overdue in leden if overdue} == {"Synthetisch": 3, "Demo": 1}
    # a minister counts an overdue set only once it has a delay notice (who sent it): 2026Z90004 (FIN)
    assert {name: overdue for name, _, overdue in bewindspersonen if overdue} == {"Heinen": 1}
    page = site / "leden" / "synthetisch" / "index.html"
    tree = html.fromstring(page.read_bytes())
    assert tree.xpath("//h1/text()") == ["Synthetisch"]
    assert " ".join(tree.get_element_by_id("partij").text_content().split()) == "Partij: D66"
    assert tree.xpath("//p[@id='partij']/a/@href") == ["../../partijen/d66/index.html"]
    row = tree.xpath("//table[@class='tijdigheid']/tbody/tr")
    assert len(row) == 1 and row[0][0].text_content() == "13"  # over all years: no year column
    # (members["Synthetisch"] above; 14 while 2022Z00634 carried that SYNTHETIC member)
    assert tree.xpath("//table[@class='tijdigheid']//th[1]/text()") == ["Vragen"]
    palland = html.fromstring((site / "leden" / "palland" / "index.html").read_bytes())
    assert palland.xpath("//h1/text()") == ["Hilde Palland"]  # the seed page: "Hilde Palland (CDA)"
    assert " ".join(palland.get_element_by_id("partij").text_content().split()) == "Partij: CDA"
    assert palland.xpath("//tbody/tr/td[1]/a/text()")[-1:] == ["2022Z00634"]
    koolmees = html.fromstring((site / "bewindspersonen" / "koolmees" / "index.html").read_bytes())
    assert koolmees.xpath("//tbody/tr/td[1]/a/text()")[-1:] == ["2021Z09739"]
    feed = feedparser.parse((site / "feeds" / "member-van-weyenberg.atom").read_bytes())
    assert feed.bozo == 0 and [e.id for e in feed.entries] == ["tag:kamervragen,2026:2021Z09739/answered"]
    feed = feedparser.parse((site / "feeds" / "minister-koolmees.atom").read_bytes())
    assert [e.id for e in feed.entries] == ["tag:kamervragen,2026:2021Z09739/answered"]


def test_topic_pages(site: Path) -> None:
    # the topics of the REAL answer ah-tk-20202021-3235's metadata.xml (OVERHEID.category lines) and
    # of 2022Z00634 (SEED_2022Z00634_TOPICS): one set each, none overdue
    assert sorted(index_rows(site / "onderwerpen" / "index.html")) == [
        ("Bestuur | Gemeenten", 1, 0), ("Economie | Ondernemen", 1, 0),
        ("Openbare orde en veiligheid | Organisatie en beleid", 1, 0),
        ("Sociale zekerheid | Organisatie en beleid", 1, 0)]
    gemeenten = html.fromstring((site / "onderwerpen" / "bestuur-gemeenten" / "index.html").read_bytes())
    assert gemeenten.xpath("//tbody/tr/td[1]/a/text()")[-1:] == ["2022Z00634"]
    page = site / "onderwerpen" / "economie-ondernemen" / "index.html"
    tree = html.fromstring(page.read_bytes())
    assert tree.xpath("//h1/text()") == ["Economie | Ondernemen"]
    assert tree.xpath("//table[@class='tijdigheid']/tbody/tr/td[1]/text()") == ["2021"]  # per year
    assert "../../feeds/topic-economie-ondernemen.atom" in tree.xpath("//a/@href")
    feed = feedparser.parse((site / "feeds" / "topic-economie-ondernemen.atom").read_bytes())
    assert feed.bozo == 0 and [e.id for e in feed.entries] == ["tag:kamervragen,2026:2021Z09739/answered"]
    got = facts(site / "vragen" / "2021Z09739" / "index.html")
    assert got["Onderwerpen"] == "Economie | Ondernemen, Sociale zekerheid | Organisatie en beleid"
    assert got["Indieners"] == "Van Weyenberg (D66), Romke de Jong (D66), Kat (D66)"
    links = html.fromstring((site / "vragen" / "2021Z09739" / "index.html").read_bytes()).xpath("//dd//a/@href")
    assert {"../../onderwerpen/economie-ondernemen/index.html",
            "../../onderwerpen/sociale-zekerheid-organisatie-en-beleid/index.html",
            "../../leden/van-weyenberg/index.html", "../../leden/de-jong/index.html", "../../leden/kat/index.html",
            "../../bewindspersonen/koolmees/index.html"} <= set(links)


@pytest.mark.slow
def test_cli_builds_the_site(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    done = invoke("site", str(out), "--db", str(demo_db), "--as-of", "2026-11-24", "--no-search")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("site: ") and "0 unchanged" in done.stdout
    assert facts(out / "vragen" / "2022Z00634" / "index.html")["Onderwerpen"] == (
        "Bestuur | Gemeenten, Openbare orde en veiligheid | Organisatie en beleid")
    again = invoke("site", str(out), "--db", str(demo_db), "--as-of", "2026-11-24", "--no-search")
    assert "(0 written" in again.stdout
    bad = invoke("site", str(out), "--db", str(demo_db), "--as-of", "gisteren")
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_the_tables_count_as_of_the_site_day_not_today(data) -> None:
    """The timeliness views read statuses as of today; the site counts them as of its own day
    (TODAY, 2026-11-24, a week before this test was written), like every set page. As of TODAY the demo
    has 4 overdue sets and 7 still open (5 open + 2 open_extended: the statuses recorded in
    tests/test_one_deadline_rule.py DEMO_STATUSES); each ministry's and member's row agrees with the
    set pages."""
    overdue = [s for s in data.sets if s["status"] == "overdue"]
    still_open = [s for s in data.sets if s["status"] in ("open", "open_extended")]
    assert (len(overdue), len(still_open)) == (4, 7)
    for dim, key in (("ministry", "ministries"), ("party", "parties")):
        rows = defaultdict(lambda: [0, 0])
        for r in data.timeliness[dim]:
            rows[r[dim]][0] += r["currently_overdue"]
            rows[r[dim]][1] += r["still_open"]
        for name, (n_overdue, n_open) in rows.items():
            assert n_overdue == sum(1 for s in overdue if name in (s[key] or [])), (dim, name)
            assert n_open == sum(1 for s in still_open if name in (s[key] or [])), (dim, name)
    members = {r["member_id"]: r["currently_overdue"] for r in data.timeliness["member"]}
    assert sum(members.values()) == sum(len(s["members"]) for s in overdue)


def test_each_answer_paragraph_is_its_own_paragraph(site: Path) -> None:
    """Paragraphs per answer of 2022Z00634, counted by hand on the seed page
    (tests/fixtures/kamervraag-page.2022Z00634.txt): answers 1–4 one each, 5 four, 6 five, 7 two."""
    tree = html.fromstring((site / "vragen" / "2022Z00634" / "index.html").read_bytes())
    counts = [len(tree.xpath(f'//div[@id="vraag-{n}"]//div[@class="antwoord"]/p[not(@class="label")]'))
              for n in range(1, 8)]
    assert counts == [1, 1, 1, 1, 4, 5, 2]
    sixth = tree.xpath('//div[@id="vraag-6"]//div[@class="antwoord"]/p')[2].text_content()
    assert sixth.startswith("In het najaar van 2021 is een collectieve norm")


def test_indexes_are_ranked_by_share_late(demo_db: Path, site: Path) -> None:
    """The ministries index lists each ministry by full name and abbreviation, ranked by the share of
    its decided sets that came late (answered late or overdue now), counted here from the statuses
    as of TODAY; then by overdue now, then by sets."""
    with open_read(demo_db) as con:
        rows = con.execute("""
            SELECT m, count(*) AS sets,
                   count(*) FILTER (WHERE status IN ('answered_on_time', 'answered_within_extension',
                                                     'answered_late', 'overdue')) AS decided,
                   count(*) FILTER (WHERE status IN ('answered_late', 'overdue')) AS late,
                   count(*) FILTER (WHERE status = 'overdue') AS overdue
            FROM questions_as_of(DATE '2026-11-24'), unnest(ministries) AS t(m) GROUP BY m""").fetchall()
    expected = sorted(rows, key=lambda r: (-r[3] / r[2], -r[4], -r[1]))
    tree = html.fromstring((site / "ministeries" / "index.html").read_bytes())
    got = [[td.text_content() for td in tr.xpath("td")] for tr in tree.xpath("//table[@id='overzicht']/tbody/tr")]
    assert [re.fullmatch(r".+ \((\w+)\)", r[0]).group(1) for r in got] == [r[0] for r in expected]
    assert [r[1:] for r in got] == [[str(r[1]), str(r[2]), f"{round(100 * r[3] / r[2])}%", str(r[4])]
                                    for r in expected]
    assert got[0][0] == "Volksgezondheid, Welzijn en Sport (VWS)"  # schemas/ministries.csv, by hand
    heads = tree.xpath("//table[@id='overzicht']/thead//th")
    assert [th.get("aria-sort") for th in heads] == [None, None, None, "descending", None]
    assert len(tree.xpath("//table[@id='overzicht']/thead//th/button")) == 5  # sortable by a click


def test_open_lists_show_the_due_date_and_late_lists_the_days_late(site: Path) -> None:
    """2026Z90003 (JenV): delay notice, extended due 2026-12-06; 2026Z90002 (VWS): overdue by 4 days
    (the module docstring)."""
    jenv = html.fromstring((site / "ministeries" / "jenv" / "index.html").read_bytes())
    row = jenv.xpath("//table[caption='Nog binnen de (verlengde) termijn']//tr[td/a='2026Z90003']")[0]
    assert row.xpath("td[@data-label='Termijn tot en met']")[0].text_content() == "6 december 2026 (verlengd)"
    vws = html.fromstring((site / "ministeries" / "vws" / "index.html").read_bytes())
    assert vws.xpath("//h1/text()") == ["Volksgezondheid, Welzijn en Sport (VWS)"]
    for caption in ("Zonder antwoord na de (verlengde) termijn", "De 10 meest recent ingediende vragen"):
        row = vws.xpath(f"//table[caption='{caption}']//tr[td/a='2026Z90002']")
        assert row and row[0].xpath("td[@data-label='Dagen te laat']")[0].text_content() == "4", caption


def test_every_table_can_be_downloaded(site: Path) -> None:
    """Beside every table of every page: a CSV and a JSON file with the table's rows (as many rows)."""
    tables = 0
    for page in sorted(site.rglob("*.html")):
        tree = html.fromstring(page.read_bytes())
        for region in tree.xpath("//div[contains(@class, 'tabel-vak')]"):
            tables += 1
            where = f"{page.relative_to(site)}: {region.get('aria-label')}"
            links = region.getnext()
            assert links is not None and links.get("class") == "download", where
            csv_href, json_href = links.xpath("a/@href")[:2]  # then "Hoe wij tellen"
            assert csv_href.endswith(".csv") and json_href == csv_href.removesuffix(".csv") + ".json", where
            rows = len(region.xpath(".//tbody/tr"))
            with (page.parent / csv_href).open(encoding="utf-8", newline="") as fh:
                got = list(csv.DictReader(fh))
            assert len(got) == rows, where
            assert json.loads((page.parent / json_href).read_text(encoding="utf-8")) == [
                {k: json_value(v) for k, v in r.items()} for r in got], where
    group_pages = len(list(site.glob("*/*/index.html"))) - len(list(site.glob("vragen/*/index.html")))
    assert tables >= group_pages + 5 + 3  # a recent list on each group page, every index, the home page's 3


def json_value(text: str) -> object:
    """A CSV cell as the JSON file writes it (empty: null; a number or true/false as such)."""
    if text == "":
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def test_a_ministry_timeliness_csv_is_the_view(demo_db: Path, site: Path) -> None:
    """The CSV next to VWS's timeliness table equals VWS's rows of timeliness_by_ministry as of the
    site's day, compared in DuckDB (read with the view's column types; NULL for an empty cell)."""
    path = site / "ministeries" / "vws" / "tijdigheid.csv"
    with open_read(demo_db) as con, questions_as_of(con, TODAY):
        types = {name: kind for name, kind, *_ in con.execute("DESCRIBE timeliness_by_ministry").fetchall()}
        header = path.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        assert header == list(types)  # the view's columns, in its order
        csv_rows = f"read_csv('{path}', header = true, columns = {types!r})"
        view_rows = "(SELECT * FROM timeliness_by_ministry WHERE ministry = 'VWS')"
        counts = con.execute(f"SELECT (SELECT count(*) FROM {csv_rows}), (SELECT count(*) FROM {view_rows}), "
                             f"(SELECT count(*) FROM (FROM {csv_rows} EXCEPT ALL FROM {view_rows})), "
                             f"(SELECT count(*) FROM (FROM {view_rows} EXCEPT ALL FROM {csv_rows}))").fetchone()
    assert counts[0] == counts[1] >= 1 and counts[2:] == (0, 0)


def test_the_demo_site_says_it_is_partly_made_up(site: Path) -> None:
    """Every page of the demo site carries the banner; the made-up notice number 9001 of the REAL set
    2022Z00634 (replay/demo_corpus.py SEED_NOTICE_NR) is marked where it shows, a SYNTHETIC set
    (2026Z90002) on its page and in lists, the REAL ones (2022Z00634, 2021Z09739) not."""
    pages = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) >= 52 + 5 + 2  # the demo's 52 set pages (expected_internal_links), 5 indexes, home, search
    for page in pages:
        assert html.fromstring(page.read_bytes()).xpath("//div[@id='demo-banner']"), page
    seed = html.fromstring((site / "vragen" / "2022Z00634" / "index.html").read_bytes())
    marked = seed.xpath("//article//span[@class='verzonnen']/preceding-sibling::*[1]/text()")
    assert marked == ["Mededeling ah-tk-20212022-9001", "ah-tk-20212022-9001"]  # the notice and timeline
    assert seed.xpath("//*[@id='verzonnen-vraag']") == []
    for real in ("2021Z09739", "2022Z00634"):
        page = html.fromstring((site / "vragen" / real / "index.html").read_bytes())
        assert page.xpath("//*[@id='verzonnen-vraag']") == [], real
    synthetic = html.fromstring((site / "vragen" / "2026Z90002" / "index.html").read_bytes())
    assert synthetic.xpath("//*[@id='verzonnen-vraag']")
    vws = html.fromstring((site / "ministeries" / "vws" / "index.html").read_bytes())
    assert vws.xpath("//td[a='2026Z90002']/span[@class='verzonnen']")


def test_a_site_of_the_real_samples_alone_has_no_banner(tmp_path: Path) -> None:
    """The replay of the REAL samples only (replay/demo_corpus.py CorpusBuilder.add_real): no banner,
    nothing marked made up."""
    mp = pytest.MonkeyPatch()
    mp.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    db = tmp_path / "real.duckdb"
    try:
        with ReplayServer() as server:
            CorpusBuilder(server).add_real()
            result = run_ingest(IngestOptions(db=str(db), sru_url=server.sru_url, since=date(1990, 1, 1),
                                              until=TODAY, texts_per_run=0))
    finally:
        mp.undo()
    assert result["outcome"] == "success"
    with open_read(db) as con:
        data = read_site_data(con, TODAY)
    assert data.synthetic == {} and [s["vraagnummer"] for s in data.sets] == ["2021Z09739"]
    out = tmp_path / "site"
    build_site(data, out, now=NOW, search=False)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "demo-banner" not in text and "verzonnen" not in text, page
