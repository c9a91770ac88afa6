"""What the CLI hands a flow run in-process (progress callbacks, notification URLs) is an argument,
and what Prefect stores of it holds no secret (issue 13).

Against a real Prefect API (`prefect_test_harness`: a temporary server and SQLite database): the
flows are called as the CLI calls them, then the flow run's stored parameters and logs are read
back through the API, and the server's database files are searched for the secret tokens.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from pipeline.backfill import NoProgress, Progress
from pipeline.ingest import SERIES
from pipeline.notify import parse_channel
from replay.demo_corpus import build_demo_corpus
from replay.server import ReplayServer
from tests.alert_data import build_db
from tests.alert_receivers import WebhookReceiver

pytestmark = pytest.mark.prefect  # every test uses the module's temporary Prefect API

AS_OF = date(2026, 3, 2)
TODAY = date(2026, 11, 24)
TOKEN = "s3cr3tFl0wT0ken"
PATH_TOKEN = "PaTHt0kenInTheFlow"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    for name in ("KAMERVRAGEN_NOTIFY", "KAMERVRAGEN_NOTIFY_BLOCK", "KAMERVRAGEN_WATCHLIST"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def prefect_api() -> Iterator[Path]:
    """A temporary Prefect server for the module; yields the directory of its SQLite database."""
    from prefect.settings import PREFECT_SERVER_DATABASE_CONNECTION_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield Path(PREFECT_SERVER_DATABASE_CONNECTION_URL.value().removeprefix("sqlite+aiosqlite:///")).parent


def stored(state: Any) -> tuple[dict, list[str]]:
    """The flow run's parameters and log messages as the Prefect API holds them."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all()
    flow_run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        parameters = client.read_flow_run(flow_run_id).parameters
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
    return parameters, [log.message for log in logs]


def database_bytes(directory: Path) -> bytes:
    """Everything the Prefect server wrote to its database (main file, journal, WAL)."""
    return b"".join(p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file())


def test_notify_urls_reach_the_flow_but_not_the_prefect_api(prefect_api: Path, tmp_path: Path) -> None:
    """`notify` as `SecretStr`s (as `kamervragen alert --notify` passes it): delivered with the
    token, stored as `**********`; no log line and no byte of the database holds a token."""
    from flows.alert_flow import late_answers

    db = build_db(tmp_path / "kv.duckdb", AS_OF)
    watch = tmp_path / "watch.txt"
    watch.write_text("2026Z92005 eigen vraag\n", encoding="utf-8")
    with WebhookReceiver() as hook:
        url = hook.url(path=f"/hooks/{PATH_TOKEN}", userinfo=f"kv:{TOKEN}", query="kv-kinds=overdue,watched_answered")
        state = late_answers(as_of=AS_OF, db=str(db), notify=[SecretStr(url)], watchlist=str(watch),
                             return_state=True)
    summary = state.result()
    assert [(r["channel"], r["outcome"], r["kinds"]) for r in summary["channels"]] == [
        (parse_channel(url).label, "delivered", {"overdue": 3, "watched_answered": 1})]
    assert summary["watchlist_entries"] == 1  # the `watchlist` argument was read
    assert [p["path"] for p in hook.posts] == [f"/hooks/{PATH_TOKEN}"]  # the real URL was used
    parameters, logs = stored(state)
    assert parameters == {"as_of": "2026-03-02", "db": str(db), "notify": ["**********"], "dry_run": False,
                          "backlog": False, "due_soon_days": None, "kinds": None, "window_days": None,
                          "watchlist": str(watch), "log_digests": True}
    assert f"{parse_channel(url).label}: delivered 4 alert(s) (3 overdue, 1 watched_answered)" in logs
    everything = database_bytes(prefect_api)
    assert b"watched_answered" in everything  # the logs and the summary artifact are in there
    for secret in (TOKEN, PATH_TOKEN):
        assert all(secret not in line for line in logs)
        assert secret.encode() not in everything


def test_dry_run_digests_are_logged_unless_the_caller_prints_them(prefect_api: Path, tmp_path: Path) -> None:
    from flows.alert_flow import late_answers

    db = build_db(tmp_path / "kv.duckdb", AS_OF)
    logged = late_answers(as_of=AS_OF, db=str(db), dry_run=True, kinds=["overdue"], return_state=True)
    quiet = late_answers(as_of=AS_OF, db=str(db), dry_run=True, kinds=["overdue"], log_digests=False,
                         return_state=True)
    (report,) = logged.result()["channels"]
    digest = f"--- (no channel) (dry run, not sent)\n{report['title']}\n\n{report['body']}"
    assert (report["outcome"], report["alerts"]) == ("dry_run", 3)
    assert stored(logged)[1].count(digest.rstrip("\n")) == 1  # a print, logged (trailing newline dropped)
    assert [line for line in stored(quiet)[1] if line.startswith("--- ")] == []
    assert "(no channel): dry run, 3 alert(s) not sent (3 overdue)" in stored(quiet)[1]


