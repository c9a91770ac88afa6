"""The real-size SyncFeed replay (replay/tk_realsize.py, issue 20): a SYNTHETIC mix of every entity of
the Chamber, generated lazily. Small mixes whose counts are worked out by hand; paging through the
real client over loopback; one skiptoken counter shared by the categories, with gaps; a page at any
skiptoken; monotone `bijgewerkt`; the sync keeps only the written-question cases; flat memory."""

from __future__ import annotations

import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from pipeline.tk_sync import PARK_ACTORS, run_tk_sync
from replay.tk_feed import Entity, SyntheticCase, TkFeedServer, made_up_id
from replay.tk_realsize import CATEGORIES, Mix, RealSizeFeed
from scrapers.http_client import HttpClient
from scrapers.tk_client import pages
from scrapers.tk_parse import CASE_SOORT, DOCUMENT_SOORTEN

AS_OF = date(2026, 11, 24)
# 5 written-question cases: each 1 zaak, 1 submitter + 1 addressee, a question and an answer.
SUBMITTED = [date(2001, 3, 5), date(2010, 6, 1), date(2019, 1, 14), date(2024, 12, 2), date(2026, 10, 1)]
ANSWERED = [date(2001, 4, 2), date(2010, 7, 20), date(2019, 3, 1), date(2025, 2, 3), date(2026, 11, 10)]
# the mix: 1,000 zaken, 3,000 actors, 2,000 documents, 200 of them re-emitted
MIX = Mix(zaak=1000, zaak_actor=3000, document=2000, reemitted=200)
# written-question entities: 5 zaken, 10 actors, 10 documents; the other soorts: 995, 2,990, 1,990
# tombstones: i % 50 == 49 among the other soorts, never one of the 200 re-emitted documents (i < 200):
# 995 // 50 = 19, 2990 // 50 = 59, 1990 // 50 - 200 // 50 = 39 - 4 = 35
TOMBSTONES = {"Zaak": 19, "ZaakActor": 59, "Document": 35}
PAGE = 250  # pages per category: 1,000 → 4, 3,000 → 12, 2,000 → 8


def cases() -> list[SyntheticCase]:
    return [SyntheticCase(f"{d.year}Z9{i + 1:04d}", d, answers=((a, None),), afgedaan=True)
            for i, (d, a) in enumerate(zip(SUBMITTED, ANSWERED, strict=True))]


def small_feed() -> RealSizeFeed:
    return RealSizeFeed(cases(), AS_OF, MIX)


def client() -> HttpClient:
    return HttpClient(min_interval=0, backoff_base=0, backoff_max=0, max_attempts=2)


def read_all(server: TkFeedServer, category: str, token: str | None = None) -> tuple[int, list]:
    """(requests, entries) of `category` paged from `token` through the real client."""
    with client() as http:
        got = [e for _url, page in pages(http, server.base_url, category, token) for e in page.entries]
        return http.request_count, got


def test_counts_tombstones_and_the_reemitted_block_are_those_worked_out_by_hand() -> None:
    feed = small_feed()
    assert feed.wq_counts == {"Zaak": 5, "ZaakActor": 10, "Document": 10}
    assert feed.other == {"Zaak": 995, "ZaakActor": 2990, "Document": 1990}
    assert feed.tombstones() == TOMBSTONES
    with TkFeedServer(page_size=PAGE, source=feed) as server:
        for category, total, requests in (("Zaak", 1000, 4), ("ZaakActor", 3000, 12), ("Document", 2000, 8)):
            n, entries = read_all(server, category)
            assert (n, len(entries)) == (requests, total)
            assert len({e.entity_id for e in entries}) == total  # an entity appears once
            assert sum(e.deleted for e in entries) == TOMBSTONES[category]
            kept = [e for e in entries if e.kept]
            assert len(kept) == {"Zaak": 5, "ZaakActor": 0, "Document": 10}[category]  # actors: by known case
        _, docs = read_all(server, "Document")
    reemitted = [made_up_id("SYNTHETIC realsize", "Document", str(k)) for k in range(200)]
    moment = {e.entity_id: e.record.bijgewerkt for e in docs if e.entity_id in reemitted}
    assert len(moment) == 200 and len(set(moment.values())) == 1  # all at once …
    [when] = set(moment.values())
    assert when == datetime.fromisoformat(f"{AS_OF - timedelta(days=45)}T12:00:00+00:00")  # … 45 days back
    tokens = [int(e.skiptoken) for e in docs if e.entity_id in reemitted]
    assert tokens == list(range(tokens[0], tokens[0] + 200)) == list(feed.reemitted_counters)
    old = [e for e in docs if e.entity_id in reemitted]
    assert all(e.record.datum.year < 1999 for e in old)  # the oldest tenth of 32 years (own dates kept)
    assert {e.record.soort for e in docs if e.record} - DOCUMENT_SOORTEN  # other soorts …
    assert sum(e.record.soort in DOCUMENT_SOORTEN for e in docs if e.record) == 10  # … and the cases' ten


