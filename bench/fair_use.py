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

4. the real-size SyncFeed (`run_tk_realsize`; alone with `--tk-only`): `replay/tk_realsize.py` at the
   Dec-2022 counts of source.md §6 (≈1.45 million entities, 5,801 pages), its written-question cases
   every second Tweede Kamer set of the full corpus (≈44,000), served by `bench/tk_serve.py` in its own
   process. Measured: the first and the last `--tk-pages` pages of each category from an empty
   database, then the incremental run with nothing new; the sync from zero is EXTRAPOLATED from them
   (`tk_extrapolation`); peak RSS of the replay and of the pipeline processes apart; with `--tk-full`
   also the whole sync at 0 ms and no pause (the pipeline's memory through a full sync).
   Steps are separate functions (`step_tk_*`): the bounded first run and the complete warehouse go
   beside them.

The default corpus is the quick one (4,401 documents).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench.child import Child
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


def _peak_rss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def work_tk_slice(job: dict) -> dict:
    """Today's TK sync (`run_tk_sync`) with each category cut after `job["pages"]` pages (None: to the end),
    from the skiptokens `job["tokens"]` (category → token; none: from zero). Per category: pages,
    entries and seconds (from its first request to the last page written)."""
    import pipeline.tk_sync as tk_sync
    from warehouse import tk
    from warehouse.db import connect, transaction

    if job.get("tokens"):
        con = connect(job["db"])
        try:
            for category, token in job["tokens"].items():
                with transaction(con):
                    tk.write_page(con, category, [], [], str(token), 0)
        finally:
            con.close()
    real_pages = tk_sync.pages
    per: dict[str, dict[str, float]] = {}

    def cut(http: Any, base: str, category: str, *args: Any, **kwargs: Any) -> Any:
        mark = per.setdefault(category, {"pages": 0, "entries": 0, "seconds": 0.0})
        started = time.perf_counter()
        try:
            for item in real_pages(http, base, category, *args, **kwargs):
                yield item
                mark["pages"] += 1
                mark["entries"] += len(item[1].entries)
                if job.get("pages") and mark["pages"] >= job["pages"]:
                    return
        finally:
            mark["seconds"] = round(time.perf_counter() - started, 2)

    tk_sync.pages = cut
    started = time.perf_counter()
    summary = tk_sync.run_tk_sync(job["db"], job["tk_url"])
    wall = time.perf_counter() - started
    return {**{k: summary.get(k) for k in ("outcome", "message", "requests", "pages", "entries", "kept", "deleted",
                                           "sets_rebuilt", "actors_dropped")},
            "per_category": per, "wall_s": round(wall, 2), "peak_rss_mb": _peak_rss_mb()}


WORKERS = {"fair_tk": work_tk, "fair_texts": work_texts, "fair_tk_slice": work_tk_slice}


# --- the real-size SyncFeed (bench/tk_serve.py in its own process) ------------------------------------
TK_PAGE = 250
TK_EVERY = 1
TK_FIRST_YEAR = 2009
"""The real-size feed's written-question cases: the full corpus's Tweede Kamer sets submitted from 2009
on (47,011; the real feed holds 42,994 written-question cases, source.md §6, and like them every modern
set has its case while the sets of the 1990s have none)."""


def tk_interval() -> float:
    """The TK host's politeness interval: `KAMERVRAGEN_TK_MIN_INTERVAL`'s default when config.py has
    it, else the shared `KAMERVRAGEN_MIN_INTERVAL` default (what today's client uses for the TK)."""
    import config

    try:
        return float(config.setting("TK_MIN_INTERVAL").default)
    except (KeyError, LookupError, AttributeError):
        return politeness()


def interval_env() -> dict[str, str]:
    """The live-pace intervals for a worker: SRU's default, and the TK's when config.py knows it."""
    import config

    env = {"KAMERVRAGEN_MIN_INTERVAL": str(politeness())}
    try:
        config.setting("TK_MIN_INTERVAL")
        env["KAMERVRAGEN_TK_MIN_INTERVAL"] = str(tk_interval())
    except (KeyError, LookupError, AttributeError):
        env["KAMERVRAGEN_MIN_INTERVAL"] = str(tk_interval())
    return env


class RealSizeReplay(Child):
    """`bench/tk_serve.py` (the real-size feed) in a child process."""

    def __init__(self, corpus: Path, as_of: str, every: int = TK_EVERY, scale: float = 1.0,
                 first_year: int = TK_FIRST_YEAR):
        here = Path(__file__).resolve().parent
        super().__init__([sys.executable, str(here / "tk_serve.py"), str(corpus), as_of, "--every", str(every),
                          "--scale", str(scale), "--first-year", str(first_year)], "real-size TK replay")
        self.base_url, self.head, self.cases = self.ready[1], int(self.ready[2]), int(self.ready[3])

    def rss(self) -> dict[str, float]:
        peak, current = self.ask("rss")
        return {"peak_rss_mb": float(peak), "rss_mb": float(current)}


def step_tk_from_zero(feed: RealSizeReplay, db: str, pages: int, run_worker: Any, env: dict) -> dict:
    """(a) A TK sync from zero (empty database), cut after the first `pages` pages of each category."""
    feed.ask("clear")
    out = run_worker("fair_tk_slice", {"db": db, "tk_url": feed.base_url, "pages": pages}, env=env)
    out["server_requests"] = int(feed.ask("count")[0])
    return out


def step_tk_head(feed: RealSizeReplay, db: str, pages: int, run_worker: Any, env: dict) -> dict:
    """(a) The last `pages` pages of each category (the head of the feed: the re-emitted block is there),
    synced to the end from a skiptoken after which exactly `pages` × 250 entities remain."""
    from replay.tk_realsize import CATEGORIES

    tokens = {c: int(feed.ask(f"token {c} {pages * TK_PAGE}")[0]) for c in CATEGORIES}
    feed.ask("clear")
    out = run_worker("fair_tk_slice", {"db": db, "tk_url": feed.base_url, "tokens": tokens}, env=env)
    out["server_requests"] = int(feed.ask("count")[0])
    out["tokens"] = tokens
    return out


def step_tk_incremental(feed: RealSizeReplay, db: str, run_worker: Any, env: dict) -> dict:
    """(b) The incremental sync with nothing new (after the head slice reached the end)."""
    feed.ask("clear")
    out = run_worker("fair_tk_slice", {"db": db, "tk_url": feed.base_url}, env=env)
    out["server_requests"] = int(feed.ask("count")[0])
    return out


def step_tk_full_fast(feed: RealSizeReplay, db: str, run_worker: Any) -> dict:
    """(c) A whole TK sync from zero with no latency and no pause: the pipeline's peak RSS through a full
    sync of the real-size feed (and its CPU-bound wall time; not the live pace)."""
    feed.ask("latency 0")
    feed.ask("clear")
    try:
        out = run_worker("fair_tk_slice", {"db": db, "tk_url": feed.base_url},
                         env={"KAMERVRAGEN_MIN_INTERVAL": "0", "KAMERVRAGEN_TK_MIN_INTERVAL": "0"})
    finally:
        feed.ask(f"latency {LATENCY}")
    out["server_requests"] = int(feed.ask("count")[0])
    return out


def tk_extrapolation(counts: dict[str, int], zero: dict, head: dict) -> dict[str, Any]:
    """A TK sync from zero, EXTRAPOLATED: per category its pages (⌈entities / 250⌉) × the mean seconds a
    page took in the two measured slices (the first pages and the last pages of that category)."""
    out: dict[str, Any] = {"per_category": {}}
    total_pages, total_s = 0, 0.0
    for category, n in counts.items():
        a, b = zero["per_category"].get(category, {}), head["per_category"].get(category, {})
        measured = a.get("pages", 0) + b.get("pages", 0)
        per_page = (a.get("seconds", 0.0) + b.get("seconds", 0.0)) / measured if measured else 0.0
        pages = -(-n // TK_PAGE)
        out["per_category"][category] = {"entities": n, "pages": pages, "measured_pages": measured,
                                         "s_per_page": round(per_page, 3), "seconds": round(pages * per_page, 1)}
        total_pages += pages
        total_s += pages * per_page
    out.update(requests=total_pages, seconds=round(total_s, 1))
    return out


def run_tk_realsize(args: argparse.Namespace, *, work: Path, run_worker: Any, fresh_db: Any,
                    log: Any) -> dict[str, Any]:
    """The real-size TK steps: (a) slices from zero and at the head, extrapolated; (b) the incremental
    run with nothing new; (c) peak RSS of the replay process and of the pipeline processes, apart."""
    from replay.tk_realsize import Mix

    started = time.perf_counter()
    full_corpus, _ = ensure_corpus(1.0, log=log)
    as_of = date.today().isoformat()
    env = interval_env()
    R: dict[str, Any] = {"latency_s": LATENCY, "tk_interval_s": tk_interval(), "sru_interval_s": politeness(),
                         "slice_pages": args.tk_pages, "env": env}
    feed = RealSizeReplay(full_corpus, as_of)
    try:
        feed.ask(f"latency {LATENCY}")
        mix = Mix.dec_2022()
        R["feed"] = {"head": feed.head, "cases": feed.cases, "rss_after_build": feed.rss(),
                     "counts": {"Zaak": mix.zaak, "ZaakActor": mix.zaak_actor, "Document": mix.document},
                     "reemitted": mix.reemitted}
        log(f"  … real-size TK feed: {feed.cases:,} written-question cases, head {feed.head:,}; "
            f"first {args.tk_pages} pages of each category ({time.perf_counter() - started:.0f} s)")
        db = fresh_db("tk-realsize")
        R["zero"] = step_tk_from_zero(feed, db, args.tk_pages, run_worker, env)
        log(f"  … real-size TK feed: last {args.tk_pages} pages of each category "
            f"({time.perf_counter() - started:.0f} s)")
        R["head"] = step_tk_head(feed, db, args.tk_pages, run_worker, env)
        log(f"  … real-size TK feed: incremental, nothing new ({time.perf_counter() - started:.0f} s)")
        R["incremental"] = step_tk_incremental(feed, db, run_worker, env)
        if args.tk_full:
            log(f"  … real-size TK feed: the whole sync from zero, 0 ms, no pause, for memory "
                f"({time.perf_counter() - started:.0f} s)")
            R["full_fast"] = step_tk_full_fast(feed, fresh_db("tk-realsize-full"), run_worker)
        R["replay_rss"] = feed.rss()
    finally:
        feed.stop()
    R["extrapolated"] = tk_extrapolation(R["feed"]["counts"], R["zero"], R["head"])
    R["elapsed_s"] = round(time.perf_counter() - started, 1)
    (work / "tk-realsize.json").write_text(json.dumps(R, indent=2, default=str))
    return R


def tk_realsize_report(R: dict[str, Any]) -> str:
    """The real-size TK figures as text."""
    feed, zero, head, inc, ex = R["feed"], R["zero"], R["head"], R["incremental"], R["extrapolated"]
    counts = feed["counts"]
    lines = [
        f"REAL-SIZE TK FEED (SYNTHETIC, replay/tk_realsize.py: Dec-2022 mix Zaak {counts['Zaak']:,} / ZaakActor "
        f"{counts['ZaakActor']:,} / Document {counts['Document']:,}, {feed['reemitted']:,} documents re-emitted "
        f"45 days back; {feed['cases']:,} written-question cases; skiptoken head {feed['head']:,})",
        f"replay holds every answer {R['latency_s'] * 1000:.0f} ms; TK interval {R['tk_interval_s']:g} s",
    ]
    for name, part in (("from zero, first", zero), ("at the head, last", head)):
        per = part["per_category"]
        lines.append(f"  {name} {R['slice_pages']} pages a category (measured): {part['requests']} requests, "
                     f"{part['wall_s']:.1f} s; " + ", ".join(
                         f"{c} {v['pages']} pages {v['seconds']:.1f} s" for c, v in per.items())
                     + f"; kept {part['kept']:,} of {part['entries']:,} entries; pipeline peak RSS "
                     f"{part['peak_rss_mb']:.0f} MB")
    lines.append(f"  TK sync from zero, EXTRAPOLATED (pages = ⌈entities / 250⌉ per category × the mean s/page of "
                 f"that category's two slices): {ex['requests']:,} requests, {_hms(ex['seconds'])} (" + ", ".join(
                     f"{c} {v['pages']:,} × {v['s_per_page']:.3f} s" for c, v in ex["per_category"].items()) + ")")
    lines.append(f"  incremental, nothing new (measured): {inc['requests']} requests ({inc['server_requests']} "
                 f"served), {inc['wall_s']:.1f} s")
    lines.append(f"  peak RSS: replay process {R['replay_rss']['peak_rss_mb']:.0f} MB (after building "
                 f"{feed['rss_after_build']['rss_mb']:.0f} MB); pipeline process {zero['peak_rss_mb']:.0f} MB "
                 f"(from zero) / {head['peak_rss_mb']:.0f} MB (head) / {inc['peak_rss_mb']:.0f} MB (incremental)")
    if "full_fast" in R:
        f = R["full_fast"]
        lines.append(f"  whole sync from zero with 0 ms and no pause (measured, not the live pace): {f['requests']:,} "
                     f"requests, {_hms(f['wall_s'])}, {f['entries']:,} entries, {f['kept']:,} kept; pipeline peak "
                     f"RSS {f['peak_rss_mb']:.0f} MB")
    return "\n".join(lines)


# --- the scenario -------------------------------------------------------------------------------------
def run_fair_use(args: argparse.Namespace, *, root: Path, work: Path, since: date,
                 server_cls: Any, run_worker: Any, fresh_db: Any) -> dict[str, Any]:
    """Run the scenario on the quick corpus (or `--scale`), print the report, return the results."""
    from replay.tk_feed import TkFeedServer

    started = time.perf_counter()
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    if args.tk_only:
        R = run_tk_realsize(args, work=work, run_worker=run_worker, fresh_db=fresh_db, log=log)
        print(tk_realsize_report(R))
        print(f"\nreal-size TK steps finished in {R['elapsed_s']:.0f} s; results in "
              f"{(work / 'tk-realsize.json').relative_to(root)}")
        return R
    scale = args.scale or 0.03
    interval = politeness()
    env = {"KAMERVRAGEN_MIN_INTERVAL": str(interval)}
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
    R["tk_realsize"] = run_tk_realsize(args, work=work, run_worker=run_worker, fresh_db=fresh_db, log=log)
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
        f"TK sync (a feed of these sets only, for the completeness below; the real-size feed follows): "
        f"{tk['wall_s']:.1f} s, {tk['requests']} requests, {tk['entries']:,} entries read, {tk['kept']:,} kept",
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
    if "tk_realsize" in R:
        lines += ["", tk_realsize_report(R["tk_realsize"])]
    lines += ["", f"fair-use scenario finished in {R['elapsed_s']:.0f} s; results in "
              f"{(work / 'fair-use.json').relative_to(root)}"]
    return "\n".join(lines)
