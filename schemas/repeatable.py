"""Views and macros, each defined once: the repeatable step after the numbered migrations.

Every view and macro is one file `schemas/views/<name>.sql` holding one `CREATE OR REPLACE VIEW|MACRO
<name>` statement (comments above it say what it is). After the numbered migrations (tables and data
changes only) have run, the files are applied in dependency order (an object is created after the
objects its SQL names) whenever their fingerprint differs from the one recorded in `schema_objects`,
in one transaction; objects recorded there whose file is gone are dropped. So a database at any
earlier version ends with the same objects as a fresh one: the definitions of released migrations
are replaced, never edited. To change a view, edit its file; nothing else.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import duckdb

from schemas.migrations import MigrationError, runner_sql

VIEWS_DIR = Path(__file__).with_name("views")
_CREATE = re.compile(r"^CREATE OR REPLACE (VIEW|MACRO) (\w+)\b(.*?)$", re.M)
_COMMENT = re.compile(r"--[^\n]*")
_DROP = {"view": "DROP VIEW IF EXISTS {}", "macro": "DROP MACRO IF EXISTS {}",
         "table_macro": "DROP MACRO TABLE IF EXISTS {}"}


@dataclass(frozen=True, slots=True)
class DefinedObject:
    """One view or macro and the file that defines it."""

    name: str
    kind: str  # 'view', 'macro' or 'table_macro'
    path: Path
    sql: str

    @property
    def sha256(self) -> str:
        """Hash of the file's text (comments included: a changed comment re-applies, harmlessly)."""
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


def _read(path: Path) -> DefinedObject:
    text = path.read_text(encoding="utf-8")
    found = _CREATE.findall(text)
    if len(found) != 1 or found[0][1] != path.stem:
        raise MigrationError(f"{path}: a view or macro file holds exactly one "
                             f"`CREATE OR REPLACE VIEW|MACRO {path.stem}` statement")
    kind, _, rest = found[0]
    if kind == "MACRO":
        kind = "TABLE_MACRO" if re.search(r"\bAS\s+TABLE\b", rest, re.I) else "MACRO"
    return DefinedObject(path.stem, kind.lower(), path, text)


@cache
def defined_objects(views_dir: Path = VIEWS_DIR) -> tuple[DefinedObject, ...]:
    """Every object of `views_dir`, each after the objects its SQL names (ties by name)."""
    objects = {o.name: o for o in map(_read, sorted(views_dir.glob("*.sql")))}
    graph: TopologicalSorter[str] = TopologicalSorter()
    for name, obj in objects.items():
        code = _COMMENT.sub("", obj.sql)
        graph.add(name, *sorted(o for o in objects if o != name and re.search(rf"\b{o}\b", code)))
    try:
        order = list(graph.static_order())
    except CycleError as exc:
        raise MigrationError(f"{views_dir}: views and macros name each other in a cycle: {exc.args[1]}") from exc
    return tuple(objects[name] for name in order)


def fingerprint(objects: tuple[DefinedObject, ...]) -> str:
    """One hash over every object's name and text, in order."""
    digest = hashlib.sha256()
    for obj in objects:
        digest.update(f"{obj.name}\0{obj.sha256}\0".encode())
    return digest.hexdigest()


def is_current(con: duckdb.DuckDBPyConnection, views_dir: Path = VIEWS_DIR) -> bool:
    """Whether `con` holds exactly today's objects (read-only: a missing table means no)."""
    try:
        stored = dict(con.execute(runner_sql("objects_stored")).fetchall())
    except duckdb.CatalogException:
        return False
    return stored == {o.name: o.sha256 for o in defined_objects(views_dir)}


def apply_objects(con: duckdb.DuckDBPyConnection, views_dir: Path = VIEWS_DIR) -> bool:
    """Create or replace every view and macro when any file changed; True when something was applied.

    Runs in its own transaction: a failing definition leaves the previous objects in place and raises
    `MigrationError` naming the file.
    """
    objects = defined_objects(views_dir)
    con.execute(runner_sql("objects_create"))
    stored = dict(con.execute(runner_sql("objects_kinds")).fetchall())
    if is_current(con, views_dir) and _all_present(con, objects):
        return False
    con.begin()
    try:
        wanted = {o.name for o in objects}
        for name, kind in stored.items():
            if name not in wanted:
                con.execute(_DROP[kind].format(name))
        for obj in objects:
            try:
                con.execute(obj.sql)
            except duckdb.Error as exc:
                raise MigrationError(f"{obj.path.name} failed: {exc}") from exc
        con.execute(runner_sql("objects_clear"))
        con.executemany(runner_sql("objects_record"), [[o.name, o.kind, o.sha256] for o in objects])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return True


def _all_present(con: duckdb.DuckDBPyConnection, objects: tuple[DefinedObject, ...]) -> bool:
    names = [o.name for o in objects]
    row = con.execute(runner_sql("objects_present"), {"names": names}).fetchone()
    return bool(row) and int(row[0]) == len(names)
