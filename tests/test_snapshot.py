"""The read-only snapshot: atomic publication beside the database, readers in other processes,
and compatibility with the official DuckDB command-line client (duckdb-cli 1.5.6 on PyPI)."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from tests.analyst_data import load, make_db, today_amsterdam
from tests.docfactory import question
from warehouse import connect
from warehouse.read import open_read, snapshot_path
from warehouse.snapshot import SNAPSHOT_STORAGE_VERSION, publish_snapshot

REPO = Path(__file__).resolve().parents[1]
DUCKDB_CLI = Path(sys.executable).with_name("duckdb")


def python(code: str, *args: str) -> subprocess.Popen:
    """A Python process running `code` in the repository, with pipes."""
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], cwd=REPO, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def readline(proc: subprocess.Popen) -> str:
    """The next stdout line of `proc` (fails with its stderr when it died instead)."""
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        proc.wait()
        raise AssertionError(f"process ended (rc {proc.returncode}): {proc.stderr.read() if proc.stderr else ''}")
    return line.strip()


def tell(proc: subprocess.Popen, line: str) -> None:
    assert proc.stdin is not None
    proc.stdin.write(line + "\n")
    proc.stdin.flush()


def count_sets(path: Path) -> int:
    c = duckdb.connect(str(path), read_only=True)
    try:
        row = c.execute("SELECT count(*) FROM question_sets").fetchone()
    finally:
        c.close()
    assert row is not None
    return int(row[0])


def test_publish_copies_tables_views_and_macros(tmp_path: Path) -> None:
    db = make_db(tmp_path / "kv.duckdb")
    snap = publish_snapshot(db)
    assert snap == tmp_path / "kv.read.duckdb" == snapshot_path(db)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kv.duckdb", "kv.read.duckdb"]  # no temp files left
    src, copy = duckdb.connect(str(db), read_only=True), duckdb.connect(str(snap), read_only=True)
    try:
        objects = ("SELECT type, name FROM (SELECT 'table' AS type, table_name AS name FROM duckdb_tables() "
                   "UNION ALL SELECT 'view', view_name FROM duckdb_views() WHERE NOT internal "
                   "UNION ALL SELECT 'macro', function_name FROM duckdb_functions() "
                   "WHERE function_type IN ('macro', 'table_macro') AND NOT internal) ORDER BY ALL")
        assert set(src.execute(objects).fetchall()) | {("table", "snapshot_info")} == set(
            copy.execute(objects).fetchall())
        for check in ("SELECT * FROM questions ORDER BY chamber, vraagnummer",
                      "SELECT * FROM status_as_of(DATE '2022-03-01') ORDER BY chamber, vraagnummer",
                      "SELECT * FROM timeliness_by_ministry", "SELECT * FROM documents ORDER BY doc_id"):
            assert copy.execute(check).fetchall() == src.execute(check).fetchall(), check
        info = copy.execute("SELECT source_db, storage_version, schema_version, question_sets FROM snapshot_info")
        assert info.fetchall() == [(str(db.resolve()), SNAPSHOT_STORAGE_VERSION, src.execute(
            "SELECT max(version) FROM schema_migrations").fetchall()[0][0], 8)]
    finally:
        src.close()
        copy.close()
    header = snap.read_bytes()[:20]
    # DuckDB 1.5 reads storage versions 64-68 ("can only read versions between 64 and 68"); the
    # CLI test below proves it on the real client
    assert header[8:12] == b"DUCK" and 64 <= struct.unpack_from("<Q", header, 12)[0] <= 68


def test_publish_from_the_writers_connection(tmp_path: Path) -> None:
    db = make_db(tmp_path / "kv.duckdb")
    writer = connect(db)
    try:
        load(writer, question("2024Z90001", "2024-01-08"))
        publish_snapshot(writer, db)  # while the writer keeps the database open
        # the connection is usable afterwards, on its own database
        assert writer.execute("SELECT current_database()").fetchall() == [("kv",)]
        load(writer, question("2024Z90002", "2024-01-09"))
    finally:
        writer.close()
    assert count_sets(snapshot_path(db)) == 9
    assert count_sets(db) == 10


def test_failed_publication_keeps_the_previous_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = make_db(tmp_path / "kv.duckdb")
    snap = publish_snapshot(db)
    before = snap.read_bytes()
    c = connect(db)
    load(c, question("2024Z90001", "2024-01-08"))
    c.close()

    def refuse(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        publish_snapshot(db)
    assert snap.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kv.duckdb", "kv.read.duckdb"]


def test_open_read_prefers_the_snapshot(tmp_path: Path) -> None:
    db = make_db(tmp_path / "kv.duckdb")
    c = open_read(db)  # no snapshot yet: the database itself, read-only
    assert c.execute("SELECT count(*) FROM question_sets").fetchall() == [(8,)]
    c.close()
    publish_snapshot(db)
    w = connect(db)
    load(w, question("2024Z90001", "2024-01-08"))
    c = open_read(db)  # while the writer holds the database
    try:
        assert c.execute("SELECT count(*) FROM question_sets").fetchall() == [(8,)]
        assert c.execute("SELECT count(*) FROM snapshot_info").fetchall() == [(1,)]
        with pytest.raises(duckdb.Error):
            c.execute("DELETE FROM overrides")
    finally:
        c.close()
        w.close()


def test_open_read_passes_over_a_snapshot_from_an_older_schema(tmp_path: Path) -> None:
    db = make_db(tmp_path / "kv.duckdb")
    snap = publish_snapshot(db)
    old = duckdb.connect(str(snap))
    old.execute("DELETE FROM schema_migrations WHERE version > 2")  # as if published before an upgrade
    old.close()
    c = open_read(db)
    try:
        assert c.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'snapshot_info'").fetchall() == [
            (0,)]  # the database itself
    finally:
        c.close()
    with connect(db) as _writer:  # …unless a writer holds it: then the old snapshot is all there is
        c = open_read(db)
        assert c.execute("SELECT count(*) FROM snapshot_info").fetchall() == [(1,)]
        c.close()


READER = """
    import sys
    from warehouse.read import open_read
    import duckdb
    db = sys.argv[1]
    con = open_read(db)
    print(con.execute("SELECT count(*) FROM question_sets").fetchone()[0], flush=True)
    sys.stdin.readline()  # the writer has published a new snapshot (and still holds the database)
    print(con.execute("SELECT count(*) FROM questions").fetchone()[0], flush=True)  # same connection
    try:
        duckdb.connect(db, read_only=True)
        print("database-readable", flush=True)
    except duckdb.Error as exc:
        print("database-locked" if "lock" in str(exc).lower() else f"other error {exc}", flush=True)
    con.close()
    con = open_read(db)  # next connection
    print(con.execute("SELECT count(*) FROM questions").fetchone()[0], flush=True)
    con.close()
