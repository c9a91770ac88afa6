"""Issue 20's figures at the live pace, on both replays at their real size (SYNTHETIC corpus).

    .venv/bin/python bench/live_pace.py first-run      # what scripts/run.sh does, from an empty warehouse
    .venv/bin/python bench/live_pace.py complete       # a complete warehouse from zero (about 35 minutes)

Both replays run in their own processes and hold every answer back 200 ms: the SRU replay
(`bench/serve.py`) serves the full bench corpus (146,607 documents, 1995–2024), the SyncFeed replay
(`bench/tk_serve.py`) the real-size feed (Dec-2022 mix: 1.45 million entities, the corpus's Tweede
Kamer sets as its written-question cases). The commands run as a user runs them (`kamervragen …`
subprocesses, the CLI's Prefect flow included) with the default intervals: 0.5 s to the SRU host,
`KAMERVRAGEN_TK_MIN_INTERVAL` (0.25 s) to the TK host. The corpus ends on 2024-12-31, so that day
plays "today": the 60-day window is 2024-11-01 … 2024-12-31, and `status` is asked as of it.

Peak memory: each `kamervragen` process's (`RUSAGE_CHILDREN` high-water mark after it) and the TK
replay's own, reported apart. Results go to `bench/.work/live-pace-<scenario>.json`.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.fair_use import LATENCY, RealSizeReplay  # noqa: E402
from bench.generate_corpus import ensure_corpus  # noqa: E402
from bench.run import WORK, Server, fresh_db  # noqa: E402

AS_OF = date(2024, 12, 31)
SINCE = AS_OF - timedelta(days=60)  # as a fresh run.sh takes them (2024-11-01)
EXE = str(Path(sys.executable).with_name("kamervragen"))


def kamervragen(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one `kamervragen` command; its wall time, exit code, output and the children's peak RSS so far."""
    started = time.perf_counter()
    done = subprocess.run([EXE, *args], capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=7200)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"args": list(args), "wall_s": round(wall, 1), "rc": done.returncode, "stdout": done.stdout,
            "stderr": done.stderr, "children_peak_rss_mb": round(peak, 1)}


def window_facts(db: str) -> dict[str, Any]:
    """What the done-when asks of the window: TK records of every TK set in it, the texts queued."""
    from warehouse.completeness import window_facts as facts
    from warehouse.db import connect

    con = connect(db, read_only=True)
    try:
        return facts(con, SINCE)
    finally:
        con.close()


def first_run(R: dict[str, Any], sru: Server, tk: RealSizeReplay) -> None:
    """An empty warehouse, then `ingest` over the 60 days and `status`, as run.sh does."""
    db = fresh_db("live-first-run")
    common = ["--db", db]
    sru.ask("clear")
    tk.ask("clear")
    started = time.perf_counter()
    R["ingest"] = kamervragen("ingest", "--since", SINCE.isoformat(), "--until", AS_OF.isoformat(),
                              "--sru-url", sru.sru_url, "--tk-url", tk.base_url, *common)
    R["status"] = kamervragen("status", "--status", "overdue,open_extended", "--as-of", AS_OF.isoformat(), *common)
    R["to_list_s"] = round(time.perf_counter() - started, 1)
    R["sru_requests"] = int(sru.ask("count")[0])
    R["tk_requests"] = int(tk.ask("count")[0])
    R["window"] = window_facts(db)
    R["listed"] = R["status"]["stderr"].strip().splitlines()[-1:]
    # the queue drained off the clock (no latency, no interval), then an hourly run with nothing new
    sru.ask("latency 0")
    tk.ask("latency 0")
    R["drain"] = kamervragen("ingest", "--all-texts", "--until", AS_OF.isoformat(), "--sru-url", sru.sru_url,
                             "--tk-url", tk.base_url, *common,
                             env={"KAMERVRAGEN_MIN_INTERVAL": "0", "KAMERVRAGEN_TK_MIN_INTERVAL": "0"})
    sru.ask(f"latency {LATENCY}")
    tk.ask(f"latency {LATENCY}")
    sru.ask("clear")
    tk.ask("clear")
    R["incremental"] = kamervragen("ingest", "--until", AS_OF.isoformat(), "--sru-url", sru.sru_url,
                                   "--tk-url", tk.base_url, *common)
    R["incremental_sru_requests"] = int(sru.ask("count")[0])
    R["incremental_tk_requests"] = int(tk.ask("count")[0])


def complete(R: dict[str, Any], sru: Server, tk: RealSizeReplay) -> None:
    """A complete warehouse from zero: the metadata backfill with the whole TK feed beside it. Then what
    is still missing, and the texts a status still depends on (counted, not fetched: the sets before the
    Tweede Kamer's records begin, 2008, are dated only by their answer's text; their time is extrapolated
    at the text pass's measured rate)."""
    db = fresh_db("live-complete")
    sru.ask("clear")
    tk.ask("clear")
    R["backfill"] = kamervragen("backfill", "--since", "1995-01-01", "--until", AS_OF.isoformat(), "--metadata-only",
                                "--sru-url", sru.sru_url, "--tk-url", tk.base_url, "--db", db, "--no-prefect")
    R["complete_s"] = R["backfill"]["wall_s"]
    R["backfill_sru_requests"] = int(sru.ask("count")[0])
    R["backfill_tk_requests"] = int(tk.ask("count")[0])
    from warehouse.backfill_state import pending_verdicts
    from warehouse.completeness import set_completeness
    from warehouse.completeness import window_facts as facts
    from warehouse.db import connect
    from warehouse.tk import coverage

    con = connect(db)  # the verdict view is a temp view: a writable connection, nothing written
    try:
        R["completeness"] = {c: v._asdict() for c, v in set_completeness(con, AS_OF).items()}
        R["notices_kind_unknown"] = facts(con, SINCE)["notices_kind_unknown"]
        cov = coverage(con)
        R["coverage"] = cov.as_dict() if cov else None
        R["verdicts_pending_sets"], R["verdicts_pending_texts"] = pending_verdicts(con)
    finally:
        con.close()


def main() -> None:
    scenario = sys.argv[1] if len(sys.argv) > 1 else "first-run"
    if scenario not in ("first-run", "complete"):
        sys.exit("usage: bench/live_pace.py first-run|complete")
    corpus, manifest = ensure_corpus(1.0, log=lambda m: print(m, file=sys.stderr))
    R: dict[str, Any] = {"scenario": scenario, "latency_s": LATENCY, "as_of": AS_OF.isoformat(),
                         "documents": manifest["documents"]}
    sru = Server(corpus)
    tk = RealSizeReplay(corpus, AS_OF.isoformat())
    R["tk_cases"] = tk.cases
    try:
        sru.ask(f"latency {LATENCY}")
        tk.ask(f"latency {LATENCY}")
        (first_run if scenario == "first-run" else complete)(R, sru, tk)
        R["tk_replay_rss"] = tk.rss()
    finally:
        tk.stop()
        sru.stop()
    out = WORK / f"live-pace-{scenario}.json"
    out.write_text(json.dumps(R, indent=1, default=str))
    brief = {k: v for k, v in R.items() if not isinstance(v, dict) or k in ("window", "tk_replay_rss", "completeness")}
    for key in ("ingest", "status", "drain", "incremental", "backfill"):
        if key in R:
            brief[key] = {k: R[key][k] for k in ("wall_s", "rc", "children_peak_rss_mb")}
            brief[key]["stderr_tail"] = R[key]["stderr"].strip().splitlines()[-8:]
    print(json.dumps(brief, indent=1, default=str))


if __name__ == "__main__":
    main()
