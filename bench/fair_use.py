"""The fair-use scenario of `bench/run --fair-use` (issue 14): the live service's pace on the replay.

Both replays (the SRU server of `bench/serve.py` and the SyncFeed of `replay/tk_feed.py`, fed from
the same SYNTHETIC corpus by `bench/tk_corpus.py`) hold every answer back 200 ms, and the HTTP
client keeps its default politeness interval (`KAMERVRAGEN_MIN_INTERVAL`, 0.5 s). Measured, each
step in its own process, from an empty database:

1. the SRU metadata pass (a metadata-only backfill);
2. the TK sync; then the query `warehouse.completeness.set_completeness` counts the sets lacking a
   date, a status, parties or ministries (before and after the TK sync), per chamber;
3. the text pass, newest first, on a bounded slice: it stops once the newest year of the corpus
   (its "current year") is complete, or at the time budget. Its rate gives the extrapolations
   (labelled as such): the current year and the full pass of the full-size corpus.

The default corpus is the quick one (4,401 documents): at 0.5 s a request the TK sync of the full
corpus alone would take about 17 minutes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench.generate_corpus import ensure_corpus
from bench.tk_corpus import chamber_counts, corpus_feed, documents_per_year, feed_requests

LATENCY = 0.2  # seconds the replays hold back every answer
TEXT_BATCH = 50  # texts per transaction in the measured slice (fetch-bound: the batch size does not set the pace)


def politeness() -> float:
    """The HTTP client's default politeness interval (config.py)."""
    import config

    return float(config.setting("MIN_INTERVAL").default)


# --- measurements (each in its own process, see run.py `--worker`) ------------------------------------
def _completeness(db: str, as_of: str) -> dict[str, dict[str, int]]:
    from warehouse.completeness import set_completeness
    from warehouse.db import connect

    con = connect(db, read_only=True)
    try:
        return {chamber: c._asdict() for chamber, c in set_completeness(con, date.fromisoformat(as_of)).items()}
    finally:
        con.close()


def work_tk(job: dict) -> dict:
    """The TK sync into the database the metadata pass made, with the completeness before and after."""
    from pipeline.tk_sync import run_tk_sync

    before = _completeness(job["db"], job["as_of"])
    started = time.perf_counter()
    summary = run_tk_sync(job["db"], job["tk_url"])
    wall = time.perf_counter() - started
    return {**summary, "wall_s": round(wall, 2), "before": before, "after": _completeness(job["db"], job["as_of"])}


class _Stop(Exception):
    """The measured slice is over."""


def work_texts(job: dict) -> dict:
    """The text pass (newest first) until the year `job["year"]` is complete or `job["budget_s"]` is spent."""
    from pipeline.backfill import BackfillOptions, NoProgress, run_backfill

    class Slice(NoProgress):
        def __init__(self) -> None:
            self.started = 0.0
            self.total = 0
            self.done = 0
            self.marks: list[tuple[float, int]] = []  # (seconds into the pass, texts handled)
            self.years: dict[int, float] = {}

        def texts_total(self, total: int) -> None:
            self.started = time.perf_counter()
            self.total = total

        def texts(self, done: int) -> None:
            self.done += done
            seconds = time.perf_counter() - self.started
            self.marks.append((round(seconds, 2), self.done))
            if seconds >= job["budget_s"]:
                raise _Stop

        def texts_year_done(self, year: int, seconds: float) -> None:
            self.years[year] = round(seconds, 2)
            if year == job["year"]:
                raise _Stop

    progress = Slice()
    options = BackfillOptions(since=date.fromisoformat(job["since"]), until=date.fromisoformat(job["until"]),
                              db=job["db"], sru_url=job["sru_url"], text_batch=TEXT_BATCH)
    try:
        run_backfill(options, progress=progress)
        stopped = "queue empty"
    except _Stop:
        stopped = f"year {job['year']} complete" if job["year"] in progress.years else "time budget"
    seconds, done = progress.marks[-1] if progress.marks else (0.0, 0)
    return {"queued": progress.total, "texts": done, "seconds": seconds, "years_done": progress.years,
            "stopped": stopped, "marks": progress.marks}