"""

WRITER = """
    import sys
    from tests.docfactory import question
    from tests.analyst_data import load
    from warehouse import connect
    from warehouse.lock import WriterLock
    from warehouse.snapshot import publish_snapshot
    db = sys.argv[1]
    with WriterLock(db):
        con = connect(db)
        load(con, question("2024Z90001", "2024-01-08"), question("2024Z90002", "2024-01-09"))
        publish_snapshot(con, db)
        print("published", flush=True)
        sys.stdin.readline()  # hold the database until told
        con.close()
    print("done", flush=True)
"""


def test_reader_holds_a_connection_while_a_writer_publishes(tmp_path: Path) -> None:
    db = make_db(tmp_path / "kv.duckdb")
    publish_snapshot(db)
    reader = python(READER, str(db))
    writer = None
    try:
        assert readline(reader) == "8"
        writer = python(WRITER, str(db))
        assert readline(writer) == "published"
        tell(reader, "go")
        assert readline(reader) == "8"  # the held connection still reads its (old) snapshot, no error
        assert readline(reader) == "database-locked"  # reading the database itself would fail now
        assert readline(reader) == "10"  # the next connection sees the new snapshot
        tell(writer, "exit")
        assert readline(writer) == "done"
        assert writer.wait() == 0 and reader.wait() == 0, (writer.stderr.read(), reader.stderr.read())
    finally:
        for proc in (reader, writer):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()


HAMMER = """
    import json, os, sys
    from warehouse.read import open_read
    db, stop = sys.argv[1], sys.argv[2]
    seen, errors = [], []
    while True:
        stopping = os.path.exists(stop)  # one more read after the test says stop: the final snapshot
        try:
            con = open_read(db)
            count = con.execute("SELECT count(*) FROM questions").fetchone()[0]
            con.close()
            if not seen or count != seen[-1]:
                print(f"saw {count}", flush=True)  # each new snapshot, as it is first read
            seen.append(count)
        except Exception as exc:
            errors.append(repr(exc))
        if stopping:
            break
    print(json.dumps({"seen": seen, "errors": errors}), flush=True)
