"""The `kamervragen` command line.

Read-only commands (`parse`, `status`, `show`, `review`, `sql`) never import Prefect; only the
commands that run flows (`ingest`, `backfill`, `alert`, `serve`, `demo`) pay its start-up.
"""

from __future__ import annotations

import contextlib
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

import config
from cli.options import Db, db_path
from schemas.document import Document, ParseError
from schemas.statuses import STATUSES

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Track how the Dutch government answers parliamentary written questions.",
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("kamervragen")
        except PackageNotFoundError:  # run from a checkout that was never installed
            number = "unknown (not installed)"
        typer.echo(f"kamervragen {number}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Track how the Dutch government answers parliamentary written questions."""


SruUrl = Annotated[
    str | None,
    typer.Option("--sru-url", envvar=config.setting("SRU_URL").env, help="SRU endpoint."),
]


def _emit(doc: Document) -> None:
    sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")


@app.command()
def parse(
    paths: Annotated[list[Path], typer.Argument(help="Files of any manifestation.")],
) -> None:
    """Parse files (SRU response/record, metadata, XML, HTML, PDF, text) into JSON Lines."""
    from scrapers.parse_any import parse_bytes
    from scrapers.parse_metadata import NotKamervragen

    failed = False
    for path in paths:
        try:
            for result in parse_bytes(path.read_bytes(), name=path.name, source=str(path)):
                if isinstance(result, NotKamervragen):
                    typer.echo(f"{path}: skipped {result}", err=True)
                elif isinstance(result, ParseError):
                    typer.echo(f"{path}: {result}", err=True)
                    failed = True
                else:
                    _emit(result)
        except ParseError as exc:
            typer.echo(f"{path}: {exc}", err=True)
            failed = True
        except OSError as exc:
            typer.echo(f"{path}: cannot read: {exc}", err=True)
            failed = True
    raise typer.Exit(1 if failed else 0)


@app.command()
def fetch(
    doc_id: Annotated[str, typer.Argument(help="Document id, e.g. ah-tk-20202021-3235.")],
    sru_url: SruUrl = None,
    metadata_only: Annotated[
        bool, typer.Option("--metadata-only", help="Do not fetch the document text.")
    ] = False,
) -> None:
    """Look a document up through SRU (and fetch its text) and print its JSON."""
    from cli.network import report_network_failure
    from scrapers.http_client import FetchError, UnreachableError
    from scrapers.lookup import lookup_document

    try:
        doc = lookup_document(doc_id, sru_url=sru_url, with_text=not metadata_only)
    except UnreachableError as exc:
        report_network_failure(f"fetch {doc_id}", exc)
    except (FetchError, ParseError, LookupError) as exc:
        typer.echo(f"fetch {doc_id}: {exc}", err=True)
        raise typer.Exit(1) from None
    _emit(doc)


Since = Annotated[
    datetime | None, typer.Option("--since", formats=["%Y-%m-%d"], help="Window start (YYYY-MM-DD).")
]
Until = Annotated[
    datetime | None, typer.Option("--until", formats=["%Y-%m-%d"], help="Window end (YYYY-MM-DD).")
]


def _open_read(db: str | None, *, filled: bool = True):
    """The warehouse read-only; a missing one, and (`filled`) an empty one, is one line on how to fill it."""
    from cli.render import open_read_or_exit

    return open_read_or_exit(db_path(db), filled=filled)


def _older_schema(db: str | None, exc: Exception) -> None:
    """A read query failed, typically on a database older than this code (read commands never migrate)."""
    typer.echo(f"cannot read {db_path(db)}: {exc}\n(a database from an older version of this code is upgraded "
               "by the next writer: run `kamervragen ingest` once)", err=True)
    raise typer.Exit(2) from None


def duckdb_error() -> type[Exception]:
    import duckdb

    return duckdb.Error


@app.command()
def ingest(
    since: Since = None,
    until: Until = None,
    db: Db = None,
    sru_url: SruUrl = None,
    metadata_only: Annotated[
        bool, typer.Option("--metadata-only", help="Skip document texts (dates, links, status only).")
    ] = False,
    tk_url: Annotated[str | None, typer.Option(
        "--tk-url", envvar=config.setting("TK_URL").env, help="Tweede Kamer SyncFeed base.")] = None,
    no_tk: Annotated[bool, typer.Option("--no-tk", help="Do not sync the Tweede Kamer's records.")] = False,
    site: Annotated[str | None, typer.Option(
        "--site", envvar=config.setting("SITE_DIR").env, metavar="DIR",
        help="Then rebuild the static site in DIR (incremental).")] = None,
    all_texts: Annotated[bool, typer.Option(
        "--all-texts", help="Fetch every queued text now (no KAMERVRAGEN_TEXTS_PER_RUN limit).")] = False,
) -> None:
    """Fetch new and changed documents into DuckDB (a Prefect flow run) and the Tweede Kamer's records
    beside them; the texts a status depends on first, at most KAMERVRAGEN_TEXTS_PER_RUN others."""
    from cli.network import fail_fast, prefect_failure_logs_hidden, quiet_prefect, report_network_failure
    from cli.options import check_window

    check_window("ingest", since, until)
    fail_fast("ingest", sru_url)
    quiet_prefect()
    from cli.progress import page_progress
    from flows.ingest_flow import ingest as ingest_flow
    from scrapers.http_client import FetchError

    try:
        with prefect_failure_logs_hidden(), page_progress() as progress:
            summary = ingest_flow(
                since=since.date() if since else None,
                until=until.date() if until else None,
                db=db_path(db), sru_url=sru_url, metadata_only=metadata_only, tk_url=tk_url, no_tk=no_tk,
                site_dir=site, all_texts=all_texts, progress=progress,
            )
    except FetchError as exc:  # the source failed (the run is recorded as failed): no traceback
        report_network_failure("ingest", exc)
    ok = summary.get("outcome") == "success"
    for line in texts_lines(summary):
        typer.echo(line, err=True)
    tk = summary.get("tk")
    if tk is not None:  # the second source, synced by the flow after a successful run
        typer.echo(f"Tweede Kamer records: {tk.get('outcome')}, {tk.get('kept', 0)} kept, "
                   f"{tk.get('requests', 0)} requests" + (f": {tk['message']}" if tk.get("message") else ""),
                   err=True)
        ok = tk.get("outcome") == "success"
        if not ok:
            from cli.network import ADVICE

            typer.echo("Try:\n" + "\n".join(ADVICE), err=True)
    built = summary.get("site")
    if built is not None:  # the static site, rebuilt by the flow after a successful run
        typer.echo(f"site: {built.get('outcome')}, {built.get('written', 0)} of {built.get('files', 0)} files "
                   f"written in {built.get('out')}" + (f": {built['message']}" if built.get("message") else ""),
                   err=True)
        ok = ok and built.get("outcome") == "success"
    raise typer.Exit(0 if ok else 1)


def local_minute(moment: str | None) -> str:
    """An ISO instant as Europe/Amsterdam 'YYYY-MM-DD HH:MM' (the text as it is when it does not parse)."""
    from zoneinfo import ZoneInfo

    try:
        return datetime.fromisoformat(moment or "").astimezone(ZoneInfo("Europe/Amsterdam")).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(moment)


def texts_lines(summary: dict) -> list[str]:
    """What an ingest says of its texts: whether every verdict is final, and the texts still queued."""
    lines = []
    if "verdicts_pending" in summary:
        if summary["verdicts_pending"]:
            lines.append(f"verdicts: {summary['verdicts_pending']} sets still wait for a text that may change their "
                         "status (failed fetches are retried by the next run)")
        else:
            lines.append(f"verdicts: every status final (since {local_minute(summary.get('verdicts_final_at'))})")
    queued = summary.get("texts_queued") or 0
    if queued:
        per_run = summary.get("texts_per_run")
        lines.append(f"{queued} texts that decide no verdict follow in the next run"
                     + (f"s ({per_run} a run, KAMERVRAGEN_TEXTS_PER_RUN)" if per_run and queued > per_run else "")
                     + "; `kamervragen ingest --all-texts` fetches them now")
    return lines


@app.command()
def status(
    as_of: Annotated[
        datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], help="Status on this date.")
    ] = None,
    status_filter: Annotated[
        str | None, typer.Option("--status", help="Comma-separated statuses, e.g. overdue,open_extended.")
    ] = None,
    ministry: Annotated[str | None, typer.Option("--ministry", help="Ministry abbreviation, e.g. BZK.")] = None,
    db: Db = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
) -> None:
    """List question sets with their status (default: every set, as of today)."""
    from cli.coverage import coverage_line
    from cli.render import render_fitted, render_rows
    from schemas.clock import today_amsterdam
    from warehouse.read import status_rows
    from warehouse.tk import coverage as tk_coverage

    day = as_of.date() if as_of else today_amsterdam()
    statuses = status_values(status_filter)
    ministry = ministry_value(ministry)
    con = _open_read(db)
    try:
        try:
            names, rows = status_rows(con, day, statuses, ministry)
        except duckdb_error() as exc:
            _older_schema(db, exc)
        coverage = tk_coverage(con)
        verdicts = _verdicts(con)
    finally:
        con.close()
    reach = coverage.as_dict() if coverage else None
    if fmt == "json":  # stderr: stdout stays the rows alone (a JSON list, a CSV, a table)
        typer.echo(json.dumps({**(verdicts or {}), "tk_coverage": reach}), err=True)
    if fmt == "table":
        render_fitted(status_table_columns(), [status_table_row(dict(zip(names, r, strict=True))) for r in rows])
    else:
        render_rows(names, rows, fmt)
    if fmt != "json":  # after the rows, where they are read: what the list cannot show yet
        for line in (verdicts_line(verdicts) if verdicts else None, coverage_line(reach)):
            if line:
                typer.echo(line, err=True)


