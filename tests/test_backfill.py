"""Full-history backfill: window planning, resume after a kill, capped pages, request counts,
the text pass, equivalence with `ingest`, and the CLI through Prefect.

Corpora are SYNTHETIC sets (replay.demo_corpus.CorpusBuilder) served by the replay server, plus
the offline demo corpus (REAL samples and SYNTHETIC sets) for the equivalence test.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote_plus

import duckdb
import pytest

from pipeline.backfill import (
    Backfill,
    BackfillOptions,
    NoProgress,
    Window,
    plan_windows,
    run_backfill,
    split_point,
    uncovered,
)
from pipeline.ingest import IngestOptions, run_ingest
from replay.demo_corpus import CorpusBuilder, SetSpec, build_demo_corpus
from replay.server import ReplayServer, Scripted
from replay.synthetic_docs import answer_xml
from replay.synthetic_records import AANHANGSEL, QUESTIONS, item_url, make_record
from schemas.clock import today_amsterdam
from scrapers.http_client import FetchError
from scrapers.settings import SERIES
from scrapers.sru_client import next_start
from tests.harness import EXE, rows
from tests.replay_fixtures import sru_body
from warehouse import runs

TODAY = date(2026, 11, 24)
PAGE = 10


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    monkeypatch.setenv("KAMERVRAGEN_PAGE_SIZE", str(PAGE))


def options(db: Path, server: ReplayServer, **kw) -> BackfillOptions:
    kw.setdefault("parse_workers", 0)
    kw.setdefault("max_window", 1000)
    return BackfillOptions(since=date(1995, 1, 1), until=TODAY, db=str(db), sru_url=server.sru_url, **kw)


def sets_over_years(server: ReplayServer, per_year: dict[int, int]) -> int:
    """SYNTHETIC sets submitted in the given years (question + answer, every 5th a delay notice).

    Returns the number of documents (SRU records) added.
    """
    builder = CorpusBuilder(server)
    for year, count in per_year.items():
        for n in range(count):
            submitted = date(year, 1, 5) + timedelta(days=(n * 7) % 330)
            spec = SetSpec(f"{year}Z9{n + 1:04d}", submitted, answer=submitted + timedelta(days=18 + n % 9),
                           ministry=n % 6, member=n % 6, subject=f"synthetisch onderwerp {year}-{n}")
            if n % 5 == 0:
                spec.notice = submitted + timedelta(days=19)
                spec.answer = submitted + timedelta(days=35)
            builder.add_set(spec)
    return builder.synthetic


def sru_requests(server: ReplayServer) -> list[str]:
    """The query strings of the SRU requests, decoded."""
    return [unquote_plus(query) for path, query in server.request_log if path == "/sru"]


def file_requests(server: ReplayServer) -> list[str]:
    return [path for path, _ in server.request_log if path != "/sru"]


CONTENT = {  # every column that states content (load times and the page URL in `source` excluded)
    "documents": "* EXCLUDE (first_seen, fetched_at, loaded_at, source)",
    "document_texts": "* EXCLUDE (fetched_at)",
    "question_documents": "*",
    "question_sets": "* EXCLUDE (rebuilt_at)",
    "question_items": "*",
}


def same_content(a: Path, b: Path) -> dict[str, tuple[int, int, int]]:
    """table → (rows in a, rows only in a, rows only in b)."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{a}' AS a (READ_ONLY); ATTACH '{b}' AS b (READ_ONLY)")
        out = {}
        for table, cols in CONTENT.items():
            total = con.execute(f"SELECT count(*) FROM a.{table}").fetchall()[0][0]
            only_a = con.execute(f"SELECT count(*) FROM (SELECT {cols} FROM a.{table} "
                                 f"EXCEPT SELECT {cols} FROM b.{table})").fetchall()[0][0]
            only_b = con.execute(f"SELECT count(*) FROM (SELECT {cols} FROM b.{table} "
                                 f"EXCEPT SELECT {cols} FROM a.{table})").fetchall()[0][0]
            out[table] = (total, only_a, only_b)
        return out
    finally:
        con.close()