"""


def finish(reader: subprocess.Popen, stop: Path) -> dict:
    """Tell a hammering reader to stop; its result (the lines it printed before are skipped)."""
    stop.touch()
    while (line := readline(reader)).startswith("saw "):
        pass
    assert reader.wait() == 0, reader.stderr.read() if reader.stderr else ""
    return json.loads(line)


@pytest.mark.slow
def test_readers_never_fail_during_repeated_publication(tmp_path: Path) -> None:
    db = make_db(tmp_path / "kv.duckdb")
    publish_snapshot(db)
    stop = tmp_path / "stop"
    readers = [python(HAMMER, str(db), str(stop)) for _ in range(2)]
    try:
        for r in readers:
            assert readline(r) == "saw 8"
        writer = connect(db)
        try:
            for i in range(12):
                load(writer, question(f"2024Z{90001 + i}", "2024-01-08"))
                publish_snapshot(writer, db)
                for r in readers:  # both readers read this snapshot before the next replaces it
                    assert readline(r) == f"saw {9 + i}"
        finally:
            writer.close()
        for r in readers:
            result = finish(r, stop)
            assert result["errors"] == []
            # every snapshot was read, in order: never an older one after a newer one
            assert list(dict.fromkeys(result["seen"])) == list(range(8, 21))
            assert result["seen"] == sorted(result["seen"])
    finally:
        for r in readers:
            if r.poll() is None:
                r.kill()
                r.wait()
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def duckdb_cli(path: Path, sql: str) -> list[dict]:
    done = subprocess.run([str(DUCKDB_CLI), "-readonly", "-json", str(path), "-c", sql],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout or "[]")


def test_official_duckdb_cli_reads_the_snapshot(tmp_path: Path) -> None:
    assert DUCKDB_CLI.exists(), f"{DUCKDB_CLI} missing: install the dev extra (duckdb-cli)"
    version = subprocess.run([str(DUCKDB_CLI), "--version"], capture_output=True, text=True, timeout=30).stdout
    assert version.startswith("v1."), version  # an older client than the writer (duckdb 2.x)
    db = make_db(tmp_path / "kv.duckdb")
    snap = publish_snapshot(db)
    with pytest.raises(AssertionError, match=r"(?i)version|storage|serializ|format"):
        duckdb_cli(db, "SELECT 1")  # the 2.0 database itself: the old client cannot open it
    questions = duckdb_cli(snap, "SELECT vraagnummer, status, days_taken FROM questions ORDER BY vraagnummer")
    assert {q["vraagnummer"]: q["status"] for q in questions}["2022Z90002"] == "answered_within_extension"
    assert len(questions) == 8
    past = duckdb_cli(snap, "SELECT vraagnummer, status FROM status_as_of(DATE '2024-01-01') ORDER BY vraagnummer")
    assert {p["vraagnummer"]: p["status"] for p in past} == {
        "221229001": "answered", "2022Z90001": "answered_on_time", "2022Z90002": "answered_within_extension",
        "2022Z90003": "answered_late", "2022Z90004": "overdue", "2022Z90005": "withdrawn",
        "2023Z90001": "answered_on_time"}
    by_ministry = duckdb_cli(snap, "SELECT ministry, year, decided, share_late FROM timeliness_by_ministry "
                                   "WHERE year = 2022 ORDER BY ministry")
    assert [(r["ministry"], r["decided"], r["share_late"]) for r in by_ministry] == [
        ("BZK", 2, 0.0), ("FIN", 2, 0.5), ("VWS", 1, 1.0)]
    overdue = duckdb_cli(snap, "SELECT vraagnummer, overdue_kind FROM overdue_now")
    assert overdue == [{"vraagnummer": "2022Z90004", "overdue_kind": "after_extension"}]
    notices = duckdb_cli(snap, "SELECT count(*) AS n FROM delay_notices WHERE reason IS NOT NULL")
    assert notices == [{"n": 2}]
    nested = duckdb_cli(snap, "SELECT ministries, submitters[1].party AS party FROM question_sets "
                              "WHERE vraagnummer = '2022Z90002'")
    assert nested == [{"ministries": ["BZK", "FIN"], "party": "D66"}]
    today = duckdb_cli(snap, "SELECT CAST(timezone('Europe/Amsterdam', now()) AS DATE) AS d")[0]["d"]
    with connect(db, read_only=True) as c:
        assert today == today_amsterdam(c).isoformat()


INGEST = """
    import json, os, sys
    os.environ["KAMERVRAGEN_MIN_INTERVAL"] = "0"
    from datetime import date
    from replay.demo_corpus import build_demo_corpus
    from pipeline.ingest import IngestOptions, run_ingest
    from replay.server import ReplayServer
    db = sys.argv[1]
    with ReplayServer(latency=0.02) as server:
        build_demo_corpus(server)
        print("ingesting", flush=True)
        summary = run_ingest(IngestOptions(db=db, sru_url=server.sru_url, since=date(1990, 1, 1)))
    print(json.dumps({"summary": summary}, default=str), flush=True)