def _verdicts(con) -> dict | None:
    """The metadata of `status`: `verdicts_final_at` (null while some status depends on an unread text)
    and `verdicts_pending` (those sets); None on a warehouse too old to say."""
    from warehouse.backfill_state import read_verdicts

    try:
        v = read_verdicts(con)
    except duckdb_error():
        return None
    return {"verdicts_final_at": v.final_at.isoformat() if v.final_at else None, "verdicts_pending": v.sets}


def verdicts_line(verdicts: dict) -> str | None:
    """`verdicts: N sets still wait for a text …`, or None when every status is final."""
    if verdicts["verdicts_pending"]:
        return (f"verdicts: {verdicts['verdicts_pending']} sets still wait for a text that may change their "
                f"status (`kamervragen ingest` fetches it)")
    return None


def status_values(text: str | None) -> list[str] | None:
    """`--status a,b` as a list (case and spaces ignored); an unknown status is one line and exit 2."""
    if not text:
        return None
    values = [v.strip().lower() for v in text.split(",") if v.strip()]
    unknown = [v for v in values if v not in STATUSES]
    if unknown or not values:
        typer.echo(f"status: --status {', '.join(unknown) or repr(text)} is not a status; valid: "
                   f"{', '.join(STATUSES)}", err=True)
        raise typer.Exit(2)
    return values


