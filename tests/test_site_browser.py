"""The published site as a person sees it: headless Chromium (Debian's /usr/bin/chromium through
Playwright, as tests/test_report.py) on the site built from the demo corpus, served from a local
loopback HTTP server (Pagefind's search fetches its index, which browsers refuse over file://).

Every request that leaves the site's own origin is aborted and recorded (none may occur); axe-core
(shipped inside the axe-playwright-python package) must find no serious or critical violation;
screenshots of the home page and of one set page are written under the test's tmp output.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from publish.build import build_site
from tests.browser import chromium_context, needs_chromium
from tests.png_stats import pixel_stats
from tests.site_data import TODAY
from warehouse.read import open_read
from warehouse.site_read import read_site_data

pytestmark = [pytest.mark.browser, needs_chromium]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db = demo_db
    out = tmp_path_factory.mktemp("site-browser-out") / "site"
    with open_read(db) as con:
        data = read_site_data(con, TODAY)
    result = build_site(data, out, now=datetime(2026, 11, 24, 12, tzinfo=UTC), search=True)
    assert result.search_indexed and (out / "pagefind" / "2026" / "pagefind-ui.js").is_file()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", out
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    yield from chromium_context(tmp_path_factory, 1100)


def open_page(context: object, base: str, path: str, width: int | None = None) -> tuple[object, list[str], list[str]]:
    """Open `base + path` (in a `width` × 900 viewport if given); return the page, its errors and
    every request that left the site."""
    page = context.new_page()  # type: ignore[attr-defined]
    if width:
        page.set_viewport_size({"width": width, "height": 900})
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.route(re.compile(rf"^(?!{re.escape(base)}|data:|blob:|about:).*"),
               lambda route: (outside.append(route.request.url), route.abort()))
    page.goto(base + path)
    page.wait_for_load_state("load")
    return page, errors, outside


def no_serious_violations(page: object) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']}" for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


def test_home_page(browser: object, served: tuple[str, Path], tmp_path: Path) -> None:
    base, _ = served
    page, errors, outside = open_page(browser, base, "index.html")
    assert page.locator("#stand").inner_text() == "24 november 2026"
    assert page.locator("#te-laat-per-ministerie tbody tr").count() == 2
    shot = tmp_path / "home.png"
    page.screenshot(path=str(shot), full_page=True)
    stats = pixel_stats(shot.read_bytes())
    assert stats.height > 900 and stats.distinct_colours > 20
    assert no_serious_violations(page) == []
    assert errors == [] and outside == []
    page.close()


def test_set_page_of_2022Z00634(browser: object, served: tuple[str, Path], tmp_path: Path) -> None:
    base, _ = served
    page, errors, outside = open_page(browser, base, "vragen/2022Z00634/")
    assert page.locator("#beantwoord").inner_text() == "25 februari 2022 (na 38 dagen)"
    # the seed page (tests/fixtures/kamervraag-page.2022Z00634.txt): "Indieners Hilde Palland (CDA),
    # Inge van Dijk (CDA)", seven questions, "Mededeling - 8 februari 2022", "Hierbij deel ik u mede …"
    assert page.locator("h1").inner_text() == (
        "Het bericht ‘Verdrievoudiging van bedreigingen en geweld tegen gemeenteraadsleden’")
    assert page.locator("#indieners").inner_text() == "Hilde Palland (CDA), Inge van Dijk (CDA)"
    assert page.locator("#beantwoord-door").inner_text() == (
        "Hanke Bruins Slot (Minister, BZK), Dilan Yeşilgöz-Zegerius (Minister, JenV)")
    assert page.locator("h2", has_text="Uitstelbericht van 8 februari 2022").count() == 1
    assert page.locator(".uitstel blockquote").inner_text().startswith(
        "Hierbij deel ik u mede dat de aan mij en de Minister van Justitie en Veiligheid gestelde vragen")
    assert page.locator(".vraag").count() == 7
    assert page.locator("#vraag-1 .vraagtekst").inner_text() == (
        "Heeft u kennisgenomen van het bericht «Verdrievoudiging van bedreigingen en geweld tegen "
        "gemeenteraadsleden»?")  # the seed's "…»?1" without its footnote mark
    assert page.locator("#vraag-7 .antwoord").inner_text().endswith(
        "zal de Minister van Justitie en Veiligheid het wetsvoorstel doe toekomen aan uw Kamer.")
    page.screenshot(path=str(tmp_path / "set-2022Z00634.png"), full_page=True)
    topics = page.locator("#onderwerpen a")
    assert topics.all_inner_texts() == ["Bestuur | Gemeenten", "Openbare orde en veiligheid | Organisatie en beleid"]
    topics.first.click()  # a topic leads to its page, which lists the set
    page.wait_for_load_state("load")
    assert page.url == base + "onderwerpen/bestuur-gemeenten/index.html"
    assert page.locator("h1").inner_text() == "Bestuur | Gemeenten"
    assert page.locator("a", has_text="2022Z00634").count() >= 1
    page.go_back()
    page.wait_for_load_state("load")
    page.locator("#indieners a", has_text="Hilde Palland").click()  # the member's page (a person)
    page.wait_for_load_state("load")
    assert page.url == base + "leden/palland/index.html" and page.locator("h1").inner_text() == "Hilde Palland"
    page.locator("#partij a").click()  # and from there the party page
    page.wait_for_load_state("load")
    assert page.url == base + "partijen/cda/index.html" and page.locator("h1").inner_text() == "CDA"
    assert no_serious_violations(page) == []
    assert errors == [] and outside == []
    page.close()


def test_ministry_page(browser: object, served: tuple[str, Path]) -> None:
    base, _ = served
    page, errors, outside = open_page(browser, base, "ministeries/vws/index.html")
    assert page.locator("h1").inner_text() == "Volksgezondheid, Welzijn en Sport (VWS)"
    overdue = page.locator("table").filter(has_text="Zonder antwoord").locator("tbody tr td:first-child a")
    assert sorted(overdue.all_inner_texts()) == ["2026Z90002", "2026Z90010", "2026Z91002"]
    assert page.locator("a[href$='agenda/vws.ics']").count() == 1
    assert no_serious_violations(page) == []
    assert errors == [] and outside == []
    page.close()


def test_search_finds_a_word_from_an_answer(browser: object, served: tuple[str, Path]) -> None:
    base, _ = served
    page, errors, outside = open_page(browser, base, "zoeken/index.html")
    box = page.locator(".pagefind-ui__search-input")
    box.fill("zomer")  # only in answers ("Voor de zomer.")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=30_000)
    links = page.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert page.locator(".pagefind-ui__search-clear").inner_text() == "Wissen"  # not Pagefind's "Reset"
    assert re.fullmatch(r"\d+ resultaten? voor zomer", page.locator(".pagefind-ui__message").inner_text())
    assert links and all(re.search(r"/vragen/20\d\dZ\d{5}/", href) for href in links), links
    box.fill("gemeenteraadsleden")  # the title of 2022Z00634 only
    page.wait_for_function("""() => { const r = document.querySelectorAll('.pagefind-ui__result-link');
        return r.length === 1 && r[0].getAttribute('href').includes('2022Z00634'); }""", timeout=30_000)
    box.fill("woningscan")  # only in the seed page's answer 6 ("de kosteloze woningscan")
    page.wait_for_function("""() => { const r = document.querySelectorAll('.pagefind-ui__result-link');
        return r.length === 1 && r[0].getAttribute('href').includes('2022Z00634'); }""", timeout=30_000)
    assert no_serious_violations(page) == []
    assert errors == [] and outside == []
    page.close()


def demo_pages(out: Path) -> list[str]:
    """Every kind of page of the demo site: home, a set, one page of each group, every index, search."""
    pages = ["index.html", "vragen/2022Z00634/index.html", "vragen/2026Z90002/index.html", "zoeken/index.html",
             "methode/index.html"]
    for folder in ("ministeries", "partijen", "onderwerpen", "leden", "bewindspersonen"):
        assert (out / folder / "index.html").is_file(), folder
        pages.append(f"{folder}/index.html")
        first = min(p.parent.name for p in (out / folder).glob("*/index.html"))
        pages.append(f"{folder}/{first}/index.html")
    pages.append("ministeries/vws/index.html")  # the widest: its timeliness table per year
    return pages


@pytest.mark.parametrize("width", [360, 1280])
def test_no_page_is_wider_than_the_screen(browser: object, served: tuple[str, Path], width: int) -> None:
    """At 360 px (a small phone) and 1280 px no page scrolls sideways; a wide table scrolls inside its
    own labelled, focusable region (and fits on a desktop); axe finds no serious violation."""
    base, out = served
    for path in demo_pages(out):
        page, errors, outside = open_page(browser, base, path, width)
        wide = page.evaluate("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        assert wide <= width, f"{path} is {wide} px wide at {width} px"
        regions = page.locator("div.tabel-vak")
        for i in range(regions.count()):
            region = regions.nth(i)
            assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
            assert region.get_attribute("aria-label")
        assert page.locator("table").count() == regions.count(), f"{path}: a table outside a region"
        charts = page.locator("svg.grafiek")  # the answer-time charts (issue 23) scale to the screen
        no_charts = path.startswith(("vragen/", "zoeken/", "methode/")) or path.count("/") == 1  # an index
        assert charts.count() == (0 if no_charts else 2), path
        for i in range(charts.count()):
            box = charts.nth(i).bounding_box()
            assert box and box["x"] >= 0 and box["width"] > 100 and box["x"] + box["width"] <= width, path
        if width >= 1280:  # on a desktop no table needs its own scroll bar
            clipped = page.evaluate("""() => [...document.querySelectorAll('div.tabel-vak')]
                .filter(d => d.scrollWidth > d.clientWidth).map(d => d.getAttribute('aria-label'))""")
            assert clipped == [], f"{path}: {clipped}"
        assert no_serious_violations(page) == [], path
        assert errors == [] and outside == [], path
        page.close()
    page, _, _ = open_page(browser, base, "index.html", width)  # "Deze week te laat geworden" on a phone
    week = page.locator("#deze-week").locator("xpath=..").locator("tbody tr").first
    for label in ("Status", "Dagen te laat"):
        box = week.locator(f"td[data-label='{label}']").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width and box["height"] > 0, label


@pytest.mark.parametrize("term", [
    "2022Z00634",  # its number
    "Palland",  # a submitter (the seed page: "Hilde Palland (CDA)")
    "Yeşilgöz-Zegerius",  # an answering minister (the seed page)
    "gemeenteraadsleden",  # its title
])
def test_search_finds_a_set_in_an_older_year_by_number_names_and_title(browser: object, served: tuple[str, Path],
                                                                      term: str) -> None:
    """The index is one bundle per year (pagefind/2026/ loaded first, 2022 and 2021 merged in):
    2022Z00634 is found through a merged bundle by each of these."""
    base, out = served
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == ["2021", "2022", "2026"]
    page, errors, outside = open_page(browser, base, "zoeken/index.html")
    page.locator(".pagefind-ui__search-input").fill(term)
    page.wait_for_function("""() => [...document.querySelectorAll('.pagefind-ui__result-link')]
        .some(a => a.getAttribute('href').includes('/vragen/2022Z00634/'))""", timeout=30_000)
    assert errors == [] and outside == []
    page.close()