def test_ingest_progress_is_called_per_page_and_not_stored(prefect_api: Path, tmp_path: Path) -> None:
    from flows.ingest_flow import ingest

    db = tmp_path / "kv.duckdb"
    pages: list[tuple[str, int, int]] = []

    def progress(series: str, page: Any, stats: Any) -> None:
        pages.append((series, len(page.records), stats.records))

    with ReplayServer(max_page_size=7) as server:
        build_demo_corpus(server, today=TODAY)
        sru_url = server.sru_url
        state = ingest(since=date(1990, 1, 1), until=TODAY, db=str(db), sru_url=sru_url, progress=progress,
                       return_state=True)
    summary = state.result()
    # pages of 7 (by hand from the corpus): 51 questions in 8, the answers series' 56 records dated by
    # TODAY in 8 (REAL 3235, 2 PDFs, 2022Z00634's 2; scenario 8; random 34 answers and 9 notices)
    assert (summary["outcome"], summary["pages"], summary["records"]) == ("success", 8 + 8, 51 + 56)
    assert len(pages) == summary["pages"]
    assert sum(n for _, n, _ in pages) == sum(stats for _, _, stats in pages) == summary["records"]
    series = [s for s, _, _ in pages]
    assert series == sorted(series, key=SERIES.index) and set(series) == set(SERIES)
    parameters, _ = stored(state)
    assert parameters == {"since": "1990-01-01", "until": "2026-11-24", "db": str(db), "sru_url": sru_url,
                          "metadata_only": False, "lookback_days": None, "tk_url": None, "no_tk": False, "site_dir": None,
                          "all_texts": False, "progress": {}}  # a function's JSON encoding: its (empty) __dict__


def test_backfill_progress_draws_the_cli_bars_and_is_stored_as_a_placeholder(
    prefect_api: Path, tmp_path: Path
) -> None:
    """The CLI's `BackfillBar` goes in as an argument; its bars reach their totals."""
    from rich.console import Console
    from rich.progress import Progress

    from cli.progress import BackfillBar
    from flows.backfill_flow import backfill

    db = tmp_path / "kv.duckdb"
    with Progress(console=Console(file=io.StringIO())) as bar, ReplayServer() as server:
        build_demo_corpus(server, today=TODAY)
        sru_url, bars = server.sru_url, BackfillBar(bar)
        state = backfill(since=date(1990, 1, 1), until=TODAY, db=str(db), sru_url=sru_url, max_window=20,
                         progress=bars, return_state=True)
    summary = state.result()
    # by hand from the corpus's dates, split at the 1 January (then the first of the month) nearest
    # the middle while a window holds more than 20: questions 2022-2023 (1), Jun-Jul 2026 (13), Aug (12),
    # Sep (6), 1 Oct-24 Nov (19); answers 2017-2021 (1: REAL 3235), 2022-2023 (2), 2024 (2: the PDFs),
    # Jun-Aug 2026 (19), Sep (12), 1 Oct-24 Nov (20)
    assert (summary["outcome"], summary["windows_planned"]) == ("success", 5 + 6)
    meta, texts = bar.tasks
    assert (bars.windows, bars.done) == (summary["windows_planned"], summary["windows_planned"])
    assert (meta.completed, meta.description) == (
        summary["records"], f"metadata {summary['windows_planned']}/{summary['windows_planned']} windows")
    assert texts.completed == texts.total == summary["texts_loaded"] + summary["texts_failed"]
    parameters, _ = stored(state)
    assert parameters == {"since": "1990-01-01", "until": "2026-11-24", "db": str(db), "sru_url": sru_url,
                          "metadata_only": False, "max_window": 20, "restart": False, "tk_url": None, "no_tk": False,
                          "progress": "<BackfillBar>"}  # Prefect's placeholder: it cannot encode it


def test_a_progress_that_is_not_one_is_refused(prefect_api: Path, tmp_path: Path) -> None:
    """The flow validates `progress` (a runtime-checkable `Progress`): a bare object fails the run."""
    from prefect.exceptions import ParameterTypeError

    from flows.backfill_flow import backfill

    state = backfill(since=TODAY, db=str(tmp_path / "kv.duckdb"), progress=object(), return_state=True)
    with pytest.raises(ParameterTypeError, match="progress"):
        state.result()
    assert not (tmp_path / "kv.duckdb").exists()
    assert isinstance(NoProgress(), Progress)


def test_cli_dry_run_prints_each_digest_once_on_stdout(prefect_api: Path, tmp_path: Path) -> None:
    """`kamervragen alert --dry-run`: the digests on stdout (the flow does not log them again),
    the summary on stderr."""
    from typer.testing import CliRunner

    from cli.app import app
    from pipeline.alerts import dry_run_digests, run_alerts

    db = build_db(tmp_path / "kv.duckdb", AS_OF)
    expected = dry_run_digests(run_alerts(db=str(db), as_of=AS_OF, dry_run=True, kinds=["overdue"]))
    result = CliRunner().invoke(app, ["alert", "--db", str(db), "--as-of", AS_OF.isoformat(), "--dry-run",
                                      "--kind", "overdue"])
    assert result.exit_code == 0, result.output
    assert len(expected) == 1 and result.stdout == expected[0] + "\n"
    assert "(no channel): dry run, 3 alert(s) not sent (3 overdue)\n" in result.stderr
    assert "--- (no channel)" not in result.stderr
