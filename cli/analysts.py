"""Commands for analysts: `export`, `report`, and `override` (hand corrections).

Registered by cli/app.py (`register(app)`). `export`, `report` and `override list` only read:
they open the snapshot of `--db` when one exists (warehouse.read.open_read), never take the
writer lock and never import Prefect. `override add` / `override retire` write: they take the
writer lock, re-derive the set, and publish a fresh snapshot.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.options import Db, db_path

if TYPE_CHECKING:
    import duckdb

def _open_read(db: str | None) -> duckdb.DuckDBPyConnection:
    from cli.render import open_read_or_exit

    return open_read_or_exit(db_path(db))


def export(
    out_dir: Annotated[Path, typer.Argument(help="Folder for the files (created when missing).")],
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    db: Db = None,
) -> None:
    """Write every table and view to DIR, one file each, named after it (e.g. questions.parquet)."""
    from warehouse.export import FORMATS, export_all

    if fmt not in FORMATS:
        typer.echo(f"export: unknown format {fmt!r} (one of {', '.join(FORMATS)})", err=True)
        raise typer.Exit(2)
    con = _open_read(db)
    try:
        written = export_all(con, out_dir, fmt)
    finally:
        con.close()
    for item in written:
        typer.echo(f"{item.path}\t{item.kind}\t{item.rows} rows")
    typer.echo(f"export: {len(written)} files in {out_dir}", err=True)


def report(
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
    db: Db = None,
) -> None:
    """Write a self-contained HTML report (charts work offline): days taken, lateness, overdue sets."""
    from warehouse.report import write_report

    con = _open_read(db)
    try:
        path = write_report(con, out, source=db)
    finally:
        con.close()
    typer.echo(str(path))


override_app = typer.Typer(
    no_args_is_help=True,
    help="Correct a fact of a question set by hand (applied after every re-ingest).",
)


@override_app.command("add")
def override_add(
    vraagnummer: Annotated[str, typer.Argument(help="e.g. 2022Z00634")],
    field: Annotated[str, typer.Argument(help="e.g. answered_on, submitted_on, answer_doc_id, title, needs_review.")],
    value: Annotated[str | None, typer.Argument(
        help="New value (dates YYYY-MM-DD; lists comma-separated; needs_review: settled).")] = None,
    reason: Annotated[str, typer.Option("--reason", help="What is wrong in the source, and how you know.")] = "",
    author: Annotated[str | None, typer.Option("--author", help="Who corrects it [default: your user name].")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Set the field to empty (no VALUE).")] = False,
    chamber: Annotated[str, typer.Option("--chamber", help="tk or ek.")] = "tk",
    db: Db = None,
) -> None:
    """Override one field of one set; re-derives the set and republishes the snapshot."""
    from warehouse.overrides import FIELDS, OverrideError, add_override, list_overrides

    if (value is None) == (not clear):
        typer.echo("override add: give a VALUE, or --clear to empty the field", err=True)
        raise typer.Exit(2)
    if field not in FIELDS:
        typer.echo(f"override add: unknown field {field!r}; overridable: {', '.join(FIELDS)}", err=True)
        raise typer.Exit(2)

    def write(con: duckdb.DuckDBPyConnection) -> str:
        new_id = add_override(con, vraagnummer, field, value, reason=reason, author=author or _user(),
                              chamber=chamber)
        shown = value if value is not None else "(empty)"
        message = f"override {new_id}: {chamber} {vraagnummer} {field} = {shown}"
        if not any(r["applied"] for r in list_overrides(con, vraagnummer, chamber=chamber) if r["id"] == new_id):
            message += " (stored; not applied yet: no such set in the database)"
        return message

    _write(db, write, OverrideError)


@override_app.command("retire")
def override_retire(
    vraagnummer: Annotated[str, typer.Argument(help="e.g. 2022Z00634")],
    field: Annotated[str, typer.Argument(help="The overridden field.")],
    author: Annotated[str | None, typer.Option("--author", help="Who retires it [default: your user name].")] = None,
    chamber: Annotated[str, typer.Option("--chamber", help="tk or ek.")] = "tk",
    db: Db = None,
) -> None:
    """Stop applying a field's overrides on a set (the sources' value returns; history is kept)."""
    from warehouse.overrides import OverrideError, retire_override

    def write(con: duckdb.DuckDBPyConnection) -> str:
        count = retire_override(con, vraagnummer, field, author=author or _user(), chamber=chamber)
        if count == 0:
            raise OverrideError(f"no active override of {field} on {chamber} {vraagnummer}")
        return f"retired {count} override(s) of {field} on {chamber} {vraagnummer}"

    _write(db, write, OverrideError)


@override_app.command("list")
def override_list(
    vraagnummer: Annotated[str | None, typer.Argument(help="Only this set.")] = None,
    include_retired: Annotated[bool, typer.Option("--all", help="Include retired overrides.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    db: Db = None,
) -> None:
    """The overrides in force (or all of them), with the value the sources give."""
    from cli.render import render_rows
    from warehouse.overrides import OverrideError, list_overrides

    con = _open_read(db)
    try:
        rows = list_overrides(con, vraagnummer, include_retired=include_retired)
    except OverrideError as exc:
        typer.echo(f"override list: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        con.close()
    names = ["id", "chamber", "vraagnummer", "field", "value", "source_value", "applied", "reason", "author",
             "created_on", "retired_on"]
    render_rows(names, [tuple(r[n] for n in names) for r in rows], fmt)


def render_overrides(rows: list[dict]) -> None:
    """Print a set's overrides under `kamervragen show` (rows from warehouse.read.set_overrides)."""
    if not rows:
        return
    typer.echo("\noverrides (corrected by hand; these replace the sources' values):")
    for r in rows:
        source = r["source_value"] if r["source_value"] is not None else "(empty)"
        value = r["value"] if r["value"] is not None else "(empty)"
        state = "" if r["applied"] else "  [not applied: the set or field is unknown]"
        when = r["created_on"].date().isoformat() if r.get("created_on") else "?"
        typer.echo(f"  {r['field']}: {value} (sources: {source}) by {r['author']} on {when}: {r['reason']}{state}")


def _write(db: str, action: Callable[[duckdb.DuckDBPyConnection], str], error_type: type[Exception]) -> None:
    import duckdb

    from warehouse.db import connect
    from warehouse.lock import WriterBusyError, WriterLock
    from warehouse.snapshot import publish_snapshot

    try:
        with WriterLock(db):
            con = connect(db)
            try:
                message = action(con)
                publish_snapshot(con, db)
            finally:
                con.close()
    except WriterBusyError as exc:
        typer.echo(f"override: {exc}", err=True)
        raise typer.Exit(2) from None
    except (error_type, duckdb.Error) as exc:
        typer.echo(f"override: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(message)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def register(app: typer.Typer) -> None:
    """Add `export`, `report` and `override` to the `kamervragen` app."""
    app.command("export")(export)
    app.command("report")(report)
    app.add_typer(override_app, name="override")
