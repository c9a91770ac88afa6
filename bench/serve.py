"""The benchmark's replay server, in its own process, steered over stdin.

    python bench/serve.py CORPUS_DIR

prints `ready <sru_url> <records>` once the corpus is indexed, then answers one line per
command read from stdin:

- `latency SECONDS` → `ok`: sleep this long in every request from now on;
- `load DIR` → `ok <records>`: add (or replace, by identifier and path) a corpus directory;
- `count` → `ok <requests> <sru_requests>`: requests served since the last `clear`;
- `clear` → `ok`: forget the request log;
- `quit` → `ok`, and stop.

A separate process keeps the server's CPU and memory out of the measured pipeline process.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from replay.server import ReplayServer  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    """Serve `CORPUS_DIR` until `quit` or end of input."""
    args = sys.argv[1:] if argv is None else argv
    server = ReplayServer(Path(args[0]))
    with server:
        print(f"ready {server.sru_url} {server.record_count}", flush=True)
        for line in sys.stdin:
            command, _, arg = line.strip().partition(" ")
            if command == "latency":
                server.latency = float(arg)
                reply = "ok"
            elif command == "load":
                server.load_corpus(Path(arg))
                reply = f"ok {server.record_count}"
            elif command == "count":
                log = list(server.request_log)
                reply = f"ok {len(log)} {sum(1 for path, _ in log if path.rstrip('/') == '/sru')}"
            elif command == "clear":
                server.clear_log()
                reply = "ok"
            elif command == "quit":
                print("ok", flush=True)
                break
            else:
                reply = f"error unknown command {command!r}"
            print(reply, flush=True)


if __name__ == "__main__":
    main()
