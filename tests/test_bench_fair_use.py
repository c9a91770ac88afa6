"""The fair-use bench's pieces (issue 14): the SyncFeed built from a bench corpus matches the
corpus's sets, and `set_completeness` counts what the sets lack.

A tiny SYNTHETIC corpus (bench/generate_corpus.py, scale 0.001: 3 sets a year over 30 years) is
loaded metadata-only from the replay server, then the TK records are synced from the matching
SYNTHETIC feed. The expected counts come from the generator's own account (`sets.jsonl`), not from
the pipeline.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bench.generate_corpus import QUESTION_DOCS_FROM, ensure_corpus
from bench.tk_corpus import case_of, chamber_counts, corpus_feed, corpus_sets, documents_per_year, feed_requests
from pipeline.backfill import BackfillOptions, run_backfill
from pipeline.tk_sync import run_tk_sync
from replay.server import ReplayServer
from replay.tk_feed import TkFeedServer
from warehouse.completeness import Completeness, set_completeness
from warehouse.db import connect

AS_OF = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out, _ = ensure_corpus(0.001, out=tmp_path_factory.mktemp("corpus") / "c", log=lambda m: None)
    return out


def test_feed_case_is_the_corpus_set(corpus: Path) -> None:
    made = next(s for s in corpus_sets(corpus) if s["chamber"] == "tk" and s["notices"])
    case = case_of(made)
    assert case.vraagnummer == made["vraagnummer"]
    assert case.submitted.isoformat() == made["submitted"]
    assert [list(m) for m in case.submitters] == made["members"]
    assert case.addressed_to == (f"minister van {made['ministry']}",)
    assert [[d.isoformat(), nr] for d, nr in case.answers] == made["answers"]
    assert [d.isoformat() for d in case.notices] == [d for d, _ in made["notices"]]


@pytest.mark.slow
def test_every_tk_set_complete_after_the_tk_sync(corpus: Path, tmp_path: Path) -> None:
    counts = chamber_counts(corpus)
    manifest = json.loads((corpus / "manifest.json").read_text())
    assert counts["tk"] + counts.get("ek", 0) == manifest["sets"] == 90
    assert sum(documents_per_year(corpus).values()) == manifest["documents"]
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server, TkFeedServer(corpus_feed(corpus)) as feed:
        server.load_corpus(corpus)
        meta = run_backfill(BackfillOptions(since=date(1995, 1, 1), until=AS_OF, db=str(db),
                                            sru_url=server.sru_url, metadata_only=True, parse_workers=0))
        assert meta["records"] == manifest["documents"]
        con = connect(db, read_only=True)
        before = set_completeness(con, AS_OF)
        con.close()
        tk = run_tk_sync(str(db), feed.base_url)
    assert tk["outcome"] == "success"
    con = connect(db, read_only=True)
    try:
        after = set_completeness(con, AS_OF)
    finally:
        con.close()
    assert before["tk"].sets == counts["tk"] and before["tk"].lacking_any > 0  # metadata alone: not enough
    # Sets from before 2010 have no question document (the series is young) and their answers' records
    # carry no submitted date: undated after the metadata pass; the TK's gestartOp dates them (011).
    # After the TK sync every Tweede Kamer set has a date, a status, parties and ministries.
    undated = sum(1 for s in corpus_sets(corpus) if s["chamber"] == "tk" and s["submitted"] < str(QUESTION_DOCS_FROM))
    assert undated > 0 and before["tk"].no_date == undated
    n = counts["tk"]
    tk_after = after["tk"]
    assert tk_after == Completeness("tk", n, 0, 0, 0, 0, 0, tk_after.parties_from_tk,
                                    tk_after.ministries_from_tk, undated)
    assert tk_after.parties_from_tk + tk_after.ministries_from_tk > 0
    if counts.get("ek"):
        assert after["ek"].sets == counts["ek"]


def test_feed_requests_counts_the_pages_of_the_first_sync(corpus: Path) -> None:
    with TkFeedServer(corpus_feed(corpus)) as feed:
        tk_db = corpus.parent / "tk-only.duckdb"
        summary = run_tk_sync(str(tk_db), feed.base_url)
    # 87 Tweede Kamer sets: one page of zaken, one of actors, one of documents (each ≤ 250)
    assert summary["requests"] == feed_requests(corpus) == 3
