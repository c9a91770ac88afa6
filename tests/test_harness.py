"""The shared harness itself (tests/conftest.py, tests/harness.py): the template warehouse is what a
fresh migration makes, a copy of it is the test's own, and `migrated` never overwrites data."""

from __future__ import annotations

from pathlib import Path

import duckdb

from schemas.migrations import applied_versions, latest_version
from tests.harness import migrated, rows
from warehouse.db import connect

OBJECTS = ("SELECT 'table', table_name, sql FROM duckdb_tables() WHERE NOT internal "
           "UNION ALL SELECT 'view', view_name, sql FROM duckdb_views() WHERE NOT internal "
           "UNION ALL SELECT 'macro', function_name, macro_definition FROM duckdb_functions() "
           "WHERE NOT internal AND function_type IN ('macro', 'table_macro') ORDER BY ALL")


def test_the_template_is_a_fresh_migration(template_db: Path, tmp_path: Path) -> None:
    connect(tmp_path / "fresh.duckdb").close()  # migrated here and now; both read back from their files
    fresh = connect(tmp_path / "fresh.duckdb")
    copy = connect(migrated(tmp_path / "copy.duckdb"))
    try:
        assert applied_versions(copy) == applied_versions(fresh) == list(range(1, latest_version() + 1))
        assert rows(copy, OBJECTS) == rows(fresh, OBJECTS)
        assert len(rows(copy, OBJECTS)) > 10
        settings = "SELECT name, value FROM settings ORDER BY ALL"  # the defaults (not when they were stored)
        assert rows(copy, settings) == rows(fresh, settings)
    finally:
        fresh.close()
        copy.close()


def test_each_test_gets_its_own_copy(db: Path, con: duckdb.DuckDBPyConnection, template_db: Path) -> None:
    assert db != template_db and db.exists()
    con.execute("CREATE TABLE scribble (x INTEGER)")
    con.execute("CHECKPOINT")
    assert rows(template_db, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'scribble'") == [(0,)]


def test_migrated_leaves_an_existing_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "kept.duckdb"
    with duckdb.connect(str(path)) as c:
        c.execute("CREATE TABLE mine AS SELECT 42 AS answer")
    assert migrated(path) == path
    with duckdb.connect(str(path), read_only=True) as c:
        assert c.execute("SELECT * FROM mine").fetchall() == [(42,)]
        assert c.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'documents'").fetchall() == [(0,)]
