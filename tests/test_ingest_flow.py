"""The scheduled `ingest` flow (Prefect tasks per page) pages exactly as `run_ingest` does.

A replay server caps pages below the size asked for and still announces the uncapped
`nextRecordPosition`: a loop that trusts that position skips records. Both entry points go
through `SruClient.iter_pages`, so both load every record; the warehouse content checksums of
the two runs are compared.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.ingest import IngestOptions, run_ingest
from replay.demo_corpus import build_demo_corpus
from replay.server import ReplayServer
from warehouse.checksum import content_checksum
from warehouse.db import connect

pytestmark = pytest.mark.prefect  # a flow run on the temporary API server

TODAY = date(2026, 11, 24)
SINCE = date(1990, 1, 1)
CAP = 7


@pytest.fixture(autouse=True)
def _no_politeness(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")


def capped_server() -> ReplayServer:
    server = ReplayServer(max_page_size=CAP)
    server.cap_hides_position = True
    return server


def checksum_and_documents(db: Path):
    con = connect(db, read_only=True)
    try:
        return content_checksum(con, TODAY), con.execute("SELECT count(*) FROM documents").fetchall()[0][0]
    finally:
        con.close()


def test_scheduled_flow_loads_every_record_from_a_capped_server(tmp_path: Path) -> None:
    from prefect.testing.utilities import prefect_test_harness

    from flows.ingest_flow import ingest

    reference, flowed = tmp_path / "reference.duckdb", tmp_path / "flow.duckdb"
    with capped_server() as server:
        build_demo_corpus(server, today=TODAY)
        plain = run_ingest(IngestOptions(db=str(reference), sru_url=server.sru_url, since=SINCE, until=TODAY))
        server.clear_log()
        with prefect_test_harness(server_startup_timeout=120):  # a loaded machine starts it slowly
            summary = ingest(since=SINCE, until=TODAY, db=str(flowed), sru_url=server.sru_url)
            tasks = task_run_names()
        sru_pages = sum(1 for path, _ in server.request_log if path == "/sru")
    # pages of 7: 51 questions (2022Z00634, 10 scenario, 40 random sets) in 8; the answers series'
    # 56 records in 8 (REAL 3235, 2 PDFs, 2022Z00634's 2; scenario 8; random 34 answers and the 9
    # notices modified by TODAY); 107 records in all
    assert (plain["outcome"], plain["pages"], plain["records"]) == ("success", 8 + 8, 51 + 56)
    assert (summary["outcome"], summary["records"], summary["pages"]) == ("success", plain["records"], plain["pages"])
    assert summary["pages"] == sru_pages  # every page requested was loaded, none skipped
    assert checksum_and_documents(flowed) == checksum_and_documents(reference)
    # network IO and parsing are separate tasks: per page, fetch → parse → load (texts queued); then the texts
    pages = summary["pages"]
    assert tasks == {"fetch-sru-page": pages, "parse-page": pages, "load-page": pages, "retry-rejects": 1,
                     "load-texts": 1}


def task_run_names() -> dict[str, int]:
    """How many task runs of each task the (test harness) Prefect API recorded."""
    import asyncio
    from collections import Counter

    from prefect.client.orchestration import get_client

    async def read() -> list:
        runs: list = []
        async with get_client() as client:
            while batch := await client.read_task_runs(limit=200, offset=len(runs)):
                runs += batch
        return runs

    return dict(Counter(run.name.rsplit("-", 1)[0] for run in asyncio.run(read())))
