"""A replay in a child process, steered over stdin: one command a line, `ok …` or an error back."""

from __future__ import annotations

import subprocess


class Child:
    """Starts `command`, reads its `ready …` line (kept in `ready`), then `ask`s and `stop`s it."""

    def __init__(self, command: list[str], what: str):
        self.what = what
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.ready = self.proc.stdout.readline().split()
        if not self.ready or self.ready[0] != "ready":
            raise RuntimeError(f"{what} did not start: {self.ready}")

    def ask(self, command: str) -> list[str]:
        """Send one command; the words after `ok`."""
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        reply = self.proc.stdout.readline().split()
        if not reply or reply[0] != "ok":
            raise RuntimeError(f"{self.what}: {command!r} → {reply}")
        return reply[1:]

    def stop(self) -> None:
        """`quit`, else kill."""
        if self.proc.poll() is None:
            try:
                self.ask("quit")
                self.proc.wait(timeout=10)
            except (RuntimeError, OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
