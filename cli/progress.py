"""Progress bars (rich) for the CLI, drawn on stderr and only when it is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def terminal_bar() -> Iterator[Any | None]:
    """Yield a rich `Progress` (done, rate, elapsed, ETA) on a terminal, else None."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        yield bar


@contextmanager
def page_progress() -> Iterator[Callable | None]:
    """Yield a `(series, page, stats)` callback for `ingest` that advances one bar per series (or None)."""
    with terminal_bar() as bar:
        if bar is None:
            yield None
            return
        tasks: dict[str, Any] = {}

        def advance(series: str, page: Any, stats: Any) -> None:
            total = page.number_of_records
            if series not in tasks:
                tasks[series] = bar.add_task(series, total=total)
            bar.update(tasks[series], advance=len(page.records), total=total)

        yield advance


class BackfillBar:
    """A `pipeline.backfill.Progress` drawn on a rich bar: records and texts done, rate, ETA."""

    def __init__(self, bar: Any):
        self.bar = bar
        self.meta_task: Any = None
        self.text_task: Any = None
        self.windows = 0
        self.done = 0

    def planned(self, windows: list, skipped: int) -> None:
        """Start the metadata bar (total = the windows' estimated records)."""
        self.windows = len(windows)
        note = f", {skipped} finished before" if skipped else ""
        self.meta_task = self.bar.add_task(f"metadata 0/{self.windows} windows{note}",
                                           total=sum(w.estimate for w in windows) or None)

    def page(self, window: Any, records: int) -> None:
        """Advance by a loaded page."""
        self.bar.update(self.meta_task, advance=records)

    def window_done(self, window: Any, records: int) -> None:
        """Count a finished window."""
        self.done += 1
        self.bar.update(self.meta_task, description=f"metadata {self.done}/{self.windows} windows")

    def texts_total(self, total: int) -> None:
        """Start the text bar."""
        self.text_task = self.bar.add_task("texts", total=total or None)

    def texts(self, done: int) -> None:
        """Advance the text bar."""
        self.bar.update(self.text_task, advance=done)


@contextmanager
def backfill_progress() -> Iterator[BackfillBar | None]:
    """A `BackfillBar` on a terminal, else None."""
    with terminal_bar() as bar:
        yield None if bar is None else BackfillBar(bar)
