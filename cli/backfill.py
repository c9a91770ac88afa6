"""`kamervragen backfill`: the full history, as a Prefect flow run (or without Prefect).

Registered by `cli.app` (`register(app)`); Prefect is imported only when the command runs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

import config
from cli.options import Db, check_window


def register(app: typer.Typer) -> None:
    """Add `backfill` to the `kamervragen` app."""

    @app.command("backfill")
    def backfill_command(
        since: Annotated[datetime, typer.Option("--since", formats=["%Y-%m-%d"],
                                                help="First publication date (YYYY-MM-DD), e.g. 1995-01-01.")],
        until: Annotated[datetime | None, typer.Option("--until", formats=["%Y-%m-%d"],
                                                       help="Last publication date (default: today).")] = None,
        metadata_only: Annotated[bool, typer.Option(
            "--metadata-only", help="Only the SRU records (one request per page); texts stay queued.")] = False,
        db: Db = None,
        sru_url: Annotated[str | None, typer.Option(
            "--sru-url", envvar=config.setting("SRU_URL").env, help="SRU endpoint.")] = None,
        max_window: Annotated[int | None, typer.Option(
            "--max-window", help="Most records per date window (default 10000, env "
                                 "KAMERVRAGEN_BACKFILL_MAX_WINDOW).")] = None,
        restart: Annotated[bool, typer.Option(
            "--restart", help="Forget the finished windows of this range and fetch them again.")] = False,
        no_prefect: Annotated[bool, typer.Option(
            "--no-prefect", help="Run the engine directly (no flow run, no Prefect start-up).")] = False,
        tk_url: Annotated[str | None, typer.Option(
            "--tk-url", envvar=config.setting("TK_URL").env, help="Tweede Kamer SyncFeed base.")] = None,
        no_tk: Annotated[bool, typer.Option("--no-tk", help="Do not sync the Tweede Kamer's records.")] = False,
    ) -> None:
        """Load the full history in adaptive date windows: metadata first, then texts; resumable."""
        from cli.network import fail_fast, prefect_failure_logs_hidden, quiet_prefect, report_network_failure
        from pipeline.backfill import backfill_options, run_backfill, summary_text
        from scrapers.http_client import FetchError
        from warehouse.lock import WriterBusyError

        params = {"since": since.date(), "until": until.date() if until else None, "db": db or config.get("DB"),
                  "sru_url": sru_url, "metadata_only": metadata_only, "max_window": max_window,
                  "restart": restart}
        tk = {"tk_url": tk_url, "no_tk": no_tk}
        check_window("backfill", params["since"], params["until"])
        fail_fast("backfill", sru_url)
        try:
            from cli.progress import backfill_progress

            with backfill_progress() as progress:
                if no_prefect:
                    from pipeline.tk_sync import tk_url_for_ingest

                    options = backfill_options(**params, tk_url=tk_url_for_ingest(sru_url, tk_url, no_tk))
                    summary = run_backfill(options, progress=progress)
                else:
                    quiet_prefect()
                    from flows.backfill_flow import backfill

                    with prefect_failure_logs_hidden():
                        summary = backfill(**params, **tk, progress=progress)
        except WriterBusyError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        except FetchError as exc:  # the source failed (resumable: finished windows are kept)
            report_network_failure("backfill", exc)
        if no_prefect:
            typer.echo(summary_text(summary), err=True)
        raise typer.Exit(0 if summary.get("outcome") == "success" else 1)


__all__ = ["register"]