# --- planning (pure) ----------------------------------------------------------------------------
def counter(per_day: dict[date, int]):
    calls: list[tuple[date, date]] = []

    def count(a: date, b: date) -> int:
        calls.append((a, b))
        return sum(n for d, n in per_day.items() if a <= d <= b)

    return count, calls


def test_split_point_prefers_year_then_month_then_middle() -> None:
    assert split_point(date(1995, 1, 1), date(2026, 11, 24)) == date(2011, 1, 1)
    assert split_point(date(2020, 6, 1), date(2021, 5, 31)) == date(2021, 1, 1)
    assert split_point(date(2021, 1, 1), date(2021, 12, 31)) == date(2021, 7, 1)
    assert split_point(date(2021, 3, 3), date(2021, 3, 20)) == date(2021, 3, 12)
    assert split_point(date(2021, 3, 3), date(2021, 3, 4)) == date(2021, 3, 4)
    assert split_point(date(2021, 3, 3), date(2021, 3, 3)) is None


def test_small_years_are_not_cut() -> None:
    per_day = {date(y, 6, 1): 300 for y in range(2000, 2010)}  # 3,000 records over 10 years
    count, calls = counter(per_day)
    windows = plan_windows("answers", date(2000, 1, 1), date(2009, 12, 31), count, max_records=1000)
    assert sum(w.estimate for w in windows) == 3000
    assert all(w.estimate <= 1000 for w in windows)
    assert all(w.since.month == 1 and w.since.day == 1 for w in windows)  # whole years only
    assert len(windows) == 4  # 10 years in windows of 2-3 years, not 120 months
    assert [(w.since, w.until) for w in windows] == sorted((w.since, w.until) for w in windows)
    splits = len(calls) - 1
    assert splits == len(windows) - 1  # one count request per split, plus the first


def test_big_year_is_split_in_months_and_one_day_never() -> None:
    per_day = {date(2020, m, 10): 400 for m in range(1, 13)}
    per_day[date(2020, 3, 10)] = 5000  # one day above the maximum
    count, _ = counter(per_day)
    windows = plan_windows("questions", date(2020, 1, 1), date(2020, 12, 31), count, max_records=1000)
    assert sum(w.estimate for w in windows) == 400 * 11 + 5000
    big = [w for w in windows if w.estimate > 1000]
    assert big == [Window("questions", big[0].since, big[0].until, 5000)]
    assert big[0].since <= date(2020, 3, 10) <= big[0].until
    assert (big[0].until - big[0].since).days < 31
    assert all(w.since.day == 1 for w in windows if w.estimate <= 1000 and w.since.month != 3)


def test_finished_ranges_are_left_out() -> None:
    assert uncovered(date(2000, 1, 1), date(2000, 12, 31), [(date(2000, 3, 1), date(2000, 5, 31))]) == [
        (date(2000, 1, 1), date(2000, 2, 29)), (date(2000, 6, 1), date(2000, 12, 31))]
    assert uncovered(date(2000, 1, 1), date(2000, 12, 31), [(date(1999, 1, 1), date(2001, 1, 1))]) == []
    per_day = {date(2000, m, 1): 10 for m in range(1, 13)}
    count, calls = counter(per_day)
    windows = plan_windows("answers", date(2000, 1, 1), date(2000, 12, 31), count, 1000,
                           done=[(date(2000, 1, 1), date(2000, 6, 30))])
    assert [(w.since, w.until, w.estimate) for w in windows] == [(date(2000, 7, 1), date(2000, 12, 31), 60)]
    assert calls == [(date(2000, 7, 1), date(2000, 12, 31))]


