"""Printing rows for people (a table) and programs (JSON, CSV)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import textwrap
from dataclasses import dataclass
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
        return ("; " if any(isinstance(v, dict) for v in value) else ",").join(_cell(v) for v in value)
    if isinstance(value, dict):
        return _struct(value)
    return str(value)


def _struct(value: dict) -> str:
    """A person or other struct as text: "name (party)", "Uitermark (Minister, BZK)"; empty fields left out."""
    if set(value) == {"area", "subject"}:  # a topic, as the source writes it
        return " | ".join(str(value[k]) for k in ("area", "subject") if value[k])
    parts = [_cell(v) for v in value.values() if v not in (None, "", [])]
    if not parts:
        return ""
    return parts[0] + (f" ({', '.join(parts[1:])})" if len(parts) > 1 else "")


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
        from rich.text import Text

        table = Table(show_lines=False, header_style="bold")
        for n in names:
            table.add_column(n, overflow="fold", max_width=60)
        for r in rows:  # Text, not markup: a value with "[" is printed as it is
            table.add_row(*[Text(_cell(v)) for v in r])
        Console(width=_width(max(160, len(names) * 14))).print(table)
        typer.echo(count_line(len(rows)), err=True)
    else:
        raise typer.BadParameter(f"unknown format {fmt!r} (table, json, csv)")


PIPE_WIDTH = 160  # the width when writing to a pipe or file and COLUMNS is not set


def _width(unbounded: int = PIPE_WIDTH) -> int:
    """The terminal's width (or COLUMNS); `unbounded` when writing to a pipe or file."""
    if os.environ.get("COLUMNS") or sys.stdout.isatty():
        return shutil.get_terminal_size(fallback=(unbounded, 24)).columns
    return unbounded


def terminal_width() -> int:
    """The width a table is fitted to: the terminal's (or COLUMNS), 160 on a pipe or file."""
    return _width()


def fit_lines(text: str, width: int, indent: int = 0) -> list[str]:
    """One logical line wrapped at spaces to `width` (continuation lines indented by `indent`).

    A word is never split (a status, a document id, a URL): one that does not fit after the
    indent stands on a line of its own, unindented; only a word longer than `width` (a long
    URL on a very narrow terminal) makes a line longer than `width`."""
    lines = textwrap.wrap(text, width=max(width, 1), subsequent_indent=" " * indent,
                          break_long_words=False, break_on_hyphens=False) or [""]
    return [line if len(line) <= width else line.lstrip() for line in lines]


def _echo(text: str, indent: int = 0) -> None:
    """One logical line, wrapped to the terminal (see `fit_lines`)."""
    typer.echo("\n".join(fit_lines(text, _width(), indent)))


def ellipsis(text: str, width: int) -> str:
    """`text` on one line of at most `width` cells, cut with "…" when longer."""
    from rich.text import Text

    line = Text(" ".join(text.split()))
    line.truncate(max(width, 1), overflow="ellipsis")
    return line.plain


