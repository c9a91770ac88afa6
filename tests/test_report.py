"""`kamervragen report`: a self-contained HTML page, checked in headless Chromium (Debian's package).

The browser test drives /usr/bin/chromium through Playwright's `executable_path` (never
`playwright install`). It skips only when Chromium is absent and CI is not set; in CI it runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from tests.analyst_data import make_db
from tests.browser import chromium_context, needs_chromium, open_page
from tests.harness import invoke, migrated
from tests.png_stats import pixel_stats
from warehouse import connect
from warehouse.read import open_read
from warehouse.report import DAYS_CAP, collect, render_html, write_report
from warehouse.snapshot import publish_snapshot

CHARTS = ("chart-outcomes", "chart-answer-curve", "chart-days-taken", "chart-late-by-ministry",
          "chart-overdue-over-time")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = make_db(tmp_path_factory.mktemp("report") / "kv.duckdb")
    publish_snapshot(path)
    return path


@pytest.fixture(scope="module")
def pages(db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    with open_read(db) as c:
        full = write_report(c, folder / "report.html", source=str(db))
    empty_db = folder / "empty.duckdb"
    migrated(empty_db)
    with open_read(empty_db) as c:
        empty = write_report(c, folder / "empty.html", source=str(empty_db))
    return {"full": full, "empty": empty}


def test_report_numbers_come_from_the_views(db: Path) -> None:
    with open_read(db) as c:
        data = collect(c, now=datetime(2026, 1, 1, tzinfo=UTC))
        # the monthly series equals status_as_of called date by date
        for day, overdue in data.overdue_over_time:
            one = c.execute("SELECT count(*) FROM status_as_of(CAST(? AS DATE)) WHERE status = 'overdue'",
                            [day]).fetchall()
            assert one == [(overdue,)], day
    assert data.overdue_over_time[0] == (date(2022, 1, 1), 0)
    series = dict(data.overdue_over_time)
    assert series[date(2022, 3, 1)] == 1  # 2022Z90003: due 02-22, its answer came only on 04-01
    assert series[date(2022, 4, 1)] == 0  # answered that day; 2022Z90004 is within its extension
    assert series[date(2022, 5, 1)] == 1  # 2022Z90004, past its extended term (04-12)
    assert data.overdue_over_time[-1][1] == 1 and len(series) == len(data.overdue_over_time)
    assert data.days_taken == [(9, 1), (17, 1), (36, 1), (59, 1)]  # sets with a term only (not the EK set)
    assert ("VWS", 2022, 1.0, 1, 1) in data.late_by_ministry
    assert [r["vraagnummer"] for r in data.overdue_now] == ["2022Z90004"]
    assert data.summary["sets"] == 8 and data.summary["overdue_now"] == 1


def test_report_shows_how_late(db: Path, pages: dict[str, Path]) -> None:
    """By hand from tests/analyst_data.py: decided sets 2022Z90001-4 and 2023Z90001. Late: 2022Z90003
    (59 days, 38 past its due date) and 2022Z90004 (overdue since its extended due date 2022-04-12).
    Within twice the term (42 days): 17, 36 and 9 days yes, 59 no, 2022Z90004 no (the open set is
    3 days old: not decided; the EK set has no term): 3/5. Delay notices: 2 of the 5 decided;
    2022Z90002's came before its due date, 2022Z90004's after (03-25 > 03-22): 1/2."""
    with open_read(db) as c:
        data = collect(c, now=datetime(2026, 1, 1, tzinfo=UTC))
        today = c.execute("SELECT CAST(timezone('Europe/Amsterdam', now()) AS DATE)").fetchone()[0]
    overdue_4 = (today - date(2022, 4, 12)).days
    s = data.summary
    assert (s["median_days_overdue"], s["share_within_twice_term"], s["share_with_delay_notice"],
            s["share_late_delay_notices"]) == ((38 + overdue_4) / 2, 0.6, 0.4, 0.5)
    assert s["p90_days_overdue"] == pytest.approx(38 + 0.9 * (overdue_4 - 38))
    html = render_html(data)
    for text in ("median days overdue (late sets)", "answered within twice the term", ">60%<",
                 "delay notices after the due date", ">50%<"):
        assert text in html, text


def test_days_beyond_the_cap_share_the_last_bar(tmp_path: Path) -> None:
    from tests.analyst_data import load
    from tests.docfactory import answer, question

    c = connect(migrated(tmp_path / "w.duckdb"))
    load(c, question("2021Z90001", "2021-01-04"), answer("2021Z90001", "2021-12-01"),
         question("2021Z90002", "2021-01-05"), answer("2021Z90002", "2021-11-01"))
    data = collect(c)
    c.close()
    assert data.days_taken == [(DAYS_CAP, 2)]
    assert f"{DAYS_CAP} or more" in render_html(data)


def test_page_is_self_contained(pages: dict[str, Path]) -> None:
    page = pages["full"].read_text(encoding="utf-8")
    assert "<script src" not in page and "<link" not in page  # nothing fetched: plotly.js is inlined
    assert re.search(r"plotly\.js v\d", page), "plotly.js missing"
    library_end = page.index("</script>")  # the first script is plotly.js itself
    assert "plotly.js v" in page[:library_end] and "plotly.js v" not in page[library_end:]
    assert not re.search(r"(src|href)=\"(?!https://zoek\.officielebekendmakingen\.nl/)", page[library_end:])
    for chart in CHARTS:
        assert f'id="{chart}"' in page
    assert '<a href="https://zoek.officielebekendmakingen.nl/kv-tk-2022Z90004.html"' in page
    assert "Overdue now (1)" in page
    empty = pages["empty"].read_text(encoding="utf-8")
    assert "No set is overdue today." in empty and 'id="chart-days-taken-empty"' in empty


def test_cli_writes_the_report(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "r.html"
    done = invoke("report", "--db", str(db), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out) and out.stat().st_size > 1_000_000
    missing = invoke("report", "--db", str(tmp_path / "nope.duckdb"), "--out", str(out))
    assert missing.returncode == 2 and "does not exist" in missing.stderr


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    yield from chromium_context(tmp_path_factory, 1200)


@pytest.mark.browser
@needs_chromium
def test_report_renders_in_headless_chromium(browser: object, pages: dict[str, Path]) -> None:
    page, errors, outside = open_page(browser, pages["full"])
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3", timeout=30_000)
    assert page.evaluate("typeof window.Plotly") == "object"
    assert page.locator("#chart-days-taken .barlayer .point").count() == 4  # one bar per distinct day
    assert page.locator("#chart-late-by-ministry .hm image").count() == 1  # the heat map is drawn
    line = page.locator("#chart-overdue-over-time .scatterlayer path.js-line").get_attribute("d")
    assert line and len(line) > 20
    assert page.locator("#overdue-table tbody tr").count() == 1
    assert page.locator("#overdue-table a").first.get_attribute("href") == (
        "https://zoek.officielebekendmakingen.nl/kv-tk-2022Z90004.html")

    for chart in CHARTS:
        stats = pixel_stats(page.locator(f"#{chart}").screenshot())
        assert stats.width > 300 and stats.height > 200, (chart, stats)
        assert stats.variance > 100 and stats.distinct_colours > 20, (chart, stats)  # drawn, not blank
        assert 0.01 < stats.non_white_share < 0.9, (chart, stats)
    # the measure can tell: a blank element of the same size scores zero
    page.evaluate("""() => { const d = document.createElement('div'); d.id = 'blank';
        d.style = 'width:600px;height:300px;background:#fff'; document.body.prepend(d); }""")
    blank = pixel_stats(page.locator("#blank").screenshot())
    assert blank.variance == 0 and blank.non_white_share == 0

    assert errors == [], errors
    assert outside == [], outside
    page.close()


@pytest.mark.browser
@needs_chromium
def test_empty_report_renders_without_errors(browser: object, pages: dict[str, Path]) -> None:
    page, errors, outside = open_page(browser, pages["empty"])
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.Plotly") == "object"
    assert page.locator(".js-plotly-plot").count() == 0
    assert page.locator(".empty").count() == 6  # five charts and the overdue table say so
    assert errors == [] and outside == []
    page.close()


def test_report_on_a_snapshot_in_the_old_storage_format_uses_no_newer_sql(db: Path, tmp_path: Path) -> None:
    """The report's queries run on the snapshot read by duckdb 2.x: same numbers as on the database."""
    from warehouse.read import snapshot_path

    with duckdb.connect(str(db), read_only=True) as c:
        direct = collect(c, now=datetime(2026, 1, 1, tzinfo=UTC))
    with duckdb.connect(str(snapshot_path(db)), read_only=True) as c:
        snap = collect(c, now=datetime(2026, 1, 1, tzinfo=UTC))
    assert (snap.days_taken, snap.late_by_ministry, snap.overdue_over_time, snap.outcomes, snap.answer_curve) == (
        direct.days_taken, direct.late_by_ministry, direct.overdue_over_time, direct.outcomes, direct.answer_curve)


