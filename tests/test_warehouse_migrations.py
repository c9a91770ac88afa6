"""Versioned migrations: a database at an older version is upgraded in place, data intact."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from schemas.migrations import (
    DDL_DIR,
    MigrationError,
    apply_migrations,
    available_migrations,
    current_version,
    latest_version,
)
from tests.docfactory import answer, notice, question
from tests.old_schema import upsert_at_old_version
from warehouse import connect, rebuild_question_sets, transaction

T1 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def objects(con: duckdb.DuckDBPyConnection) -> set[str]:
    tables = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    macros = con.execute(
        "SELECT function_name FROM duckdb_functions() WHERE function_type = 'table_macro'"
    ).fetchall()
    return {name for (name,) in tables + macros}


def test_migration_files_are_numbered_without_gaps() -> None:
    migrations = available_migrations()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    assert latest_version() >= 2


def test_fresh_database_gets_every_version(tmp_path: Path) -> None:
    con = connect(tmp_path / "sub" / "dir" / "w.duckdb")
    rows = con.execute("SELECT version, name, applied_at FROM schema_migrations").fetchall()
    assert [r[0] for r in rows] == list(range(1, latest_version() + 1))
    assert all(r[2] is not None for r in rows)
    assert {
        "documents",
        "document_texts",
        "question_documents",
        "question_sets",
        "question_items",
        "settings",
        "holidays",
        "ingest_runs",
        "rejects",
        "watermarks",
        "schema_migrations",
        "questions",
        "document_keys",
        "status_as_of",
    } <= objects(con)
    assert con.execute("SELECT current_setting('TimeZone')").fetchall() == [("Europe/Amsterdam",)]
    assert con.execute("SELECT count(*) FROM holidays").fetchall() == [(520,)]
    con.close()
    con = connect(tmp_path / "sub" / "dir" / "w.duckdb")  # reopening applies nothing twice
    assert con.execute("SELECT count(*) FROM schema_migrations").fetchall() == [(latest_version(),)]
    con.close()


def test_version_1_database_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    assert apply_migrations(con, target=1) == [1]
    assert current_version(con) == 1
    assert "status_as_of" not in objects(con) and "questions" not in objects(con)
    docs = [
        question("2022Z00634", "2022-01-18"),
        notice("2022Z00634", "2022-02-08"),
        answer("2022Z00634", "2022-02-25"),
    ]
    with transaction(con):
        v1_columns = upsert_at_old_version(con, docs, T1, tmp_path / "current.duckdb")
        rebuild_question_sets(con)
    documents_before = con.execute(f"SELECT {v1_columns} FROM documents ORDER BY doc_id").fetchall()
    cur = con.execute("SELECT * EXCLUDE (rebuilt_at) FROM question_sets")
    columns_before = ", ".join(f'"{d[0]}"' for d in cur.description)  # later versions may add columns
    sets_before = cur.fetchall()
    con.close()

    con = connect(path)
    assert current_version(con) == latest_version()
    assert con.execute(f"SELECT {v1_columns} FROM documents ORDER BY doc_id").fetchall() == documents_before
    # opening filled the holiday calendar, which rebuilt the sets: same facts
    assert con.execute(f"SELECT {columns_before} FROM question_sets").fetchall() == sets_before
    assert con.execute(
        "SELECT status FROM questions WHERE vraagnummer = '2022Z00634'"
    ).fetchall() == [("answered_within_extension",)]
    con.close()


def test_read_only_missing_file_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "w.duckdb"
    with pytest.raises(FileNotFoundError, match=str(missing)):
        connect(missing, read_only=True)
    assert not missing.parent.exists()


def test_read_only_open_does_not_write(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    connect(path).close()
    con = connect(path, read_only=True)
    assert con.execute("SELECT count(*) FROM questions").fetchall() == [(0,)]
    assert con.execute("SELECT current_setting('TimeZone')").fetchall() == [("Europe/Amsterdam",)]
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM settings")
    con.close()


def test_database_newer_than_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    con = connect(path)
    con.execute(
        "INSERT INTO schema_migrations VALUES (?, 'from_the_future', now())",
        [latest_version() + 1],
    )
    con.close()
    with pytest.raises(MigrationError, match="newer than this code"):
        connect(path)


def test_failing_migration_rolls_back(tmp_path: Path) -> None:
    ddl = tmp_path / "ddl"
    ddl.mkdir()
    shutil.copy(DDL_DIR / "001_initial.sql", ddl / "001_initial.sql")
    (ddl / "002_broken.sql").write_text(
        "CREATE TABLE half_done (x INTEGER);\nSELECT * FROM no_such_table;\n"
    )
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    with pytest.raises(MigrationError, match=r"002_broken\.sql"):
        apply_migrations(con, ddl_dir=ddl)
    assert current_version(con) == 1
    assert "half_done" not in objects(con)
    con.close()


def test_badly_named_or_gapped_migrations_are_refused(tmp_path: Path) -> None:
    (tmp_path / "001_a.sql").write_text("SELECT 1;")
    (tmp_path / "003_c.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match=r"1\.\.n"):
        available_migrations(tmp_path)
    (tmp_path / "two.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match="NNN_name"):
        available_migrations(tmp_path)


def test_bad_term_setting_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_TERM_DAYS", "drie weken")
    with pytest.raises(ValueError, match="KAMERVRAGEN_TERM_DAYS"):
        connect(tmp_path / "w.duckdb")


def test_writers_get_a_bounded_memory_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DuckDB's default (80 % of RAM) let snapshot publishing peak near 900 MB; writers are capped."""
    def limit(con: duckdb.DuckDBPyConnection) -> str:
        return str(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])

    con = connect(tmp_path / "w.duckdb")
    assert limit(con).endswith("MiB") and float(limit(con).split()[0]) <= 256
    con.close()
    monkeypatch.setenv("KAMERVRAGEN_MEMORY_LIMIT", "1GiB")
    con = connect(tmp_path / "w.duckdb")
    assert limit(con) == "1.0 GiB"
    con.close()
    monkeypatch.setenv("KAMERVRAGEN_MEMORY_LIMIT", "lots")
    with pytest.raises(ValueError, match="KAMERVRAGEN_MEMORY_LIMIT='lots'"):
        connect(tmp_path / "w.duckdb")


def test_out_of_memory_errors_name_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from warehouse.db import describe_error

    monkeypatch.setenv("KAMERVRAGEN_MEMORY_LIMIT", "64MB")
    con = duckdb.connect()
    con.execute("SET memory_limit = '16MB'; SET threads = 1")
    with pytest.raises(duckdb.Error) as caught:
        con.execute("SELECT list(range(i * 1000, i * 1000 + 1000)) FROM range(20000) t(i) ORDER BY random()"
                    ).fetchall()
    assert "KAMERVRAGEN_MEMORY_LIMIT=64MB: raise it" in describe_error(caught.value)
    assert "KAMERVRAGEN_MEMORY_LIMIT" not in describe_error(ValueError("bad date"))
