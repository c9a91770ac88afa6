"""Benchmark: the backfill pipeline against a one-document-per-request baseline.

    bench/run            # full: SYNTHETIC corpus of ≈146,000 documents (30 years); ≈10-15 minutes
    bench/run --quick    # the same measurements on ≈4,400 documents; under two minutes
    bench/run --profile  # add cProfile output of the hottest paths
    bench/run --fair-use # only the fair-use scenario (bench/fair_use.py): 200 ms, 0.5 s politeness,
                         # with the real-size TK feed (--tk-only, --tk-pages N, --tk-full)

Everything runs on this machine against the replay server (`bench/serve.py`, its own process) on
loopback, with the politeness interval at 0. Each measurement runs in a fresh process (peak RSS
is that process's, plus its parse workers). The corpus is SYNTHETIC (`bench/generate_corpus.py`,
cached under `bench/.corpus/`); databases go to `bench/.work/` (both outside git).

The baseline fetches one document per request, sequentially, the way older trackers work: one
SRU request by identifier per document (and one request for its text), loading in batches of 100
(so it differs from the pipeline only in how it fetches). It is measured on a fixed slice of the
documents (every k-th identifier) and extrapolated to the corpus; the output says so.

The last line is the pipeline's summary:
`requests_per_1000=… docs_per_s=… docs_per_s_text=… peak_rss_mb=… incremental_requests=…`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.child import Child  # noqa: E402
from bench.fair_use import WORKERS as FAIR_USE_WORKERS  # noqa: E402
from bench.fair_use import run_fair_use  # noqa: E402
from bench.generate_corpus import ensure_corpus  # noqa: E402

WORK = ROOT / "bench" / ".work"
SINCE = date(1995, 1, 1)


# --- measurements (each in its own process: `run.py --worker JSON`) -------------------------------
def _usage() -> dict[str, float]:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {"peak_rss_mb": round(ru.ru_maxrss / 1024, 1), "cpu_s": round(ru.ru_utime + ru.ru_stime, 2)}


def work_backfill(job: dict) -> dict:
    """A backfill (metadata-only or with texts), optionally under cProfile."""
    from pipeline.backfill import BackfillOptions, run_backfill

    opts = BackfillOptions(since=date.fromisoformat(job["since"]), until=date.fromisoformat(job["until"]),
                           db=job["db"], sru_url=job["sru_url"], metadata_only=job["metadata_only"])
    if "parse_workers" in job:
        opts.parse_workers = job["parse_workers"]
    if job.get("force_workers"):
        import pipeline.backfill

        pipeline.backfill.WORKERS_FROM_RECORDS = pipeline.backfill.WORKERS_FROM_TEXTS = 0
    started = time.perf_counter()
    if job.get("profile"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        summary = run_backfill(opts)
        profiler.disable()
        with open(job["profile"], "w") as out:
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(18)
    else:
        summary = run_backfill(opts)
    wall = time.perf_counter() - started
    return {**summary, "wall_s": round(wall, 2), **_usage(), "db_mb": round(Path(job["db"]).stat().st_size / 1e6, 1),
            "checksum": _checksum(job)}


def _checksum(job: dict) -> str:
    """The warehouse's content checksum as of the bench's day (the before/after proof of a refactor)."""
    import duckdb

    from warehouse.checksum import content_checksum

    con = duckdb.connect(job["db"], read_only=True)
    try:
        c = content_checksum(con, date.fromisoformat(job["as_of"]), origin=job["sru_url"].split("/sru")[0])
    finally:
        con.close()
    return f"{c.documents}/{c.question_sets}/{c.question_items}/{c.checksum[:12]}"


def work_ingest(job: dict) -> dict:
    """An incremental `ingest` (watermarks), without Prefect."""
    from pipeline.ingest import IngestOptions, run_ingest

    started = time.perf_counter()
    summary = run_ingest(IngestOptions(db=job["db"], sru_url=job["sru_url"]))
    return {**summary, "wall_s": round(time.perf_counter() - started, 3), **_usage(), "checksum": _checksum(job)}


def work_prefect_ingest(job: dict) -> dict:
    """The `ingest` flow twice against a running Prefect server: flow time of each call."""
    from flows.ingest_flow import ingest

    times, requests = [], []
    for _ in range(job.get("runs", 2)):
        started = time.perf_counter()
        summary = ingest(db=job["db"], sru_url=job["sru_url"])
        times.append(round(time.perf_counter() - started, 3))
        requests.append(summary["requests"])
    return {"flow_s": times, "requests": requests, **_usage()}


def work_baseline(job: dict) -> dict:
    """One SRU request per document (by identifier), sequentially; texts one request each."""
    from pipeline.ingest import IngestOptions, Pipeline, load_records
    from scrapers.http_client import HttpClient
    from scrapers.sru_client import SruClient

    ids = Path(job["ids_file"]).read_text().split()
    http = HttpClient(max_concurrency=1, min_interval=0)
    sru = SruClient(http, base_url=job["sru_url"], page_size=1)
    options = IngestOptions(db=job["db"], sru_url=job["sru_url"], since=SINCE, metadata_only=job["metadata_only"],
                            retry_rejects=False, flow="baseline")
    started = time.perf_counter()
    with Pipeline(options, http=http) as p:
        batch: list = []
        for n, doc_id in enumerate(ids, 1):
            batch.extend(sru.iter_records(sru.query_for_id(doc_id)))
            if len(batch) >= 100 or n == len(ids):
                load_records(p, batch, source="baseline")
                batch = []
        summary = p.finish()
    wall = time.perf_counter() - started
    http.close()
    return {"docs": len(ids), "requests": http.request_count, "wall_s": round(wall, 2),
            "rejected": summary["rejected"], **_usage()}


def work_queries(job: dict) -> dict:
    """`status --status overdue` and the per-ministry view, in process (best of 5)."""
    from warehouse.read import open_read, status_rows, timeliness_rows, warehouse_counts

    con = open_read(job["db"])
    out: dict[str, Any] = {}
    try:
        def timed(fn) -> tuple[float, float, int]:
            times, rows = [], 0
            for _ in range(5):
                started = time.perf_counter()
                rows = len(fn())
                times.append((time.perf_counter() - started) * 1000)
            return round(times[0], 1), round(min(times), 1), rows

        out["overdue_first_ms"], out["overdue_ms"], out["overdue_rows"] = timed(
            lambda: status_rows(con, date.today(), ["overdue"], None)[1])
        out["view_first_ms"], out["view_ms"], out["view_rows"] = timed(
            lambda: timeliness_rows(con, "timeliness_by_ministry")[1])
        out.update(warehouse_counts(con))  # sets, documents
    finally:
        con.close()
    return out


def work_parse_profile(job: dict) -> dict:
    """cProfile of the parse workers' job on one full SRU page (what runs in the worker processes)."""
    import cProfile
    import io
    import pstats

    import httpx

    from scrapers.batch_parse import parse_sru_bytes
    from scrapers.settings import BASE_FILTER, SERIES

    params = {"operation": "searchRetrieve", "version": "2.0", "recordSchema": "gzd", "startRecord": "1",
              "maximumRecords": "1000", "query": f"{BASE_FILTER} and {SERIES['answers']}"}
    content = httpx.get(job["sru_url"], params=params, timeout=60).content
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    page = parse_sru_bytes(content, "bench", "bench", 1)
    profiler.disable()
    wall = time.perf_counter() - started
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(12)
    Path(job["profile"]).write_text(text.getvalue())
    return {"records": page.returned, "bytes": len(content), "wall_s": round(wall, 3)}