def test_report_shows_the_outcomes_and_the_answer_curve(db: Path) -> None:
    """By hand from tests/analyst_data.py (the seven sets with a term, two questions each): on time
    2022Z90001 and 2023Z90001, within the extension 2022Z90002, late 2022Z90003, withdrawn 2022Z90005,
    open within the term the set of this week, overdue 2022Z90004. Kaplan–Meier: the open set censored
    at 3 days, 9 → S 5/6, the withdrawal at 10, 17 → 5/8, 36 → 5/12, 59 → 5/24, 2022Z90004 censored
    today: answered by day 21 3/8, by day 42 7/12, median 36; restricted mean to 90 =
    9 + 8·5/6 + 19·5/8 + 23·5/12 + 31·5/24 = 9 + 20/3 + 95/8 + 115/12 + 155/24 = 1046/24."""
    with open_read(db) as c:
        data = collect(c, now=datetime(2026, 1, 1, tzinfo=UTC))
        today = c.execute("SELECT CAST(timezone('Europe/Amsterdam', now()) AS DATE)").fetchone()[0]
    o = data.outcomes
    assert o is not None
    assert [o[c] for c in ("answered_on_time", "answered_within_extension", "answered_late", "withdrawn",
                           "open_within_term", "open_overdue")] == [2, 1, 1, 1, 1, 1]
    assert (o["sets_categorised"], o["questions_categorised"], o["questions_answered_on_time"]) == (7, 14, 4)
    assert o["share_answered_on_time"] == pytest.approx(2 / 7, abs=1e-12)
    assert (o["median_days"], o["share_by_21"], o["share_by_42"]) == (36, pytest.approx(3 / 8, abs=1e-12),
                                                                      pytest.approx(7 / 12, abs=1e-12))
    assert o["restricted_mean_90"] == pytest.approx(1046 / 24, abs=1e-9)
    assert [t for t, _ in data.answer_curve] == [3, 9, 10, 17, 36, 59, (today - date(2022, 3, 1)).days]
    assert [s for _, s in data.answer_curve] == pytest.approx([0, 1 / 6, 1 / 6, 3 / 8, 7 / 12, 19 / 24, 19 / 24],
                                                              abs=1e-12)
    html = render_html(data)
    for text in ('id="outcomes-table"', "answered within the extension (<code>answered_within_extension</code>)",
                 ">28.6%<", "Median 36 days; answered by day 21: 38%, by day 42: 58%", "counting at most 90: 43.6"):
        assert text in html, text
