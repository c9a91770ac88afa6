"""The shared harness itself (tests/conftest.py, tests/harness.py): the template warehouse is what a
fresh migration makes, a copy of it is the test's own, `migrated` never overwrites data, and the
command in-process (`invoke`) answers as the installed command does (`run`)."""

from __future__ import annotations

import ast
from pathlib import Path

import duckdb
import pytest

from schemas.migrations import applied_versions, latest_version
from tests.harness import invoke, migrated, rows, run, wait_until
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


@pytest.mark.parametrize(("args", "code"), [
    (["sql", "--format", "csv", "SELECT 42 AS answer, 'één' AS word"], 0),  # stdout
    (["sql", "SELECT nothing FROM nowhere"], 1),  # the database's error, on stderr
    (["show", "NOPE"], 2),  # a user error: one line on stderr
])
def test_invoke_answers_as_the_installed_command(db: Path, args: list[str], code: int) -> None:
    in_process, own = invoke(*args, "--db", str(db)), run(*args, "--db", str(db))
    assert (in_process.returncode, in_process.stdout, in_process.stderr) == (own.returncode, own.stdout, own.stderr)
    assert in_process.returncode == code and (in_process.stdout if code == 0 else in_process.stderr)


def test_wait_until_returns_the_value_or_names_what_it_waited_for() -> None:
    values = iter([0, "", "ready"])
    assert wait_until(lambda: next(values), "the third look") == "ready"
    with pytest.raises(AssertionError, match="for nothing at all"):
        wait_until(lambda: None, "nothing at all", timeout=0)


def _marks(decorators: list[ast.expr]) -> set[str]:
    """The names of `pytest.mark.<name>` and of bare names (`needs_chromium`) among decorators or a pytestmark."""
    names = set()
    for d in decorators:
        target = d.func if isinstance(d, ast.Call) else d
        if isinstance(target, ast.Attribute):
            names.add(target.attr)
        elif isinstance(target, ast.Name):
            names.add(target.id)
    return names


def marked_tests() -> dict[str, tuple[set[str], str, list[str]]]:
    """Every test function of tests/: (its marks with its module's, its source, its parameters)."""
    found = {}
    for path in sorted(p for p in Path(__file__).parent.glob("test_*.py") if p.name != "test_harness.py"):
        source = path.read_text("utf-8")
        tree = ast.parse(source)
        module_marks: set[str] = set()
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "pytestmark" for t in node.targets):
                value = node.value
                module_marks |= _marks(value.elts if isinstance(value, ast.List) else [value])
        fixtures = {n.name: ast.get_source_segment(source, n) or "" for n in tree.body
                    if isinstance(n, ast.FunctionDef) and not n.name.startswith("test_")}
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                params = [a.arg for a in node.args.args]
                text = (ast.get_source_segment(source, node) or "") + "".join(fixtures.get(p, "") for p in params)
                found[f"{path.name}::{node.name}"] = (_marks(node.decorator_list) | module_marks, text, params)
    return found


def test_prefect_and_browser_tests_carry_their_marker() -> None:
    """A test that starts the temporary Prefect API (itself or through a fixture of its module) is
    marked `prefect`; one that needs Chromium is marked `browser` (so `--fast` leaves both out)."""
    tests = marked_tests()
    assert len(tests) > 400
    in_process_prefect = {k for k, (_, text, _) in tests.items() if "prefect_test_harness" in text}
    chromium = {k for k, (marks, text, params) in tests.items() if "needs_chromium" in marks or "browser" in params}
    assert len(in_process_prefect) >= 8 and len(chromium) >= 7
    assert {k for k in in_process_prefect if "prefect" not in tests[k][0]} == set()
    assert {k for k in chromium if "browser" not in tests[k][0]} == set()
