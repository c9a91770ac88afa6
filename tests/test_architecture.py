"""The one-way order of the packages, and SQL only where it belongs (issue 13).

`schemas` → nothing; `scrapers` → schemas; `warehouse` → schemas; `pipeline` → schemas, scrapers,
warehouse; `flows` (Prefect wiring) → pipeline, schemas; `cli` → flows, pipeline, warehouse,
scrapers, schemas; `replay` (the local stand-in for the source) → schemas, scrapers, and is imported
by the product only inside `kamervragen demo`; `mcpserver` (the MCP server) → warehouse, schemas, and is
imported by `cli`. Every package may import `config` (the settings),
which imports none of them. No product module imports `tests` or `bench`. SQL statements live in
`warehouse/` and `schemas/` only.

Imports are `import x`, `from x import y` and `importlib.import_module("x")` / `__import__("x")`
with a literal name. SQL is found in upper case and, for the common statement shapes, in any case.
The checks prove they can fail: they run on a temporary copy of the product with a planted
forbidden import and planted SQL, and they count the modules they scanned per package.

What still breaks these rules is listed by name below (KNOWN_*): the remaining work of issue 13. A
listed exception that no longer occurs fails the test too, so the lists only shrink.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("config", "schemas", "scrapers", "warehouse", "pipeline", "flows", "cli", "replay", "publish",
           "mcpserver")
ALLOWED: dict[str, set[str]] = {
    "config": set(),
    "schemas": {"config"},
    "scrapers": {"schemas", "config"},
    "warehouse": {"schemas", "config"},
    "pipeline": {"schemas", "scrapers", "warehouse", "config", "publish"},
    "flows": {"pipeline", "schemas", "config"},
    "cli": {"flows", "pipeline", "warehouse", "scrapers", "schemas", "config", "publish", "mcpserver"},
    "replay": {"schemas", "scrapers", "config"},
    "publish": {"warehouse", "schemas", "config"},
    "mcpserver": {"warehouse", "schemas", "config"},
}
# Packages whose modules must hold no SQL statement.
NO_SQL = ("config", "scrapers", "pipeline", "flows", "cli", "replay", "publish", "mcpserver", "bench")
# At least this many Python files per package (counted at 08c8fea, rounded down): a scan that
# finds fewer looked in the wrong place.
MIN_MODULES = {"config": 1, "schemas": 5, "scrapers": 30, "warehouse": 15, "pipeline": 7, "flows": 5,
               "cli": 10, "replay": 5, "publish": 4, "mcpserver": 5,
               "bench": 8}
# Imports that break the order today (the remaining work of issue 13; the list only shrinks).
KNOWN_IMPORTS: set[tuple[str, str]] = set()
# The demo command serves the replay corpus; it imports it inside the command only.
LAZY_REPLAY = {"cli/app.py"}
# Python files outside warehouse/ and schemas/ that still hold SQL statements.
KNOWN_SQL: set[str] = set()

_NAME = r"[\w.]+(?:\([^()]*\))?(?:\s+as\s+\w+)?"  # a column, a call or `*`, with an optional alias
SQL_RE = re.compile(
    # upper case: any statement of these kinds
    r"\b(?:SELECT\b[\s\S]*\bFROM|INSERT\s+(?:OR\s+REPLACE\s+)?INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET"
    r"|CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP\s+)?(?:TABLE|VIEW|MACRO)|ALTER\s+TABLE|DROP\s+(?:TABLE|VIEW))\b"
    # any case: the statement's shape, so that prose ("select the documents from the list") is not SQL
    rf"|(?i:\bselect\s+(?:distinct\s+)?(?:\*|{_NAME})(?:\s*,\s*(?:\*|{_NAME}))*\s+from\s+[\w.]+"
    r"|\binsert\s+(?:or\s+replace\s+)?into\s+\w+\s*(?:\(|values\b|select\b|by\s+name\b)"
    r"|\bdelete\s+from\s+\w+\s+where\b|\bupdate\s+\w+\s+set\s+\w+\s*="
    r"|\bcreate\s+(?:or\s+replace\s+)?(?:temp\s+)?(?:table|view|macro)\s+(?:if\s+not\s+exists\s+)?\w+\s*(?:\(|as\b)"
    r"|\b(?:alter\s+table\s+\w+\s+(?:add|drop|rename)|drop\s+(?:table|view)\s+(?:if\s+exists\s+)?\w+\s*(?:;|$)))"
)
DYNAMIC_IMPORTS = {("importlib", "import_module"), (None, "import_module"), (None, "__import__")}


def modules(root: Path, *tops: str) -> list[Path]:
    """The Python files of packages (directories) or modules (`config` → config.py) under `root`."""
    found = []
    for top in tops:
        single = root / f"{top}.py"
        found += [single] if single.exists() else list((root / top).rglob("*.py"))
    return sorted(found)


def package_of(path: Path, root: Path) -> str:
    return path.relative_to(root).parts[0].removesuffix(".py")


def _dynamic_name(node: ast.AST) -> str | None:
    """The literal module name of `importlib.import_module("x")`, `import_module("x")`, `__import__("x")`."""
    if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)):
        return None
    func = node.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        key = (func.value.id, func.attr)
    elif isinstance(func, ast.Name):
        key = (None, func.id)
    else:
        return None
    return node.args[0].value if key in DYNAMIC_IMPORTS else None


def imported_packages(tree: ast.Module) -> list[tuple[str, bool]]:
    """(top-level package, imported at module level) for every absolute import, static or dynamic.

    A static import is at module level when it is a statement of the module body; a dynamic one when
    it is outside every function.
    """
    top_level = {id(n) for n in tree.body}
    in_function = {id(inner) for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
                   for inner in ast.walk(n) if inner is not n}
    found = []
    for node in ast.walk(tree):
        names = []
        module_level = id(node) in top_level
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif (name := _dynamic_name(node)) is not None:
            names, module_level = [name], id(node) not in in_function
        found += [(n.split(".")[0], module_level) for n in names]
    return found


def scan_imports(root: Path) -> tuple[set[tuple[str, str]], set[str], dict[str, int]]:
    """(forbidden (file, package) imports, cli files importing replay lazily, files scanned per package)."""
    broken: set[tuple[str, str]] = set()
    lazy_replay: set[str] = set()
    scanned: dict[str, int] = {}
    for path in modules(root, *PRODUCT):
        package = package_of(path, root)
        scanned[package] = scanned.get(package, 0) + 1
        name = path.relative_to(root).as_posix()
        for imported, at_module_level in imported_packages(ast.parse(path.read_text("utf-8"))):
            if imported == package or imported not in (*PRODUCT, "tests", "bench"):
                continue
            if imported == "replay" and package == "cli" and not at_module_level:
                lazy_replay.add(name)
            elif imported not in ALLOWED[package]:
                broken.add((name, imported))
    return broken, lazy_replay, scanned


def holds_sql(source: str) -> bool:
    """Whether a string constant other than a docstring matches SQL_RE."""
    tree = ast.parse(source)
    docstrings = {
        id(n.body[0].value) for n in ast.walk(tree)
        if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and ast.get_docstring(n) is not None
    }
    return any(isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
               and SQL_RE.search(n.value) for n in ast.walk(tree))


def scan_sql(root: Path) -> tuple[set[str], dict[str, int]]:
    """(files outside warehouse/ and schemas/ holding SQL, files scanned per package)."""
    found: set[str] = set()
    scanned: dict[str, int] = {}
    for path in modules(root, *NO_SQL):
        package = package_of(path, root)
        scanned[package] = scanned.get(package, 0) + 1
        if holds_sql(path.read_text("utf-8")):
            found.add(path.relative_to(root).as_posix())
    return found, scanned


def test_imports_go_one_way() -> None:
    broken, lazy_replay, scanned = scan_imports(ROOT)
    assert {p: n for p, n in scanned.items() if n >= MIN_MODULES[p]} == {p: scanned.get(p, 0) for p in PRODUCT}
    assert set(scanned) == set(PRODUCT)
    assert broken == KNOWN_IMPORTS
    assert lazy_replay == LAZY_REPLAY


def test_sql_lives_in_warehouse_and_schemas() -> None:
    found, scanned = scan_sql(ROOT)
    assert set(scanned) == set(NO_SQL)
    assert all(scanned[p] >= MIN_MODULES[p] for p in NO_SQL), scanned
    assert found == KNOWN_SQL


def product_copy(tmp_path: Path) -> Path:
    """The product's Python files (and bench's) copied under `tmp_path`."""
    for top in (*PRODUCT, "bench"):
        single = ROOT / f"{top}.py"
        if single.exists():
            shutil.copyfile(single, tmp_path / single.name)
        else:
            shutil.copytree(ROOT / top, tmp_path / top, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return tmp_path


def test_the_scans_catch_planted_violations_in_a_copy(tmp_path: Path) -> None:
    root = product_copy(tmp_path)
    assert scan_imports(root)[:2] == (KNOWN_IMPORTS, LAZY_REPLAY)  # the copy is as clean as the original
    assert scan_sql(root)[0] == KNOWN_SQL
    (root / "scrapers" / "planted_import.py").write_text(
        '"""Planted."""\nfrom warehouse.db import connect\n', "utf-8")
    (root / "pipeline" / "planted_dynamic.py").write_text(
        'import importlib\n\n\ndef later():\n    return importlib.import_module("flows.ingest_flow")\n', "utf-8")
    (root / "cli" / "planted_replay.py").write_text('"""Planted."""\nimport replay.server\n', "utf-8")
    (root / "flows" / "planted_upper.py").write_text('QUERY = "SELECT id FROM documents"\n', "utf-8")
    (root / "publish" / "planted_lower.py").write_text(
        'def ids(con):\n    """Select the ids from the documents table."""\n'
        '    return con.execute("select doc_id, count(*) from documents group by 1").fetchall()\n', "utf-8")
    broken, lazy_replay, scanned = scan_imports(root)
    assert broken - KNOWN_IMPORTS == {("scrapers/planted_import.py", "warehouse"),
                                      ("pipeline/planted_dynamic.py", "flows"),
                                      ("cli/planted_replay.py", "replay")}
    assert lazy_replay == LAZY_REPLAY  # a module-level import of replay is not lazy
    found, _ = scan_sql(root)
    assert found - KNOWN_SQL == {"flows/planted_upper.py", "publish/planted_lower.py"}
    assert scanned["scrapers"] == scan_imports(ROOT)[2]["scrapers"] + 1


def test_the_detectors() -> None:
    """A forbidden import, static or dynamic, and SQL in either case are found; prose is not SQL."""
    tree = ast.parse("from warehouse.db import connect\nimport importlib\nX = importlib.import_module('flows.a')\n"
                     "def f():\n    import replay.server\n    return __import__('bench')\n")
    assert sorted(imported_packages(tree)) == sorted([("warehouse", True), ("importlib", True), ("flows", True),
                                                      ("replay", False), ("bench", False)])
    for sql in ("SELECT count(*) FROM documents", "INSERT OR REPLACE INTO backfill_state VALUES (1)",
                "select count(*) from documents", "select a.doc_id, b.title as t from documents a",
                "insert into documents values (1)", "insert or replace into t (a) values (1)",
                "delete from documents where doc_id = ?", "update question_sets set status = 'x'",
                "create or replace view v as select 1", "create table if not exists t (a int)",
                "drop view if exists v;", "alter table t add column c int"):
        assert SQL_RE.search(sql), sql
    for prose in ("Select the documents from the list", "select, from these, the first", "update the set of ids",
                  "delete from the list what is gone", "create a view of the table"):
        assert not SQL_RE.search(prose), prose