def ministry_value(text: str | None) -> str | None:
    """`--ministry` as the abbreviation the warehouse stores (case ignored; an old name or a post gives
    its ministry: `bzk` → BZK, `BiZa` → BZK); an unknown one is one line and exit 2."""
    if text is None:
        return None
    from schemas.ministries import from_abbreviation, ministry_abbreviations

    found = from_abbreviation(text)
    if found is None:
        valid = ", ".join(ministry_abbreviations())
        typer.echo(f"status: --ministry {text!r} is not a ministry abbreviation; valid: {valid}", err=True)
        raise typer.Exit(2)
    return found


def status_table_row(r: dict) -> tuple:
    """One row of the `status` table (the columns of `status_table_columns`)."""
    due = r["extended_due_on"] or r["due_on"]  # the due date in force (set_effective_due_on): days late count from it
    return (r["vraagnummer"], r["submitted_on"], r["delay_notice_on"], r["answered_on"],
            r["due_on"] if due != r["due_on"] else None, due, r["days_overdue"], r["status"], r["ministries"],
            r["parties"], r["title"], check_text(r["review_open_reasons"]))


def status_table_columns() -> list:
    """The table of `status`, fitted to the terminal. "due" is the due date in force, the one the
    days late count from (extended after a delay notice); "term due" the term's end it replaced
    (empty without a notice). The title and the review reasons shrink first (cut with "…"); then
    parties, the notice, the term due date, the submitted and answered dates, the ministries, the
    due date and the title are left out, in that order; vraagnummer, days late, status and "check
    before citing" always stay."""
    from cli.render import Column

    return [Column("vraagnummer"), Column("submitted", drop=3), Column("notice", drop=1),
            Column("answered", drop=4), Column("term due", drop=2), Column("due", drop=6),
            Column("days late", justify="right"), Column("status"), Column("ministries", drop=5),
            Column("parties", drop=0), Column("title", drop=7, min_width=20),
            Column("check before citing", min_width=6)]