WORKERS = {"backfill": work_backfill, "ingest": work_ingest, "prefect_ingest": work_prefect_ingest,
           "baseline": work_baseline, "queries": work_queries, "parse_profile": work_parse_profile,
           **FAIR_USE_WORKERS}


# --- orchestration -------------------------------------------------------------------------------------
class Server(Child):
    """`bench/serve.py` in a child process."""

    def __init__(self, corpus: Path):
        super().__init__([sys.executable, str(ROOT / "bench" / "serve.py"), str(corpus)], "replay server")
        self.sru_url, self.records = self.ready[1], int(self.ready[2])


def run_worker(kind: str, job: dict, env: dict[str, str] | None = None, timeout: float = 3600) -> dict:
    """Run one measurement in a fresh process; returns its JSON result."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps({"kind": kind, **job})]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})})
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return json.loads(lines[-1][len("RESULT "):])


def fresh_db(name: str) -> str:
    path = WORK / f"{name}.duckdb"
    for p in WORK.glob(f"{name}.duckdb*"):
        p.unlink()
    return str(path)


def make_overlay(corpus: Path, out: Path, count: int, today: date) -> int:
    """`count` existing answers changed today (title and text): a SYNTHETIC overlay corpus."""
    from lxml import etree

    if out.exists():
        shutil.rmtree(out)
    (out / "records").mkdir(parents=True)
    sru = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
    dc = "http://purl.org/dc/terms/"
    changed = []
    for path in sorted((corpus / "records").glob("answers-20*.xml")):
        root = etree.parse(str(path)).getroot()
        for record in root.iter(f"{{{sru}}}record"):
            if len(changed) == count:
                break
            title = record.find(f".//{{{dc}}}title")
            modified = record.find(f".//{{{dc}}}modified")
            urls = [el.text for el in record.iter("{http://standaarden.overheid.nl/sru}itemUrl")
                    if el.get("manifestation") == "xml"]
            if not urls or title is None or modified is None:
                continue
            title.text += " (gewijzigd)"
            modified.text = today.isoformat()
            rel = urls[0].replace("{BASE}/", "")
            body = (corpus / "files" / rel).read_bytes().replace(b"<al>Ja.</al>", b"<al>Ja, gewijzigd.</al>")
            body = body.replace(b"<al>Nee,", b"<al>Nee (gewijzigd),")
            target = out / "files" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            changed.append(etree.tostring(record, encoding="unicode"))
        if len(changed) == count:
            break
    (out / "records" / "changed.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- SYNTHETIC overlay: {count} changed answers -->\n'
        f'<sru:searchRetrieveResponse xmlns:sru="{sru}"><sru:records>{"".join(changed)}'
        "</sru:records></sru:searchRetrieveResponse>\n", "utf-8")
    return len(changed)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_prefect() -> tuple[subprocess.Popen, str]:
    """`prefect server start` on a free port with its own PREFECT_HOME; returns (process, API URL)."""
    home = WORK / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    log = (WORK / "prefect-server.log").open("w")
    proc = subprocess.Popen([str(Path(sys.executable).with_name("prefect")), "server", "start", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    api = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
                if response.status == 200:
                    return proc, api
        except OSError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.5)
    stop_prefect(proc)
    raise RuntimeError(f"Prefect server did not become healthy (see {WORK / 'prefect-server.log'})")


def stop_prefect(proc: subprocess.Popen) -> None:
    """Stop the Prefect server we started (its process group)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def fmt(value: float | None, unit: str = "", digits: int = 0) -> str:
    if value is None:
        return "n/a"
    text = f"{value:,.{digits}f}"
    return f"{text}{unit}"


