"""A set that no publication dates (no question record; its answer's record gives no submitted date,
as before 2010) takes the Tweede Kamer's gestartOp: due dates, days taken and a status follow from it,
`submitted_source` says so, and the set stays flagged for review with the source named. SYNTHETIC:
made-up vraagnummers 2025Z902xx; expected values computed by hand below."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline.tk_sync import run_tk_sync
from replay.tk_feed import SyntheticCase, TkFeedServer
from scrapers.http_client import HttpClient
from tests.analyst_data import load
from tests.docfactory import answer, question
from warehouse import connect

VJ = "2025-2026"
D = date.fromisoformat


@pytest.mark.slow
def test_a_set_no_publication_dates_takes_the_tk_date_and_stays_flagged(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    con = connect(db)
    try:
        load(con,
             answer("2025Z90200", "2025-11-05", vergaderjaar=VJ, nr="9200", submitted_on=None),
             question("2025Z90201", "2025-10-01"), answer("2025Z90201", "2025-10-20", vergaderjaar=VJ, nr="9201"))
        before = con.execute("SELECT submitted_on, due_on FROM question_sets WHERE vraagnummer = '2025Z90200'").fetchall()
    finally:
        con.close()
    assert before == [(None, None)]  # the publications alone do not date it
    cases = [SyntheticCase("2025Z90200", D("2025-10-01"), answers=((D("2025-11-05"), "9200"),)),
             SyntheticCase("2025Z90201", D("2025-10-01"), answers=((D("2025-10-20"), "9201"),))]
    with TkFeedServer([e for c in cases for e in c.entities()]) as server, \
            HttpClient(min_interval=0, backoff_base=0) as http:
        assert run_tk_sync(str(db), server.base_url, http=http)["outcome"] == "success"
    con = duckdb.connect(str(db), read_only=True)
    try:
        got = {r[0]: r[1:] for r in con.execute(
            "SELECT q.vraagnummer, q.submitted_on, q.submitted_source, q.due_on, q.days_taken, s.status, "
            "       q.needs_review, q.review_reasons "
            "FROM question_sets q JOIN status_as_of(DATE '2025-12-01') s USING (chamber, vraagnummer) "
            "ORDER BY 1").fetchall()}
    finally:
        con.close()
    # 2025-10-01 + 21 days = 2025-10-22 (the term); answered 2025-11-05 = 35 days after: late
    assert got["2025Z90200"] == (D("2025-10-01"), "tk", D("2025-10-22"), 35, "answered_late", True, [
        "no question record; submitted date 2025-10-01 from the Tweede Kamer's records (gestartOp)"])
    # dated by its own question record: the publications' date, answered 19 days after, on time
    assert got["2025Z90201"] == (D("2025-10-01"), "publications", D("2025-10-22"), 19, "answered_on_time",
                                 False, [])
    # the published page says where the date comes from, and why the set is to be checked
    from lxml import html

    from publish.build import build_site
    from warehouse.read import open_read
    from warehouse.site_read import read_site_data

    con = open_read(str(db))
    try:
        data = read_site_data(con, D("2025-12-01"))
    finally:
        con.close()
    build_site(data, tmp_path / "site", search=False)
    page = " ".join(html.fromstring((tmp_path / "site" / "vragen" / "2025Z90200" / "index.html").read_bytes())
                    .text_content().split())
    assert ("Ingediend1 oktober 2025 (volgens de registratie van de Tweede Kamer: de vraag zelf is niet "
            "gepubliceerd)") in page
    assert ("Geen vraagdocument gevonden; de datum van indiening (1 oktober 2025) is overgenomen uit de "
            "registratie van de Tweede Kamer (gestartOp).") in page
    other = (tmp_path / "site" / "vragen" / "2025Z90201" / "index.html").read_text(encoding="utf-8")
    assert "registratie van de Tweede Kamer" not in other