# --- paging -------------------------------------------------------------------------------------
def test_next_start_follows_records_returned() -> None:
    assert next_start(1, 10, 25, 11, "u") == 11
    assert next_start(1, 4, 25, 11, "u") == 5  # capped page, uncapped position: nothing lost
    assert next_start(21, 5, 25, None, "u") is None
    assert next_start(1, 4, 10, None, "u") == 5  # no position, yet more announced: continue
    with pytest.raises(FetchError, match="does not advance"):
        next_start(11, 3, 25, 11, "u")
    with pytest.raises(FetchError, match="empty page"):
        next_start(11, 0, 25, 21, "u")


def test_capped_page_size_loads_everything(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with ReplayServer(max_page_size=7) as server:
        n = sets_over_years(server, {2019: 12, 2020: 12})
        summary = run_backfill(options(db, server, metadata_only=True))
        pages = len(sru_requests(server)) - summary["count_requests"]
    assert summary["outcome"] == "success" and summary["records"] == n
    assert rows(db, "SELECT count(*) FROM documents")[0][0] == n
    assert pages == sum(math.ceil(w / 7) for w in (24, n - 24))  # 7 per page, not the 10 asked


def test_position_past_the_records_returned_loses_nothing(tmp_path: Path) -> None:
    """A server that caps pages yet announces the uncapped nextRecordPosition (a bug seen in the wild
    elsewhere) is read from the records it returned."""
    records = [make_record(f"ah-tk-20202021-{90000 + n}", title=f"Antwoord op vragen van het lid X over {n}",
                           publicatienaam=AANHANGSEL, subrubriek="Antwoord", modified="2021-01-05",
                           date="2021-01-05", vraagnummer=f"2020Z9{n:04d}", aanhangselnummer=str(90000 + n),
                           datum_ontvangst="2021-01-05", vergaderjaar="2020-2021", manifestations=())
               for n in range(1, 7)]
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        server.script("/sru", [
            Scripted(body=sru_body([], number_of_records=0)),  # count: questions
            Scripted(body=sru_body([], number_of_records=6)),  # count: answers
            Scripted(body=sru_body(records[:4], number_of_records=6, next_position=11)),
            Scripted(body=sru_body(records[4:], number_of_records=6)),
        ])
        summary = run_backfill(options(db, server, metadata_only=True))
        starts = [q.split("startRecord=")[1].split("&")[0] for q in sru_requests(server)[-2:]]
    assert summary["records"] == 6 and starts == ["1", "5"]
    assert rows(db, "SELECT count(*) FROM documents")[0][0] == 6


# --- requests, resume, texts ----------------------------------------------------------------------
def test_metadata_only_request_count(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        n = sets_over_years(server, {2016: 30, 2017: 30, 2018: 30, 2019: 30})
        summary = run_backfill(options(db, server, metadata_only=True, max_window=60))
        requests = server.request_count
    assert not file_requests(server)  # metadata only: no document is fetched
    assert summary["records"] == n == summary["inserted"]
    # By hand: each year has 30 questions and 36 answer-series records (30 answers, 6 delay notices),
    # all dated between 5 January and mid-August; n = 4 x 66. Splitting 1995-01-01..2026-11-24 at
    # the 1 January nearest the middle (2011, 2019, 2015, 2017; the answers' 72 also at 2018) leaves:
    assert rows(db, "SELECT series, since::VARCHAR, until::VARCHAR, records FROM backfill_windows ORDER BY ALL") == [
        ("answers", "2015-01-01", "2016-12-31", 36), ("answers", "2017-01-01", "2017-12-31", 36),
        ("answers", "2018-01-01", "2018-12-31", 36), ("answers", "2019-01-01", "2026-11-24", 36),
        ("questions", "2015-01-01", "2016-12-31", 30), ("questions", "2017-01-01", "2018-12-31", 60),
        ("questions", "2019-01-01", "2026-11-24", 30)]
    assert n == 264 and summary["windows_planned"] == 7
    # counts: one per series for the whole range, one per split (4 questions, 5 answers) = 11;
    # pages of 10: questions 3 + 6 + 3, answers 4 x 4 = 28
    assert (summary["count_requests"], summary["pages"]) == (11, 28)
    assert requests == summary["requests"] == 11 + 28
    assert summary["texts_pending"] == n  # queued for a later text pass
    assert rows(db, "SELECT count(*) FROM question_sets")[0][0] == 120


KILL_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    from datetime import date
    import pipeline.backfill
    from pipeline.backfill import BackfillOptions, NoProgress, run_backfill

    pipeline.backfill.WORKERS_FROM_RECORDS = 0  # a worker process even for this small corpus

    class KillAfterTwoWindows(NoProgress):
        done = 0
        def window_done(self, window, records):
            self.done += 1
            if self.done == 2:
                os.kill(os.getpid(), signal.SIGKILL)

    opts = BackfillOptions(since=date(1995, 1, 1), until=date(2026, 11, 24), db=sys.argv[1],
                           sru_url=sys.argv[2], max_window=60, parse_workers=1, concurrency=1)
    run_backfill(opts, progress=KillAfterTwoWindows())
""")


@pytest.mark.slow
def test_resume_after_kill_does_not_fetch_finished_windows(tmp_path: Path) -> None:
    killed, once = tmp_path / "killed.duckdb", tmp_path / "once.duckdb"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    with ReplayServer() as server:
        sets_over_years(server, {2016: 30, 2017: 30, 2018: 30, 2019: 30})
        log = tmp_path / "killed.log"
        with log.open("w") as out:
            proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(killed), server.sru_url],
                                    env=env, stdout=out, stderr=subprocess.STDOUT)
            assert proc.wait(timeout=120) == -9, log.read_text()[-2000:]
        finished = rows(killed, "SELECT series, since, until FROM backfill_windows ORDER BY ALL")
        assert len(finished) == 2
        server.clear_log()
        summary = run_backfill(options(killed, server, max_window=60))
        fetched = sru_requests(server)
        run_backfill(options(once, server, max_window=60))
    assert summary["outcome"] == "success" and summary["windows_skipped"] == 2
    for series, since, until in finished:  # no page of a finished window is asked again
        clause = f'{SERIES[series]} and dt.date>="{since}" and dt.date<="{until}"'
        assert not any(clause in q and "maximumRecords=10&" in q for q in fetched), clause
    assert any("maximumRecords=10&" in q for q in fetched)
    assert rows(killed, "SELECT count(*) FROM backfill_texts")[0][0] == 0
    assert rows(killed, "SELECT count(*) FROM backfill_state WHERE name = 'sets_stale'")[0][0] == 0
    assert all(only_a == only_b == 0 for _, only_a, only_b in same_content(killed, once).values())


@pytest.mark.slow
def test_texts_only_for_new_or_changed(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        builder = CorpusBuilder(server)
        specs = [SetSpec(f"2021Z9{n:04d}", date(2021, 3, 1) + timedelta(days=n), answer=date(2021, 4, 1) + timedelta(days=n),
                         subject=f"onderwerp {n}") for n in range(1, 9)]
        for spec in specs:
            builder.add_set(spec)
        first = run_backfill(options(db, server))
        assert first["texts_loaded"] == 16 and len(file_requests(server)) == 16
        # change two questions (title), regenerate one record (modified only), add a new set
        for spec in specs[:2]:
            spec.subject += " (gewijzigd)"
            builder.add_set(spec)
        spec = specs[2]  # the question record regenerated: a later `modified`, the same content
        server.add_record(make_record(
            f"kv-tk-{spec.vraagnummer}", title=spec.subject[0].upper() + spec.subject[1:],
            publicatienaam=QUESTIONS, subrubriek="Schriftelijke vragen",
            modified=spec.submitted + timedelta(days=90), date=spec.submitted, vraagnummer=spec.vraagnummer,
            datum_indiening=spec.submitted, indieners=("Synthetisch",), vergaderjaar="2020-2021",
            manifestations=("xml", "metadata")))
        builder.add_set(SetSpec("2021Z90099", date(2021, 5, 1), answer=date(2021, 5, 20), subject="nieuw"))
        server.clear_log()
        second = run_backfill(options(db, server, restart=True))
        fetched = file_requests(server)
    changed = {f"kv-tk-{s.vraagnummer}" for s in specs[:2]} | {"kv-tk-2021Z90099"}
    assert {p.split("/")[-1].removesuffix(".xml") for p in fetched if "/kv-tk/" in p} == changed
    answers = [p for p in fetched if "/ah-tk/" in p]
    assert len(answers) == 3  # the new set's answer, and the re-added answers of the two changed sets
    assert second["texts_loaded"] == len(fetched) == 6 and second["texts_pending"] == 0
    titles = rows(db, "SELECT title FROM question_sets WHERE vraagnummer IN ('2021Z90001', '2021Z90099') ORDER BY 1")
    assert titles == [("Nieuw",), ("Onderwerp 1 (gewijzigd)",)]


@pytest.mark.slow
def test_metadata_only_then_texts_later_and_texts_loaded_meanwhile(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        n = sets_over_years(server, {2022: 10, 2023: 10})
        meta = run_backfill(options(db, server, metadata_only=True))
        assert meta["texts_pending"] == n
        # `ingest` fetches some of the queued texts meanwhile (the notices, a status depends on them, and 10
        # more: its budget); the backfill does not fetch them again
        run_ingest(IngestOptions(db=str(db), sru_url=server.sru_url, since=date(2023, 1, 1), until=TODAY,
                                 date_index="dt.date", retry_rejects=False, texts_per_run=10))
        loaded = rows(db, "SELECT count(*) FROM document_texts")[0][0]
        assert 0 < loaded < n
        server.clear_log()
        texts = run_backfill(options(db, server))
    assert texts["windows_planned"] == 0 and texts["count_requests"] == 0  # every window was finished
    assert len(file_requests(server)) == n - loaded == texts["texts_loaded"]
    assert not sru_requests(server)
    assert rows(db, "SELECT count(*) FROM document_texts")[0][0] == n


@pytest.mark.slow
def test_text_pass_counts_a_document_that_changed_after_it_was_queued(tmp_path: Path) -> None:
    """A queued text whose document changed meanwhile is looked up by id and loaded like `ingest`
    loads it; the run's counts include it (they were overwritten by the batch's before)."""
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        builder = CorpusBuilder(server)
        specs = [SetSpec(f"2021Z9{n:04d}", date(2021, 3, 1) + timedelta(days=n), answer=date(2021, 3, 15)
                         + timedelta(days=n), subject=f"onderwerp {n}") for n in range(1, 4)]
        for spec in specs:
            builder.add_set(spec)
        meta = run_backfill(options(db, server, metadata_only=True))
        assert (meta["inserted"], meta["texts_pending"]) == (6, 6)
        specs[0].subject += " (gewijzigd)"  # the question's metadata changes after its text was queued
        builder.add_set(specs[0])
        run_ingest(IngestOptions(db=str(db), sru_url=server.sru_url, since=date(2021, 1, 1), until=TODAY,
                                 date_index="dt.date", metadata_only=True, retry_rejects=False))
        server.clear_log()
        texts = run_backfill(options(db, server))
        by_id = [unquote_plus(q) for q in sru_requests(server) if "dt.identifier" in unquote_plus(q)]
    # five texts as queued, one (the changed question) by id: every stored row gained its text
    assert (texts["updated"], texts["inserted"], texts["rejected"], texts["texts_pending"]) == (6, 0, 0, 0)
    assert len(by_id) == 1 and "kv-tk-2021Z90001" in by_id[0]
    assert rows(db, "SELECT count(*) FROM document_texts") == [(6,)]
    assert rows(db, "SELECT title FROM question_sets WHERE vraagnummer = '2021Z90001'") == [
        ("Onderwerp 1 (gewijzigd)",)]


@pytest.mark.slow
def test_backfill_equals_ingest_on_the_demo_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same warehouse content as `ingest` over the whole range (REAL samples incl. PDFs, SYNTHETIC
    sets), with parsing in a worker process."""
    monkeypatch.setattr("pipeline.backfill.WORKERS_FROM_RECORDS", 0)
    monkeypatch.setattr("pipeline.backfill.WORKERS_FROM_TEXTS", 0)
    a, b = tmp_path / "backfill.duckdb", tmp_path / "ingest.duckdb"
    with ReplayServer() as server:
        build_demo_corpus(server, today=TODAY)
        summary = run_backfill(options(a, server, parse_workers=1, max_window=40, batch_records=25))
        run_ingest(IngestOptions(db=str(b), sru_url=server.sru_url, since=date(1990, 1, 1), until=TODAY,
                                 date_index="dt.date", texts_per_run=0))  # every text, as the backfill
    assert summary["outcome"] == "success" and summary["rejected"] == 0 and summary["workers"] == 1
    diff = same_content(a, b)
    # REAL 6: ah-tk-20202021-3235 (the one Kamervragen record of the recorded response's five), the two
    # PDFs, 2022Z00634's question, notice and answer; SYNTHETIC: the ten scenario sets' 18 documents, and
    # the 40 random sets' (seed 7, as of TODAY) 40 questions, 34 answers and 9 of their 10 notices
    # (2026Z91023's is dated 4 days after TODAY, past `until`)
    assert diff["documents"][0] == 6 + 18 + 40 + 34 + 9
    assert all(only_a == only_b == 0 for _, only_a, only_b in diff.values()), diff


def test_failed_run_is_recorded_and_lock_released(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"

    class Boom(NoProgress):
        def page(self, window, records):
            raise RuntimeError("boom")

    with ReplayServer() as server:
        sets_over_years(server, {2020: 5})
        with pytest.raises(RuntimeError, match="boom"):
            run_backfill(options(db, server), progress=Boom())
        again = run_backfill(options(db, server))
    assert again["outcome"] == "success"
    assert rows(db, "SELECT flow, outcome FROM ingest_runs ORDER BY id") == [("backfill", "failed"),
                                                                              ("backfill", "success")]


def test_backfill_sets_missing_watermarks_only(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    with ReplayServer() as server:
        sets_over_years(server, {2020: 3})
        for _ in range(2):
            with Backfill(BackfillOptions(since=date(2020, 1, 1), db=str(db), sru_url=server.sru_url,
                                          parse_workers=0, metadata_only=True, restart=True)) as bf:
                started = today_amsterdam(bf.p.started)  # the run's day in Amsterdam (the one clock)
                bf.load_metadata(bf.plan())
                bf.finish()
                runs.set_watermark(bf.con, "questions", date(2024, 1, 1))  # as if `ingest` moved it
    assert rows(db, "SELECT series, value FROM watermarks ORDER BY 1") == [
        ("answers", started), ("questions", date(2024, 1, 1))]


@pytest.mark.prefect
def test_cli_backfill_through_prefect(tmp_path: Path) -> None:
    """`kamervragen backfill` is a real Prefect flow run."""
    db = tmp_path / "kv.duckdb"
    exe = EXE
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    with ReplayServer() as server:
        n = sets_over_years(server, {2019: 6, 2020: 6})
        done = subprocess.run([str(exe), "backfill", "--since", "2019-01-01", "--until", "2026-11-24",
                               "--db", str(db), "--sru-url", server.sru_url, "--max-window", "10"],
                              env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Backfill run 1" in done.stdout + done.stderr
    assert rows(db, "SELECT count(*) FROM document_texts")[0][0] == n


def test_answer_dated_only_by_its_text_is_rejected_then_resolved(tmp_path: Path) -> None:
    """Metadata alone cannot date this answer (a reject of the metadata pass); its text can."""
    db = tmp_path / "kv.duckdb"
    doc_id, received = "ah-tk-20202021-90777", date(2021, 2, 3)
    with ReplayServer() as server:
        server.add_record(make_record(
            doc_id, title="Antwoord op vragen van het lid Synthetisch over een onderwerp", publicatienaam=AANHANGSEL,
            subrubriek="Antwoord", modified=received, date=received, vraagnummer="2021Z90777",
            aanhangselnummer="90777", vergaderjaar="2020-2021", manifestations=("xml",)))  # no datumOntvangst
        server.add_file(item_url(doc_id, "xml", "20202021").replace("{BASE}", ""),
                        answer_xml(doc_id, nr="90777", vergaderjaar="2020-2021", submitted=date(2021, 1, 10),
                                   received=received), "application/xml")
        meta = run_backfill(options(db, server, metadata_only=True))
        assert meta["rejected"] == 1 and meta["texts_pending"] == 1
        assert rows(db, "SELECT key, stage, resolved FROM rejects") == [(doc_id, "validate", False)]
        texts = run_backfill(options(db, server))
    assert texts["texts_loaded"] == 1 and texts["rejected"] == 0
    assert rows(db, "SELECT received_on FROM documents") == [(received,)]
    assert rows(db, "SELECT resolved FROM rejects") == [(True,)]


@pytest.mark.slow
def test_cli_backfill_draws_progress_with_eta_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal (a real pseudo-terminal here) the backfill shows its bars with an ETA; off one, none."""
    import pty

    db = tmp_path / "kv.duckdb"
    exe = EXE
    args = [str(exe), "backfill", "--since", "2019-01-01", "--until", "2026-11-24", "--db", str(db),
            "--max-window", "10", "--no-prefect"]
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    with ReplayServer() as server:
        n = sets_over_years(server, {2019: 6, 2020: 6})
        leader, follower = pty.openpty()
        proc = subprocess.Popen([*args, "--sru-url", server.sru_url], stdin=follower, stdout=follower,
                                stderr=follower, env=env)
        os.close(follower)
        screen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            screen += chunk
        assert proc.wait(timeout=120) == 0, screen[-3000:]
        os.close(leader)
        piped = subprocess.run([*args, "--restart", "--sru-url", server.sru_url], env=env, capture_output=True,
                               text=True, timeout=120)
    text = screen.decode("utf-8", "replace")
    assert "metadata" in text and "windows" in text and "ETA" in text and "texts" in text, text[-2000:]
    assert f"{n}/{n}" in text  # the text bar reached its total
    assert piped.returncode == 0 and "ETA" not in piped.stderr and "\x1b[" not in piped.stderr


@pytest.mark.slow
def test_rebuild_chunk_that_runs_out_of_memory_is_halved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunk of the deferred rebuild that exhausts DuckDB's memory is rolled back and redone smaller."""
    import pipeline.backfill as backfill

    real = backfill.rebuild_question_sets
    sizes: list[int] = []

    def tight(con: duckdb.DuckDBPyConnection, keys: list) -> int:
        sizes.append(len(keys))
        real(con, keys)  # half-done work that the rollback must undo
        if len(keys) > 7:
            raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block (test)")
        return len(keys)

    monkeypatch.setattr(backfill, "REBUILD_CHUNK", 30)
    monkeypatch.setattr(backfill, "MIN_REBUILD_CHUNK", 5)
    monkeypatch.setattr(backfill, "rebuild_question_sets", tight)
    db, reference = tmp_path / "kv.duckdb", tmp_path / "ref.duckdb"
    with ReplayServer() as server:
        sets_over_years(server, {2019: 20, 2020: 20})
        summary = run_backfill(options(db, server, metadata_only=True))
        monkeypatch.setattr(backfill, "rebuild_question_sets", real)
        run_backfill(options(reference, server, metadata_only=True))
    assert sizes[:3] == [30, 15, 7] and max(sizes[3:]) <= 7
    assert summary["rebuild_retries"] == 2 and summary["outcome"] == "success"
    assert rows(db, "SELECT count(*) FROM question_sets")[0][0] == 40
    assert all(only_a == only_b == 0 for _, only_a, only_b in same_content(db, reference).values())
    assert rows(db, "SELECT count(*) FROM backfill_state WHERE name = 'sets_stale'") == [(0,)]
