"""A bounded first sync of the Tweede Kamer's feed and its history step (issue 20 item 2).

The feed here is SYNTHETIC (made-up vraagnummers 2026Z95xxx and ids) and served as the live SyncFeed
serves it: one change counter for all categories, each entity once at its latest change. Case i was
submitted 2026-01-01 + 5·i days and last changed a day later at 10:00 UTC; its four entities (zaak,
submitter, addressee, question document) sit at counters 4i+1 … 4i+4. Worked out by hand:

- `since` 2026-05-31 and the 30-day margin give the horizon 2026-05-01 00:00 Europe/Amsterdam
  (2026-04-30 22:00 UTC). Case 23 (submitted 2026-04-26, changed 2026-04-27) is the last one older; case
  24 (submitted 2026-05-01, changed 2026-05-02 10:00 UTC) the first one newer. The search reads the Zaak
  feed, so every category starts after counter 4·23+1 = 93, case 23's zaak (its other three entities, at
  94–96, are read again: a start errs early, never late). The head holds cases 24…39 (16 cases) and those
  three entities of case 23 (while the history is unread, an actor waits for its case whatever its age,
  and documents are kept by their kind).
- The history covers counters 1…93 in each of the three categories (279 in all). Its Zaak pages hold 7
  entries (page size 7): cases 0–6 end at counter 25, cases 7–13 at 53, so after two pages the history is
  53/279 = 19.0 % read.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from pipeline.tk_sync import HistoryProgress, run_tk_sync
from replay.tk_feed import ENTITY_TAG, Entity, SyntheticCase, TkFeedServer
from scrapers.http_client import HttpClient
from tests.analyst_data import load
from tests.docfactory import question
from tests.harness import invoke
from warehouse import connect

FIRST = date(2026, 1, 1)
CASES = 40
SINCE = date(2026, 5, 31)


class GlobalCounterFeed(TkFeedServer):
    """The SyncFeed's paging over ONE counter for all categories: `skiptoken=N` gives the first
    `page_size` entities of the category with a counter above N; each entry carries its own counter."""

    def __init__(self, entities: list[Entity], page_size: int = 7):
        super().__init__((), page_size=page_size)
        self.timeline = list(entities)  # counter = position + 1

    def page(self, category: str, skiptoken: int) -> str:
        chunk = [(n, e) for n, e in enumerate(self.timeline, start=1)
                 if n > skiptoken and e.category.lower() == category.lower()][:self.page_size]
        more = any(n > chunk[-1][0] and e.category.lower() == category.lower()
                   for n, e in enumerate(self.timeline, start=1)) if chunk else False
        base = self.base_url + f"/Feed?category={category}"
        parts = ['<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">']
        if more:
            parts.append(f'<link rel="next" href="{base}&amp;skiptoken={chunk[-1][0]}"/>')
        for n, e in chunk:
            parts.append(f"<entry><id>{e.id}</id><updated>{e.bijgewerkt}</updated>"
                         f'<category term="{ENTITY_TAG[e.category]}"/>'
                         f'<link rel="next" href="{base}&amp;skiptoken={n}"/>'
                         f'<content type="application/xml">{e.xml()}</content></entry>')
        return "".join(parts) + "</feed>"


def submitted(i: int) -> date:
    return FIRST + timedelta(days=5 * i)


def case(i: int) -> SyntheticCase:
    changed = datetime.combine(submitted(i) + timedelta(days=1), datetime.min.time()).replace(hour=10)
    return SyntheticCase(f"2026Z95{i:03d}", submitted(i), bijgewerkt=changed.strftime("%Y-%m-%dT%H:%M:%SZ"))


def timeline() -> list[Entity]:
    return [e for i in range(CASES) for e in case(i).entities()]


def sync(db: Path, feed: TkFeedServer, **kw) -> dict:
    with HttpClient(min_interval=0, backoff_base=0) as http:
        return run_tk_sync(str(db), feed.base_url, http=http, **kw)


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def case_numbers(db: Path) -> list[str]:
    return [r[0] for r in rows(db, "SELECT nummer FROM tk_cases ORDER BY nummer")]


def tk_tables(db: Path) -> dict[str, set[tuple]]:
    return {t: set(rows(db, f"SELECT id, bijgewerkt FROM {t}"))
            for t in ("tk_cases", "tk_case_actors", "tk_documents")}


def test_the_timeline_is_built_as_the_docstring_says() -> None:
    entities = timeline()
    assert len(entities) == 4 * CASES
    assert [e.category for e in entities[92:100]] == ["Zaak", "ZaakActor", "ZaakActor", "Document"] * 2
    assert submitted(23) == date(2026, 4, 26) and submitted(24) == date(2026, 5, 1)
    assert entities[95].bijgewerkt == "2026-04-27T10:00:00Z" and entities[96].bijgewerkt == "2026-05-02T10:00:00Z"


def test_a_first_sync_with_a_horizon_starts_there_and_reports_its_coverage(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with GlobalCounterFeed(timeline()) as feed:
        summary = sync(db, feed, since=SINCE)
        paged = [p for p in feed.requests if "skiptoken=" in p or "category=" in p]
    assert summary["outcome"] == "success", summary
    assert summary["start_skiptoken"] == 93
    assert case_numbers(db) == [f"2026Z95{i:03d}" for i in range(24, 40)]
    assert summary["kept"] == 16 * 4 + 3
    cov = summary["coverage"]
    assert datetime.fromisoformat(cov["synced_from"]) == datetime(2026, 4, 30, 22, 0, tzinfo=UTC)
    assert cov["history_complete"] is False and cov["history_share"] == 0.0
    # the three categories start after counter 93: none asks for an earlier page after the search
    heads = [p for p in paged[summary["start_probes"]:]]
    assert heads[0].endswith("category=Zaak&skiptoken=93")
    assert any(p.endswith("category=ZaakActor&skiptoken=93") for p in heads)
    assert any(p.endswith("category=Document&skiptoken=93") for p in heads)


def test_without_a_horizon_the_first_sync_reads_from_the_start_in_the_same_requests(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with GlobalCounterFeed(timeline(), page_size=250) as feed:
        summary = sync(db, feed)
        assert len(feed.requests) == 3  # one page per category, no search
    assert len(case_numbers(db)) == CASES
    assert summary["coverage"]["history_complete"] is True and summary["coverage"]["synced_from"] is None


def test_a_horizon_before_the_feed_costs_no_extra_request(tmp_path: Path) -> None:
    """The search's first probe is the feed's first page: when it is already newer than the horizon, the
    sync starts at 0 and reuses that page."""
    db = tmp_path / "kv.duckdb"
    with GlobalCounterFeed(timeline(), page_size=250) as feed:
        summary = sync(db, feed, since=date(2025, 6, 1))
        assert len(feed.requests) == 3
    assert summary["start_skiptoken"] is None and len(case_numbers(db)) == CASES


def test_the_history_step_resumes_and_ends_where_a_sync_from_zero_ends(tmp_path: Path) -> None:
    db, zero = tmp_path / "kv.duckdb", tmp_path / "zero.duckdb"
    seen: list[HistoryProgress] = []

    class Interrupted(Exception):
        pass

    def stop_after_two(p: HistoryProgress) -> None:
        seen.append(p)
        if len(seen) == 2:
            raise Interrupted

    with GlobalCounterFeed(timeline()) as feed:
        sync(db, feed, since=SINCE)
        with pytest.raises(Interrupted):
            sync(db, feed, full=True, progress=stop_after_two)
        assert [round(p.share, 4) for p in seen] == [round(25 / 279, 4), round(53 / 279, 4)]
        middle = rows(db, "SELECT history_share, history_complete FROM tk_coverage")[0]
        assert (round(middle[0], 4), middle[1]) == (round(53 / 279, 4), False)
        assert len(case_numbers(db)) == 16 + 14  # the head and the two history pages of Zaak
        done = sync(db, feed, full=True, progress=seen.append)
        sync(zero, feed)
    assert done["outcome"] == "success" and done["coverage"]["history_complete"] is True
    assert done["coverage"]["history_share"] == 1.0 and seen[-1].share == 1.0
    assert tk_tables(db) == tk_tables(zero)
    assert len(case_numbers(db)) == CASES


def test_a_set_before_the_synced_range_is_not_yet_synced_until_the_history_is_read(tmp_path: Path) -> None:
    """2026Z95003 (case 3, submitted 2026-01-16) and 2026Z95100 (submitted 2026-02-01, no TK case at all)
    lie before the horizon: while the history is unread, neither is called only_in_publications. Once it
    is read, 2026Z95003 has its case and agrees, and 2026Z95100 is only in the publications."""
    db = tmp_path / "kv.duckdb"
    con = connect(db)
    try:
        load(con, question("2026Z95003", "2026-01-16"), question("2026Z95100", "2026-02-01"),
             question("2026Z95030", "2026-05-31"))
    finally:
        con.close()
    disagreements = ("SELECT vraagnummer, kind FROM source_disagreements WHERE resolved_at IS NULL "
                     "AND vraagnummer IN ('2026Z95003', '2026Z95030', '2026Z95100') ORDER BY vraagnummer")
    with GlobalCounterFeed(timeline()) as feed:
        sync(db, feed, since=SINCE)
        assert rows(db, disagreements) == []
        assert states(db) == {"2026Z95003": ("not_yet_synced", date(2026, 5, 1)),
                              "2026Z95030": ("matched", date(2026, 5, 1)),
                              "2026Z95100": ("not_yet_synced", date(2026, 5, 1))}
        shown = show(db, "2026Z95100")
        assert ("Tweede Kamer records: not yet synced (the set started before 2026-05-01, where the first sync "
                "began; `kamervragen tk-sync --full` reads the history)") in shown
        sync(db, feed, full=True)
    assert rows(db, disagreements) == [("2026Z95100", "only_in_publications")]
    assert states(db) == {"2026Z95003": ("matched", None), "2026Z95030": ("matched", None),
                          "2026Z95100": ("absent", None)}
    assert "not yet synced" not in show(db, "2026Z95100")
    assert rows(db, "SELECT vraagnummer, tk_case_id IS NOT NULL FROM question_sets ORDER BY vraagnummer") == [
        ("2026Z95003", True), ("2026Z95030", True), ("2026Z95100", False)]


def states(db: Path) -> dict[str, tuple]:
    from warehouse.tk import set_state

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {v: set_state(con, v) for v in ("2026Z95003", "2026Z95030", "2026Z95100")}
    finally:
        con.close()


def show(db: Path, vraagnummer: str) -> str:
    done = invoke("show", vraagnummer, "--db", str(db), env={"COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_horizon_is_local_midnight_thirty_days_before() -> None:
    from pipeline.tk_sync import horizon_of

    assert horizon_of(SINCE).astimezone(UTC) == datetime(2026, 4, 30, 22, 0, tzinfo=UTC)


def test_doctor_says_when_the_feed_cannot_be_searched_by_date() -> None:
    """A feed whose `bijgewerkt` falls as the skiptoken rises cannot be searched: DIFFERS, saying why."""
    from scrapers.doctor.tk import check_tk

    entities = timeline()
    for e, when in zip(entities, reversed([e.bijgewerkt for e in entities]), strict=True):
        e.bijgewerkt = when
    with GlobalCounterFeed(entities) as feed, HttpClient(min_interval=0) as http:
        rows = check_tk(http, feed.base_url)
    assert [(c.name, c.verdict) for c in rows] == [("tk Zaak", "DIFFERS"), ("tk ZaakActor", "DIFFERS"),
                                                  ("tk Document", "DIFFERS")]
    # reversed: the first zaak carries case 39's change (submitted 2026-07-15, changed 07-16), the second
    # (counter 5) that of counter 156, case 38 (submitted 07-10, changed 07-11)
    assert rows[0].details["order"] == "bijgewerkt 2026-07-11T10:00:00+00:00 after 2026-07-16T10:00:00+00:00: falls"
    with GlobalCounterFeed(timeline()) as feed, HttpClient(min_interval=0) as http:
        assert [c.verdict for c in check_tk(http, feed.base_url)] == ["OK", "OK", "OK"]


def test_the_cli_syncs_a_bounded_start_then_the_history_and_status_says_how_far_it_reaches(tmp_path: Path) -> None:
    import subprocess

    db = str(tmp_path / "kv.duckdb")

    def run(*args: str) -> subprocess.CompletedProcess:
        return invoke(*args, env={"COLUMNS": "200"})

    bad = run("tk-sync", "--since", "31-05-2026", "--db", db)
    assert bad.returncode == 2 and bad.stderr.strip() == "--since: '31-05-2026' is not a date (YYYY-MM-DD)"
    with GlobalCounterFeed(timeline()) as feed:
        first = run("tk-sync", "--since", "2026-05-31", "--tk-url", feed.base_url, "--db", db)
        assert first.returncode == 0, first.stderr
        status = run("status", "--db", db)
        assert ("records of the Tweede Kamer: synced from 2026-05-01; full history 0% done (sets that started "
                "before it show as not yet synced; `kamervragen tk-sync --full` reads the rest)") in status.stderr
        full = run("tk-sync", "--full", "--tk-url", feed.base_url, "--db", db)
        assert full.returncode == 0, full.stderr
    # history up to counter 93: 24 zaken (cases 0–23: 4 pages of 7, the last one crossing 93), 46 actors
    # (cases 0–22; case 23's sit at 94–95: 7 pages) and 23 documents (cases 0–22: 4 pages)
    assert full.stderr.strip().splitlines()[-1] == "TK history: Document, 15 pages, 93 entries, 100% done"
    status = run("status", "--db", db)
    assert "records of the Tweede Kamer: complete (synced from the start of the feed)" in status.stderr


def test_the_site_says_how_far_the_tk_records_reach() -> None:
    from publish.dutch import tk_coverage

    assert tk_coverage(None) is None
    assert tk_coverage({"synced": False}) is None
    assert tk_coverage({"synced": True, "history_complete": False, "synced_from": "2026-05-01T00:00:00+02:00",
                        "history_share": 0.43}) == (
        "Registratie van de Tweede Kamer: gelezen vanaf 1 mei 2026; volledige geschiedenis 43% gelezen. "
        "Vragen van vóór die datum zijn nog niet met die registratie vergeleken.")
    assert tk_coverage({"synced": True, "history_complete": True}) == (
        "Registratie van de Tweede Kamer: volledig gelezen, vanaf het begin.")


def test_a_backfill_reads_the_history_beside_the_sru_passes(tmp_path: Path) -> None:
    """After a bounded first sync, a backfill (metadata only, one SYNTHETIC question record) syncs the TK
    head and reads the whole history in its thread: the records then equal a sync from zero."""
    from pipeline.backfill import backfill_options, run_backfill
    from replay.server import ReplayServer
    from replay.synthetic_records import make_question

    db, zero = tmp_path / "kv.duckdb", tmp_path / "zero.duckdb"
    with GlobalCounterFeed(timeline()) as feed, ReplayServer() as sru:
        sru.add_record(make_question(90001))
        sync(db, feed, since=SINCE)
        options = backfill_options(since=date(2024, 1, 1), until=date(2024, 12, 31), db=str(db),
                                   sru_url=sru.sru_url, metadata_only=True, tk_url=feed.base_url)
        with HttpClient(min_interval=0, backoff_base=0) as http:
            summary = run_backfill(options, http=http)
        sync(zero, feed)
    assert summary["outcome"] == "success" and summary["tk"]["outcome"] == "success", summary
    assert summary["tk"]["history"] == {"pages": 15, "entries": 93, "kept": 93}  # as worked out above
    assert summary["tk"]["coverage"]["history_complete"] is True
    assert tk_tables(db) == tk_tables(zero)


def test_the_sets_are_rederived_in_chunks_that_halve_when_memory_runs_out(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """After a whole feed the touched sets are re-derived a chunk per transaction (a backfill's 96 MB
    limit ran out on 47,000 sets at once): here chunks of 4 keys, where a chunk of more than 2 keys "runs
    out of memory", so each is tried again at 2; the queue ends empty and every set has its case."""
    import pipeline.tk_sync as tk_sync
    from warehouse import questions

    db = tmp_path / "kv.duckdb"
    con = connect(db)
    try:
        load(con, *[question(f"2026Z95{i:03d}", submitted(i).isoformat()) for i in range(30, 40)])
    finally:
        con.close()
    real = questions.rebuild_question_sets
    sizes: list[int] = []

    def rebuild(con, keys):
        sizes.append(len(keys))
        if len(keys) > 2:
            raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block (test)")
        return real(con, keys)

    monkeypatch.setattr(tk_sync, "TOUCHED_CHUNK", 4)
    monkeypatch.setattr(tk_sync, "MIN_TOUCHED_CHUNK", 2)
    monkeypatch.setattr(tk_sync, "rebuild_question_sets", rebuild)
    with GlobalCounterFeed(timeline(), page_size=250) as feed:
        summary = sync(db, feed)
    assert summary["outcome"] == "success"
    # 40 touched vraagnummers (the 40 cases; 10 have a set): one chunk of 4 fails, then 20 chunks of 2
    assert sizes == [4] + [2] * 20 and summary["keys_checked"] == 40
    assert rows(db, "SELECT count(*) FROM tk_touched") == [(0,)]
    assert rows(db, "SELECT count(*) FROM question_sets WHERE tk_case_id IS NOT NULL") == [(10,)]