def ratio(pipeline: float | None, baseline: float | None, higher_is_better: bool = True) -> str:
    if not pipeline or not baseline:
        return ""
    r = pipeline / baseline if higher_is_better else baseline / pipeline
    return f"{r:,.1f}x" if r < 100 else f"{r:,.0f}x"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark the backfill pipeline (SYNTHETIC corpus).")
    parser.add_argument("--quick", action="store_true", help="a small corpus, under two minutes")
    parser.add_argument("--scale", type=float, default=None, help="corpus scale (default 1, quick 0.03)")
    parser.add_argument("--profile", action="store_true", help="add cProfile output of the hot paths")
    parser.add_argument("--no-prefect", action="store_true", help="skip the flow-time measurement")
    parser.add_argument("--fair-use", action="store_true",
                        help="only the fair-use scenario: 200 ms latency, the default politeness interval "
                             "(quick corpus unless --scale; about 10 minutes)")
    parser.add_argument("--text-budget", type=float, default=420.0,
                        help="fair use: seconds the measured text slice may take at most (default 420)")
    parser.add_argument("--no-full-meta", action="store_true",
                        help="fair use: skip the metadata pass of the full corpus (about 2 minutes)")
    parser.add_argument("--tk-only", action="store_true",
                        help="fair use: only the real-size TK feed's steps (about 5 minutes)")
    parser.add_argument("--tk-pages", type=int, default=40,
                        help="fair use: pages of each category measured from zero and at the head (default 40)")
    parser.add_argument("--tk-full", action="store_true",
                        help="fair use: also the whole real-size TK sync at 0 ms / no pause (memory; ~10 minutes)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        job = json.loads(args.worker)
        result = WORKERS[job.pop("kind")](job)
        print("RESULT " + json.dumps(result, default=str), flush=True)
        return
    if args.fair_use:
        global WORK
        WORK = WORK / f"fair-use-{args.scale or 0.03:g}"
        WORK.mkdir(parents=True, exist_ok=True)
        run_fair_use(args, root=ROOT, work=WORK, since=SINCE, server_cls=Server, run_worker=run_worker,
                     fresh_db=fresh_db)
        return
    run_bench(args)


def run_bench(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    quick = args.quick
    scale = args.scale or (0.03 if quick else 1.0)
    mode = "quick" if quick else f"scale-{scale:g}"
    global WORK
    WORK = WORK / mode
    WORK.mkdir(parents=True, exist_ok=True)
    os.environ["KAMERVRAGEN_MIN_INTERVAL"] = "0"  # loopback: no politeness pause
    os.environ.pop("PREFECT_API_URL", None)
    today = date.today()
    until = today.isoformat()
    corpus, manifest = ensure_corpus(scale, log=lambda m: print(m, file=sys.stderr, flush=True))
    n_docs = manifest["documents"]
    print(f"SYNTHETIC corpus ({manifest['label']}): {n_docs:,} documents = {manifest['questions']:,} questions "
          f"+ {manifest['answers']:,} answers + {manifest['notices']:,} notices; {manifest['sets']:,} sets, "
          f"{manifest['years'][0]}–{manifest['years'][1]}; {corpus.relative_to(ROOT)}", flush=True)
    t0 = time.perf_counter()
    server = Server(corpus)
    print(f"replay server: {server.records:,} records indexed in {time.perf_counter() - t0:.1f} s "
          f"(separate process); politeness interval 0; loopback", flush=True)
    R: dict[str, Any] = {}
    prefect_proc = None
    try:
        base = {"sru_url": server.sru_url, "since": SINCE.isoformat(), "until": until, "as_of": until}

        def step(name: str) -> None:
            print(f"  … {name} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)

        step("pipeline: metadata-only backfill, 0 ms")
        R["meta0"] = run_worker("backfill", {**base, "db": fresh_db("meta0"), "metadata_only": True})
        from pipeline.backfill import default_parse_workers

        variant = 1 if default_parse_workers() == 0 else 0  # the other side of the trade-off
        step(f"pipeline: metadata-only backfill with {variant} parse worker processes, 0 ms")
        R["meta0_variant"] = run_worker("backfill", {**base, "db": fresh_db("meta0-variant"), "metadata_only": True,
                                                     "parse_workers": variant, "force_workers": True})
        R["meta0_variant"]["variant_workers"] = variant
        step("pipeline: full backfill with texts, 0 ms")
        server.ask("clear")
        R["text0"] = run_worker("backfill", {**base, "db": fresh_db("full"), "metadata_only": False})
        R["text0"]["server_requests"] = int(server.ask("count")[0])
        server.ask("latency 0.05")
        step("pipeline: metadata-only backfill, 50 ms")
        R["meta50"] = run_worker("backfill", {**base, "db": fresh_db("meta50"), "metadata_only": True})
        slice_since, slice_until = (date(2020, 1, 1), date(2020, 5, 31)) if not quick else (date(2017, 1, 1),
                                                                                              date(2020, 12, 31))
        step(f"pipeline: backfill with texts, 50 ms, slice {slice_since}..{slice_until}")
        R["text50"] = run_worker("backfill", {**base, "since": slice_since.isoformat(),
                                              "until": slice_until.isoformat(), "db": fresh_db("text50"),
                                              "metadata_only": False})
        server.ask("latency 0")

        full = str(WORK / "full.duckdb")
        step("incremental ingest, nothing new")
        server.ask("clear")
        R["inc0"] = run_worker("ingest", {"db": full, "sru_url": server.sru_url, "as_of": until})
        R["inc0"]["server_requests"] = int(server.ask("count")[0])
        overlay = WORK / "overlay-100"
        changed = make_overlay(corpus, overlay, 100, today)
        server.ask(f"load {overlay}")
        step(f"incremental ingest, {changed} changed")
        server.ask("clear")
        R["inc100"] = run_worker("ingest", {"db": full, "sru_url": server.sru_url, "as_of": until})
        R["inc100"]["server_requests"] = int(server.ask("count")[0])
        R["inc100"]["changed"] = changed
        if not args.no_prefect:
            step("Prefect server start, then the ingest flow (nothing new) twice")
            t = time.perf_counter()
            prefect_proc, api = start_prefect()
            R["prefect_start_s"] = round(time.perf_counter() - t, 1)
            server.ask("clear")
            R["flow"] = run_worker("prefect_ingest", {"db": full, "sru_url": server.sru_url},
                                   env={"PREFECT_API_URL": api, "PREFECT_HOME": str(WORK / "prefect"),
                                        "PREFECT_SERVER_ANALYTICS_ENABLED": "false"})
            R["flow"]["server_requests"] = int(server.ask("count")[0])
            stop_prefect(prefect_proc)
            prefect_proc = None

        step("queries")
        R["queries"] = run_worker("queries", {"db": full})
        exe = Path(sys.executable).with_name("kamervragen")
        times = []
        for _ in range(3):
            t = time.perf_counter()
            done = subprocess.run([str(exe), "status", "--status", "overdue", "--format", "json", "--db", full],
                                  capture_output=True, text=True, timeout=120)
            times.append(time.perf_counter() - t)
            if done.returncode != 0:
                raise RuntimeError(done.stderr[-2000:])
        R["cli_status_s"] = round(min(times), 2)
        R["cli_status_rows"] = len(json.loads(done.stdout))

        # baseline: a fixed slice (every k-th identifier), sequential, one document per request
        import duckdb

        from warehouse.documents import document_ids

        con = duckdb.connect(full, read_only=True)
        all_ids = document_ids(con)
        con.close()
        sizes = {"0": 300 if quick else 2000, "50": 60 if quick else 400}
        for latency, size in sizes.items():
            step_k = max(1, len(all_ids) // size)
            ids = all_ids[::step_k][:size]
            ids_file = WORK / f"baseline-ids-{size}.txt"
            ids_file.write_text("\n".join(ids))
            server.ask(f"latency {int(latency) / 1000}")
            for meta in (True, False):
                key = f"base{'meta' if meta else 'text'}{latency}"
                step(f"baseline: {len(ids)} documents, {latency} ms, {'metadata-only' if meta else 'with texts'}")
                server.ask("clear")
                R[key] = run_worker("baseline", {"db": fresh_db(key), "sru_url": server.sru_url,
                                                 "ids_file": str(ids_file), "metadata_only": meta})
                R[key]["server_requests"] = int(server.ask("count")[0])
        server.ask("latency 0")

        if args.profile:
            step("profiles")
            R["profile_main"] = str(WORK / "profile-main.txt")
            run_worker("backfill", {**base, "db": fresh_db("profile"), "metadata_only": True,
                                    "profile": R["profile_main"]})
            R["profile_parse"] = str(WORK / "profile-parse.txt")
            R["parse_page"] = run_worker("parse_profile", {"sru_url": server.sru_url,
                                                           "profile": R["profile_parse"]})
    finally:
        if prefect_proc is not None:
            stop_prefect(prefect_proc)
        server.stop()
    (WORK / "results.json").write_text(json.dumps(R, indent=2, default=str))
    report(R, n_docs, quick, args, time.perf_counter() - started)


def _docs_s(docs: float, seconds: float) -> float:
    return docs / seconds if seconds else 0.0


def report(R: dict, n_docs: int, quick: bool, args: argparse.Namespace, elapsed: float) -> None:
    m0, t0, t50 = R["meta0"], R["text0"], R["text50"]
    variant = R["meta0_variant"]
    bm0, bt0, bm50 = R["basemeta0"], R["basetext0"], R["basemeta50"]
    req_meta = 1000 * m0["requests"] / n_docs
    req_text = 1000 * t0["requests"] / n_docs
    b_req_meta = 1000 * bm0["requests"] / bm0["docs"]
    b_req_text = 1000 * bt0["requests"] / bt0["docs"]
    dps = {k: _docs_s(n_docs, R[k]["wall_s"]) for k in ("meta0", "text0", "meta50", "meta0_variant")}
    dps["text50"] = _docs_s(t50["records"], t50["wall_s"])
    bdps = {k: _docs_s(R[k]["docs"], R[k]["wall_s"]) for k in ("basemeta0", "basetext0", "basemeta50", "basetext50")}
    main_peak = max(m0["peak_rss_mb"], t0["peak_rss_mb"])
    worker_peak = max(m0.get("worker_peak_rss_mb", 0), t0.get("worker_peak_rss_mb", 0))
    workers = max(m0.get("workers", 0), t0.get("workers", 0))
    tree_peak = main_peak + workers * worker_peak  # sum of the peaks: an upper bound
    v_workers = variant["variant_workers"]
    v_tree = variant["peak_rss_mb"] + v_workers * variant.get("worker_peak_rss_mb", 0)
    rows = [
        ("HTTP requests per 1,000 documents, metadata-only", fmt(req_meta, digits=2), fmt(b_req_meta),
         ratio(req_meta, b_req_meta, higher_is_better=False) + " fewer"),
        ("HTTP requests per 1,000 documents, with texts", fmt(req_text, digits=0), fmt(b_req_text),
         ratio(req_text, b_req_text, higher_is_better=False) + " fewer"),
        ("documents/s, metadata-only, 0 ms", fmt(dps["meta0"]), fmt(bdps["basemeta0"]) + " *",
         ratio(dps["meta0"], bdps["basemeta0"])),
        ("documents/s, with texts, 0 ms", fmt(dps["text0"]), fmt(bdps["basetext0"]) + " *",
         ratio(dps["text0"], bdps["basetext0"])),
        ("documents/s, metadata-only, 50 ms", fmt(dps["meta50"]), fmt(bdps["basemeta50"]) + " *",
         ratio(dps["meta50"], bdps["basemeta50"])),
        (f"documents/s, with texts, 50 ms (slice of {t50['records']:,})", fmt(dps["text50"]),
         fmt(bdps["basetext50"]) + " *", ratio(dps["text50"], bdps["basetext50"])),
        ("full backfill wall time, metadata-only, 0 ms", fmt(m0["wall_s"], " s", 1),
         fmt(n_docs / bdps["basemeta0"], " s") + " †", ratio(m0["wall_s"], n_docs / bdps["basemeta0"], False)),
        ("full backfill wall time, with texts, 0 ms", fmt(t0["wall_s"], " s", 1)
         + f" (meta {t0['metadata_seconds']:.0f} + texts {t0['text_seconds']:.0f})",
         fmt(n_docs / bdps["basetext0"], " s") + " †", ratio(t0["wall_s"], n_docs / bdps["basetext0"], False)),
        ("incremental run, nothing new: requests / wall", f"{R['inc0']['requests']} / {R['inc0']['wall_s']:.2f} s",
         "", ""),
        (f"incremental run, {R['inc100']['changed']} changed: requests / wall",
         f"{R['inc100']['requests']} / {R['inc100']['wall_s']:.2f} s", "", ""),
    ]
    if "flow" in R:
        f = R["flow"]
        rows.append(("incremental Prefect flow, nothing new (server running)",
                     f"{f['flow_s'][0]:.2f} s, then {f['flow_s'][-1]:.2f} s; {f['requests'][0]} requests", "", ""))
    rows += [
        ("peak RSS, loading process (max of the runs)", fmt(main_peak, " MB"),
         fmt(max(bm0["peak_rss_mb"], bt0["peak_rss_mb"]), " MB"), ""),
        (f"peak RSS, + {workers} parse worker processes (sum of peaks)",
         f"{worker_peak:.0f} MB each; {tree_peak:.0f} MB" if workers else f"none; {tree_peak:.0f} MB", "", ""),
        (f"variant: metadata-only with {v_workers} parse workers, 0 ms",
         f"{dps['meta0_variant']:,.0f} docs/s, {v_tree:.0f} MB", "", ""),
        ("CPU s per 1,000 docs, metadata-only (main + workers)",
         fmt(1000 * (m0["cpu_s"] + m0.get("worker_cpu_s", 0)) / n_docs, digits=2), "", ""),
        ("DuckDB file size (full, with texts)", fmt(t0["db_mb"], " MB", 1), "", ""),
        (f"status --status overdue ({R['queries']['overdue_rows']:,} rows): query",
         f"{R['queries']['overdue_ms']:.0f} ms (first {R['queries']['overdue_first_ms']:.0f} ms)", "", ""),
        ("kamervragen status --status overdue --format json (process)", f"{R['cli_status_s']:.2f} s", "", ""),
        (f"timeliness_by_ministry view, every row ({R['queries']['view_rows']} rows)",
         f"{R['queries']['view_ms']:.0f} ms (first {R['queries']['view_first_ms']:.0f} ms)", "", ""),
    ]
    width = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    print()
    print(f"{'metric':<{width}}  {'pipeline':>{w1}}  {'baseline':>{w2}}  ratio")
    print("-" * (width + w1 + w2 + 12))
    for name, a, b, c in rows:
        print(f"{name:<{width}}  {a:>{w1}}  {b:>{w2}}  {c}")
    print()
    print(f"* baseline measured on a fixed slice (every k-th identifier): {bm0['docs']:,} documents at 0 ms, "
          f"{bm50['docs']:,} at 50 ms; † extrapolated to {n_docs:,} documents from that rate.")
    print(f"pipeline: {m0['windows_planned']} windows ({m0['count_requests']} count requests), "
          f"{m0['pages']} pages, parse workers {m0.get('workers', 0)}; incremental requests counted by the client "
          f"and the server ({R['inc0']['server_requests']}/{R['inc100']['server_requests']}).")
    print(f"content checksums (documents/sets/items/md5): metadata-only {m0['checksum']}; with texts "
          f"{t0['checksum']}; after {R['inc100']['changed']} changes {R['inc100']['checksum']}")
    for key in ("profile_main", "profile_parse"):
        if key in R:
            print(f"\n--- {key} ({R[key]}) ---")
            print(_profile_head(Path(R[key])))
    print(f"\nbench {'--quick ' if quick else ''}finished in {elapsed:.0f} s; results in "
          f"{(WORK / 'results.json').relative_to(ROOT)}")
    print(f"requests_per_1000={req_meta:.2f} docs_per_s={dps['meta0']:.0f} docs_per_s_text={dps['text0']:.0f} "
          f"peak_rss_mb={tree_peak:.0f} incremental_requests={R['inc0']['requests']}")


def _profile_head(path: Path, lines: int = 30) -> str:
    text = path.read_text().splitlines()
    start = next((i for i, line in enumerate(text) if "ncalls" in line), 0)
    return "\n".join(line.replace(str(ROOT) + "/", "") for line in text[max(0, start - 2):start + lines])


if __name__ == "__main__":
    main()