WORKERS = {"fair_tk": work_tk, "fair_texts": work_texts}


# --- the scenario -------------------------------------------------------------------------------------
def run_fair_use(args: argparse.Namespace, *, root: Path, work: Path, since: date,
                 server_cls: Any, run_worker: Any, fresh_db: Any) -> dict[str, Any]:
    """Run the scenario on the quick corpus (or `--scale`), print the report, return the results."""
    from replay.tk_feed import TkFeedServer

    started = time.perf_counter()
    scale = args.scale or 0.03
    interval = politeness()
    env = {"KAMERVRAGEN_MIN_INTERVAL": str(interval)}
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    corpus, manifest = ensure_corpus(scale, log=log)
    full_corpus, full_manifest = ensure_corpus(1.0, log=log)  # counts only, for the extrapolations
    chambers = chamber_counts(corpus)
    newest = manifest["years"][1]
    until = date.today().isoformat()
    R: dict[str, Any] = {"scale": scale, "latency_s": LATENCY, "interval_s": interval, "documents":
                         manifest["documents"], "sets": manifest["sets"], "chambers": chambers, "newest_year": newest}
    server = server_cls(corpus)
    feed = TkFeedServer(corpus_feed(corpus), latency=LATENCY).start()
    R["tk_entries"] = sum(len(v) for v in feed.entries.values())
    try:
        server.ask(f"latency {LATENCY}")
        db = fresh_db("fair-use")
        base = {"sru_url": server.sru_url, "since": since.isoformat(), "until": until, "as_of": until, "db": db}
        log(f"  … fair use: metadata pass ({time.perf_counter() - started:.0f} s)")
        server.ask("clear")
        R["meta"] = run_worker("backfill", {**base, "metadata_only": True}, env=env)
        R["meta"]["server_requests"] = int(server.ask("count")[0])
        log(f"  … fair use: TK sync ({time.perf_counter() - started:.0f} s)")
        R["tk"] = run_worker("fair_tk", {"db": db, "tk_url": feed.base_url, "as_of": until}, env=env)
        R["tk"]["server_requests"] = len(feed.requests)
        log(f"  … fair use: text pass, newest first, until {newest} is complete "
            f"({time.perf_counter() - started:.0f} s)")
        server.ask("clear")
        R["texts"] = run_worker("fair_texts", {**base, "year": newest, "budget_s": args.text_budget}, env=env)
        R["texts"]["server_requests"] = int(server.ask("count")[0])
    finally:
        feed.stop()
        server.stop()
    (work / "fair-use.json").write_text(json.dumps(R, indent=2, default=str))  # kept if the next step fails
    if not args.no_full_meta:
        log(f"  … fair use: metadata pass of the full corpus ({time.perf_counter() - started:.0f} s)")
        server = server_cls(full_corpus)
        try:
            server.ask(f"latency {LATENCY}")
            R["meta_full"] = run_worker("backfill", {**base, "sru_url": server.sru_url, "metadata_only": True,
                                                     "db": fresh_db("fair-use-full-meta")}, env=env)
        finally:
            server.stop()
    per_year = documents_per_year(full_corpus)
    R["tk_full_requests"] = feed_requests(full_corpus)
    R["full"] = {"documents": full_manifest["documents"], "sets": full_manifest["sets"],
                 "newest_year_documents": per_year.get(newest, 0)}
    R["quick_newest_year_documents"] = documents_per_year(corpus).get(newest, 0)
    R["elapsed_s"] = round(time.perf_counter() - started, 1)
    (work / "fair-use.json").write_text(json.dumps(R, indent=2, default=str))
    print(fair_use_report(R, root, work))
    return R


