"""Options shared by the `kamervragen` commands: one `--db` for all of them."""

from __future__ import annotations

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
