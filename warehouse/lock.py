"""One writer at a time: an exclusive lock file beside the database (`<db>.lock`)."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

import config


class WriterBusyError(RuntimeError):
    """Another process holds the writer lock."""


class WriterLock:
    """`fcntl.flock` on `<db>.lock`; waits up to `wait_seconds` (env KAMERVRAGEN_LOCK_WAIT)."""

    def __init__(self, db_path: str | Path, wait_seconds: float | None = None):
        self.path = Path(f"{db_path}.lock")
        if wait_seconds is None:
            wait_seconds = float(config.get("LOCK_WAIT"))
        self.wait_seconds = wait_seconds
        self._fh = None

    def __enter__(self) -> WriterLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = self.path.open("a+")
        deadline = time.monotonic() + self.wait_seconds
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.seek(0)
                    holder = fh.read().strip() or "unknown"
                    fh.close()
                    raise WriterBusyError(
                        f"another writer (pid {holder}) holds {self.path}; "
                        "wait for it to finish or set KAMERVRAGEN_LOCK_WAIT=SECONDS to wait"
                    ) from None
                time.sleep(0.2)
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None
