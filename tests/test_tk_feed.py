"""The TK SyncFeed client and parser on the replay (replay/tk_feed.py): paging by skiptoken, the
incremental run, filtering to written questions, tombstones, an entity updated twice, 429/5xx and
unknown elements. Expected values come from the real TSV rows and the XSD-shaped entries themselves."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from pipeline.tk_sync import run_tk_sync
from replay.tk_feed import SAMPLE_TSV, Entity, SyntheticCase, TkFeedServer, made_up_id, reconstructed_entities
from scrapers.http_client import HttpClient
from scrapers.tk_parse import parse_feed_page
from tests.harness import invoke, rows

REAL_ENTRY = Path(__file__).resolve().parents[1] / "replay" / "tk_data" / "syncfeed-entry.fractieZetelPersoon.txt"


def client() -> HttpClient:
    return HttpClient(min_interval=0, backoff_base=0, backoff_max=0, max_attempts=4)


def sync(db: Path, server: TkFeedServer) -> dict:
    with client() as http:
        summary = run_tk_sync(str(db), server.base_url, http=http, publish=False)
    assert summary["outcome"] == "success", summary
    return summary


def test_the_real_envelope_parses_and_an_unknown_entity_is_skipped_not_an_error() -> None:
    page = parse_feed_page(b'<feed xmlns="http://www.w3.org/2005/Atom">'
                           + REAL_ENTRY.read_bytes() + b"</feed>")
    [entry] = page.entries
    assert (entry.category, entry.entity_id, entry.deleted, entry.skiptoken) == (
        "fractieZetelPersoon", "808fcd50-a0dc-4f60-8b9d-c404a2eb5b2e", False, "16687327")
    assert entry.record is None and not entry.kept
    assert page.skiptoken == "16687327" and page.next_url is None


@pytest.mark.slow
def test_reconstructed_real_cases_load_verbatim_and_an_empty_incremental_run_costs_three_requests(
        tmp_path: Path) -> None:
    with SAMPLE_TSV.open(encoding="utf-8") as fh:
        real = {r["Nummer"]: r for r in csv.DictReader(fh, delimiter="\t")}
    db = tmp_path / "kv.duckdb"
    with TkFeedServer(reconstructed_entities(), page_size=100) as server:
        first = sync(db, server)
        # Zaak: 287 entries in pages of 100 → 3 pages; ZaakActor: one per name in the TSV's actor
        # columns; Document: an empty feed answers with one empty page.
        names = sum(len([n for n in (r[c] or "").split(", ") if n]) for r in real.values()
                    for c in ("GerichtAan(actors)", "Indiener(actors)", "Medeindiener(actors)",
                              "Rapporteur(actors)", "Volgcommissie(actors)", "Voortouwcommissie(actors)"))
        actor_pages = -(-names // 100)
        assert first["per_category"]["Zaak"] == {"pages": 3, "entries": 287, "kept": 287, "deleted": 0}
        assert first["per_category"]["ZaakActor"]["entries"] == names
        assert first["requests"] == 3 + actor_pages + 1
        before = len(server.requests)
        again = sync(db, server)
        assert again["requests"] == 3 and len(server.requests) - before == 3
        assert [p.split("?", 1)[1] for p in server.requests[before:]] == [
            "category=Zaak&skiptoken=287", f"category=ZaakActor&skiptoken={names}", "category=Document"]
        assert again["kept"] == 0
    got = {r[0]: r[1:] for r in rows(db, "SELECT nummer, gestart_on, afgedaan, vergaderjaar, onderwerp, termijn "
                                          "FROM tk_cases")}
    assert len(got) == 287 == len(real)
    # gestartOp is local midnight: its Europe/Amsterdam date is the date written in the value
    assert got["2009Z01319"] == (date(2007, 1, 31), True, "2008-2009",
                                 "De aanbestedingsplicht bij projectontwikkeling", None)
    assert got["2024Z14055"][:3] == (date(2024, 9, 23), False, "2024-2025")
    assert all(got[n][0] == date.fromisoformat(r["GestartOp"][:10]) for n, r in real.items())
    assert sum(1 for v in got.values() if v[1] is False) == sum(1 for r in real.values() if r["Afgedaan"] == "False")
    actors = rows(db, "SELECT a.relatie, a.actor_naam FROM tk_case_actors a JOIN tk_cases c ON c.id = a.zaak_id "
                      "WHERE c.nummer = '2024Z12589' ORDER BY ALL")
    assert [n for r, n in actors if r == "Gericht aan"] == sorted(
        ["I. Coenradie", "Marjolein Faber-van de Klashorst (M.H.M.)", "T.H.D. Struycken", "D.M. van Weel"])
    assert len([n for r, n in actors if r == "Medeindiener"]) == 5


@pytest.mark.slow
def test_tombstones_updates_filtering_unknown_elements_and_faults(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    case = SyntheticCase("2025Z90001", date(2025, 10, 1), answers=((date(2025, 10, 20), "9001"),),
                         notices=(date(2025, 10, 15),))
    motie = Entity("Zaak", made_up_id("SYNTHETIC motie"), "2025-10-01T10:00:00Z",
                   [("nummer", "2025Z90002"), ("soort", "Motie")])
    other_doc = Entity("Document", made_up_id("SYNTHETIC brief"), "2025-10-01T10:00:00Z",
                       [("zaak", ("ref", case.case_id)), ("soort", "Brief regering")])
    with TkFeedServer([*case.entities(), motie, other_doc], page_size=3) as server:
        server.fail_next(429, 503)  # the first request is refused twice, then answered
        first = sync(db, server)
        assert first["requests"] == len(server.requests)
        assert server.requests[:3] == ["/SyncFeed/2.0/Feed?category=Zaak"] * 3
        assert rows(db, "SELECT nummer FROM tk_cases") == [("2025Z90001",)]  # the Motie is not kept
        assert rows(db, "SELECT count(*) FROM tk_documents") == [(3,)]  # question, answer, notice
        zaak = case.entities()[0]
        answer_doc = next(e for e in case.entities() if ("soort", "Antwoord schriftelijke vragen") in e.fields)
        update1 = Entity("Zaak", zaak.id, "2025-11-01T10:00:00Z",
                         [f if f[0] != "onderwerp" else ("onderwerp", "eerste wijziging") for f in zaak.fields])
        update2 = Entity("Zaak", zaak.id, "2025-11-02T10:00:00Z",
                         [f if f[0] != "onderwerp" else ("onderwerp", "tweede wijziging") for f in zaak.fields],
                         extra_xml="<nieuwVeld>onbekend</nieuwVeld><afgedaan>true</afgedaan>")
        unknown = Entity("Persoon", made_up_id("SYNTHETIC persoon"), "2025-11-02T10:00:00Z", [("achternaam", "X")])
        server.add([update1, update2, unknown, answer_doc.tombstone("2025-11-03T10:00:00Z")])
        before = len(server.requests)
        second = sync(db, server)
        # one page per category with something new (the three entries fit a page of 3), no next link
        assert len(server.requests) - before == second["requests"] == 3
    assert rows(db, "SELECT onderwerp, afgedaan FROM tk_cases") == [("tweede wijziging", False)]
    assert rows(db, "SELECT soort FROM tk_documents ORDER BY soort") == [
        ("Mededeling (uitstel antwoord)",), ("Schriftelijke vragen",)]
    assert second["per_category"]["Document"]["deleted"] == 1


def test_a_page_that_is_not_a_feed_fails_the_sync_with_the_url(tmp_path: Path) -> None:
    with client() as http:
        summary = run_tk_sync(str(tmp_path / "kv.duckdb"), "http://127.0.0.1:9/none", http=http, publish=False)
    assert summary["outcome"] == "failed" and "127.0.0.1:9" in summary["message"]


@pytest.mark.parametrize("value", ["2021-06-03T00:00:00+02:00", "2021-06-02T22:00:00Z", "2021-06-03T00:00:00"])
def test_gestart_op_is_compared_as_an_amsterdam_date(value: str) -> None:
    xml = (f'<feed xmlns="http://www.w3.org/2005/Atom"><entry><category term="zaak"/>'
           f'<content type="application/xml"><zaak xmlns="http://www.tweedekamer.nl/xsd/tkData/v1-0" '
           f'id="{made_up_id("x")}" bijgewerkt="2024-01-01T00:00:00Z" verwijderd="false">'
           f'<nummer>2021Z90001</nummer><soort>Schriftelijke vragen</soort><gestartOp>{value}</gestartOp>'
           f'<termijn xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>'
           f"</zaak></content></entry></feed>")
    [entry] = parse_feed_page(xml.encode()).entries
    assert entry.kept and entry.record.gestart_on == date(2021, 6, 3) and entry.record.termijn is None


@pytest.mark.slow
def test_tk_sync_command(tmp_path: Path) -> None:
    import json

    db = tmp_path / "kv.duckdb"
    with TkFeedServer(SyntheticCase("2025Z90001", date(2025, 10, 1)).entities()) as server:
        done = invoke("tk-sync", "--tk-url", server.base_url, "--db", str(db))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    # SyntheticCase: 1 zaak, 1 submitter + 1 addressee, the question document
    assert (out["outcome"], out["requests"], out["kept"]) == ("success", 3, 4)
    assert rows(db, "SELECT nummer FROM tk_cases") == [("2025Z90001",)]


@pytest.mark.slow
def test_an_actor_whose_case_arrives_in_the_next_sync_is_kept_and_an_old_orphan_is_dropped(tmp_path: Path) -> None:
    """The Zaak pass runs before the ZaakActor pass: a case created between the two arrives only in the
    next sync, after its actors. Those actors wait (14 days on the feed's clock) instead of being lost."""
    db = tmp_path / "kv.duckdb"
    known = SyntheticCase("2025Z90010", date(2025, 12, 1), bijgewerkt="2025-12-01T10:00:00Z")
    late = SyntheticCase("2025Z90011", date(2025, 12, 2), submitters=(("Later Lid", "SP"),),
                         bijgewerkt="2025-12-02T09:00:00Z")
    late_zaak, *late_rest = late.entities()
    late_actors = [e for e in late_rest if e.category == "ZaakActor"]
    # an actor of a case that never comes, updated 15 days before the newest case (kept only while young)
    stray = Entity("ZaakActor", made_up_id("SYNTHETIC stray actor"), "2025-11-17T10:00:00Z",
                   [("zaak", ("ref", made_up_id("SYNTHETIC zaak", "never"))), ("actorNaam", "Niemand"),
                    ("relatie", "Indiener")])
    with TkFeedServer([*known.entities(), *late_actors, stray], page_size=50) as server:
        sync(db, server)
        # the late case's submitter and addressee wait; so does the stray one: the newest case is
        # 2025-12-01T10:00Z and the stray actor exactly 14 days older, which is still young
        assert rows(db, "SELECT count(*) FROM tk_case_actors") == [(2 + 2 + 1,)]
        server.add([late_zaak])
        second = sync(db, server)
    # the newest case is now 2025-12-02T09:00Z: the stray actor (2025-11-17T10:00Z) is older than 14 days
    assert second["actors_dropped"] == 1
    assert rows(db, "SELECT a.relatie, a.actor_fractie FROM tk_case_actors a JOIN tk_cases c ON c.id = a.zaak_id "
                    "WHERE c.nummer = '2025Z90011' ORDER BY ALL") == [("Gericht aan", None), ("Indiener", "SP")]
    assert rows(db, "SELECT count(*) FROM tk_case_actors WHERE actor_naam = 'Niemand'") == [(0,)]


def _sync_peak(tmp_path: Path, n_cases: int) -> float:
    """Peak Python memory (bytes, tracemalloc) above the start while syncing a SYNTHETIC feed of
    `n_cases` cases (6 entries each), pages of 250; the feed is built before measuring."""
    import tracemalloc

    from replay.tk_feed import synthetic_feed

    entities = list(synthetic_feed(n_cases))
    with TkFeedServer(entities, page_size=250) as server, client() as http:
        tracemalloc.start()
        try:
            start = tracemalloc.get_traced_memory()[0]
            summary = run_tk_sync(str(tmp_path / f"kv{n_cases}.duckdb"), server.base_url, http=http, publish=False)
            peak = tracemalloc.get_traced_memory()[1] - start
        finally:
            tracemalloc.stop()
    assert summary["outcome"] == "success" and summary["entries"] == 6 * n_cases
    return peak


@pytest.mark.slow
def test_memory_does_not_grow_with_the_feed_entries(tmp_path: Path) -> None:
    """Pages are parsed one at a time and dropped. What does grow is one id per written-question case
    (the actor filter, the sets to re-derive): about 0.4 KB a case measured, so 3,000 more cases may add
    3 MB at most; holding the 18,000 more entries (parsed records, ≈ 1.5 KB each) would add ≈ 27 MB."""
    _sync_peak(tmp_path, 50)  # warm up: imports, the migrations' SQL, caches
    small, large = _sync_peak(tmp_path, 1000), _sync_peak(tmp_path, 4000)
    assert large - small < 3000 * 1000, (small, large)
