"""Atomic publish (publish/publisher.py): a failed or killed build leaves the served site as it was.

The demo corpus (tests/site_data.py) is built once; then a build that fails midway (an exception
after files were written) and a build killed midway with a real SIGKILL (in a child process that
reports when it has written files, then waits to be killed) must leave every served file
byte-for-byte as it was, and the next build must publish normally.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from icalendar import Calendar
from lxml import etree, html

import publish.build
from publish.build import build_site
from publish.publisher import builds_dir, current_build
from tests.harness import EXE
from tests.site_data import TODAY
from warehouse.read import open_read
from warehouse.site_read import read_site_data

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[1]
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def data(demo_db: Path):
    with open_read(demo_db) as con:
        return read_site_data(con, TODAY)


def snapshot(out: Path) -> dict[str, str]:
    """Every file served under `out` (through its link), as path → sha256."""
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def retitled(data, vraagnummer: str, title: str):
    changed = copy.deepcopy(data)
    next(s for s in changed.sets if s["vraagnummer"] == vraagnummer)["title"] = title
    return changed


def test_published_folder_is_a_link_switched_to_a_complete_build(data, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = build_site(data, out, now=NOW, search=False)
    assert out.is_symlink() and first.out == out
    build1 = current_build(out)
    assert build1 is not None and build1.parent == builds_dir(out)
    before = snapshot(out)
    assert len(before) == first.pages + 1  # the pages plus the manifest
    second = build_site(retitled(data, "2026Z90002", "Een nieuwe titel"), out, now=NOW, search=False)
    build2 = current_build(out)
    assert build2 != build1 and not build1.exists()  # the previous build is removed after the switch
    assert sorted(os.listdir(builds_dir(out))) == [build2.name]
    after = snapshot(out)
    assert {k for k in after if after[k] != before.get(k)} == set(second.written_files) | {".site-manifest.json"}
    # an unchanged file is the same inode (a hard link), a rewritten one a new file
    assert (build2 / "vragen/2026Z90001/index.html").stat().st_nlink == 1
    assert "Een nieuwe titel" in (out / "vragen/2026Z90002/index.html").read_text("utf-8")


def test_a_plain_folder_from_before_is_adopted(data, tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / "vragen").mkdir(parents=True)
    (out / "oud.txt").write_text("van voor de atomaire publicatie")
    build_site(data, out, now=NOW, search=False)
    assert out.is_symlink() and (out / "oud.txt").read_text() == "van voor de atomaire publicatie"
    assert (out / "vragen/2022Z00634/index.html").is_file()
    assert [p.name for p in builds_dir(out).iterdir()] == [current_build(out).name]


def test_a_failing_build_leaves_the_previous_site_as_it_was(data, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    build_site(data, out, now=NOW, search=False)
    served, before = current_build(out), snapshot(out)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(publish.build, "_home", broken)  # after every set page and feed was written
    with pytest.raises(RuntimeError, match="disk full"):
        build_site(retitled(data, "2026Z90002", "Half gebouwd"), out, now=NOW, search=False)
    assert current_build(out) == served and snapshot(out) == before
    assert os.listdir(builds_dir(out)) == [served.name]  # the staging folder is gone


KILLED_BUILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from datetime import date
    import publish.output
    from publish.build import build_site
    from warehouse.read import open_read
    from warehouse.site_read import read_site_data

    emit, written = publish.output.Output.emit, []

    def emit_then_wait(self, rel, data, render):
        done = emit(self, rel, data, render)
        if done:
            written.append(rel)
        if len(written) == 5:
            print("midway", self.root, flush=True)
            sys.stdin.read()  # wait here until killed
        return done

    publish.output.Output.emit = emit_then_wait
    with open_read({db!r}) as con:
        data = read_site_data(con, date(2026, 12, 31))  # every open set overdue: pages change
    build_site(data, {out!r}, search=False)
""")