def check_text(open_reasons: list[str] | None) -> str:
    """The table cell of a set flagged for review: '⚠ ' and its unsettled reasons; '' otherwise."""
    return "⚠ " + "; ".join(open_reasons) if open_reasons else ""


@app.command()
def review(
    db: Db = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    open_only: Annotated[
        bool, typer.Option("--open", help="Only the sets that still need review (not settled).")
    ] = False,
) -> None:
    """Sets whose verdict rests on something uncertain: their reasons, and who settled them and why."""
    from cli.render import render_fitted, render_rows
    from warehouse.read import review_rows

    con = _open_read(db)
    try:
        try:
            names, rows = review_rows(con, open_only)
        except duckdb_error() as exc:
            _older_schema(db, exc)
    finally:
        con.close()
    if fmt == "table":
        table = []
        for r in rows:
            x = dict(zip(names, r, strict=True))
            settled = "" if not x["review_settled_by"] else (
                f"{x['review_settled_by']} on {x['review_settled_on']:%Y-%m-%d}: {x['review_settled_reason']}")
            table.append((x["vraagnummer"], x["status"], "yes" if x["needs_review"] else "settled",
                          "\n".join(x["review_reasons"]), "\n".join(x["review_open_reasons"]) or "", settled,
                          x["title"]))
        render_fitted(review_table_columns(), table)
        return
    render_rows(names, rows, fmt)


def review_table_columns() -> list:
    """The table of `review`, fitted to the terminal: the reasons are what it is for, so they wrap
    at spaces (never cut); the title and the settlement are cut with "…"; on a narrow terminal the
    title, then all reasons (the unsettled ones stay), then the settlement are left out."""
    from cli.render import Column

    return [Column("vraagnummer"), Column("status"), Column("review"),
            Column("reasons", drop=1, min_width=20, wrap=True),
            Column("not settled", min_width=16, wrap=True),
            Column("settled by", drop=2, min_width=16),
            Column("title", drop=0, min_width=16)]