"""


@pytest.mark.slow
def test_readers_keep_working_during_a_real_ingest(tmp_path: Path) -> None:
    """A real ingest (replay server, SRU paging, text fetches) writes while two readers query;
    the ingest itself publishes the snapshot they read next."""
    db = make_db(tmp_path / "kv.duckdb")
    published = publish_snapshot(db).stat().st_mtime_ns
    stop = tmp_path / "stop"
    readers = [python(HAMMER, str(db), str(stop)) for _ in range(2)]
    ingest = python(INGEST, str(db))
    try:
        for r in readers:
            assert readline(r) == "saw 8"
        assert readline(ingest) == "ingesting"
        done = json.loads(readline(ingest))
        assert ingest.wait() == 0, ingest.stderr.read() if ingest.stderr else ""
        summary = done["summary"]
        assert summary["outcome"] == "success" and "snapshot_error" not in summary, summary
        assert summary["rejected"] == 0 and summary["inserted"] == summary["records"]  # all new here
        assert snapshot_path(db).stat().st_mtime_ns != published  # the ingest published it
        assert count_sets(snapshot_path(db)) == count_sets(db)  # the published snapshot is the ingest's result
        with duckdb.connect(str(snapshot_path(db)), read_only=True) as snap:
            after = snap.execute("SELECT count(*) FROM questions").fetchone()[0]
        for r in readers:
            result = finish(r, stop)
            assert result["errors"] == []
            assert result["seen"][0] == 8 and result["seen"] == sorted(result["seen"])
            assert result["seen"][-1] == after  # the next connection sees the ingested sets
    finally:
        for proc in (*readers, ingest):
            if proc.poll() is None:
                proc.kill()
                proc.wait()
