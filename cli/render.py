"""Printing rows for people (a table) and programs (JSON, CSV)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import textwrap
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import typer


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def render_rows(names: list[str], rows: list[tuple], fmt: str = "table") -> None:
    """Write rows to stdout as a table, JSON (a list of objects) or CSV."""
    if fmt == "json":
        data = [{n: _plain(v) for n, v in zip(names, r, strict=True)} for r in rows]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(names)
        w.writerows([_cell(v) for v in r] for r in rows)
    elif fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False, header_style="bold")
        for n in names:
            table.add_column(n, overflow="fold", max_width=60)
        for r in rows:
            table.add_row(*[_cell(v) for v in r])
        Console(width=_width(max(160, len(names) * 14))).print(table)
        typer.echo(f"{len(rows)} rows", err=True)
    else:
        raise typer.BadParameter(f"unknown format {fmt!r} (table, json, csv)")


def _width(unbounded: int = 160) -> int:
    """The terminal's width (or COLUMNS); `unbounded` when writing to a pipe or file."""
    if os.environ.get("COLUMNS") or sys.stdout.isatty():
        return shutil.get_terminal_size(fallback=(unbounded, 24)).columns
    return unbounded


def _echo(text: str, indent: int = 0) -> None:
    """One logical line, wrapped to the terminal (continuation lines indented by `indent`)."""
    typer.echo(textwrap.fill(text, width=max(_width(), indent + 20), subsequent_indent=" " * indent,
                             break_on_hyphens=False))


def render_review(row: dict | None) -> None:
    """The review flag of a set, before its facts: what to check before citing its verdict, and
    the settlement (who checked it, why) when there is one."""
    if not row or not row.get("review_reasons"):
        return
    if row.get("review_open_reasons"):
        _echo("⚠ check before citing: " + "; ".join(row["review_open_reasons"]), 2)
    if row.get("review_settled_by"):
        settled = [r for r in row["review_reasons"] if r not in (row.get("review_open_reasons") or [])]
        when = _cell(row.get("review_settled_on"))[:10]
        _echo(f"review settled by {row['review_settled_by']} on {when}: {row.get('review_settled_reason')} "
              f"(covers: {'; '.join(settled)})", 2)
    typer.echo("")


def render_set(row: dict | None, docs: list[dict]) -> None:
    """A question set's facts and its document timeline, wrapped to the terminal."""
    if row:
        width = max(len(k) for k in row)
        for key, value in row.items():
            _echo(f"{key.ljust(width)}  {_cell(value)}", width + 2)
    typer.echo("\ntimeline:")
    for d in docs:
        kind = d["kind"] + (f"/{d['notice_kind']}" if d.get("notice_kind") else "")
        _echo(f"  {_cell(d['on_date']) or '?':10}  {kind:26} {d['doc_id']}  {d['title'] or ''}", 14)
        if ref := d.get("closing_reference"):
            _echo(f"{'':14}answered by letter {ref.get('kamerstuk') or '(no Kamerstuk number)'}"
                  f" of {_cell(ref.get('dated_on')) or '(no date)'}", 16)
        for c in d.get("conflicts") or []:
            _echo(f"{'':14}conflict {c['field']}: kept {c['kept']}, {c['source']} says {c['other']}", 16)


def open_read_or_exit(db: str):
    """The warehouse (its read snapshot when present) read-only; a clear message and exit 2 otherwise."""
    import duckdb

    from warehouse.read import open_read

    try:
        return open_read(db)
    except (FileNotFoundError, duckdb.Error) as exc:
        typer.echo(f"cannot open {db} for reading: {exc}", err=True)
        raise typer.Exit(2) from None
