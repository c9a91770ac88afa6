"""Versioned migrations: a database at an older version is upgraded in place, data intact."""

from __future__ import annotations

import hashlib
import re
import shutil
from datetime import UTC, date, datetime
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
from schemas.repeatable import VIEWS_DIR, apply_objects, defined_objects, is_current
from tests.docfactory import answer, notice, question
from tests.old_schema import upsert_at_old_version
from warehouse import connect, rebuild_question_sets, transaction
from warehouse.documents import upsert_documents

T1 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def objects(con: duckdb.DuckDBPyConnection) -> set[str]:
    tables = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    macros = con.execute(
        "SELECT function_name FROM duckdb_functions() WHERE function_type = 'table_macro'"
    ).fetchall()
    return {name for (name,) in tables + macros}


RELEASED = {  # sha256 (first 16 hex digits) of each released migration, taken when it landed: never edited
    1: ("initial", "07bb4dc82f10bd4b"), 2: ("status", "d525b0385b4aeacc"), 3: ("alerts", "fdf1bf3acf79086b"),
    4: ("analyst_views", "b1bf1d0899374d83"), 5: ("backfill", "bed535f9dd473dfb"),
    6: ("notice_reference", "4e49a53fa32dd608"), 7: ("review", "f62043b01d0da71d"),
    8: ("one_deadline_rule", "9f407f1889edad75"), 9: ("tk", "c17ac193ca6db4f9"),
    10: ("topics_people", "28e7e3370cd387ce"), 11: ("submitted_source", "4b02251c37463c66"),
    12: ("tk_history", "dcfcf0a2f7d609e4"),
}


def test_released_migrations_are_unchanged_and_numbered_without_gaps() -> None:
    migrations = available_migrations()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    for m in migrations[: len(RELEASED)]:
        digest = hashlib.sha256(m.path.read_bytes()).hexdigest()[:16]
        assert (m.name, digest) == RELEASED[m.version], f"{m.path.name} was edited after its release"
    assert latest_version() >= len(RELEASED)


def test_later_migrations_define_no_view_or_macro() -> None:
    """From now on views and macros live once in schemas/views/ (a repeatable step), never in a migration."""
    for m in available_migrations()[len(RELEASED):]:
        assert not re.search(r"\bCREATE\s+(OR\s+REPLACE\s+)?(TEMP\s+)?(VIEW|MACRO)\b", m.sql(), re.I), m.path.name


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
    with transaction(con):
        v1_columns = upsert_at_old_version(con, DOCS, T1, tmp_path / "current.duckdb")
    documents_before = con.execute(f"SELECT {v1_columns} FROM documents ORDER BY doc_id").fetchall()
    con.close()

    con = connect(path)
    assert current_version(con) == latest_version()
    assert con.execute(f"SELECT {v1_columns} FROM documents ORDER BY doc_id").fetchall() == documents_before
    # the upgrade derived the set: S 2022-01-18, notice 02-08 (on the due date S + 21), answer 02-25
    # (inside S + 42 = 03-01): 38 days, answered within the extension
    assert con.execute(
        "SELECT submitted_on, due_on, extended_due_on, days_taken, status FROM questions"
    ).fetchall() == [(date(2022, 1, 18), date(2022, 2, 8), date(2022, 3, 1), 38, "answered_within_extension")]
    con.close()


