"""The text pass reads its queue newest first (issue 14): by the document's date, newest to oldest,
doc_id breaking ties, and says when each year's texts are complete. Texts that decide a verdict, then
those of sets open or late today, come before the rest (issue 20; tests/test_verdict_texts.py).

The corpus is SYNTHETIC (replay.demo_corpus.CorpusBuilder): four sets over 2019–2022, two of them
with the same dates, one answered in the next calendar year. The expected order is written out by
hand from the specs below (a record's publication date is the date it is given).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipeline.backfill import BackfillOptions, NoProgress, run_backfill
from replay.demo_corpus import CorpusBuilder, SetSpec
from replay.server import ReplayServer
from tests.harness import migrated
from warehouse import backfill_state as bs
from warehouse.backfill_state import QueuedText
from warehouse.db import connect, transaction

TODAY = date(2026, 11, 24)
TODAY_TS = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

# Answer and notice numbers are handed out from 9001 in the order the documents are added; a
# set's notice comes before its answer. Vergaderjaar: from September to August.
SETS = [
    SetSpec("2019Z90007", date(2019, 3, 4), answer=date(2019, 3, 20)),           # answer 9001
    SetSpec("2021Z90003", date(2021, 12, 20), answer=date(2022, 1, 6)),          # answer 9002
    SetSpec("2020Z90001", date(2020, 6, 1), notice=date(2020, 6, 19),            # notice 9003
            answer=date(2020, 7, 1)),                                            # answer 9004
    SetSpec("2020Z90002", date(2020, 6, 1), answer=date(2020, 7, 1)),            # answer 9005
]
NEWEST_FIRST = [
    "ah-tk-20212022-9002",  # 2022-01-06
    "kv-tk-2021Z90003",     # 2021-12-20
    "ah-tk-20192020-9004",  # 2020-07-01 (tie: by doc_id)
    "ah-tk-20192020-9005",  # 2020-07-01
    "ah-tk-20192020-9003",  # 2020-06-19
    "kv-tk-2020Z90001",     # 2020-06-01 (tie: by doc_id)
    "kv-tk-2020Z90002",     # 2020-06-01
    "ah-tk-20182019-9001",  # 2019-03-20
    "kv-tk-2019Z90007",     # 2019-03-04
]
# The order the text pass takes (issue 20): no text decides a verdict (the notice's title states its kind,
# delay); first the texts of 2020Z90002, answered late (S 1 June, A 1 July 2020: 30 days, no notice),
# newest first; then the rest newest first (2020Z90001 was answered within its extended term).
PRIORITY = ["ah-tk-20192020-9005", "kv-tk-2020Z90002",
            *[d for d in NEWEST_FIRST if d not in ("ah-tk-20192020-9005", "kv-tk-2020Z90002")]]


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    monkeypatch.setenv("KAMERVRAGEN_PAGE_SIZE", "10")


def options(db: Path, server: ReplayServer, **kw) -> BackfillOptions:
    return BackfillOptions(since=date(1995, 1, 1), until=TODAY, db=str(db), sru_url=server.sru_url,
                           parse_workers=0, max_window=1000, **kw)


class Events(NoProgress):
    """Records the text pass's reports in order."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int]] = []

    def texts(self, done: int) -> None:
        self.events.append(("texts", done))

    def texts_year_done(self, year: int, seconds: float) -> None:
        self.events.append(("year", year))


def fetched_doc_ids(server: ReplayServer) -> list[str]:
    """The documents whose text was fetched, in arrival order (`…/xml/<doc_id>.xml`)."""
    return [Path(path).stem for path, _ in server.request_log if path != "/sru"]


@pytest.mark.slow
def test_texts_are_fetched_newest_first_and_each_year_is_reported_done(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        builder = CorpusBuilder(server)
        for spec in SETS:
            builder.add_set(spec)
        meta = run_backfill(options(db, server, metadata_only=True))
        assert meta["texts_pending"] == len(NEWEST_FIRST)
        server.clear_log()
        progress = Events()
        summary = run_backfill(options(db, server, text_batch=1), progress=progress)  # one text per batch
        fetched = fetched_doc_ids(server)
    assert fetched == PRIORITY
    assert summary["texts_loaded"] == 9 and summary["texts_pending"] == 0
    # a year is done once the next row in the queue is older and of the last tier (the last one: when the
    # queue is empty); none while the three texts before the last tier are read
    assert progress.events == [
        *[("texts", 1)] * 3, ("year", 2022),  # 2020Z90002's two texts (tier 2), then 9002
        ("texts", 1), ("year", 2021),
        *[("texts", 1)] * 3, ("year", 2020),  # 9004, 9003, kv-tk-2020Z90001
        ("texts", 1), ("texts", 1), ("year", 2019),
    ]
    assert list(summary["texts_years_done"]) == ["2022", "2021", "2020", "2019"]


@pytest.mark.slow
def test_resumed_text_pass_continues_newest_first(tmp_path: Path) -> None:
    """Killed after three texts, the next run fetches the remaining six, still in order."""

    class KillAfterThree(NoProgress):
        def __init__(self) -> None:
            self.done = 0

        def texts(self, done: int) -> None:
            self.done += done
            if self.done == 3:
                raise KeyboardInterrupt

    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        builder = CorpusBuilder(server)
        for spec in SETS:
            builder.add_set(spec)
        run_backfill(options(db, server, metadata_only=True))
        server.clear_log()
        with pytest.raises(KeyboardInterrupt):
            run_backfill(options(db, server, text_batch=1), progress=KillAfterThree())
        assert fetched_doc_ids(server)[:3] == PRIORITY[:3]
        server.clear_log()
        summary = run_backfill(options(db, server, text_batch=1))
        fetched = fetched_doc_ids(server)
    assert fetched == PRIORITY[3:]
    assert summary["texts_pending"] == 0


def test_queue_keyset_puts_undated_rows_last(tmp_path: Path) -> None:
    """Rows whose document is not stored have no date: they come after every dated row, by doc_id,
    and the keyset walks them too."""
    con = connect(migrated(tmp_path / "warehouse.duckdb"))
    try:
        rows = [QueuedText(f"kv-tk-2026Z9000{i}", "xml", f"https://x/{i}.xml", f"sha-{i}", None) for i in (3, 1, 2)]
        with transaction(con):
            bs.queue_texts(con, rows, TODAY_TS)
        bs.order_text_queue(con)
        first = bs.queued_texts_after(con, bs.FIRST_TEXTS, 2)
        assert [e.key for e in first] == [bs.TextCursor(bs.UNDATED, "kv-tk-2026Z90001", 3),
                                          bs.TextCursor(bs.UNDATED, "kv-tk-2026Z90002", 3)]
        rest = bs.queued_texts_after(con, first[-1].key, 2)
        assert [e.entry.text.doc_id for e in rest] == ["kv-tk-2026Z90003"]
        assert bs.queued_texts_after(con, rest[-1].key, 2) == []
    finally:
        con.close()
