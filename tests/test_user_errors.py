"""A user's mistake gets one line naming the value and what is valid, and exit 2; never a traceback (issue 21).

In-process (Typer's CliRunner): what is asserted is the command's own answer, not a process. The
warehouse holds SYNTHETIC sets only (made-up vraagnummers 2026Z99xxx, made-up dates).
"""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from cli.app import app
from replay.server import ReplayServer
from schemas import clock
from tests.docfactory import question
from warehouse import connect, keys_for_documents, rebuild_question_sets, transaction, upsert_documents

ROOT = Path(__file__).resolve().parents[1]
FILL = ("`kamervragen ingest` fills it from the sources; `kamervragen demo` builds an offline demo "
        "(then read it with --db data/demo.duckdb)")
# schemas/ministries.csv, the rows of kind "ministry", in the file's order (read by hand)
MINISTRIES = ("AZ, BZ, BZK, DEF, EZ, EZK, ELI, FIN, IenW, IenM, VenW, JenV, VenJ, JUS, KGG, LVVN, LNV, OCW, SZW, "
              "VWS, VROM, VRO, AenM")
STATUSES = ("incomplete, withdrawn, answered, answered_on_time, answered_within_extension, answered_late, open, "
            "open_extended, overdue")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def one_line(result: Result, code: int = 2) -> str:
    """The one stderr line of a refused command (nothing on stdout, no exception but the exit)."""
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A warehouse with two SYNTHETIC sets: 2026Z99201 (ministry BZK) and 2026Z99202 (FIN)."""
    path = tmp_path / "kv.duckdb"
    con = connect(path)
    try:
        with transaction(con):
            docs = [question("2026Z99201", "2026-01-05", ministries=["BZK"]),
                    question("2026Z99202", "2026-01-06", ministries=["FIN"])]
            counts = upsert_documents(con, docs, datetime(2026, 1, 10, 12, 0, tzinfo=UTC))
            rebuild_question_sets(con, keys_for_documents(con, counts.changed_ids))
    finally:
        con.close()
    return str(path)


def test_show_of_a_malformed_vraagnummer(tmp_path: Path) -> None:
    assert one_line(invoke("show", "NOPE", "--db", str(tmp_path / "none.duckdb"))) == (
        "show: 'NOPE' is not a vraagnummer; valid: a zaaknummer like 2022Z00634, a document number like "
        "2009D25439, or an Eerste Kamer number of 6 to 12 digits")


def test_show_of_a_well_formed_number_not_stored(db: str) -> None:
    assert one_line(invoke("show", "2026z 99999", "--db", db), code=1) == f"no question set 2026z 99999 in {db}"
    assert invoke("show", "2026Z99201", "--db", db).exit_code == 0


def test_site_into_a_file(db: str, tmp_path: Path) -> None:
    target = tmp_path / "site.txt"
    target.write_text("not a folder\n")
    expected = (f"site: {target} is a file, not a folder; valid: a folder to write the site into (created when "
                "missing)")
    assert one_line(invoke("site", str(target), "--db", db, "--no-search")) == expected
    assert one_line(invoke("site", str(target / "sub"), "--db", db, "--no-search")) == expected  # under a file
    assert target.read_text() == "not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kv.duckdb", "site.txt"]


@pytest.mark.parametrize("command", ["ingest", "backfill"])
def test_since_after_until_is_refused_before_any_request(command: str, tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        result = invoke(command, "--since", "2025-01-01", "--until", "2024-01-01", "--db", str(db),
                        "--sru-url", server.sru_url, "--tk-url", server.base_url)
        assert one_line(result) == (f"{command}: --since 2025-01-01 is after --until 2024-01-01; valid: --since on or "
                                    "before --until")
        assert server.request_count == 0
    assert not db.exists()


def test_since_after_today_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without --until the window ends today in Amsterdam: 2026-02-11 at 23:30 UTC on 2026-02-10."""
    monkeypatch.setattr(clock, "utc_now", lambda: datetime(2026, 2, 10, 23, 30, tzinfo=UTC))
    with ReplayServer() as server:
        late = invoke("ingest", "--since", "2026-02-12", "--db", str(tmp_path / "kv.duckdb"),
                      "--sru-url", server.sru_url, "--tk-url", server.base_url)
        assert one_line(late) == ("ingest: --since 2026-02-12 is after today (2026-02-11, Europe/Amsterdam); "
                                  "valid: a day up to today")
        assert server.request_count == 0


def test_the_check_runs_where_requests_would_follow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control of the two tests above: a window of one day does reach the replay."""
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    with ReplayServer() as server:
        result = invoke("backfill", "--since", "2024-01-01", "--until", "2024-01-01", "--no-prefect", "--no-tk",
                        "--db", str(tmp_path / "kv.duckdb"), "--sru-url", server.sru_url)
        assert result.exit_code == 0, (result.stderr, result.exception)
        assert server.request_count > 0


def test_status_unknown_status(db: str) -> None:
    assert one_line(invoke("status", "--status", "late", "--db", db)) == (
        f"status: --status late is not a status; valid: {STATUSES}")
    assert one_line(invoke("status", "--status", "open,late,soon", "--db", db)) == (
        f"status: --status late, soon is not a status; valid: {STATUSES}")


def test_status_ministry_ignores_case_and_unknown_is_refused(db: str) -> None:
    for spelling in ("BZK", "bzk", "BiZa"):  # BiZa: an alias in schemas/ministries.csv
        result = invoke("status", "--ministry", spelling, "--db", db, "--format", "csv")
        assert result.exit_code == 0, result.stderr
        assert [line.split(",")[0] for line in result.stdout.splitlines()] == ["vraagnummer", "2026Z99201"]
    assert one_line(invoke("status", "--ministry", "XYZ", "--db", db)) == (
        f"status: --ministry 'XYZ' is not a ministry abbreviation; valid: {MINISTRIES}")


@pytest.mark.parametrize("args", [["status"], ["review"], ["show", "2026Z99201"]])
def test_a_missing_or_empty_warehouse_says_how_to_fill_it(args: list[str], tmp_path: Path) -> None:
    missing = tmp_path / "missing.duckdb"
    assert one_line(invoke(*args, "--db", str(missing))) == f"the warehouse {missing} does not exist yet: {FILL}"
    empty = tmp_path / "empty.duckdb"
    connect(empty).close()  # migrated, no documents (as the default database after `demo` wrote elsewhere)
    assert one_line(invoke(*args, "--db", str(empty))) == f"the warehouse {empty} is empty: {FILL}"


def test_version() -> None:
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, "kamervragen 0.1.0\n")  # pyproject.toml's version


def test_one_row_is_one_row(db: str) -> None:
    result = invoke("status", "--ministry", "FIN", "--db", db)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == "1 row"


def test_license_is_an_spdx_expression() -> None:
    """PEP 639: `license = "EUPL-1.2"`, which setuptools reads from version 77 on (no deprecation banner)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["license"] == "EUPL-1.2"
    assert "setuptools>=77" in project["build-system"]["requires"]
