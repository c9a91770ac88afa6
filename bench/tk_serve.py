"""The real-size SyncFeed replay (replay/tk_realsize.py) in its own process, steered over stdin.

    python bench/tk_serve.py CORPUS_DIR AS_OF [--every K] [--first-year Y] [--scale S]

Builds a SYNTHETIC `RealSizeFeed` at the Dec-2022 counts (times `--scale`) whose written-question
cases are the corpus's Tweede Kamer sets (every K-th, `bench/tk_corpus.case_of`), prints
`ready <base_url> <head> <cases> <rss_mb>`, then answers one line per command:

- `latency SECONDS` → `ok`; `count` → `ok <requests>`; `clear` → `ok`;
- `token CATEGORY ENTITIES` → `ok <skiptoken>` after which exactly ENTITIES of CATEGORY remain;
- `rss` → `ok <peak_rss_mb> <rss_mb>` of this process;
- `quit` → `ok`, and stop.

A process of its own keeps the replay's memory apart from the pipeline's.
"""

from __future__ import annotations

import argparse
import resource
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.tk_corpus import case_of, corpus_sets  # noqa: E402
from replay.tk_feed import TkFeedServer  # noqa: E402
from replay.tk_realsize import Mix, RealSizeFeed  # noqa: E402


def rss_mb() -> tuple[float, float]:
    """(peak, current) resident set size of this process, MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    current = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            current = int(line.split()[1]) / 1024
    return round(peak, 1), round(current, 1)


def build(corpus: Path, as_of: date, every: int = 1, scale: float = 1.0, first_year: int = 0) -> RealSizeFeed:
    """The feed: the corpus's Tweede Kamer sets submitted from `first_year` on (every `every`-th) in the
    Dec-2022 mix."""
    tk = (made for made in corpus_sets(corpus)
          if made["chamber"] == "tk" and int(made["submitted"][:4]) >= first_year)
    cases = [case_of(made) for i, made in enumerate(tk) if i % every == 0]
    return RealSizeFeed(cases, as_of, Mix.dec_2022(scale))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("as_of", type=date.fromisoformat)
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--first-year", type=int, default=0)
    args = ap.parse_args(argv)
    feed = build(args.corpus, args.as_of, args.every, args.scale, args.first_year)
    with TkFeedServer(source=feed) as server:
        print(f"ready {server.base_url} {feed.head} {len(feed.cases)} {rss_mb()[1]}", flush=True)
        for line in sys.stdin:
            command, *rest = line.split()
            if command == "latency":
                server.latency = float(rest[0])
                reply = "ok"
            elif command == "count":
                reply = f"ok {len(server.requests)}"
            elif command == "clear":
                server.requests.clear()
                reply = "ok"
            elif command == "token":
                reply = f"ok {feed.token_before_last(rest[0], int(rest[1]))}"
            elif command == "rss":
                peak, current = rss_mb()
                reply = f"ok {peak} {current}"
            elif command == "quit":
                print("ok", flush=True)
                break
            else:
                reply = f"error unknown command {command!r}"
            print(reply, flush=True)


if __name__ == "__main__":
    main()