@pytest.mark.slow
def test_one_counter_shared_by_the_categories_rising_with_gaps_and_bijgewerkt_monotone() -> None:
    feed = small_feed()
    with TkFeedServer(page_size=PAGE, source=feed) as server:
        read = {c: read_all(server, c)[1] for c in CATEGORIES}
    tokens = {c: [int(e.skiptoken) for e in read[c]] for c in CATEGORIES}
    for c in CATEGORIES:
        assert tokens[c] == sorted(set(tokens[c]))  # strictly increasing within a category
        assert any(b - a > 1 for a, b in zip(tokens[c], tokens[c][1:], strict=False))  # gaps
    every = [t for c in CATEGORIES for t in tokens[c]]
    assert len(set(every)) == 6000  # no counter value is used by two categories
    assert max(every) == feed.head
    assert 0.4 < 6000 / feed.head < 0.6  # about half the counter values carry none of the three
    merged = sorted((int(e.skiptoken), e.record.bijgewerkt if e.record else None, e.entity_id)
                    for c in CATEGORIES for e in read[c])
    times = [feed.time_of(t) for t, _, _ in merged]
    assert times == sorted(times)
    assert [b for _, b, _ in merged if b is not None] == sorted(b for _, b, _ in merged if b is not None)
    assert times[-1].date() == AS_OF  # the newest entries are at the as-of day


def test_a_case_sits_at_its_latest_change() -> None:
    feed = small_feed()
    with TkFeedServer(page_size=PAGE, source=feed) as server:
        zaken = {e.entity_id: e for e in read_all(server, "Zaak")[1]}
        docs = read_all(server, "Document")[1]
    for case, answered in zip(cases(), ANSWERED, strict=True):
        zaak = zaken[case.case_id]
        assert zaak.record.soort == CASE_SOORT and zaak.record.bijgewerkt.date() == answered
        own = [d for d in docs if d.record and case.case_id in d.record.zaak_ids]
        assert [d.record.bijgewerkt.date() for d in own] == [answered, answered]


@pytest.mark.parametrize("token", [0, 1, 17, 1234, 5000, 11_000])
def test_a_page_at_any_skiptoken_is_the_same_slice_as_paging_from_zero(token: int) -> None:
    feed = small_feed()
    with TkFeedServer(page_size=PAGE, source=feed) as server:
        for category in CATEGORIES:
            _, everything = read_all(server, category)
            after = [(e.entity_id, e.skiptoken) for e in everything if int(e.skiptoken) > token]
            with client() as http:
                first = next(pages(http, server.base_url, category, str(token)), (None, None))[1]
            assert [(e.entity_id, e.skiptoken) for e in first.entries] == after[:PAGE]
            assert (first.next_url is not None) == (len(after) > PAGE)


def test_the_last_page_has_no_next_link_and_an_empty_incremental_run_costs_one_request_a_category() -> None:
    feed = small_feed()
    with TkFeedServer(page_size=PAGE, source=feed) as server:
        for category in CATEGORIES:
            token = feed.token_before_last(category, 7)
            n, entries = read_all(server, category, str(token))
            assert (n, len(entries)) == (1, 7)
            assert int(entries[-1].skiptoken) == max(feed.counters(category))
            assert read_all(server, category, entries[-1].skiptoken) == (1, [])
        server.add([Entity("Zaak", made_up_id("SYNTHETIC added"), f"{AS_OF}T12:00:00Z", deleted=True)])
        n, entries = read_all(server, "Zaak", str(feed.head))
        assert n == 1 and [(e.skiptoken, e.deleted) for e in entries] == [(str(feed.head + 1), True)]


