"""The one-way order of the packages, and SQL only where it belongs (issue 13).

`schemas` → nothing; `scrapers` → schemas; `warehouse` → schemas; `pipeline` → schemas, scrapers,
warehouse; `flows` (Prefect wiring) → pipeline, schemas; `cli` → flows, pipeline, warehouse,
scrapers, schemas; `replay` (the local stand-in for the source) → schemas, scrapers, and is imported
by the product only inside `kamervragen demo`. Every package may import `config` (the settings),
which imports none of them. No product module imports `tests` or `bench`. SQL statements live in
`warehouse/` and `schemas/` only.

What still breaks these rules is listed by name below (KNOWN_*): the remaining work of issue 13. A
listed exception that no longer occurs fails the test too, so the lists only shrink.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("config", "schemas", "scrapers", "warehouse", "pipeline", "flows", "cli", "replay", "publish")
ALLOWED: dict[str, set[str]] = {
    "config": set(),
    "schemas": {"config"},
    "scrapers": {"schemas", "config"},
    "warehouse": {"schemas", "config"},
    "pipeline": {"schemas", "scrapers", "warehouse", "config", "publish"},
    "flows": {"pipeline", "schemas", "config"},
    "cli": {"flows", "pipeline", "warehouse", "scrapers", "schemas", "config", "publish"},
    "replay": {"schemas", "scrapers", "config"},
    "publish": {"warehouse", "schemas", "config"},
}
# Imports that break the order today (the remaining work of issue 13; the list only shrinks).
KNOWN_IMPORTS: set[tuple[str, str]] = set()
# The demo command serves the replay corpus; it imports it inside the command only.
LAZY_REPLAY = {"cli/app.py"}
# Python files outside warehouse/ and schemas/ that still hold SQL statements.
KNOWN_SQL: set[str] = set()
SQL_RE = re.compile(
    r"\b(?:SELECT\b[\s\S]*\bFROM|INSERT\s+(?:OR\s+REPLACE\s+)?INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET"
    r"|CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP\s+)?(?:TABLE|VIEW|MACRO)|ALTER\s+TABLE|DROP\s+(?:TABLE|VIEW))\b"
)


def modules(*tops: str) -> list[Path]:
    """The Python files of packages (directories) or modules (`config` → config.py)."""
    found = []
    for top in tops:
        single = ROOT / f"{top}.py"
        found += [single] if single.exists() else list((ROOT / top).rglob("*.py"))
    return sorted(found)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imported_packages(tree: ast.Module) -> list[tuple[str, bool]]:
    """(top-level package, imported at module level) for every absolute import."""
    top_level = {id(n) for n in tree.body}
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        found += [(n.split(".")[0], id(node) in top_level) for n in names]
    return found


def test_imports_go_one_way() -> None:
    broken = set()
    lazy_replay = set()
    for path in modules(*PRODUCT):
        package = rel(path).split("/")[0].removesuffix(".py")
        for imported, at_module_level in imported_packages(ast.parse(path.read_text("utf-8"))):
            if imported == package or imported not in (*PRODUCT, "tests", "bench"):
                continue
            if imported == "replay" and package == "cli" and not at_module_level:
                lazy_replay.add(rel(path))
            elif imported not in ALLOWED[package]:
                broken.add((rel(path), imported))
    assert broken == KNOWN_IMPORTS
    assert lazy_replay == LAZY_REPLAY


def test_sql_lives_in_warehouse_and_schemas() -> None:
    found = set()
    for path in modules("config", "scrapers", "pipeline", "flows", "cli", "replay", "publish", "bench"):
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = {
            id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and ast.get_docstring(n) is not None
        }
        if any(isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
               and SQL_RE.search(n.value) for n in ast.walk(tree)):
            found.add(rel(path))
    assert found == KNOWN_SQL


def test_the_checks_catch_what_they_are_for() -> None:
    """The detectors themselves: a forbidden import and a SQL string are found."""
    tree = ast.parse("from warehouse.db import connect\ndef f():\n    import replay.server\n")
    assert imported_packages(tree) == [("warehouse", True), ("replay", False)]
    assert SQL_RE.search("SELECT count(*) FROM documents")
    assert SQL_RE.search("INSERT OR REPLACE INTO backfill_state VALUES (1)")
    assert not SQL_RE.search("Select the documents from the list")
