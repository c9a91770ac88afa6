"""`kamervragen stats`: answer times per group, open questions counted (read-only, no Prefect).

Registered by cli/app.py (`register(app)`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

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
    if fmt == "table":
        render_stats_table([dict(zip(names, r, strict=True)) for r in rows])
    else:
        render_rows(names, rows, fmt)
    typer.echo(f"as of {day}", err=True)


# (column of stats_by.sql, header (lines), drop order on a narrow terminal: lowest first, None: never)
ANSWER_TIMES = (("group", "group", None), ("sets", "sets", None), ("answered", "answered", 1),
                ("open", "open", 0), ("median_days", "median\ndays", None), ("share_by_21", "by\nday 21", None),
                ("share_by_42", "by\nday 42", None), ("restricted_mean_90", "mean\n≤ 90", 2))
OUTCOMES = (("group", "group", None), ("answered_on_time", "on\ntime", None),
            ("answered_within_extension", "within\next.", None), ("answered_late", "late", None),
            ("withdrawn", "with-\ndrawn", 1), ("open_within_term", "open\nin term", None),
            ("open_overdue", "open\noverdue", None), ("within_extension_late_notice", "late\nnotice", 0),
            ("needing_review", "⚠\ncheck", None))
"""The table's columns: all in one table where the terminal is wide enough, else in two (answer
times; outcome categories), each fitted to it (README: `stats`, docs/analysts.md)."""


def _text(key: str, value: Any) -> str:
    if value is None:
        return "–"
    if key.startswith("share_"):
        return f"{float(value):.0%}"
    if key == "restricted_mean_90":
        return f"{float(value):.1f}"
    return str(value)


def render_stats_table(rows: list[dict]) -> None:
    """`stats` as a table that fits the terminal: one table when every column fits, else the answer
    times and the outcome categories as two tables (a low-value column left out only when even those
    are too wide, named on stderr); free text (the group) is cut with "…"."""
    from cli.render import Column, count_line, fit_columns, render_fitted, terminal_width

    width = terminal_width()

    def parts(spec: tuple) -> tuple[list[Column], list[tuple]]:
        columns = [Column(h, drop=d, min_width=8 if k == "group" else None,
                          justify="left" if k == "group" else "right") for k, h, d in spec]
        return columns, [tuple(_text(k, r[k]) for k, _, _ in spec) for r in rows]

    together = ANSWER_TIMES + OUTCOMES[1:]
    columns, cells = parts(together)
    kept, _ = fit_columns(columns, [list(c) for c in cells], width)
    if len(kept) == len(columns):
        render_fitted(columns, cells, width, count=False)
    else:
        for n, spec in enumerate((ANSWER_TIMES, OUTCOMES)):
            if n:
                typer.echo("")
            render_fitted(*parts(spec), width, count=False)
    typer.echo(count_line(len(rows)), err=True)


def register(app: typer.Typer) -> None:
    """Add `stats` to the `kamervragen` command."""
    app.command("stats")(stats)
