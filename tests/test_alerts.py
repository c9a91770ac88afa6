"""Late-answer alerts end to end: real DuckDB files, a real SMTP server, a real HTTP webhook.

`run_alerts` (the Prefect-free engine of the `late-answers` flow) is run against a warehouse
built from documents; deliveries go through apprise to receivers on 127.0.0.1.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pipeline.alerts import NoChannelsError, run_alerts
from pipeline.notify import ChannelError, Redactor, load_channels, parse_channel, split_urls
from tests.alert_data import RECENT_OVERDUE, build_db
from tests.alert_receivers import SmtpReceiver, WebhookReceiver, free_port
from tests.harness import EXE, rows
from warehouse import alerts as store
from warehouse import connect, finish_run, start_run
from warehouse.lock import WriterBusyError, WriterLock

AMS = ZoneInfo("Europe/Amsterdam")
AS_OF = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=AMS)


def ago(days: int) -> str:
    return (AS_OF - timedelta(days=days)).isoformat()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build_db(tmp_path / "kv.duckdb", AS_OF)


def run(db: Path, urls: list[str], **kw):
    kw.setdefault("as_of", AS_OF)
    kw.setdefault("now", NOW)
    return run_alerts(db=str(db), channels=[parse_channel(u) for u in urls], **kw)


# --- which sets are due ---------------------------------------------------------------------


def test_candidates_by_kind_window_and_backlog(db: Path) -> None:
    con = connect(db)
    try:
        store.add_to_watchlist(con, [("2026Z92005", "eigen vraag")])

        def found(**kw) -> set[tuple[str, str]]:
            alerts = store.set_alert_candidates(con, as_of=AS_OF, channel="ch-test", kinds=store.SET_KINDS, **kw)
            return {(a.kind, a.vraagnummer) for a in alerts}

        recent = found()
        assert recent == {("overdue", v) for v in RECENT_OVERDUE} | {
            ("overdue_after_extension", "2026Z92002"), ("watched_answered", "2026Z92005")}
        assert ("overdue", "2026Z92008") not in recent  # crossed 7 days ago: outside the 7-day window
        assert found(due_soon_days=3) - recent == {("due_soon", "2026Z92004")}
        assert found(due_soon_days=2) == recent  # due in 3 days is not within 2
        backlog = found(backlog=True)
        assert backlog - recent == {("overdue", "2026Z92003"), ("overdue", "2026Z92008")}
        assert found(window_days=30) - recent == {("overdue", "2026Z92008")}
        (a,) = [x for x in store.set_alert_candidates(con, as_of=AS_OF, channel="c", kinds=["overdue"])
                if x.vraagnummer == "2026Z92001"]
        assert a.crossed_on == AS_OF - timedelta(days=2) and a.payload["days_overdue"] == 3
        assert a.payload["submitters"] == [{"name": "Hilde Palland", "party": "CDA"},
                                           {"name": "Inge van Dijk", "party": "CDA"}]
        assert a.payload["link"] == "https://zoek.officielebekendmakingen.nl/kv-tk-2026Z92001.html"
        # eight days later these sets have left the window; the one that was due soon has crossed
        later = store.set_alert_candidates(con, as_of=AS_OF + timedelta(days=8), channel="c", kinds=["overdue"])
        assert {(x.vraagnummer, x.payload["days_overdue"]) for x in later} == {("2026Z92004", 5)}
    finally:
        con.close()


def test_digest_lines_carry_what_users_need(db: Path) -> None:
    summary = run(db, [], dry_run=True)
    body = summary["channels"][0]["body"]
    line = next(x for x in body.splitlines() if x.startswith("- 2026Z92002"))
    assert line == ("- 2026Z92002 · Te laat na uitstel · Jansen (D66) · VWS · 3 days overdue (due "
                    f"{ago(3)}) · https://zoek.officielebekendmakingen.nl/kv-tk-2026Z92002.html")
    assert summary["channels"][0]["title"] == f"Kamervragen {AS_OF}: 1 overdue after extension, 3 overdue"


# --- exactly once, over real SMTP and a real webhook ----------------------------------------


def test_smtp_and_webhook_each_get_exactly_one_digest_across_two_runs(db: Path) -> None:
    with SmtpReceiver() as smtp, WebhookReceiver() as hook:
        urls = [smtp.url(), hook.url()]
        first = run(db, urls)
        second = run(db, urls)
        assert len(smtp.messages) == 1 and len(hook.posts) == 1
    assert first["failed"] == [] and first["delivered"] == 2 * 4
    assert [r["outcome"] for r in second["channels"]] == ["nothing", "nothing"]

    message = hook.messages()[0]
    assert message["title"] == f"Kamervragen {AS_OF}: 1 overdue after extension, 3 overdue"
    for text in (message["message"], smtp.texts()[0]):
        for number in RECENT_OVERDUE | {"2026Z92002"}:
            assert number in text
            assert f"https://zoek.officielebekendmakingen.nl/kv-tk-{number}.html" in text
        assert "Hilde Palland (CDA)" in text and "Jansen (D66)" in text and "3 days overdue" in text
        assert "2026Z92003" not in text and "2026Z92008" not in text
    assert smtp.messages[0]["Subject"] == message["title"]
    assert smtp.envelopes == [("alerts@example.org", ["team@example.org"])]

    table = rows(db, "SELECT channel, kind, status, attempts, delivered_at IS NOT NULL FROM alerts ORDER BY ALL")
    assert len(table) == 8
    assert {r[1:] for r in table} == {("overdue", "delivered", 1, True), ("overdue_after_extension", "delivered", 1, True)}
    channels = {parse_channel(u).id for u in urls}
    assert {r[0] for r in table} == channels


def test_receiver_down_nothing_marked_delivered_next_run_delivers_once(db: Path) -> None:
    hook = WebhookReceiver()  # nothing listens on its port yet: connection refused
    url = hook.url()
    first = run(db, [url])
    assert first["failed"] == [parse_channel(url).label]
    assert "Connection error" in first["channels"][0]["error"]
    assert rows(db, "SELECT DISTINCT status, attempts, last_error IS NOT NULL FROM alerts") == [("failed", 1, True)]
    assert rows(db, "SELECT count(*) FROM alerts WHERE status = 'delivered' OR delivered_at IS NOT NULL") == [(0,)]

    with hook:
        second = run(db, [url])
        third = run(db, [url])
    assert second["failed"] == [] and second["delivered"] == 4
    assert third["channels"][0]["outcome"] == "nothing"
    assert len(hook.posts) == 1
    assert rows(db, "SELECT DISTINCT status, attempts, last_error FROM alerts") == [("delivered", 2, None)]


def test_failed_delivery_is_retried_even_after_the_window(db: Path) -> None:
    with WebhookReceiver(failures=1, fail_with=503) as hook:
        assert run(db, [hook.url()])["failed"]
        assert hook.refused == 1 and hook.posts == []
        # ten days later the sets are outside the window, but their undelivered alerts are retried
        later = run(db, [hook.url()], as_of=AS_OF + timedelta(days=10), now=NOW + timedelta(days=10))
    assert later["failed"] == []
    (message,) = hook.messages()
    numbers = {x[2:].split(" · ")[0] for x in message["message"].splitlines() if x.startswith("- ")}
    # the four retried (now 13 days overdue) plus the set that became overdue meanwhile
    assert numbers == RECENT_OVERDUE | {"2026Z92002", "2026Z92004"}
    assert "2026Z92001 · Te laat zonder uitstel · Hilde Palland (CDA), Inge van Dijk (CDA) · BZK · 13 days overdue" \
        in message["message"]


def test_one_channel_failing_does_not_hold_back_another(db: Path) -> None:
    down = WebhookReceiver()
    with WebhookReceiver() as up:
        summary = run(db, [down.url("/a"), up.url("/b")])
    assert [r["outcome"] for r in summary["channels"]] == ["failed", "delivered"]
    assert len(up.posts) == 1


# --- no flood, filters, dry run --------------------------------------------------------------


def test_new_channel_gets_only_recent_sets_backlog_on_request(db: Path) -> None:
    with WebhookReceiver() as hook:
        run(db, [hook.url("/old")])
        run(db, [hook.url("/new")])  # a channel added later: still only the recent sets
        run(db, [hook.url("/new")], backlog=True)  # the backlog digest: only what it did not get yet
    old, new = hook.messages("/old"), hook.messages("/new")
    assert len(old) == 1 and len(new) == 2
    assert "2026Z92003" not in new[0]["message"] and "2026Z92001" in new[0]["message"]
    backlog_lines = [x for x in new[1]["message"].splitlines() if x.startswith("- ")]
    assert sorted(x.split(" · ")[0][2:] for x in backlog_lines) == ["2026Z92003", "2026Z92008"]


def test_channel_filters_ministry_party_kind(db: Path, tmp_path: Path) -> None:
    watch = tmp_path / "watch.txt"
    watch.write_text("# vragen die we volgen\n2026Z 92005 eigen vraag\n", encoding="utf-8")
    with WebhookReceiver() as hook:
        run(db, [hook.url("/vws", query="kv-ministries=vws"),
                 hook.url("/cda", query="kv-parties=CDA&kv-kinds=overdue"),
                 hook.url("/d66", query="kv-parties=d66&kv-kinds=watched_answered,overdue_after_extension"),
                 hook.url("/fin", query="kv-ministries=FIN")],
            watchlist_file=str(watch))

    def numbers(path: str) -> set[str]:
        (msg,) = hook.messages(path)
        return {x[2:].split(" · ")[0] for x in msg["message"].splitlines() if x.startswith("- ")}

    assert numbers("/vws") == {"2026Z92002", "2026Z92005"}
    assert numbers("/cda") == RECENT_OVERDUE
    assert numbers("/d66") == {"2026Z92002", "2026Z92005"}
    assert hook.messages("/fin") == []  # the FIN set was answered on time: nothing to say
    assert rows(db, "SELECT vraagnummer, note FROM watchlist") == [("2026Z92005", "eigen vraag")]


def test_dry_run_sends_and_records_nothing(db: Path, tmp_path: Path) -> None:
    watch = tmp_path / "watch.txt"
    watch.write_text("2026Z92005\n", encoding="utf-8")
    with WebhookReceiver() as hook:
        summary = run(db, [hook.url()], dry_run=True, watchlist_file=str(watch))
        assert hook.posts == []
    (report,) = summary["channels"]
    assert report["outcome"] == "dry_run" and report["alerts"] == 5
    assert "2026Z92005" in report["body"]
    assert rows(db, "SELECT count(*) FROM alerts") == [(0,)]
    assert rows(db, "SELECT count(*) FROM watchlist") == [(0,)]


def test_no_channel_is_an_error_unless_dry_run(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAMERVRAGEN_NOTIFY", raising=False)
    monkeypatch.delenv("KAMERVRAGEN_NOTIFY_BLOCK", raising=False)
    with pytest.raises(NoChannelsError):
        run_alerts(db=str(db), as_of=AS_OF)
    assert run_alerts(db=str(db), as_of=AS_OF, dry_run=True)["channels"][0]["alerts"] == 4


def test_alerts_take_the_writer_lock(db: Path) -> None:
    with WebhookReceiver() as hook, WriterLock(db, wait_seconds=0):
        with pytest.raises(WriterBusyError):
            run(db, [hook.url()], lock_wait=0)
        assert hook.posts == []


# --- operational alerts ----------------------------------------------------------------------


def _runs(db: Path, *outcomes: tuple[str, datetime | None]) -> list[int]:
    con = connect(db)
    try:
        ids = []
        for outcome, finished in outcomes:
            run_id = start_run(con, "ingest")
            if outcome != "running":
                finish_run(con, run_id, outcome, message="FetchError: SRU answered 503" if outcome == "failed" else None)
            if finished is not None:
                con.execute("UPDATE ingest_runs SET started = ?, finished = ? WHERE id = ?",
                            [finished - timedelta(minutes=5), finished if outcome != "running" else None, run_id])
            ids.append(run_id)
        return ids
    finally:
        con.close()


def test_ingest_stale_once_a_day(db: Path) -> None:
    _runs(db, ("success", NOW - timedelta(hours=7)))
    with WebhookReceiver() as hook:
        url = hook.url(query="kv-kinds=ingest_stale,ingest_failed")
        fresh = run(db, [url], now=NOW - timedelta(hours=2))  # 5 h after the success: fine
        first = run(db, [url])  # 7 h: stale
        again = run(db, [url], now=NOW + timedelta(hours=3))  # same day: not again
        next_day = run(db, [url], now=NOW + timedelta(days=1), as_of=AS_OF + timedelta(days=1))
    assert fresh["channels"][0]["outcome"] == "nothing"
    assert first["channels"][0]["kinds"] == {"ingest_stale": 1}
    assert again["channels"][0]["outcome"] == "nothing"
    assert next_day["channels"][0]["kinds"] == {"ingest_stale": 1}
    assert len(hook.posts) == 2
    assert "no successful ingest for 7 h" in hook.messages()[0]["message"]
    keys = rows(db, "SELECT vraagnummer FROM alerts WHERE kind = 'ingest_stale' ORDER BY 1")
    assert keys == [(f"day-{AS_OF}",), (f"day-{AS_OF + timedelta(days=1)}",)]


def test_ingest_failed_once_per_run_and_crashed_runs(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_STALE_HOURS", "48")
    (ok,) = _runs(db, ("success", NOW - timedelta(hours=3)))
    with WebhookReceiver() as hook:
        url = hook.url(query="kv-kinds=ingest_failed")
        assert run(db, [url])["channels"][0]["outcome"] == "nothing"
        (failed,) = _runs(db, ("failed", NOW - timedelta(hours=1)))
        first = run(db, [url])
        second = run(db, [url])
        (crashed,) = _runs(db, ("running", NOW - timedelta(minutes=30)))
        third = run(db, [url])
    assert first["channels"][0]["kinds"] == {"ingest_failed": 1}
    assert second["channels"][0]["outcome"] == "nothing"
    assert third["channels"][0]["kinds"] == {"ingest_failed": 1}
    m1, m2 = (m["message"] for m in hook.messages())
    assert f"ingest run {failed} failed" in m1 and "FetchError: SRU answered 503" in m1
    assert f"ingest run {crashed} crashed" in m2 and "never finished" in m2
    assert ok not in (failed, crashed)


def test_fresh_database_without_ingest_runs_has_no_ingest_alerts(db: Path) -> None:
    con = connect(db)
    try:
        assert store.ingest_alert_candidates(con, as_of=AS_OF, now=NOW) == []
    finally:
        con.close()


# --- secrets stay secret ---------------------------------------------------------------------

TOKEN = "s3cr3tT0kenXYZ"
PATH_TOKEN = "B0T9PATHtokenQQ"


def test_token_in_url_never_appears_in_logs_output_or_database(
    db: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # apprise and urllib3 log URLs and paths at DEBUG
    hook = WebhookReceiver()
    url = hook.url(path=f"/hooks/{PATH_TOKEN}", userinfo=f"kamervragen:{TOKEN}", query="kv-ministries=BZK")
    summary_down = run(db, [url])  # connection refused: apprise logs warnings and the socket error
    with hook:
        summary_up = run(db, [url])
    out, err = capsys.readouterr()
    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    assert "[redacted]" in logged  # apprise really logged the secret path (and it was scrubbed)
    everything = "\n".join([out, err, logged, json.dumps(summary_down), json.dumps(summary_up),
                            repr(parse_channel(url)), str(parse_channel(url))])
    for secret in (TOKEN, PATH_TOKEN, url):
        assert secret not in everything
    assert hook.posts[0]["path"] == f"/hooks/{PATH_TOKEN}"  # the token was really used
    assert hook.posts[0]["headers"]["Authorization"].startswith("Basic ")
    assert summary_up["channels"][0]["channel"].startswith("json ch-")
    raw = db.read_bytes() + (db.with_name(db.name + ".wal").read_bytes() if db.with_name(db.name + ".wal").exists() else b"")
    assert TOKEN.encode() not in raw and PATH_TOKEN.encode() not in raw


def test_redactor_covers_url_parts() -> None:
    url = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#alerts"
    r = Redactor([url, "mailtos://user:app-pass-1234@smtp.example.org?to=a@example.org"])
    text = ("posting to https://hooks.slack.com/services/T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ; "
            "login app-pass-1234; other json://bob:pw99@host/x")
    clean = r(text)
    for secret in ("T1JJ3T3L2", "A1BRTD4JD", "TIiajkdnlazkcOXrIdevi7FQ", "app-pass-1234", "bob:pw99"):
        assert secret not in clean
    assert "hooks.slack.com" in clean


# --- channel configuration ------------------------------------------------------------------


def test_channel_parsing_and_ids() -> None:
    a = parse_channel("json://127.0.0.1:9/hook?kv-ministries=BZK,VWS&kv-parties=CDA&x=1")
    b = parse_channel("json://127.0.0.1:9/hook?x=1")
    assert a.url == b.url == "json://127.0.0.1:9/hook?x=1"
    assert a.id == b.id and a.id.startswith("ch-") and len(a.id) == 19  # filters do not change the channel
    assert (a.ministries, a.parties, a.kinds) == (("BZK", "VWS"), ("CDA",), None)
    with pytest.raises(ChannelError, match="unknown filter"):
        parse_channel("json://h/x?kv-ministry=BZK")
    with pytest.raises(ChannelError, match="unknown alert kinds"):
        parse_channel("json://h/x?kv-kinds=late")
    assert split_urls("json://a/x, mailto://h?to=a@b.nl,c@d.nl\nslack://T/B/C") == [
        "json://a/x", "mailto://h?to=a@b.nl,c@d.nl", "slack://T/B/C"]


def test_channels_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_NOTIFY", "json://127.0.0.1:9/a,json://127.0.0.1:9/b,json://127.0.0.1:9/a")
    monkeypatch.delenv("KAMERVRAGEN_NOTIFY_BLOCK", raising=False)
    assert [c.url for c in load_channels()] == ["json://127.0.0.1:9/a", "json://127.0.0.1:9/b"]
    assert [c.url for c in load_channels(["json://127.0.0.1:9/c"])] == ["json://127.0.0.1:9/c"]


def test_invalid_url_is_refused_before_anything_is_recorded(db: Path) -> None:
    with pytest.raises(ChannelError) as info:
        run(db, ["nosuchscheme://tokenvalue123/x"])
    assert "tokenvalue123" not in str(info.value)
    assert rows(db, "SELECT count(*) FROM alerts") == [(0,)]


def test_watchlist_file_format(tmp_path: Path) -> None:
    path = tmp_path / "w.txt"
    path.write_text("2024Z 97972  wonen\n# comment\n\n2022Z00634\n", encoding="utf-8")
    assert store.read_watchlist_file(path) == [("2024Z97972", "wonen"), ("2022Z00634", None)]
    path.write_text("geen nummer\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"w\.txt:1"):
        store.read_watchlist_file(path)


# --- the CLI through a real Prefect flow run -------------------------------------------------


@pytest.mark.prefect
def test_cli_alert_runs_the_flow_and_keeps_the_token_out_of_prefect(db: Path, tmp_path: Path) -> None:
    """`kamervragen alert --notify URL`: a real flow run (temporary Prefect server), delivered once."""
    exe = EXE
    home = tmp_path / "prefect"
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120", "PREFECT_LOGGING_LEVEL": "DEBUG"}
    for name in ("PREFECT_API_URL", "KAMERVRAGEN_NOTIFY", "KAMERVRAGEN_NOTIFY_BLOCK"):
        env.pop(name, None)
    watch = tmp_path / "watch.txt"
    watch.write_text("2026Z92005 eigen vraag\n", encoding="utf-8")
    with WebhookReceiver() as hook:
        url = hook.url(path=f"/hooks/{PATH_TOKEN}", userinfo=f"kv:{TOKEN}")
        done = subprocess.run(
            [str(exe), "alert", "--db", str(db), "--as-of", AS_OF.isoformat(), "--notify", url,
             "--watchlist", str(watch)],
            env=env, capture_output=True, text=True, timeout=300,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    assert len(hook.posts) == 1
    message = hook.messages()[0]["message"]
    assert "2026Z92001" in message and "2026Z92005 · Bewaakte vraag · " in message
    assert f"answered {ago(2)} after 18 days · https://zoek.officielebekendmakingen.nl/ah-tk-" in message
    assert f"{parse_channel(url).label}: delivered" in done.stdout
    stored = b"".join(p.read_bytes() for p in home.rglob("*") if p.is_file())
    for secret in (TOKEN, PATH_TOKEN):
        assert secret not in done.stdout + done.stderr
        assert secret.encode() not in stored  # not a flow parameter, not a log line in Prefect's database
    assert "late-answers" in done.stderr  # it was a Prefect flow run


@pytest.mark.prefect
def test_cli_receiver_down_exit_code(db: Path, tmp_path: Path) -> None:
    """A failed delivery fails the flow run and the command (exit 1); the next run retries."""
    exe = EXE
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
           "KAMERVRAGEN_NOTIFY": f"json://127.0.0.1:{free_port()}/hook"}
    env.pop("PREFECT_API_URL", None)
    done = subprocess.run([str(exe), "alert", "--db", str(db), "--as-of", AS_OF.isoformat()],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr[-3000:]
    assert "will be retried next run" in done.stderr
    assert rows(db, "SELECT DISTINCT status FROM alerts") == [("failed",)]