@pytest.mark.slow
def test_the_sync_keeps_the_written_question_cases_and_ignores_the_rest(tmp_path: Path) -> None:
    feed = small_feed()
    db = tmp_path / "kv.duckdb"
    with TkFeedServer(page_size=PAGE, source=feed) as server, client() as http:
        summary = run_tk_sync(str(db), server.base_url, http=http, publish=False)
        again = run_tk_sync(str(db), server.base_url, http=http, publish=False)
    assert summary["outcome"] == "success"
    assert summary["requests"] == 4 + 12 + 8 and summary["entries"] == 6000
    assert again["requests"] == 3 and again["entries"] == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        numbers = sorted(r[0] for r in con.execute("SELECT nummer FROM tk_cases").fetchall())
        documents = con.execute("SELECT count(*) FROM tk_documents").fetchone()[0]
        actors = {r[0] for r in con.execute("SELECT id FROM tk_case_actors").fetchall()}
    finally:
        con.close()
    assert numbers == sorted(c.vraagnummer for c in cases()) and documents == 10
    assert summary["kept"] == 5 + 10 + len(actors)
    # an entity appears once, at its latest change (a tombstone replaces it), so a sync from zero removes no
    # stored row; the entities of other kinds are not counted as removed (they were never stored)
    assert summary["deleted"] == 0
    own = {e.id for c in cases() for e in c.entities() if e.category == "ZaakActor"}
    # Today's sync also parks the actors of other zaken changed within PARK_ACTORS of the newest case
    # (their case might still come): counted here from the feed itself.
    def when(e: Entity) -> datetime:
        return datetime.fromisoformat(e.bijgewerkt.replace("Z", "+00:00"))

    newest = max(when(e) for _, e in feed.iter_after("Zaak") if e.id in {c.case_id for c in cases()})
    assert newest.date() == ANSWERED[-1]
    parked = {e.id for _, e in feed.iter_after("ZaakActor")
              if e.id not in own and not e.deleted and when(e) >= newest - PARK_ACTORS}
    assert own <= actors and actors - own == parked and 0 < len(parked) < 50


def test_pages_deep_in_the_full_size_feed_cost_a_page_of_work_and_no_memory() -> None:
    feed = RealSizeFeed([], AS_OF)  # the Dec-2022 counts
    assert feed.counts() == {"Zaak": 241_668, "ZaakActor": 692_433, "Document": 515_920}
    blocks = []
    block = feed._block
    feed._block = lambda b: (blocks.append(b), block(b))[1]  # type: ignore[method-assign]
    peaks = []
    tracemalloc.start()
    try:
        for share in (0.0, 0.25, 0.5, 0.75, 0.99):
            for category in CATEGORIES:
                tracemalloc.reset_peak()
                blocks.clear()
                page = feed.page(category, int(feed.head * share), 250)
                peaks.append(tracemalloc.get_traced_memory()[1])
                assert len(page) == 251
                assert len(blocks) <= 16  # ~30 zaken a block: a page reads a few blocks, not the feed
    finally:
        tracemalloc.stop()
    assert max(peaks) < 4 * min(peaks) and max(peaks) < 3_000_000


def test_the_bench_extrapolates_pages_times_the_measured_seconds_a_page() -> None:
    from bench.fair_use import tk_extrapolation

    zero = {"per_category": {"Zaak": {"pages": 40, "seconds": 30.0}, "Document": {"pages": 40, "seconds": 28.0}}}
    head = {"per_category": {"Zaak": {"pages": 40, "seconds": 34.0}, "Document": {"pages": 40, "seconds": 36.0}}}
    out = tk_extrapolation({"Zaak": 241_668, "Document": 515_920}, zero, head)
    # Zaak: ⌈241,668 / 250⌉ = 967 pages × (30 + 34) / 80 = 0.8 s; Document: 2,064 × (28 + 36) / 80 = 0.8 s
    assert out["per_category"]["Zaak"] == {"entities": 241_668, "pages": 967, "measured_pages": 80,
                                           "s_per_page": 0.8, "seconds": 773.6}
    assert out["requests"] == 967 + 2064 and out["seconds"] == round((967 + 2064) * 0.8, 1)
