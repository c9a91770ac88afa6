"""Benchmark: `kamervragen site` on the full SYNTHETIC corpus (issue 15: a full build within a few
minutes; issue 22: Python build ≤ 400 MB, every process incl. the search indexer ≤ 1.5 GB).

    .venv/bin/python bench/site_build.py                 # full corpus (generated once, ≈5 min)
    .venv/bin/python bench/site_build.py --scale 0.03    # the quick corpus
    .venv/bin/python bench/site_build.py --db PATH --as-of D   # an existing warehouse (skips the backfill)

Without `--db` the corpus is backfilled with texts into
`bench/.work/site-<scale>/full-g<generator version>.duckdb` first (the replay server on loopback,
politeness 0; reused while the corpus generator is unchanged). Then four builds, each in a fresh
child process doing exactly what `kamervragen site OUT` does (the texts streamed from the database,
atomic publish, the search index), so each peak is that build's own:

1. from an empty folder, as of the corpus's last day D;
2. again as of D (nothing changed);
3. as of D + 1 (a new day);
4. again as of D + 1.

Per build: wall clock, files written, the Python process's peak RSS (`ru_maxrss` of the child) and
the largest peak RSS of its Pagefind runs (one per year bundle that changed), each measured by GNU
`time -f %M` around it.
The machine is shared, so timings are indicative.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate_corpus import ensure_corpus  # noqa: E402
from bench.run import SINCE, Server, run_worker  # noqa: E402


def backfilled_db(scale: float, corpus_dir: Path | None) -> tuple[str, date]:
    """The corpus backfilled with texts (made once per scale), and the corpus's last day."""
    corpus, manifest = ensure_corpus(scale, out=corpus_dir, log=lambda m: print(m, file=sys.stderr, flush=True))
    last_day = date(int(manifest["years"][1]), 12, 31)
    work = ROOT / "bench" / ".work" / f"site-{scale:g}"
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"full-g{manifest['generator_version']}.duckdb"  # a regenerated corpus: a new database
    if db.exists():
        return str(db), last_day
    os.environ["KAMERVRAGEN_MIN_INTERVAL"] = "0"
    server = Server(corpus)
    try:
        started = time.perf_counter()
        result = run_worker("backfill", {"sru_url": server.sru_url, "since": SINCE.isoformat(),
                                         "until": date.today().isoformat(), "as_of": date.today().isoformat(),
                                         "db": str(db), "metadata_only": False})
        print(f"backfill with texts: {result.get('documents_loaded', result.get('inserted', '?'))} documents, "
              f"{time.perf_counter() - started:.0f} s", flush=True)
    finally:
        server.stop()
    return str(db), last_day


def one_build(db: str, out: str, as_of: date, search: bool) -> dict[str, object]:
    """Child process: one `kamervragen site` build; its figures as a dict."""
    import publish.build
    from publish.build import build_site
    from warehouse.read import open_read
    from warehouse.site_read import read_site_data

    indexer_kb: list[int] = []
    real_run = subprocess.run

    def timed_run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
        """Each Pagefind run under GNU time: its own peak RSS (ru_maxrss of a child forked from this
        process would include this process's size at the fork)."""
        done = real_run(["/usr/bin/time", "-f", "maxrss_kb=%M", *cmd], **kw)  # type: ignore[call-overload]
        lines = [ln for ln in (done.stderr or "").splitlines() if ln.startswith("maxrss_kb=")]
        indexer_kb.extend(int(ln.split("=")[1]) for ln in lines)
        return done

    publish.build.subprocess.run = timed_run  # type: ignore[attr-defined]
    started = time.perf_counter()
    con = open_read(db)
    try:
        result = build_site(read_site_data(con, as_of, stream=True), out, search=search)
    finally:
        con.close()
    kinds: dict[str, int] = {}
    for rel in result.written_files:  # where the written files are: vragen, ministeries, feeds, (home) …
        kind = rel.split("/")[0] if "/" in rel else "(top)"
        kinds[kind] = kinds.get(kind, 0) + 1
    return {"seconds": round(time.perf_counter() - started, 1), "files": result.pages, "written": result.written,
            "written_by_folder": dict(sorted(kinds.items())),
            "removed": result.removed, "search_indexed": result.search_indexed,
            "python_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "indexer_peak_mb": round(max(indexer_kb, default=0) / 1024), "indexer_runs": len(indexer_kb)}


def run_child(db: str, out: Path, as_of: date, search: bool) -> dict[str, object]:
    done = subprocess.run([sys.executable, __file__, "--child", "--db", db, "--out", str(out),
                           "--as-of", as_of.isoformat(), *([] if search else ["--no-search"])],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"build failed: {done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time `kamervragen site` on the SYNTHETIC bench corpus.")
    parser.add_argument("--scale", type=float, default=1.0, help="corpus scale (default 1: ≈146,000 documents)")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default bench/.corpus/scale-<scale>)")
    parser.add_argument("--db", help="an existing warehouse to build from (skips the backfill)")
    parser.add_argument("--as-of", help="statuses as of this day (default: the corpus's last day)")
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--no-search", action="store_true", help="leave the search index out")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(one_build(args.db, args.out, date.fromisoformat(args.as_of), not args.no_search)))
        return
    if args.db:
        db, as_of = args.db, date.fromisoformat(args.as_of) if args.as_of else date.today()
    else:
        db, last_day = backfilled_db(args.scale, args.corpus)
        as_of = date.fromisoformat(args.as_of) if args.as_of else last_day
    out = Path(db).with_suffix(".site")
    for leftover in (out, out.parent / f".{out.name}.builds", out.parent / f".{out.name}.lock"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover)
        else:
            leftover.unlink(missing_ok=True)
    print(f"site from {db}, as of {as_of} (search {'off' if args.no_search else 'on'})", flush=True)
    steps = [("from empty", as_of), ("nothing changed", as_of), ("one day later", as_of + timedelta(days=1)),
             ("nothing changed", as_of + timedelta(days=1))]
    for label, day in steps:
        r = run_child(db, out, day, not args.no_search)
        print(f"  {label:16} {day}  {r['seconds']:7.1f} s  {r['written']:>7,} of {r['files']:,} files written, "
              f"{r['removed']} removed, search {'rebuilt' if r['search_indexed'] else 'kept'}; peak RSS "
              f"Python {r['python_peak_mb']:,} MB, Pagefind {r['indexer_peak_mb']:,} MB (largest of "
              f"{r['indexer_runs']} runs)", flush=True)
        if r["written"] and r["written"] != r["files"]:
            print("    written: " + ", ".join(f"{k} {n:,}" for k, n in r["written_by_folder"].items()), flush=True)
    size_mb = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    print(f"  folder {size_mb:,.0f} MB")


if __name__ == "__main__":
    main()