GAP = 2  # cells between two columns of a fitted table


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a table fitted to the terminal.

    `drop`: the order in which columns are left out on a narrow terminal (lowest first; None:
    never). `min_width`: free text, narrowed before any column is left out (down to `min_width`)
    and cut with "…" (or, with `wrap`, wrapped at spaces); None: always as wide as its widest
    cell, never cut (statuses, dates, numbers, vraagnummers)."""

    header: str
    drop: int | None = None
    min_width: int | None = None
    wrap: bool = False
    justify: str = "left"


def fit_columns(columns: list[Column], cells: list[list[str]], width: int) -> tuple[list[int], list[int]]:
    """Which columns fit in `width` (their indexes) and their widths.

    Free text shrinks first (the widest first, each to its `min_width`); then columns are left out
    in `drop` order until the rest fits; columns without `drop` always stay (the table is then
    wider than `width` on a terminal too narrow even for them)."""
    from rich.cells import cell_len

    natural = [max([cell_len(h) for h in c.header.split("\n")]
                   + [cell_len(line) for row in cells for line in row[i].split("\n")])
               for i, c in enumerate(columns)]
    least = [natural[i] if c.min_width is None else min(natural[i], c.min_width) for i, c in enumerate(columns)]
    kept = list(range(len(columns)))
    droppable = sorted((c.drop, i) for i, c in enumerate(columns) if c.drop is not None)
    while sum(least[i] for i in kept) + GAP * (len(kept) - 1) > width and droppable:
        kept.remove(droppable.pop(0)[1])
    free = [i for i in kept if columns[i].min_width is not None]
    room = width - GAP * (len(kept) - 1) - sum(natural[i] for i in kept if i not in free)

    def capped(cap: int) -> dict[int, int]:
        return {i: max(least[i], min(natural[i], cap)) for i in free}

    cap = max((natural[i] for i in free), default=0)
    while cap > 0 and sum(capped(cap).values()) > room:
        cap -= 1
    widths = {i: natural[i] for i in kept} | capped(cap)
    return kept, [widths[i] for i in kept]


def render_fitted(columns: list[Column], rows: list[tuple], width: int | None = None, *, count: bool = True) -> None:
    """Rows as a table that fits the terminal (`width`, default its width): free text cut with
    "…", statuses and dates never wrapped, low-value columns left out when there is no room (named
    on stderr); the row count on stderr (unless not `count`). A header may hold line breaks (its
    widest line counts)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    width = width or _width()
    cells = [[_cell(v) if c.wrap else " ".join(_cell(v).split()) for c, v in zip(columns, r, strict=True)]
             for r in rows]  # one line per row: only wrapped columns keep their line breaks
    kept, widths = fit_columns(columns, cells, width)
    table = Table(box=None, pad_edge=False, padding=(0, GAP // 2), header_style="bold")
    for i, w in zip(kept, widths, strict=True):
        c = columns[i]
        table.add_column(c.header, width=w, no_wrap=not c.wrap, overflow="ellipsis", justify=c.justify)
    for row in cells:  # Text, not markup: a title with "[" is printed as it is
        table.add_row(*[Text(row[i]) for i in kept])
    Console(width=max(width, sum(widths) + GAP * (len(kept) - 1))).print(table)
    left_out = [" ".join(c.header.split()) for i, c in enumerate(columns) if i not in kept]
    if left_out:
        typer.echo(f"left out for a width of {width}: {', '.join(left_out)} (a wider terminal shows them; "
                   "--format csv or json has every column)", err=True)
    if count:
        typer.echo(count_line(len(rows)), err=True)


def count_line(n: int) -> str:
    """'1 row', '0 rows', '52 rows'."""
    return f"{n} row" if n == 1 else f"{n} rows"


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


TIMELINE_TITLE_MIN = 16  # a document's title narrower than this goes on a line of its own


def render_set(row: dict | None, docs: list[dict]) -> None:
    """A question set's facts and its document timeline, wrapped to the terminal."""
    if row:
        width = max(len(k) for k in row)
        for key, value in row.items():
            _echo(f"{key.ljust(width)}  {_cell(value)}", width + 2)
    typer.echo("\ntimeline:")
    kinds = [d["kind"] + (f"/{d['notice_kind']}" if d.get("notice_kind") else "") for d in docs]
    width, ids = _width(), max((len(d["doc_id"]) for d in docs), default=0)
    for d, kind in zip(docs, kinds, strict=True):  # one line per document, its title cut with "…"
        head = f"  {_cell(d['on_date']) or '?':10}  {kind:{max(map(len, kinds))}}  {d['doc_id']:{ids}}"
        room = width - len(head) - 2
        if not d["title"] or room < TIMELINE_TITLE_MIN:
            _echo(head.rstrip(), 14)
            if d["title"]:
                typer.echo(" " * 14 + ellipsis(d["title"], width - 14))
        else:
            typer.echo(f"{head}  {ellipsis(d['title'], room)}")
        if ref := d.get("closing_reference"):
            _echo(f"{'':14}answered by letter {ref.get('kamerstuk') or '(no Kamerstuk number)'}"
                  f" of {_cell(ref.get('dated_on')) or '(no date)'}", 16)
        for c in d.get("conflicts") or []:
            _echo(f"{'':14}conflict {c['field']}: kept {c['kept']}, {c['source']} says {c['other']}", 16)


FILL_HINT = ("`kamervragen ingest` fills it from the sources; `kamervragen demo` builds an offline demo "
             "(then read it with --db data/demo.duckdb)")


def open_read_or_exit(db: str, *, filled: bool = False):
    """The warehouse (its read snapshot when present) read-only; one clear line and exit 2 otherwise.

    A missing database, and with `filled` one that holds neither documents nor Tweede Kamer records
    yet, is answered with how to fill it (`kamervragen ingest`, `kamervragen demo`)."""
    import duckdb

    from warehouse.read import open_read, warehouse_counts
    from warehouse.tk import coverage as tk_coverage

    try:
        con = open_read(db)
    except FileNotFoundError:
        typer.echo(f"the warehouse {db} does not exist yet: {FILL_HINT}", err=True)
        raise typer.Exit(2) from None
    except duckdb.Error as exc:
        typer.echo(f"cannot open {db} for reading: {exc}", err=True)
        raise typer.Exit(2) from None
    if filled:
        try:  # neither a document nor a Tweede Kamer record (a tk-sync alone is something to read)
            coverage = tk_coverage(con)
            empty = warehouse_counts(con)["documents"] == 0 and not (coverage and coverage.synced)
        except duckdb.Error:  # a database too old to count: the command's own query says so
            empty = False
        if empty:
            con.close()
            typer.echo(f"the warehouse {db} is empty: {FILL_HINT}", err=True)
            raise typer.Exit(2)
    return con
