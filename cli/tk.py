"""`kamervragen tk-sync` (the Tweede Kamer's own records) and `kamervragen crosscheck` (where they
and the publications disagree). Registered by cli/app.py (`register(app)`).

`tk-sync` writes: it takes the writer lock and publishes a fresh snapshot when something changed.
`crosscheck` only reads (the snapshot of `--db` when one exists) and never imports Prefect.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

import config
from cli.options import Db, db_path

if TYPE_CHECKING:
    from pipeline.tk_sync import HistoryProgress

TkUrl = Annotated[str | None, typer.Option(
    "--tk-url", envvar=config.setting("TK_URL").env,
    help="Tweede Kamer SyncFeed base (default https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0).")]
EVERY_PAGES = 25  # a progress line every so many history pages


def parse_day(text: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option, or one clear line and exit 2."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        typer.echo(f"{option}: {text!r} is not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None


def minutes(seconds: float | None) -> str:
    """'about 12 min left', or '' when not known yet."""
    if seconds is None:
        return ""
    return f", about {seconds / 60:.0f} min left" if seconds >= 90 else f", about {seconds:.0f} s left"


class HistoryLines:
    """The history step's progress on stderr: one short line every EVERY_PAGES pages and at the end."""

    def __call__(self, p: HistoryProgress) -> None:
        if p.pages % EVERY_PAGES == 0 or p.share >= 1.0:
            typer.echo(f"TK history: {p.category}, {p.pages:,} pages, {p.entries:,} entries, "
                       f"{p.share:.0%} done{minutes(p.seconds_left)}", err=True)


COLUMNS = ("vraagnummer", "kind", "field", "ours", "theirs", "verdict_changing", "first_seen")


def register(app: typer.Typer) -> None:
    """Add `tk-sync` and `crosscheck` to the `kamervragen` app."""

    @app.command("tk-sync")
    def tk_sync_command(
        tk_url: TkUrl = None,
        db: Db = None,
        full: Annotated[bool, typer.Option(
            "--full", help="Also read the history before a bounded first sync (resumable; shows time left).")] = False,
        since: Annotated[str | None, typer.Option(
            "--since", help="On a warehouse with no TK records yet: start near this date (YYYY-MM-DD), "
                            "minus KAMERVRAGEN_TK_START_MARGIN_DAYS.")] = None,
    ) -> None:
        """Sync the Tweede Kamer's records of written questions (SyncFeed), then cross-check the sets."""
        from pipeline.tk_sync import run_tk_sync
        from warehouse.lock import WriterBusyError

        horizon = parse_day(since, "--since")
        try:
            summary = run_tk_sync(db_path(db), tk_url, since=horizon, full=full, progress=HistoryLines())
        except WriterBusyError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
        raise typer.Exit(0 if summary.get("outcome") == "success" else 1)

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