@app.command()
def show(vraagnummer: Annotated[str, typer.Argument(help="e.g. 2022Z00634")], db: Db = None) -> None:
    """One question set: its facts, status today, and the timeline of its documents."""
    from cli.analysts import render_overrides
    from cli.render import render_review, render_set
    from schemas.identifiers import IdentifierError, normalise_vraagnummer
    from warehouse.read import set_overrides, show_set
    from warehouse.tk import set_state

    try:
        number = normalise_vraagnummer(vraagnummer) or ""
    except IdentifierError:
        number = ""
    if not number:
        typer.echo(f"show: {vraagnummer!r} is not a vraagnummer; valid: a zaaknummer like 2022Z00634, a document "
                   "number like 2009D25439, or an Eerste Kamer number of 6 to 12 digits", err=True)
        raise typer.Exit(2)
    con = _open_read(db)
    try:
        try:
            row, docs = show_set(con, number)
            overrides = set_overrides(con, number)
        except duckdb_error() as exc:
            _older_schema(db, exc)
        tk_state = set_state(con, number)
    finally:
        con.close()
    if row is None and not docs:
        typer.echo(f"no question set {vraagnummer} in {db_path(db)}", err=True)
        raise typer.Exit(1)
    render_review(row)
    render_set(row, docs)
    if tk_state and tk_state[0] == "not_yet_synced":
        typer.echo(f"Tweede Kamer records: not yet synced (the set started before {tk_state[1]}, where the first "
                   "sync began; `kamervragen tk-sync --full` reads the history)")
    render_overrides(overrides)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run read-only.")],
    db: Db = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
) -> None:
    """Run a read-only SQL query against the warehouse."""
    from cli.render import render_rows

    con = _open_read(db, filled=False)
    try:
        cur = con.execute(query)
        names = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall() if names else []
    except duckdb_error() as exc:
        typer.echo(f"sql: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        con.close()
    render_rows(names, rows, fmt)


@app.command()
def demo(
    db: Annotated[str, typer.Option("--db", help="Demo database.")] = "data/demo.duckdb",
    keep_serving: Annotated[
        bool, typer.Option("--serve", help="Keep the replay server running after the demo.")
    ] = False,
) -> None:
    """Offline demo: replay real samples plus a SYNTHETIC corpus, ingest, list late answers."""
    import os
    import time

    from flows.ingest_flow import ingest as ingest_flow
    from replay.demo_corpus import build_demo_corpus
    from replay.server import EXPLAIN_INDEXES, ReplayServer

    os.environ[config.setting("MIN_INTERVAL").env] = "0"  # loopback: no politeness pause needed
    with ReplayServer(explain_indexes=EXPLAIN_INDEXES) as server:
        built = build_demo_corpus(server)
        typer.echo(f"replay server {server.sru_url}: {built.real} real documents, "
                   f"{built.synthetic} SYNTHETIC documents", err=True)
        summary = ingest_flow(since=date(1990, 1, 1), until=None, db=db, sru_url=server.sru_url,
                              metadata_only=False, all_texts=True)  # the demo shows every text at once
        typer.echo(f"ingest: {summary['inserted']} inserted, {summary['updated']} updated, "
                   f"{summary['unchanged']} unchanged, {summary['rejected']} rejected, "
                   f"{summary['requests']} HTTP requests", err=True)
        status(as_of=None, status_filter="overdue,open_extended", ministry=None, db=db, fmt="table")
        if keep_serving:
            typer.echo(f"serving {server.sru_url} until Ctrl-C", err=True)
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)


def _register_extensions() -> None:
    """Commands defined in their own modules (`register(app)` in each)."""
    import importlib

    for name in ("cli.alerts", "cli.analysts", "cli.backfill", "cli.doctor", "cli.settings", "cli.tk", "cli.site",
                 "cli.stats", "cli.mcp_command"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(app)


_register_extensions()


def main() -> None:
    """Console-script entry point (Prefect's telemetry off in the tool's own runs)."""
    from cli.network import quiet_prefect

    quiet_prefect()
    app()


if __name__ == "__main__":
    main()
