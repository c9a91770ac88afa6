"""Options shared by the `kamervragen` commands: one `--db` for all of them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

import config

Db = Annotated[
    str | None,
    typer.Option("--db", envvar=config.setting("DB").env,
                 help=f"DuckDB file (default: {config.setting('DB').default}; read commands read its "
                      "snapshot <stem>.read.duckdb when present)."),
]


def db_path(db: str | None) -> str:
    """`--db`, else KAMERVRAGEN_DB, else the default."""
    return db or config.get("DB")


def check_window(command: str, since: date | datetime | None, until: date | datetime | None) -> None:
    """Refuse (one line, exit 2) a window that ends before it starts: `--since` after `--until`, or,
    without `--until`, after today (Europe/Amsterdam). Called before any request."""
    from schemas.clock import today_amsterdam

    start = since.date() if isinstance(since, datetime) else since
    end = until.date() if isinstance(until, datetime) else until
    if start is None:
        return
    if end is not None and start > end:
        typer.echo(f"{command}: --since {start} is after --until {end}; valid: --since on or before --until",
                   err=True)
        raise typer.Exit(2)
    today = today_amsterdam()
    if end is None and start > today:
        typer.echo(f"{command}: --since {start} is after today ({today}, Europe/Amsterdam); valid: a day up to "
                   "today", err=True)
        raise typer.Exit(2)
