"""`kamervragen alert` and `kamervragen serve` (registered by cli/app.py).

Importing this module does not import Prefect (the read-only commands stay fast); the commands
import it when they run.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Annotated

import typer

import config
from cli.options import Db


def register(app: typer.Typer) -> None:
    """Add `alert` and `serve` to the CLI."""
    app.command("alert")(alert)
    app.command("serve")(serve)


def alert(
    as_of: Annotated[
        datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], help="Alert as of this date (default: today).")
    ] = None,
    db: Db = None,
    notify: Annotated[
        list[str] | None,
        typer.Option("--notify", help="Notification URL (apprise; repeatable) (default: env KAMERVRAGEN_NOTIFY)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the digests instead of sending them.")] = False,
    backlog: Annotated[
        bool, typer.Option("--backlog", help="Include sets that crossed their deadline before the recent window.")
    ] = False,
    due_soon: Annotated[
        int | None, typer.Option("--due-soon", min=0, help="Also alert sets due within N days.")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help="Only these alert kinds (repeatable), e.g. ingest_failed."),
    ] = None,
    window_days: Annotated[
        int | None,
        typer.Option("--window-days", min=1,
                     help="Recent window in days (default: env KAMERVRAGEN_ALERT_WINDOW_DAYS or 7)."),
    ] = None,
    watchlist: Annotated[
        str | None,
        typer.Option("--watchlist", envvar=config.setting("WATCHLIST").env,
                     help="File of vraagnummers to watch (one a line), merged into the watchlist table."),
    ] = None,
) -> None:
    """Send one digest per channel of late answers that crossed their deadline recently (a Prefect flow run)."""
    from pydantic import SecretStr

    from flows.alert_flow import late_answers
    from pipeline.alerts import AlertDeliveryError, NoChannelsError, dry_run_digests, format_summary
    from pipeline.notify import ChannelError
    from warehouse.lock import WriterBusyError

    state = late_answers(  # URLs as SecretStr: the flow run's stored parameters show `**********`
        as_of=as_of.date() if as_of else None, db=db or config.get("DB"),
        notify=[SecretStr(url) for url in notify] if notify else None, dry_run=dry_run, backlog=backlog,
        due_soon_days=due_soon, kinds=kind or None, window_days=window_days, watchlist=watchlist,
        log_digests=False, return_state=True,
    )
    result = state.result(raise_on_failure=False)
    if isinstance(result, BaseException):
        typer.echo(f"alert: {result}", err=True)
        usage = (NoChannelsError, ChannelError, ValueError)
        code = 2 if isinstance(result, usage) and not isinstance(result, AlertDeliveryError) else 1
        if isinstance(result, WriterBusyError):
            code = 1
        raise typer.Exit(code)
    if dry_run:
        for digest in dry_run_digests(result):
            sys.stdout.write(digest + "\n")
        typer.echo(format_summary(result), err=True)
    else:
        typer.echo(format_summary(result))


def serve(
    config: Annotated[
        str | None, typer.Option("--config", help="prefect.yaml to serve (default: ./prefect.yaml or the project's).")
    ] = None,
    port: Annotated[
        int, typer.Option("--port", help="Port of the Prefect server started when PREFECT_API_URL is unset.")
    ] = 4200,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Flow runs at a time (writers: keep 1).")] = 1,
    db: Annotated[
        str | None,
        typer.Option("--db", envvar=config.setting("DB").env,
                     help="DuckDB file the runs use (default: data/kamervragen.duckdb)."),
    ] = None,
) -> None:
    """Run the schedules of prefect.yaml on this machine (starts a Prefect server on loopback if needed)."""
    from flows.serve import serve_project

    try:
        serve_project(config, port=port, limit=limit, db=db, echo=lambda s: typer.echo(s, err=True))
    except (RuntimeError, TimeoutError, ValueError, OSError) as exc:
        typer.echo(f"serve: {exc}", err=True)
        raise typer.Exit(1) from None
