"""`kamervragen export`: every table and view, one file each, from the snapshot when there is one."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from tests.analyst_data import load, make_db
from tests.docfactory import question
from tests.harness import invoke, run
from warehouse import connect
from warehouse.export import export_all, exportable_objects
from warehouse.read import open_read
from warehouse.snapshot import publish_snapshot


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path / "kv.duckdb")


def objects(path: Path) -> dict[str, int]:
    """name → row count of every table and view in the database."""
    c = duckdb.connect(str(path), read_only=True)
    try:
        names = [n for n, _ in exportable_objects(c)]
        return {n: c.execute(f'SELECT count(*) FROM "{n}"').fetchall()[0][0] for n in names}
    finally:
        c.close()


def test_parquet_export_has_every_table_and_view(db: Path, tmp_path: Path) -> None:
    expected = objects(db)
    assert {"documents", "question_sets", "questions", "overdue_now", "timeliness_by_ministry",
            "timeliness_by_party", "timeliness_by_month", "delay_notices", "overrides"} <= set(expected)
    out = tmp_path / "out"
    c = duckdb.connect(str(db), read_only=True)
    try:
        written = export_all(c, out, "parquet")
    finally:
        c.close()
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.parquet" for n in expected)
    assert {w.name: w.rows for w in written} == expected
    for name, rows in expected.items():
        assert pq.read_metadata(out / f"{name}.parquet").num_rows == rows, name
    sets = pq.read_table(out / "question_sets.parquet").to_pylist()
    two = next(s for s in sets if s["vraagnummer"] == "2022Z90002")
    assert two["ministries"] == ["BZK", "FIN"]  # lists stay lists
    assert two["submitters"] == [{"name": "Lid 0", "party": "D66"}]  # records stay records
    by_ministry = pq.read_table(out / "timeliness_by_ministry.parquet").to_pylist()
    assert {(r["ministry"], r["year"]): r["share_late"] for r in by_ministry}[("FIN", 2022)] == 0.5


def test_csv_export_writes_nested_columns_as_json(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    c = duckdb.connect(str(db), read_only=True)
    try:
        export_all(c, out, "csv")
    finally:
        c.close()
    with (out / "question_sets.csv").open(newline="", encoding="utf-8") as fh:
        sets = list(csv.DictReader(fh))
    assert len(sets) == 8
    two = next(s for s in sets if s["vraagnummer"] == "2022Z90002")
    assert json.loads(two["ministries"]) == ["BZK", "FIN"]
    assert json.loads(two["submitters"]) == [{"name": "Lid 0", "party": "D66"}]
    assert two["submitted_on"] == "2022-01-10" and two["days_taken"] == "36"
    with (out / "overdue_now.csv").open(newline="", encoding="utf-8") as fh:
        overdue = list(csv.DictReader(fh))
    assert [r["vraagnummer"] for r in overdue] == ["2022Z90004"]


def test_unknown_format_is_refused(db: Path, tmp_path: Path) -> None:
    c = duckdb.connect(str(db), read_only=True)
    try:
        with pytest.raises(ValueError, match="unknown format"):
            export_all(c, tmp_path / "x", "xlsx")
    finally:
        c.close()


def test_cli_exports_the_snapshot_while_a_writer_holds_the_database(db: Path, tmp_path: Path) -> None:
    publish_snapshot(db)
    writer = connect(db)  # an ingest in progress: the database itself is locked for other processes (the
    # command runs in its own)
    try:
        load(writer, question("2024Z90001", "2024-01-08"))  # not yet published
        out = tmp_path / "export"
        done = run("export", "--db", str(db), "--format", "parquet", str(out))
        assert done.returncode == 0, done.stderr
        assert pq.read_metadata(out / "question_sets.parquet").num_rows == 8  # the snapshot's
        assert pq.read_table(out / "snapshot_info.parquet").to_pylist()[0]["question_sets"] == 8
        listed = [line.split("\t") for line in done.stdout.splitlines()]
        assert [Path(p).name for p, *_ in listed] == sorted(p.name for p in out.iterdir())
        assert "export: " in done.stderr
    finally:
        writer.close()


@pytest.mark.slow
def test_cli_csv_and_errors(db: Path, tmp_path: Path) -> None:
    done = invoke("export", "--db", str(db), "--format", "csv", str(tmp_path / "c"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "c" / "timeliness_by_party.csv").exists()
    bad = invoke("export", "--db", str(db), "--format", "xlsx", str(tmp_path / "x"))
    assert bad.returncode == 2 and "unknown format" in bad.stderr
    missing = invoke("export", "--db", str(tmp_path / "nope.duckdb"), str(tmp_path / "y"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_export_reads_through_open_read_without_prefect(db: Path, tmp_path: Path) -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from cli.app import app; "
        f"r = CliRunner().invoke(app, ['export', '--db', {str(db)!r}, {str(tmp_path / 'o')!r}]); "
        f"assert r.exit_code == 0, r.output; "
        f"r = CliRunner().invoke(app, ['report', '--db', {str(db)!r}, '--out', {str(tmp_path / 'r.html')!r}]); "
        "assert r.exit_code == 0, r.output; assert 'prefect' not in sys.modules, 'prefect imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    with open_read(db) as c:
        assert c.execute("SELECT count(*) FROM questions").fetchall() == [(8,)]
