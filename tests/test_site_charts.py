"""The site's answer-time charts, outcome categories and method page (issue 23) on the demo site.

Expected values are worked out by hand from the seed page of the REAL set 2022Z00634 (submitted 18
January 2022, delay notice 8 February, answered 25 February: 38 days; tests/fixtures/
kamervraag-page.2022Z00634.txt and replay/demo_data/PROVENANCE.md) and from the glossary file.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree, html

from publish.build import build_site
from publish.dutch import OUTCOME_LABELS
from tests.harness import invoke
from tests.site_data import TODAY
from warehouse.read import open_read
from warehouse.site_read import read_site_data

GLOSSARY = Path(__file__).resolve().parents[1] / "schemas" / "glossary.csv"
# Headers of tables that are not warehouse columns: the sources, the method page's glossary.
NOT_COLUMNS = {"Bron", "Bijgewerkt tot", "Laatst gelezen", "Toestand", "Kolom", "Op de site", "Betekenis",
               "Ministerie", "Partij", "Onderwerp", "Kamerlid", "Bewindspersoon"}  # an index's group column
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def site(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    with open_read(demo_db) as con:
        data = read_site_data(con, TODAY)
    out = tmp_path_factory.mktemp("charts-site") / "out"
    build_site(data, out, search=False)
    return out


def page(site: Path, rel: str) -> html.HtmlElement:
    return html.fromstring((site / rel).read_bytes())


def words(el: html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def table(doc: html.HtmlElement, caption_start: str) -> list[list[str]]:
    """The body rows of the table whose caption starts with `caption_start`, as cell texts."""
    found = [t for t in doc.iter("table") if words(t.find("caption")).startswith(caption_start)]
    assert len(found) == 1, caption_start
    return [[words(td) for td in tr.iter("td")] for tr in found[0].find("tbody").iter("tr")]


def test_palland_shows_2022Z00634_answered_within_the_extended_term_and_categories_that_add_up(site: Path) -> None:
    doc = page(site, "leden/palland/index.html")
    recent = table(doc, "De 1 meest recent")
    assert recent[0][0] == "2022Z00634" and recent[0][3] == "beantwoord binnen de verlengde termijn"
    outcomes = table(doc, "Uitkomsten")
    assert outcomes == [  # one set, seven questions (the seed page numbers them 1–7)
        ["Op tijd beantwoord", "0", "0%", "–"],
        ["Beantwoord binnen de verlengde termijn", "1", "100%", "7"],
        ["Te laat beantwoord", "0", "0%", "–"],
        ["Ingetrokken", "0", "0%", "–"],
        ["Open, binnen de termijn", "0", "0%", "–"],
        ["Open, termijn verstreken", "0", "0%", "–"],
    ]
    # answered on day 38: not by day 21 or 28, by day 42
    assert table(doc, "Aandeel beantwoord na") == [["7", "0%"], ["14", "0%"], ["21", "0%"], ["28", "0%"],
                                                   ["42", "100%"], ["60", "100%"], ["90", "100%"]]
    assert (site / "leden/palland/uitkomsten.csv").read_text(encoding="utf-8").splitlines() == [
        "outcome,sets,share,questions", "answered_on_time,0,0.0,", "answered_within_extension,1,1.0,7",
        "answered_late,0,0.0,", "withdrawn,0,0.0,", "open_within_term,0,0.0,", "open_overdue,0,0.0,"]
    cards = [words(li) for li in doc.xpath("//section[@class='grafieken']//li[@class='kaart']")]
    assert cards == ["38 dagen tot het antwoord (mediaan)", "0% beantwoord binnen 21 dagen",
                     "100% beantwoord binnen 42 dagen", "38,0 dagen gemiddeld (tot 90 dagen)"]
    timeliness = table(doc, "Tijdigheid")
    # sets, answered, median days, on time, within the extension, late: 0 + 100 + 0 = 100 %
    assert timeliness[0][:6] == ["1", "1", "38", "0%", "100%", "0%"]


def test_home_chart_counts_every_set_with_a_term_once(site: Path, demo_db: Path) -> None:
    """The home chart's six counts equal the `outcome` that `kamervragen status` gives each set as of
    the site's day (a second path: the status command's outcome_category, not answer_time_stats)."""
    doc = page(site, "index.html")
    outcomes = table(doc, "Uitkomsten")
    listed = json.loads(invoke("status", "--db", str(demo_db), "--as-of", TODAY.isoformat(),
                               "--format", "json").stdout)
    expected = Counter(s["outcome"] for s in listed if s["outcome"] is not None)
    assert expected["answered_within_extension"] >= 1  # 2022Z00634 among them
    labels = dict(zip(OUTCOME_LABELS.values(), OUTCOME_LABELS, strict=True))
    assert {labels[row[0]]: int(row[1].replace(".", "")) for row in outcomes} == {
        name: expected[name] for name in OUTCOME_LABELS}
    caption = words(doc.get_element_by_id("antwoordtijd-uitkomst"))
    assert f"Uitkomst van de {sum(expected.values())} vragen" in caption
    # the sets whose verdict needs review are said above the charts (they count in them)
    review = sum(1 for s in listed if s["outcome"] is not None and s["needs_review"])
    assert review >= 1  # 2021Z09739 (tests/test_site.py: the REAL answer without its question record)
    assert words(doc.get_element_by_id("antwoordtijd-controleren")).startswith(
        f"⚠ {review} van deze {sum(expected.values())} vragen {'is' if review == 1 else 'zijn'} te controleren")
    assert page(site, "leden/palland/index.html").xpath("//*[@id='antwoordtijd-controleren']") == []
    # each share is its count over the sets, as the page rounds it (whole percents)
    total = sum(expected.values())
    assert [row[2] for row in outcomes] == [f"{round(100 * expected[name] / total)}%" for name in OUTCOME_LABELS]


def test_charts_are_plain_labelled_svg(site: Path) -> None:
    """Each chart is an image labelled by its caption, with no script and nothing loaded from outside."""
    pages = ["index.html", "leden/palland/index.html", "ministeries/bzk/index.html", "partijen/cda/index.html"]
    for rel in pages:
        doc = page(site, rel)
        svgs = doc.xpath("//svg")
        assert len(svgs) == 2, rel
        for svg in svgs:
            assert svg.get("role") == "img"
            caption = doc.get_element_by_id(svg.get("aria-labelledby"))
            assert caption.tag == "figcaption" and svg.getparent() is caption.getparent()
            markup = etree.tostring(svg, encoding="unicode")
            assert "<script" not in markup and "href" not in markup
            assert re.findall(r"https?://[^\s\"']+", markup) in ([], ["http://www.w3.org/2000/svg"]), rel


def test_every_table_header_is_explained_on_the_method_page(site: Path) -> None:
    rows = list(csv.DictReader(GLOSSARY.open(encoding="utf-8")))
    labels = {r["label_nl"]: r["name"] for r in rows}
    assert len(labels) == len(rows)  # one label names one column
    headers = {words(th) for f in site.rglob("*.html") for th in page(site, str(f.relative_to(site))).iter("th")}
    assert headers - set(labels) - NOT_COLUMNS == set()
    method = page(site, "methode/index.html")
    explained = {row[1]: row[0] for row in table(method, "Kolommen en hun betekenis")}
    for header in headers - NOT_COLUMNS:
        assert explained[header] == labels[header]
    for word in ("Binnen twee keer", "90e percentiel"):  # the unexplained terms
        assert not any(word in h for h in headers) or word in words(method)


def test_method_page_is_linked_beside_every_table_and_works_through_2022Z00634(site: Path) -> None:
    for f in site.rglob("*.html"):
        doc = page(site, str(f.relative_to(site)))
        for region in doc.xpath("//div[contains(@class, 'tabel-vak')]"):
            links = region.getnext().xpath(".//a/@href")
            assert any(h.endswith("methode/index.html") for h in links), f
    text = words(page(site, "methode/index.html"))
    for fact in ("18 januari 2022", "8 februari 2022", "1 maart 2022", "25 februari 2022", "38 dagen",
                 "beantwoord binnen de verlengde termijn", "3.078", "46 en daarna 34"):
        assert fact in text, fact
