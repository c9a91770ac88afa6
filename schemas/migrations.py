"""Versioned schema migrations for the DuckDB warehouse.

Each migration is a file `schemas/ddl/NNN_name.sql` (versions 1, 2, 3, … without gaps). A
migration runs once, in its own transaction, and is recorded in
`schema_migrations(version, name, applied_at)`. An older database is upgraded in place by
applying the missing versions in order; nothing is ever dropped. Released migration files are
immutable: change the schema by adding a new file. From version 12 on, a numbered migration holds only
tables and data changes; views and macros live once each in schemas/views/ and are applied after the
migrations by schemas/repeatable.py (the definitions in migrations 001-012 are history, replaced there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

DDL_DIR = Path(__file__).with_name("ddl")
RUNNER_SQL = Path(__file__).with_name("schema_migrations.sql")
_FILE_RE = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


class MigrationError(RuntimeError):
    """The migration files or the database's schema version are not usable."""


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered DDL file."""

    version: int
    name: str
    path: Path

    def sql(self) -> str:
        """The file's SQL text."""
        return self.path.read_text(encoding="utf-8")


def available_migrations(ddl_dir: Path = DDL_DIR) -> list[Migration]:
    """All migrations in `ddl_dir`, in order; raises if versions are duplicated or have gaps."""
    found: list[Migration] = []
    for path in sorted(ddl_dir.glob("*.sql")):
        match = _FILE_RE.match(path.name)
        if not match:
            raise MigrationError(f"{path}: migration files are named NNN_name.sql")
        found.append(Migration(int(match.group(1)), match.group(2), path))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise MigrationError(f"{ddl_dir}: migration versions must be 1..n, found {versions}")
    return found


def latest_version() -> int:
    """The newest schema version this code knows."""
    return len(available_migrations())


def applied_versions(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Versions recorded in `schema_migrations` (creates the table when missing)."""
    con.execute(runner_sql("create"))
    return [row[0] for row in con.execute(runner_sql("applied")).fetchall()]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest applied version (0 for an empty database)."""
    return max(applied_versions(con), default=0)


def apply_migrations(
    con: duckdb.DuckDBPyConnection, target: int | None = None, ddl_dir: Path = DDL_DIR
) -> list[int]:
    """Apply every missing migration up to `target` (default: the latest); return the versions.

    Each migration runs in its own transaction, so a failing one leaves the database at the
    previous version. Raises `MigrationError` when the database is newer than this code.
    """
    migrations = available_migrations(ddl_dir)
    newest = len(migrations)
    target = newest if target is None else target
    if not 0 <= target <= newest:
        raise MigrationError(f"unknown target version {target} (this code knows 1..{newest})")
    done = set(applied_versions(con))
    if done and max(done) > newest:
        raise MigrationError(
            f"database schema version {max(done)} is newer than this code ({newest}); "
            "upgrade the code, do not downgrade the database"
        )
    applied: list[int] = []
    for migration in migrations[:target]:
        if migration.version in done:
            continue
        con.begin()
        try:
            con.execute(migration.sql())
            con.execute(
                runner_sql("record"), {"version": migration.version, "name": migration.name}
            )
            con.commit()
        except Exception as exc:
            con.rollback()
            raise MigrationError(f"migration {migration.path.name} failed: {exc}") from exc
        applied.append(migration.version)
    return applied


@cache
def runner_sql(section: str) -> str:
    """One `-- name: <section>` block of schemas/schema_migrations.sql."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in RUNNER_SQL.read_text(encoding="utf-8").splitlines():
        if line.startswith("-- name:"):
            current = sections.setdefault(line.removeprefix("-- name:").strip(), [])
        elif current is not None:
            current.append(line)
    if section not in sections:
        raise MigrationError(f"{RUNNER_SQL}: no section {section!r}")
    return "\n".join(sections[section]).strip()
