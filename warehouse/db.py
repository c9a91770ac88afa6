"""Opening the DuckDB warehouse: migrations, settings, holidays, transactions, SQL files."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import holidays as holidays_lib

if TYPE_CHECKING:
    import pyarrow as pa

import config
from schemas.migrations import apply_migrations
from schemas.repeatable import apply_objects

SQL_DIR = Path(__file__).with_name("sql")
HOLIDAY_YEARS = range(1990, 2041)
DEFAULT_TERM_DAYS: int = config.setting("TERM_DAYS").default
DEFAULT_EXTENSION_DAYS: int = config.setting("EXTENSION_DAYS").default
MEMORY_LIMIT_ENV = config.setting("MEMORY_LIMIT").env
DEFAULT_MEMORY_LIMIT: str = config.setting("MEMORY_LIMIT").default
"""DuckDB's memory limit for writers: its default (80 % of RAM) let publishing the read snapshot of
a 250 MB database peak at 760-940 MB resident; at 256 MB it peaks near 365 MB and a full rebuild
of 90,000 question sets still fits (measured; DuckDB spills the rest to `<db>.tmp`)."""
REDERIVE_AFTER = frozenset({7, 9, 10, 11})
"""Migrations that add derived columns to `question_sets` (7: the review flag; 9: the Tweede Kamer
columns; 10: topics and `person_names`): every set is re-derived once when a database is upgraded past one of them.
Every set is also re-derived when the views and macros (schemas/views/) changed: the rebuild calls the
deadline-rule macros, so a changed rule reaches the stored due dates."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Terms of the Chamber's rule, in calendar days (settings, not literals)."""

    term_days: int = DEFAULT_TERM_DAYS
    extension_days: int = DEFAULT_EXTENSION_DAYS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read `KAMERVRAGEN_TERM_DAYS` / `KAMERVRAGEN_EXTENSION_DAYS` (defaults 21/21)."""
        return cls(term_days=config.get("TERM_DAYS", environ),
                   extension_days=config.get("EXTENSION_DAYS", environ))


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse at `path` with the session time zone set to Europe/Amsterdam.

    Writable: creates the parent directory and the file, applies pending migrations and then the views
    and macros of schemas/views/ (when they changed), stores the
    settings from the environment and fills the holiday calendar (rebuilding the question sets
    when either changed). Read-only: the file must exist; nothing is written.
    """
    settings = None if read_only else Settings.from_env()
    target = str(path)
    if target != ":memory:":
        file = Path(path)
        if read_only and not file.exists():
            raise FileNotFoundError(
                f"warehouse database {file} does not exist (open it writable once to create it)"
            )
        if not read_only:
            file.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(target, read_only=read_only)
    try:
        con.execute(load_sql("session_timezone"))
        if settings is not None:
            con.execute(f"SET memory_limit = '{config.get('MEMORY_LIMIT')}'")
            applied = apply_migrations(con)
            objects_changed = apply_objects(con)
            prepare(con, settings, rederive=bool(REDERIVE_AFTER.intersection(applied)) or objects_changed)
    except BaseException:
        con.close()
        raise
    return con


def prepare(con: duckdb.DuckDBPyConnection, settings: Settings, rederive: bool = False) -> bool:
    """Store `settings` and the holiday calendar; rebuild the sets if either changed (or `rederive`).

    Returns True when something changed. Runs in its own transaction.
    """
    wanted = {
        "term_days": str(settings.term_days),
        "extension_days": str(settings.extension_days),
        "holidays_source": _holidays_source(),
    }
    with transaction(con):
        stored = dict(con.execute(load_sql("settings_get")).fetchall())
        changed = {k: v for k, v in wanted.items() if stored.get(k) != v}
        if not changed and not rederive:
            return False
        if "holidays_source" in changed:
            con.register("_holidays_batch", _holiday_table())
            try:
                con.execute(load_sql("holidays_replace"))
            finally:
                con.unregister("_holidays_batch")
        if changed:
            import pyarrow as pa  # here: only a writer needs it (warehouse/__init__.py)

            batch = pa.table({"name": list(changed), "value": list(changed.values())})
            con.register("_settings_batch", batch)
            try:
                con.execute(load_sql("settings_put"))
            finally:
                con.unregister("_settings_batch")
        from warehouse.questions import rebuild_question_sets

        rebuild_question_sets(con)
    return True


def describe_error(exc: BaseException) -> str:
    """`Type: message` for run records, naming `KAMERVRAGEN_MEMORY_LIMIT` when DuckDB ran out of memory."""
    text = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, duckdb.OutOfMemoryException) or (
            isinstance(exc, duckdb.Error) and "memory limit" in str(exc)):
        limit = config.raw("MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT
        text += f" (the writer's memory limit is {MEMORY_LIMIT_ENV}={limit}: raise it and run again)"
    return text


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN; COMMIT on success, ROLLBACK (and re-raise) on any exception."""
    con.begin()
    try:
        yield con
    except BaseException:
        con.rollback()
        raise
    con.commit()


def checkpoint(con: duckdb.DuckDBPyConnection) -> bool:
    """Write the WAL into the database file (DuckDB's CHECKPOINT); False when another connection's write
    transaction is open (the TK pages beside a backfill): the WAL is then checkpointed later, by DuckDB's
    own threshold or the next call."""
    try:
        con.execute(load_sql("checkpoint"))
    except duckdb.TransactionException as exc:
        if "other write transactions" not in str(exc):
            raise
        return False
    return True


@cache
def load_sql(name: str) -> str:
    """The text of `warehouse/sql/<name>.sql`."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no SQL file {path}")
    return path.read_text(encoding="utf-8")


def _holidays_source() -> str:
    return f"holidays {holidays_lib.__version__} NL {HOLIDAY_YEARS.start}-{HOLIDAY_YEARS.stop - 1}"


def _holiday_table() -> pa.Table:
    import pyarrow as pa

    calendar = holidays_lib.country_holidays("NL", years=HOLIDAY_YEARS, language="nl")
    days = sorted(calendar)
    # One row per day; the library joins names of coinciding holidays itself ("; ").
    return pa.table({"day": pa.array(days, pa.date32()), "name": [calendar[d] for d in days]})
