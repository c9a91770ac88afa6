"""Bench the TK pass (issue 14): a SYNTHETIC SyncFeed (replay/tk_feed.py `synthetic_feed`: per case one
zaak, two submitters, one addressee, the question and its answer) synced into an empty database.

    .venv/bin/python bench/tk_pass.py [--cases N] [--latency S] [--interval S]

Prints requests per 1,000 sets, wall time, and the same empty incremental run (one request per
category). Pages of 250 entries, as the live feed serves them.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from pipeline.tk_sync import run_tk_sync
from replay.tk_feed import TkFeedServer, synthetic_feed
from scrapers.http_client import HttpClient


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=42_994)
    ap.add_argument("--latency", type=float, default=0.0)
    ap.add_argument("--interval", type=float, default=0.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, TkFeedServer(synthetic_feed(args.cases), latency=args.latency) as srv:
        db = str(Path(tmp) / "bench.duckdb")
        with HttpClient(min_interval=args.interval) as http:
            t0 = time.perf_counter()
            first = run_tk_sync(db, srv.base_url, http=http)
            full = time.perf_counter() - t0
            t0 = time.perf_counter()
            again = run_tk_sync(db, srv.base_url, http=http)
            empty = time.perf_counter() - t0
    print(f"cases {args.cases:,} · latency {args.latency:g} s · interval {args.interval:g} s")
    print(f"full sync: {first['requests']} requests ({first['requests'] / args.cases * 1000:.1f} per 1,000 sets), "
          f"{first['entries']:,} entries, {first['sets_rebuilt']} sets, {full:.1f} s")
    print(f"incremental, nothing new: {again['requests']} requests, {empty:.2f} s")


if __name__ == "__main__":
    main()
