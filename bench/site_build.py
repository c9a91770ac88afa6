"""Benchmark: `kamervragen site` on the full SYNTHETIC corpus (issue 15: "a full build of the full
synthetic corpus stays within a few minutes").

    .venv/bin/python bench/site_build.py                 # full corpus (generated once, ≈35 s)
    .venv/bin/python bench/site_build.py --scale 0.03    # the quick corpus
    .venv/bin/python bench/site_build.py --db PATH       # an existing warehouse (skips the backfill)

Without `--db` the corpus is backfilled with texts into
`bench/.work/site-<scale>/full-g<generator version>.duckdb` first (the replay server on loopback,
politeness 0; reused while the corpus generator is unchanged). Then, in this process, as of the
corpus's last day: reading the site data, a full build into an empty folder without search, the
Pagefind index, and a rebuild with nothing changed. Wall clock and peak RSS; the machine is shared,
so timings are indicative.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate_corpus import ensure_corpus  # noqa: E402
from bench.run import SINCE, Server, run_worker  # noqa: E402


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time `kamervragen site` on the SYNTHETIC bench corpus.")
    parser.add_argument("--scale", type=float, default=1.0, help="corpus scale (default 1: ≈146,000 documents)")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default bench/.corpus/scale-<scale>)")
    parser.add_argument("--db", help="an existing warehouse to build from (skips the backfill)")
    parser.add_argument("--as-of", help="statuses as of this day (default: the corpus's last day)")
    args = parser.parse_args(argv)

    if args.db:
        db, as_of = args.db, date.fromisoformat(args.as_of) if args.as_of else date.today()
    else:
        db, last_day = backfilled_db(args.scale, args.corpus)
        as_of = date.fromisoformat(args.as_of) if args.as_of else last_day

    from publish.build import build_site, index_for_search
    from warehouse.read import open_read
    from warehouse.site_read import read_site_data

    out = Path(db).with_suffix(".site")
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    con = open_read(db)
    try:
        data = read_site_data(con, as_of)
    finally:
        con.close()
    t_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    full = build_site(data, out, search=False)
    t_full = time.perf_counter() - t0
    t0 = time.perf_counter()
    index_for_search(out)
    t_search = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = build_site(data, out, search=True)
    t_again = time.perf_counter() - t0
    size_mb = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    print(f"site of {len(data.sets):,} sets as of {as_of} from {db}")
    print(f"  read site data        {t_read:7.1f} s")
    print(f"  full build (no search){t_full:7.1f} s  {full.pages:,} files written")
    print(f"  Pagefind index        {t_search:7.1f} s")
    print(f"  rebuild, no change    {t_again:7.1f} s  {again.written} written, {again.unchanged:,} unchanged, "
          f"search {'rebuilt' if again.search_indexed else 'kept'}")
    print(f"  folder {size_mb:,.0f} MB; peak RSS {_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()
