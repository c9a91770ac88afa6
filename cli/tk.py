"""`kamervragen tk-sync` (the Tweede Kamer's own records) and `kamervragen crosscheck` (where they
and the publications disagree). Registered by cli/app.py (`register(app)`).

`tk-sync` writes: it takes the writer lock and publishes a fresh snapshot when something changed.
`crosscheck` only reads (the snapshot of `--db` when one exists) and never imports Prefect.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

import config
from cli.options import Db, db_path

TkUrl = Annotated[str | None, typer.Option(
    "--tk-url", envvar=config.setting("TK_URL").env,
    help="Tweede Kamer SyncFeed base (default https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0).")]
COLUMNS = ("vraagnummer", "kind", "field", "ours", "theirs", "verdict_changing", "first_seen")


def register(app: typer.Typer) -> None:
    """Add `tk-sync` and `crosscheck` to the `kamervragen` app."""

    @app.command("tk-sync")
    def tk_sync_command(tk_url: TkUrl = None, db: Db = None) -> None:
        """Sync the Tweede Kamer's records of written questions (SyncFeed), then cross-check the sets."""
        from cli.network import fail_fast
        from pipeline.tk_sync import run_tk_sync
        from pipeline.tk_sync import tk_url as tk_base
        from warehouse.lock import WriterBusyError

        fail_fast("tk-sync", tk_base(tk_url))
        try:
            summary = run_tk_sync(db_path(db), tk_url)
        except WriterBusyError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
        if summary.get("outcome") != "success":
            from cli.network import ADVICE

            typer.echo(f"tk-sync: {summary.get('message')}\nTry:\n" + "\n".join(ADVICE), err=True)
            raise typer.Exit(1)

    @app.command("crosscheck")
    def crosscheck_command(
        fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
        newest: Annotated[int, typer.Option("--newest", help="Disagreements listed (0: all).")] = 20,
        db: Db = None,
    ) -> None:
        """Where the publications and the Tweede Kamer's records disagree: counts per kind, the newest
        disagreements, and the share of sets on which the two agree."""

        from cli.render import open_read_or_exit, render_rows
        from warehouse.tk import crosscheck_summary

        con = open_read_or_exit(db_path(db))
        try:
            summary = crosscheck_summary(con, newest)
        finally:
            con.close()
        if fmt == "json":
            sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
            return
        rows = [tuple(d[c] for c in COLUMNS) for d in summary["disagreements"]]
        if fmt == "table":
            share = summary["agree_share"]
            typer.echo("sources agree on "
                       + (f"{share:.1%}" if share is not None else "— (no set has a TK record yet)")
                       + f" of {summary['sets_with_tk_case']} sets with a Tweede Kamer record")
            for kind, n in summary["counts"].items():
                typer.echo(f"  {kind}: {n}")
        render_rows(list(COLUMNS), rows, fmt)


__all__ = ["register"]
