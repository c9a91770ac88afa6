"""The demo corpus ingested once (replay server + the real ingest), for the site tests.

Dates follow TODAY (a fixed day), so every status, due date and day count is known by hand.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.ingest import IngestOptions, run_ingest
from replay.demo_corpus import build_demo_corpus
from replay.server import ReplayServer

TODAY = date(2026, 11, 24)


def ingest_demo(db: Path) -> Path:
    mp = pytest.MonkeyPatch()
    mp.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    try:
        with ReplayServer() as server:
            build_demo_corpus(server, today=TODAY)
            result = run_ingest(IngestOptions(db=str(db), sru_url=server.sru_url,  # every text, as `demo`
                                              since=date(1990, 1, 1), until=TODAY, texts_per_run=0))
    finally:
        mp.undo()
    assert result["outcome"] == "success" and result["rejected"] == 0
    return db
