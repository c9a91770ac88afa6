"""`kamervragen doctor`: compare the live SRU service with what the pipeline assumes.

Registered by `cli.app` (`register(app)`); never imports Prefect (DuckDB only for the warehouse's
TK coverage line). The checks live in `scrapers.doctor`; this module only parses options and prints
the report (docs/operations.md: "First contact with the live source").
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

import config
from cli.coverage import coverage_line
from cli.options import Db, db_path

if TYPE_CHECKING:
    from scrapers.doctor import DoctorReport

VERDICT_STYLE = {"OK": "bold green", "DIFFERS": "bold yellow", "FAIL": "bold red"}


def render_report(report: DoctorReport, *, width: int | None = None) -> None:
    """Print the report as a rich table on stdout, then a one-line summary."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if width is None and not sys.stdout.isatty():
        width = 200
    console = Console(width=width, highlight=False, soft_wrap=False)
    table = Table(
        title=f"kamervragen doctor: {report.sru_url}",
        caption=(f"window {report.since} – {report.until} on {report.date_index}; "
                 "expectations from ../shared/docs/source.md"),
        show_lines=True,
        header_style="bold",
    )
    table.add_column("check", no_wrap=True)
    table.add_column("expected", ratio=3, overflow="fold")
    table.add_column("found", ratio=4, overflow="fold")
    table.add_column("verdict", no_wrap=True)
    table.add_column("what it means", ratio=3, overflow="fold")
    for check in report.checks:
        table.add_row(
            check.name,
            check.expected,
            check.found,
            Text(check.verdict, style=VERDICT_STYLE.get(check.verdict, "")),
            check.meaning,
        )
    console.print(table)
    counts = report.counts()
    outcome = (
        "differences that would load wrong data: do not ingest until the FAIL rows are resolved"
        if report.exit_code
        else ("only harmless differences" if counts["DIFFERS"] else "the service is what the pipeline expects")
    )
    console.print(
        f"{counts['OK']} OK, {counts['DIFFERS']} DIFFERS, {counts['FAIL']} FAIL · "
        f"{len(report.requests)} requests in {report.elapsed:.1f} s · exit {report.exit_code}: {outcome}"
    )


def register(app: typer.Typer) -> None:
    """Add the `doctor` command to the `kamervragen` app."""

    @app.command()
    def doctor(
        sru_url: Annotated[
            str | None,
            typer.Option("--sru-url", envvar=config.setting("SRU_URL").env, help="SRU endpoint."),
        ] = None,
        fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
        days: Annotated[
            int, typer.Option("--days", min=1, help="Window of the series queries (days back).")
        ] = 30,
        sample: Annotated[
            int, typer.Option("--sample", min=1, help="Records asked per series query.")
        ] = 50,
        max_requests: Annotated[
            int, typer.Option("--max-requests", min=1, help="Most HTTP requests the doctor may send.")
        ] = 30,
        tk_url: Annotated[str | None, typer.Option(
            "--tk-url", envvar=config.setting("TK_URL").env,
            help="The Tweede Kamer SyncFeed to check (one request per category). Default: the one "
                 "`ingest` would sync, i.e. the live feed when the SRU service is the live one.")] = None,
        no_tk: Annotated[bool, typer.Option("--no-tk", help="Do not check the Tweede Kamer SyncFeed.")] = False,
        db: Db = None,
    ) -> None:
        """Check the SRU service against what the pipeline assumes (exit 1 on a FAIL row)."""
        from pipeline.tk_sync import tk_url_for_ingest
        from scrapers.doctor import run_doctor
        from scrapers.settings import ClientSettings

        if fmt not in ("table", "json"):
            raise typer.BadParameter(f"unknown format {fmt!r} (table, json)", param_hint="--format")
        try:
            settings = ClientSettings.from_env()
        except ValueError as exc:
            typer.echo(f"doctor: {exc}", err=True)
            raise typer.Exit(2) from None
        report = run_doctor(
            settings, sru_url=sru_url, window_days=days, sample_size=sample, max_requests=max_requests,
            tk_url=tk_url_for_ingest(sru_url, tk_url, no_tk),
        )
        coverage = warehouse_coverage(db_path(db))
        if fmt == "json":
            sys.stdout.write(json.dumps({**report.to_dict(), "tk_coverage": coverage}, ensure_ascii=False,
                                        indent=1) + "\n")
        else:
            render_report(report)
            line = coverage_line(coverage)
            if line:
                typer.echo(f"warehouse {db_path(db)}: {line}")
        raise typer.Exit(report.exit_code)


def warehouse_coverage(db: str) -> dict | None:
    """The warehouse's TK coverage (`warehouse.tk.coverage`), or None when there is no warehouse (yet)
    or it cannot be read now: the doctor checks the sources, the warehouse line is a courtesy."""
    from pathlib import Path

    import duckdb

    from warehouse.read import open_read, snapshot_path
    from warehouse.tk import coverage

    if not Path(db).exists() and not snapshot_path(db).exists():
        return None
    try:
        con = open_read(db)
    except (duckdb.Error, OSError):
        return None
    try:
        cov = coverage(con)
    finally:
        con.close()
    return cov.as_dict() if cov else None