def _hms(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def _lacking(c: dict[str, int]) -> str:
    return " / ".join(str(c.get(k, "n/a")) for k in ("no_date", "no_status", "no_parties", "no_ministries",
                                                      "lacking_any"))


def fair_use_report(R: dict[str, Any], root: Path, work: Path) -> str:
    """The scenario's figures as text (no port, no path outside the repository)."""
    meta, tk, texts = R["meta"], R["tk"], R["texts"]
    after, before = tk["after"], tk["before"]
    tk_sets = after.get("tk", {})
    ek_sets = after.get("ek", {})
    rate = texts["texts"] / texts["seconds"] if texts["seconds"] else 0.0
    newest = R["newest_year"]
    quick_year = texts["years_done"].get(newest) or texts["years_done"].get(str(newest))
    full = R["full"]
    lines = [
        f"FAIR USE (SYNTHETIC corpus scale {R['scale']:g}: {R['documents']:,} documents, {R['sets']:,} sets = "
        f"{R['chambers'].get('tk', 0):,} Tweede Kamer + {R['chambers'].get('ek', 0):,} Eerste Kamer; "
        f"SyncFeed of the same sets: {R['tk_entries']:,} entries)",
        f"replays hold every answer {R['latency_s'] * 1000:.0f} ms; politeness interval {R['interval_s']:g} s "
        "(the default)",
        "",
        f"metadata pass (SRU): {meta['wall_s']:.1f} s, {meta['requests']} requests "
        f"({meta['count_requests']} window counts), {meta['records']:,} records",
        f"TK sync: {tk['wall_s']:.1f} s, {tk['requests']} requests, {tk['entries']:,} entries read, "
        f"{tk['kept']:,} kept",
        f"empty database → metadata + TK done: {meta['wall_s'] + tk['wall_s']:.1f} s",
        f"  Tweede Kamer sets ({tk_sets.get('sets', 0):,}) lacking a date / status / parties / ministries / any:",
        f"    after the metadata pass: {_lacking(before.get('tk', {}))}",
        f"    after the TK sync:       {_lacking(tk_sets)} (parties from TK {tk_sets.get('parties_from_tk', 0):,}, "
        f"ministries from TK {tk_sets.get('ministries_from_tk', 0):,}, submitted date from TK "
        f"{tk_sets.get('date_from_tk', 0):,})",
        f"  Eerste Kamer sets ({ek_sets.get('sets', 0)}, no TK record) after both: {_lacking(ek_sets)}",
        "",
        f"text pass, newest first (measured slice: {texts['texts']:,} of {texts['queued']:,} queued texts in "
        f"{texts['seconds']:.1f} s, stopped: {texts['stopped']}): {rate:.2f} texts/s "
        f"({1 / rate if rate else 0:.2f} s a text)",
        f"  current year ({newest}, {R['quick_newest_year_documents']} documents) done "
        + (f"{quick_year:.1f} s into the text pass (measured)" if quick_year else "not reached in the slice"),
    ]
    if rate:
        year_full = full["newest_year_documents"] / rate
        lines += [
            f"  EXTRAPOLATED to the full corpus ({full['documents']:,} documents) at {rate:.2f} texts/s: "
            f"current year ({full['newest_year_documents']:,} documents) done after {_hms(year_full)}; "
            f"full text pass {_hms(full['documents'] / rate)}",
            f"  EXTRAPOLATED for this corpus: full text pass {_hms(texts['queued'] / rate)}",
        ]
    if "meta_full" in R:
        mf = R["meta_full"]
        lines.append(f"full corpus ({full['documents']:,} documents, {full['sets']:,} sets), measured: metadata pass "
                     f"{mf['wall_s']:.1f} s, {mf['requests']} requests")
    per_request = tk["wall_s"] / tk["requests"] if tk["requests"] else 0.0
    lines.append(f"full corpus, EXTRAPOLATED: TK sync {R['tk_full_requests']:,} requests (pages of 250 per category) "
                 f"× {per_request:.2f} s = {_hms(R['tk_full_requests'] * per_request)}")
    lines += ["", f"fair-use scenario finished in {R['elapsed_s']:.0f} s; results in "
              f"{(work / 'fair-use.json').relative_to(root)}"]
    return "\n".join(lines)