def definitions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every object of the main schema by name, with its definition (tables: their columns)."""
    found = {f"view {n}": sql for n, sql in con.execute(
        "SELECT view_name, sql FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal").fetchall()}
    found |= {f"{kind} {n}": f"{params} {body}" for n, kind, params, body in con.execute(
        "SELECT function_name, function_type, CAST(parameters AS VARCHAR), macro_definition FROM duckdb_functions() "
        "WHERE schema_name = 'main' AND NOT internal AND function_type IN ('macro', 'table_macro')").fetchall()}
    found |= {f"table {n}": cols for n, cols in con.execute(
        "SELECT table_name, string_agg(column_name || ' ' || data_type || ' ' || coalesce(column_default, ''), ', ' "
        "ORDER BY column_index) FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal "
        "AND table_name IN (SELECT table_name FROM duckdb_tables()) GROUP BY table_name").fetchall()}
    return found


DOCS = [question("2022Z00634", "2022-01-18"), notice("2022Z00634", "2022-02-08"), answer("2022Z00634", "2022-02-25")]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], list[tuple]]:
    path = tmp_path_factory.mktemp("fresh") / "fresh.duckdb"
    con = connect(path)
    with transaction(con):
        upsert_documents(con, DOCS, T1)
        rebuild_question_sets(con)
    found = definitions(con), con.execute(SETS).fetchall()
    con.close()
    return found


SETS = "SELECT * EXCLUDE (rebuilt_at) FROM questions ORDER BY vraagnummer"


@pytest.mark.parametrize("version", range(1, len(RELEASED) + 1))
def test_every_released_version_upgrades_to_the_same_objects(
        version: int, tmp_path: Path, fresh: tuple[dict[str, str], list[tuple]]) -> None:
    """A database left at any released version, with documents, ends with a fresh database's objects
    (same names, same definitions) and the same sets."""
    path = tmp_path / f"v{version}.duckdb"
    con = duckdb.connect(str(path))
    apply_migrations(con, target=version)
    with transaction(con):
        upsert_at_old_version(con, DOCS, T1, tmp_path / "current.duckdb")
    con.close()
    con = connect(path)
    try:
        got = definitions(con)
        assert sorted(got) == sorted(fresh[0])
        assert {k: v for k, v in got.items() if v != fresh[0][k]} == {}
        assert con.execute(SETS).fetchall() == fresh[1]
        assert len(fresh[1]) == 1 and "view questions_as_of" not in got and "table_macro questions_as_of" in got
    finally:
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


# --- the repeatable step: views and macros defined once (schemas/views/) --------------------------


def test_views_come_after_what_they_name() -> None:
    order = [o.name for o in defined_objects(VIEWS_DIR)]
    assert len(order) == len(list(VIEWS_DIR.glob("*.sql"))) == len(set(order))
    for before, after in [("term_days", "set_due_on"), ("set_due_on", "set_effective_due_on"),
                          ("set_effective_due_on", "status_as_of"), ("status_as_of", "questions_as_of"),
                          ("questions_as_of", "questions"), ("today_amsterdam", "questions"),
                          ("questions", "set_outcomes"), ("timeliness_by_group", "timeliness_by_member"),
                          ("people", "timeliness_by_member")]:
        assert order.index(before) < order.index(after), (before, after)


def views_copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(VIEWS_DIR, target)
    return target


def test_a_changed_view_is_applied_once_and_a_removed_one_dropped(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    assert apply_objects(con) is False  # connect applied them; nothing changed since
    changed = views_copy(tmp_path, "changed")
    (changed / "tk_coverage.sql").unlink()
    (changed / "term_days.sql").write_text("-- a different term\nCREATE OR REPLACE MACRO term_days() AS 28;\n")
    assert apply_objects(con, changed) is True
    assert apply_objects(con, changed) is False
    assert con.execute("SELECT term_days()").fetchall() == [(28,)]
    assert "tk_coverage" not in {n for (n,) in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
    assert not is_current(con) and is_current(con, changed)
    con.close()


def test_a_broken_view_leaves_the_previous_objects(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    broken = views_copy(tmp_path, "broken")
    (broken / "term_days.sql").write_text("CREATE OR REPLACE MACRO term_days() AS 28;\n")
    (broken / "people.sql").write_text("CREATE OR REPLACE VIEW people AS SELECT * FROM no_such_table;\n")
    with pytest.raises(MigrationError, match=r"people\.sql failed"):
        apply_objects(con, broken)
    assert con.execute("SELECT term_days()").fetchall() == [(21,)]
    assert is_current(con)
    con.close()


def test_view_files_are_checked(tmp_path: Path) -> None:
    misnamed = tmp_path / "misnamed"
    misnamed.mkdir()
    (misnamed / "a.sql").write_text("CREATE OR REPLACE VIEW b AS SELECT 1;\n")
    with pytest.raises(MigrationError, match="exactly one"):
        defined_objects(misnamed)
    cycle = tmp_path / "cycle"
    cycle.mkdir()
    (cycle / "a.sql").write_text("CREATE OR REPLACE VIEW a AS SELECT * FROM b;\n")
    (cycle / "b.sql").write_text("CREATE OR REPLACE VIEW b AS SELECT * FROM a;\n")
    with pytest.raises(MigrationError, match="cycle"):
        defined_objects(cycle)
