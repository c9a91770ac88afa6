"""The read-side CLI: in-process (CliRunner) where the answer is the point, the installed command in
its own process where the process is (stdout and stderr apart, the exit code of the entry point, no
Prefect import); the replay server, real DuckDB files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline.ingest import IngestOptions, run_ingest
from replay.demo_corpus import build_demo_corpus
from replay.server import ReplayServer
from tests.harness import invoke, run

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "kv.duckdb"
    os.environ["KAMERVRAGEN_MIN_INTERVAL"] = "0"
    with ReplayServer() as server:
        build_demo_corpus(server)
        run_ingest(IngestOptions(db=str(db), sru_url=server.sru_url, since=date(1990, 1, 1)))
    return db


def test_fetch_merges_metadata_and_text() -> None:
    with ReplayServer() as server:
        build_demo_corpus(server)
        done = invoke("fetch", "ah-tk-20202021-3235", "--sru-url", server.sru_url)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["vraagnummer"] == "2021Z09739"  # from the SRU record
    assert doc["submitted_on"] == "2021-06-03"  # from the text
    assert doc["received_on"] == "2021-06-21"
    assert [p["party"] for p in doc["submitters"]] == ["D66"] * 3
    assert len(doc["items"]) == 9 and doc["manifestation"] == "sru+xml"


def test_fetch_unknown_id_fails_clearly() -> None:
    with ReplayServer() as server:
        done = invoke("fetch", "ah-tk-20202021-90001", "--sru-url", server.sru_url)
    assert done.returncode == 1
    assert "no SRU record with identifier 'ah-tk-20202021-90001'" in done.stderr


def test_parse_reports_failures_and_continues(tmp_path: Path) -> None:
    bad = tmp_path / "broken.xml"
    bad.write_bytes(b"<officiele-publicatie><kamervragen>")  # the installed command: its stdout, stderr, exit code
    done = run("parse", str(bad), str(FIXTURES / "ah-tk-20202021-3235.document.xml"),
               str(FIXTURES / "sru-response.plooi-integrationtest.mocked-urls.xml"))
    assert done.returncode == 1
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [d["doc_id"] for d in lines] == ["ah-tk-20202021-3235", "ah-tk-20202021-3235"]
    assert "broken.xml" in done.stderr and "malformed XML" in done.stderr
    assert "skipped kst-32545-143" in done.stderr


def test_status_json_and_filters(demo_db: Path) -> None:
    done = invoke("status", "--db", str(demo_db), "--status", "overdue,open_extended", "--format", "json")
    rows = json.loads(done.stdout)
    assert {r["status"] for r in rows} == {"overdue", "open_extended"}
    # the hand-made sets of the demo corpus (replay/demo_corpus.py, dates relative to today): 90002, 90004
    # and 90010 are past their (extended) due date; 90003 got its notice and is within the extension
    assert {r["vraagnummer"]: r["status"] for r in rows if r["vraagnummer"] < "2026Z91000"} == {
        "2026Z90002": "overdue", "2026Z90003": "open_extended", "2026Z90004": "overdue", "2026Z90010": "overdue"}
    bzk = json.loads(invoke("status", "--db", str(demo_db), "--ministry", "BZK", "--format", "json").stdout)
    assert bzk and all("BZK" in r["ministries"] for r in bzk)
    past = json.loads(invoke("status", "--db", str(demo_db), "--as-of", "2022-02-20", "--format", "json").stdout)
    assert [(r["vraagnummer"], r["status"]) for r in past if r["vraagnummer"] == "2022Z00634"] == [
        ("2022Z00634", "open_extended")
    ]


def test_show_timeline(demo_db: Path) -> None:
    done = invoke("show", "2022Z 00634", "--db", str(demo_db))
    assert done.returncode == 0, done.stderr
    assert "answered_within_extension" in done.stdout
    assert "notice/delay" in done.stdout and "kv-tk-2022Z00634" in done.stdout


def test_sql_is_read_only(demo_db: Path) -> None:
    done = invoke("sql", "--db", str(demo_db), "DELETE FROM documents")
    assert done.returncode == 1 and "read-only" in done.stderr.lower()
    count = invoke("sql", "--db", str(demo_db), "--format", "csv", "SELECT count(*) AS n FROM documents")
    with duckdb.connect(str(demo_db), read_only=True) as con:  # nothing was deleted
        assert count.stdout.splitlines()[1] == str(con.execute("SELECT count(*) FROM documents").fetchone()[0])


def test_read_commands_do_not_import_prefect(demo_db: Path) -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from cli.app import app; "
        f"r = CliRunner().invoke(app, ['status', '--db', {str(demo_db)!r}, '--format', 'csv']); "
        "assert r.exit_code == 0, r.output; assert 'prefect' not in sys.modules, 'prefect imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_show_writes_people_and_topics_as_text(demo_db: Path) -> None:
    """2026Z90005 in replay/demo_corpus.py: member 0 ("Synthetisch", D66), ministry 4 (OCW, "Minister
    Bruins"), answered; people read as "name (party)" / "name (function, ministry)", not as dicts."""
    done = invoke("show", "2026Z90005", "--db", str(demo_db))
    assert done.returncode == 0, done.stderr
    lines = {ln.split(None, 1)[0]: ln.split(None, 1)[1] for ln in done.stdout.splitlines() if len(ln.split(None, 1)) == 2}
    assert lines["submitters"] == "Synthetisch (D66)"
    assert lines["answered_by"] == "Bruins (Minister, OCW)"
    assert "{" not in done.stdout