def test_a_build_killed_midway_leaves_the_previous_site_served(data, demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(data, out, now=NOW, search=False)
    served, before = current_build(out), snapshot(out)
    script = KILLED_BUILD.format(root=str(ROOT), db=str(demo_db), out=str(out))
    child = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
    try:
        line = child.stdout.readline()
        assert line.startswith("midway "), line
        stage = Path(line.split(" ", 1)[1].strip())
        assert stage.parent == builds_dir(out) and len(list(stage.rglob("*.html"))) > 0
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
    assert current_build(out) == served and snapshot(out) == before
    assert stage.exists()  # left behind by the killed build …
    build_site(data, out, now=NOW, search=False)
    assert not stage.exists()  # … and removed by the next one
    assert snapshot(out) == before  # same data, same site


def test_serve_shows_the_built_site_on_loopback(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    child = subprocess.Popen([EXE, "site", str(out), "--db", str(demo_db), "--as-of", "2026-11-24", "--no-search",
                              "--serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        built = child.stdout.readline()
        assert built.startswith("site: ") and "written" in built, built + child.stderr.read()
        serving = child.stdout.readline()
        assert serving.startswith(f"site: serving {out} at http://127.0.0.1:"), serving
        url = serving.split(" at ", 1)[1].split()[0]
        with httpx.Client(base_url=url, trust_env=False) as client:
            page = client.get("vragen/2022Z00634/")
            assert page.status_code == 200
            assert page.content == (out / "vragen/2022Z00634/index.html").read_bytes()
            assert client.get("feeds/alles.atom").content == (out / "feeds/alles.atom").read_bytes()
            assert client.get("vragen/2099Z99999/").status_code == 404
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=60) == 0
    finally:
        if child.poll() is None:
            child.kill()


BASE = "https://example.org/kv/"


def served_file(out: Path, url: str) -> Path:
    """The built file `url` (under BASE) resolves to: a folder's index.html."""
    assert url.startswith(BASE), url
    path = out / unquote(url.removeprefix(BASE))
    return path / "index.html" if url.endswith("/") else path


@pytest.fixture(scope="module")
def based_site(data, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("based") / "site"
    build_site(data, out, now=NOW, search=False, base_url="https://example.org/kv")  # the slash is added
    return out


def test_with_a_base_url_every_feed_link_is_absolute_and_resolves(demo_db: Path, based_site: Path) -> None:
    # the sets with an event by TODAY, from the database: answered, a delay notice, or past the
    # (extended) due date without an answer or withdrawal by then (answered late, overdue, withdrawn late)
    with open_read(demo_db) as con:
        with_events = {vn for (vn,) in con.execute(
            "SELECT vraagnummer FROM status_as_of(DATE '2026-11-24') WHERE answered_on IS NOT NULL "
            "OR delay_notice_on IS NOT NULL OR status IN ('answered_late', 'overdue') "
            "OR withdrawn_on > effective_due_on").fetchall()}
    assert "2022Z00634" in with_events and "2026Z90002" in with_events
    entry_links: set[str] = set()
    for path in sorted((based_site / "feeds").glob("*.atom")):
        root = etree.fromstring(path.read_bytes())
        feed_links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
        assert feed_links == {"self": f"{BASE}feeds/{path.name}", "alternate": BASE}
        assert served_file(based_site, feed_links["self"]) == based_site / "feeds" / path.name
        for link in root.findall(f"{ATOM}entry/{ATOM}link"):
            entry_links.add(link.get("href"))
    assert entry_links == {f"{BASE}vragen/{vn}/" for vn in with_events}
    assert all(served_file(based_site, url).is_file() for url in entry_links)


def test_with_a_base_url_calendar_events_link_to_the_set_pages(demo_db: Path, based_site: Path) -> None:
    with open_read(demo_db) as con:
        still_due = {vn for (vn,) in con.execute(
            "SELECT vraagnummer FROM status_as_of(DATE '2026-11-24') "
            "WHERE status IN ('open', 'open_extended', 'overdue') AND due_on IS NOT NULL").fetchall()}
    assert {"2026Z90001", "2026Z90002", "2026Z90003"} <= still_due
    urls = {str(e["url"]) for path in (based_site / "agenda").glob("*.ics")
            for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert urls == {f"{BASE}vragen/{vn}/" for vn in still_due}
    assert all(served_file(based_site, url).is_file() for url in urls)


def test_with_a_base_url_pages_are_canonical_and_in_the_sitemap(based_site: Path) -> None:
    pages = sorted(p for p in based_site.rglob("*.html") if "pagefind" not in p.parts)
    expected = set()
    for page in pages:
        rel = page.relative_to(based_site).as_posix()
        hrefs = html.fromstring(page.read_bytes()).xpath("//link[@rel='canonical']/@href")
        assert hrefs == [BASE + rel.removesuffix("index.html")], rel
        expected.add(hrefs[0])
    index = etree.fromstring((based_site / "sitemap.xml").read_bytes())
    parts = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert f"{BASE}sitemaps/vragen-2022.xml" in parts and f"{BASE}sitemaps/paginas.xml" in parts
    listed = [loc.text for part in parts
              for loc in etree.fromstring(served_file(based_site, part).read_bytes()).iter(f"{SITEMAP}loc")]
    assert sorted(listed) == sorted(expected)
    assert all(served_file(based_site, url).is_file() for url in listed)


def test_without_a_base_url_the_site_stays_relative(data, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(data, out, now=NOW, search=False)
    assert not (out / "sitemap.xml").exists() and not (out / "sitemaps").exists()
    page = (out / "vragen/2022Z00634/index.html").read_bytes()
    assert html.fromstring(page).xpath("//link[@rel='canonical']") == []
    jenv = {str(e["uid"]): str(e["url"]) for e in Calendar.from_ical((out / "agenda/jenv.ics").read_bytes())
            .walk("VEVENT")}
    assert jenv["2026Z90003-termijn@kamervragen"].startswith("https://zoek.officielebekendmakingen.nl/")


def test_cli_refuses_a_base_url_that_is_not_http(demo_db: Path, tmp_path: Path) -> None:
    done = subprocess.run([EXE, "site", str(tmp_path / "site"), "--db", str(demo_db), "--base-url", "ftp://x/"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "is not an http(s) address" in done.stderr
    assert not (tmp_path / "site").exists()


def test_a_new_day_rewrites_only_what_the_day_changes(demo_db: Path, tmp_path: Path) -> None:
    """From 24 to 25 November no document arrives and no deadline passes (the next, 2026Z90001's, is
    5 December), so no status changes; only the four sets overdue on the 24th (tests/test_site.py:
    4 overdue as of TODAY) are one day later. By hand, from replay/demo_corpus.py's scenario: their
    pages (days late), the group pages listing them (ministry, party, member; 2026Z90004 also its
    minister Heinen, who sent its delay notice) and the home page. No feed (no new event), no
    calendar (no status change), no index (no count changes), no answered or open set's page."""
    with open_read(demo_db) as con:
        day, next_day = read_site_data(con, TODAY), read_site_data(con, date(2026, 11, 25))
    out = tmp_path / "site"
    first = build_site(day, out, now=NOW, search=False)
    answered = out / "vragen/2022Z00634/index.html"
    inode = answered.stat().st_ino
    assert "Stand van" not in answered.read_text("utf-8")
    second = build_site(next_day, out, now=NOW + timedelta(days=1), search=False)
    groups = ["bewindspersonen/heinen",  # 2026Z90004 (FIN, D66, Synthetisch; notice by Heinen)
              "leden/demo",  # 2026Z90010 (VWS, PVV, member Demo)
              "leden/synthetisch",  # 2026Z90002, 2026Z91002, 2026Z90004
              "ministeries/fin", "ministeries/vws", "partijen/d66", "partijen/pvv"]
    # and the downloads of the tables that show days late: each such group page's overdue, recent and
    # timeliness tables (median days overdue), and the home page's "deze week" table
    downloads = [f"{g}/{table}.{ext}" for g in groups for table in ("nu-te-laat", "recent", "tijdigheid")
                 for ext in ("csv", "json")] + ["deze-week.csv", "deze-week.json"]
    # The answer-time chart (issue 23) of a group with an open set can move too: one day more without
    # an answer puts that set at risk on a later day, and where another set was answered on that day the
    # Kaplan–Meier step changes. Which groups' steps moved, read from the warehouse's own curve:
    moved = curve_moved(demo_db, TODAY, date(2026, 11, 25))
    assert {"partijen/pvv", "ministeries/vws", "leden/synthetisch"} <= moved  # 2026Z90002/90010 open
    charts = [f"{g}/antwoordtijd.{ext}".removeprefix("/") for g in moved for ext in ("csv", "json")]
    pages = [f"{g}/index.html" for g in moved if g and g not in groups]
    assert sorted(second.written_files) == sorted([
        *(f"{g}/index.html" for g in groups), "index.html",
        "vragen/2026Z90002/index.html", "vragen/2026Z90004/index.html", "vragen/2026Z90010/index.html",
        "vragen/2026Z91002/index.html", *downloads, *charts, *pages])
    assert (second.removed, second.unchanged) == (0, first.pages - 12 - len(downloads) - len(charts) - len(pages))
    assert answered.stat().st_ino == inode  # the very same file, linked into the new build
    assert "Stand van 25 november 2026" in (out / "index.html").read_text("utf-8")
    assert "Stand van 25 november 2026" in (out / "vragen/2026Z90002/index.html").read_text("utf-8")


def curve_moved(db: Path, day: date, next_day: date) -> set[str]:
    """The folders of the pages ('' for home) whose Kaplan–Meier steps up to day 90 differ between the
    two days (answer_time_curve, the warehouse's definition; groups without a page left out)."""
    folders = {"all": "", "ministry": "ministeries", "party": "partijen", "member": "leden",
               "minister": "bewindspersonen", "topic": "onderwerpen"}
    steps = []
    with open_read(db) as con:
        for d in (day, next_day):
            steps.append(set(con.execute(
                "SELECT dimension, value, t, round(survival, 9) FROM answer_time_curve(CAST(? AS DATE)) "
                "WHERE answered > 0 AND t <= 90", [d]).fetchall()))
    changed = {(dim, value) for dim, value, _, _ in steps[0] ^ steps[1] if dim in folders}
    return {folders[dim] if dim == "all" else f"{folders[dim]}/{publish.build.slug(value)}"
            for dim, value in changed if dim == "all" or value is not None}


def test_a_streamed_build_is_the_same_site(demo_db: Path, data, tmp_path: Path) -> None:
    """The sets' full rows and texts read from the database 7 sets at a time while the pages are
    written, beside the summary rows the lists use (as the CLI and the ingest flow build), make the
    very same files as everything held in memory."""
    build_site(data, tmp_path / "memory", now=NOW, search=False)
    with open_read(demo_db) as con:
        streamed = read_site_data(con, TODAY, stream=True)
        streamed.texts.chunk = 7
        build_site(streamed, tmp_path / "streamed", now=NOW, search=False)
    memory, streamed = snapshot(tmp_path / "memory"), snapshot(tmp_path / "streamed")
    # the manifest differs (the lists' inputs are the sets' summary rows there, the full rows here)
    assert memory.pop(".site-manifest.json") != streamed.pop(".site-manifest.json")
    # 192 pages, feeds, calendars (+ the method page); 194 downloads, + the glossary's 2, + 2 × 2 for the
    # charts of the home page and of each of the 36 group pages (every group has a Tweede Kamer set)
    assert len(memory) == 192 + 194 + 2 + 37 * 4 and streamed == memory


def test_search_bundles_are_years_and_one_for_numbers_without_a_year(tmp_path: Path) -> None:
    """SYNTHETIC set numbers of each shape the source uses (source.md: TK 2021Z09739 and 2009D25439,
    EK 219200007, old 2989900822): a Tweede Kamer number goes to its year's bundle, every other shape
    to one bundle 'overig', listed last; each page is indexed exactly once."""
    numbers = ["2022Z90001", "2022Z90002", "2009D90003", "221229001", "2989990001", "200019001"]
    for vn in numbers:
        page = tmp_path / "vragen" / vn / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<html lang="nl"><body><main data-pagefind-body><h1>{vn}</h1></main></body></html>')
    bundles = publish.build.search_bundles(numbers)
    assert bundles == ["2022", "2009", "overig"]
    assert publish.build.index_for_search(tmp_path, bundles) is True
    counts = {b: json.loads((tmp_path / "pagefind" / b / "pagefind-entry.json").read_text())["languages"]["nl"]
              ["page_count"] for b in bundles}
    assert counts == {"2022": 2, "2009": 1, "overig": 3}  # 221229001, 2989990001 and 200019001


@pytest.mark.parametrize("inputs", [
    [], [[]], ["set", [{"b": date(2022, 1, 18), "a": [1, 2.5, None]}, {"é": "ë"}], ("x", [])],
    {"k": [[1], [2, [3]]]}, "2022Z00634",
])
def test_inputs_are_hashed_as_their_whole_json_text(inputs) -> None:
    """publish/output.py hashes list items one at a time (a big group page's inputs are never one
    string); the digest is still that of the salt, a NUL and the whole JSON text, so manifests
    written before stay valid."""
    from publish.output import input_hash

    text = json.dumps(inputs, sort_keys=True, default=str, ensure_ascii=False)
    assert input_hash("salt", inputs) == hashlib.sha256(("salt\0" + text).encode()).hexdigest()


def test_the_manifest_is_read_back_line_by_line(tmp_path: Path) -> None:
    """The manifest is a JSON object, one "path": "digest" a line (written and read a line at a time):
    any JSON reader reads it, and it reads back what was written, also in the older form (json.dumps
    with indent=0) and with paths that need escaping; a file that is not one is ignored (all rebuilt)."""
    from publish.output import MANIFEST, Output

    out = Output.open(tmp_path)
    for rel, data in (("vragen/2022Z90001/index.html", [1]), ('a "quoted": name.csv', [2]), ("é/ü.json", [3])):
        out.emit(rel, data, lambda: "x")
    out.finish()
    text = (tmp_path / MANIFEST).read_text(encoding="utf-8")
    assert json.loads(text) == {rel: digest.hex() for rel, digest in out.current.items()}
    assert len(text.splitlines()) == 3 + 2
    assert Output.open(tmp_path).previous == out.current
    (tmp_path / MANIFEST).write_text(json.dumps(json.loads(text), sort_keys=True, indent=0), encoding="utf-8")
    assert Output.open(tmp_path).previous == out.current
    (tmp_path / MANIFEST).write_text("[1, 2]", encoding="utf-8")
    assert Output.open(tmp_path).previous == {}
