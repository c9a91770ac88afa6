"""A progress bar for page-by-page runs, drawn only on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def page_progress() -> Iterator[Callable | None]:
    """Yield a `(series, page, stats)` callback that advances a rich progress bar (or None)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), transient=False) as bar:
        tasks: dict[str, int] = {}

        def advance(series: str, page, stats) -> None:
            total = page.number_of_records
            if series not in tasks:
                tasks[series] = bar.add_task(series, total=total)
            bar.update(tasks[series], advance=len(page.records), total=total)

        yield advance
