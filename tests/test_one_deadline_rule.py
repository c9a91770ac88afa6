"""One deadline rule (schemas/ddl/008_one_deadline_rule.sql): one definition of has_term and of the
due dates, used by status_as_of, the rebuild and the overrides; one definition of the timeliness
aggregates behind timeliness_by_ministry / _by_party / _by_month.

Nothing changed for the data: the demo corpus gives the content checksum and status list pinned
below (recorded before 008 existed), and the status and timeliness views equal the definitions of
the immutable migration 007, run side by side on the same database (same day, so no wall clock).
Hand-made sets (made-up ids 2024Z901xx) state their due dates independently: S+21, S+42 after a
delay notice, none for the Eerste Kamer or an oral question.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from flows.demo_corpus import build_demo_corpus
from flows.pipeline import IngestOptions, run_ingest
from flows.replay_server import ReplayServer
from schemas.migrations import DDL_DIR
from warehouse import connect
from warehouse.checksum import ContentChecksum, content_checksum

TODAY = date(2026, 11, 24)
FETCHED = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
REPLAY = "http://replay.invalid"
MIGRATION_007 = DDL_DIR / "007_review.sql"

# Recorded on the demo corpus (today=2026-11-24, 40 extra sets) before migration 008 existed,
# with the replay server's random port written as REPLAY in documents.urls / documents.source.
DEMO_CHECKSUM = ContentChecksum(
    documents=107, question_sets=52, question_items=162, checksum="830bbe6981e63790c0d6a90158eff88b")
DEMO_STATUS_MD5 = "3d030bbcb28216606daec834a083181b"
DEMO_STATUSES = {"answered_late": 21, "answered_on_time": 16, "answered_within_extension": 3, "open": 5,
                 "open_extended": 2, "overdue": 4, "withdrawn": 1}
TIMELINESS = ("timeliness_by_ministry", "timeliness_by_party", "timeliness_by_month")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    try:
        with ReplayServer() as server:
            build_demo_corpus(server, today=TODAY)
            base = server.sru_url.split("/sru")[0]
            result = run_ingest(IngestOptions(db=str(db), sru_url=server.sru_url,
                                              since=date(1990, 1, 1), until=TODAY))
    finally:
        mp.undo()
    assert result["outcome"] == "success" and result["rejected"] == 0
    con = connect(db)
    try:  # the replay server's port is random: make the documents' URLs stable
        con.execute(
            "UPDATE documents SET source = replace(source, $base, $to), "
            "urls = map_from_entries([{'k': e.key, 'v': replace(e.value, $base, $to)} "
            "                          FOR e IN map_entries(urls)])",
            {"base": base, "to": REPLAY})
    finally:
        con.close()
    return db


@pytest.fixture
def demo(demo_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(demo_db)
    yield con
    con.close()


def statement_of_007(kind: str, name: str) -> str:
    """The body of `CREATE OR REPLACE <kind> <name>` in the released (immutable) migration 007."""
    text = MIGRATION_007.read_text(encoding="utf-8")
    match = re.search(rf"^CREATE OR REPLACE {kind} {re.escape(name)}\b(.*?);$", text, re.S | re.M)
    assert match, name
    return match.group(1)


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[tuple[str, str]], list[tuple]]:
    cur = con.execute(sql)
    return [(c[0], str(c[1])) for c in cur.description], cur.fetchall()


# --- the demo corpus: nothing changed -------------------------------------------------------------

def test_demo_content_checksum_is_the_one_recorded_before_008(demo: duckdb.DuckDBPyConnection) -> None:
    assert content_checksum(demo, TODAY) == DEMO_CHECKSUM


def test_demo_status_list_is_the_one_recorded_before_008(demo: duckdb.DuckDBPyConnection) -> None:
    md5 = demo.execute(
        "SELECT md5(string_agg(CAST(s AS VARCHAR), '|' ORDER BY CAST(s AS VARCHAR))) "
        "FROM (SELECT * FROM status_as_of(DATE '2026-11-24') ORDER BY ALL) s").fetchone()
    assert md5 == (DEMO_STATUS_MD5,)
    counts = dict(demo.execute(
        "SELECT status, count(*) FROM status_as_of(DATE '2026-11-24') GROUP BY status").fetchall())
    assert counts == DEMO_STATUSES


@pytest.mark.parametrize("as_of", ["2022-02-08", "2022-03-01", "2024-06-30", "2026-11-03", "2026-11-24"])
def test_status_as_of_equals_the_007_definition(demo: duckdb.DuckDBPyConnection, as_of: str) -> None:
    demo.execute(f"CREATE OR REPLACE TEMP MACRO status_as_of_007(d) AS TABLE "
                 f"{statement_of_007('MACRO', 'status_as_of(d) AS TABLE')}")
    new = rows(demo, f"SELECT * FROM status_as_of(DATE '{as_of}') ORDER BY ALL")
    old = rows(demo, f"SELECT * FROM status_as_of_007(DATE '{as_of}') ORDER BY ALL")
    assert new == old and len(new[1]) > 0


@pytest.mark.parametrize("view", TIMELINESS)
def test_timeliness_views_equal_the_007_definitions(demo: duckdb.DuckDBPyConnection, view: str) -> None:
    demo.execute(f"CREATE OR REPLACE TEMP VIEW {view}_007 {statement_of_007('VIEW', view)}")
    new = rows(demo, f"SELECT * FROM {view}")
    old = rows(demo, f"SELECT * FROM {view}_007")
    assert new == old and len(new[1]) > 0
