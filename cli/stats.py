"""`kamervragen stats`: answer times per group, open questions counted (read-only, no Prefect).

Registered by cli/app.py (`register(app)`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from cli.options import Db, check_window, db_path

FORMATS = ("table", "json", "csv")


def stats(
    by: Annotated[str, typer.Option("--by", help="all, year, ministry, party, member, minister or topic.")] = "all",
    as_of: Annotated[datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"],
                                                   help="Count as of this day (default: today).")] = None,
    since: Annotated[datetime | None, typer.Option("--since", formats=["%Y-%m-%d"],
                                                   help="Sets submitted on or after this day.")] = None,
    until: Annotated[datetime | None, typer.Option("--until", formats=["%Y-%m-%d"],
                                                   help="Sets submitted on or before this day.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    db: Db = None,
) -> None:
    """Answer times per group: sets, outcomes that add up, median days and shares answered by day 21
    and 42 (Kaplan–Meier: open sets count as still unanswered on the as-of day)."""
    from cli.render import open_read_or_exit, render_rows
    from schemas.clock import today_amsterdam
    from warehouse.stats import DIMENSIONS, stats_by

    if by not in DIMENSIONS:
        typer.echo(f"stats: unknown --by {by!r}; valid: {', '.join(DIMENSIONS)}", err=True)
        raise typer.Exit(2)
    if fmt not in FORMATS:
        typer.echo(f"stats: unknown --format {fmt!r}; valid: {', '.join(FORMATS)}", err=True)
        raise typer.Exit(2)
    if since and until and since > until:
        check_window("stats", since, until)
    day = as_of.date() if as_of else today_amsterdam()
    con = open_read_or_exit(db_path(db), filled=True)
    try:
        names, rows = stats_by(con, by, day, since.date() if since else None, until.date() if until else None)
    finally:
        con.close()
    render_rows(names, rows, fmt)
    typer.echo(f"as of {day}", err=True)


def register(app: typer.Typer) -> None:
    """Add `stats` to the `kamervragen` command."""
    app.command("stats")(stats)
