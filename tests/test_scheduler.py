"""Schedules on a real Prefect server (guards against the silent scheduler failure in engineering.md).

1. `kamervragen serve` (no PREFECT_API_URL) starts its own server on a free loopback port and
   serves the `late-answers` deployment of prefect.yaml with a cron schedule: the server's
   scheduler creates runs, they complete, the webhook gets exactly one digest over several runs,
   the Failed/Crashed-ingest automation exists, and SIGTERM stops serve and then the server.
2. The real prefect.yaml through a `process` work pool: a server started by the test,
   `prefect deploy --all`, the cron deployments get scheduled runs, `prefect worker start` runs
   an ingest (against the local replay server), and a failing ingest fires the automation that
   sends the `ingest_failed` alert.
No Prefect import in this process: everything Prefect runs in subprocesses.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import yaml

from replay.demo_corpus import build_demo_corpus
from replay.server import ReplayServer, Scripted
from schemas.clock import today_amsterdam
from tests.alert_data import RECENT_OVERDUE, build_db
from tests.alert_receivers import WebhookReceiver, free_port
from tests.replay_fixtures import diagnostics_body
from warehouse.db import connect

pytestmark = pytest.mark.prefect  # every test starts a Prefect server

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PREFECT = str(BIN / "prefect")
KAMERVRAGEN = str(BIN / "kamervragen")
TOKEN = "T0kenInTheSecretBlock42"


def base_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PREFECT_", "KAMERVRAGEN_NOTIFY")) and k != "KAMERVRAGEN_DB"}
    env.update({
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        "KAMERVRAGEN_MIN_INTERVAL": "0",
    })
    return env


WAIT_LIMIT = 300  # seconds; pytest's --timeout (600) stops the whole test


def wait_for(check: Callable[[], Any], what: str, log: Path | None = None,
             alive: subprocess.Popen | None = None) -> Any:
    """Poll `check` until it returns something true (a condition, looked at twice a second); fails at
    once when the `alive` process has exited meanwhile, and after WAIT_LIMIT seconds, which only turns
    a hang into a failure with the log's tail (no claim about speed)."""
    deadline = time.monotonic() + WAIT_LIMIT
    while True:
        try:
            value = check()
        except httpx.HTTPError:
            value = None
        if value:
            return value
        exited = alive is not None and alive.poll() is not None
        if exited or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
            why = f"process exited ({alive.returncode})" if exited else f"still, after {WAIT_LIMIT} s,"
            raise AssertionError(f"{why} waiting for {what}\n{tail}")
        time.sleep(0.5)


def post(api: str, path: str, body: dict | None = None) -> Any:
    response = httpx.post(f"{api}{path}", json=body or {}, timeout=None)
    response.raise_for_status()
    return response.json()


def healthy(api: str) -> bool:
    return httpx.get(f"{api}/health", timeout=2).status_code == 200


def deployment(api: str, flow: str, name: str) -> dict | None:
    response = httpx.get(f"{api}/deployments/name/{flow}/{name}", timeout=None)
    return response.json() if response.status_code == 200 else None


def runs_of(api: str, deployment_id: str) -> list[dict]:
    return post(api, "/flow_runs/filter", {"flow_runs": {"deployment_id": {"any_": [deployment_id]}}, "limit": 200})


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Signal the process (group leader only) and wait for it to end by itself."""
    if proc.poll() is None:
        proc.send_signal(sig)
        proc.wait()


def kill_group(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def port_open(port: int) -> bool:
    import socket

    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_serve_starts_a_server_and_a_cron_deployment_runs_on_schedule(tmp_path: Path) -> None:
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    db = build_db(tmp_path / "kv.duckdb", today)
    real = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    entry = next(d for d in real["deployments"] if d["name"] == "late-answers-daily")
    entry = {**entry, "name": "late-answers-test",
             "schedules": [{"cron": "* * * * * */5", "timezone": "Europe/Amsterdam"}]}  # every 5 s
    config = tmp_path / "prefect.yaml"
    config.write_text(yaml.safe_dump({"deployments": [entry]}))
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    log = tmp_path / "serve.log"
    with WebhookReceiver() as hook, log.open("wb") as out:
        env = {**base_env(tmp_path / "home"), "KAMERVRAGEN_DB": str(db), "KAMERVRAGEN_NOTIFY": hook.url()}
        proc = subprocess.Popen([KAMERVRAGEN, "serve", "--config", str(config), "--port", str(port)],
                                env=env, stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path,
                                start_new_session=True)
        try:
            wait_for(lambda: healthy(api), "the server started by serve", log, alive=proc)
            dep = wait_for(lambda: deployment(api, "late-answers", "late-answers-test"), "deployment", log, alive=proc)
            assert dep["schedules"][0]["schedule"] == {"cron": "* * * * * */5", "timezone": "Europe/Amsterdam",
                                                       "day_or": True}

            def completed() -> list[dict]:
                done = [r for r in runs_of(api, dep["id"]) if r["state_type"] == "COMPLETED"]
                return done if len(done) >= 2 else []

            done = wait_for(completed, "two completed scheduled runs", log, alive=proc)
            assert all(r["auto_scheduled"] for r in done)  # made by the server's scheduler from the cron
            assert any(r["state_type"] == "SCHEDULED" for r in runs_of(api, dep["id"]))
            assert len(hook.posts) == 1  # several completed runs (each posted before completing), one digest
            automations = post(api, "/automations/filter")
            (auto,) = [a for a in automations if a["name"] == "kamervragen-ingest-failed"]
            assert set(auto["trigger"]["expect"]) == {"prefect.flow-run.Failed", "prefect.flow-run.Crashed"}
            assert auto["actions"][0]["deployment_id"] == dep["id"]
        finally:
            stop(proc)
    text = log.read_text(errors="replace")
    assert proc.returncode == 0, text[-3000:]  # SIGTERM: serve stopped itself cleanly
    assert not port_open(port)  # the server went down with it
    assert text.index("Pausing all deployments") < text.index("stopping Prefect server")  # serve first
    numbers = {x[2:].split(" · ")[0] for x in hook.messages()[0]["message"].splitlines() if x.startswith("- ")}
    assert numbers == RECENT_OVERDUE | {"2026Z92002"}


def test_prefect_yaml_through_a_process_work_pool_and_worker(tmp_path: Path) -> None:
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = base_env(tmp_path / "home")
    server_log, worker_log = tmp_path / "server.log", tmp_path / "worker.log"
    db = tmp_path / "kv.duckdb"
    with server_log.open("wb") as out:
        server = subprocess.Popen([PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                                  env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    worker: subprocess.Popen | None = None
    try:
        with ReplayServer() as sru, WebhookReceiver() as hook:
            build_demo_corpus(sru, today=today_amsterdam())  # the day the ingest's window ends
            env.update({"PREFECT_API_URL": api, "KAMERVRAGEN_DB": str(db), "KAMERVRAGEN_SRU_URL": sru.sru_url,
                        "KAMERVRAGEN_NOTIFY_BLOCK": "kamervragen-notify"})
            notify_url = hook.url(path=f"/hooks/{TOKEN}")

            def cli(*args: str) -> str:
                done = subprocess.run([PREFECT, *args], env=env, cwd=ROOT, capture_output=True, text=True)
                assert done.returncode == 0, f"prefect {' '.join(args)}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
                return done.stdout

            wait_for(lambda: healthy(api), "prefect server start", server_log, alive=server)
            # the channel lives in a Prefect Secret block, as docs/alerts.md recommends for servers
            saved = subprocess.run(
                [sys.executable, "-c", "import sys; from prefect.blocks.system import Secret; "
                 "Secret(value=sys.stdin.read()).save('kamervragen-notify')"],
                input=notify_url, env=env, capture_output=True, text=True)
            assert saved.returncode == 0, saved.stderr[-2000:]
            cli("work-pool", "create", "kamervragen", "--type", "process")
            cli("work-pool", "set-concurrency-limit", "kamervragen", "1")
            cli("--no-prompt", "deploy", "--all")
            deps = {d["name"]: d for d in post(api, "/deployments/filter")}
            assert set(deps) == {"ingest-hourly", "reconcile-nightly", "tk-history-nightly", "late-answers-daily"}
            assert deps["ingest-hourly"]["pull_steps"] == [
                {"prefect.deployments.steps.set_working_directory": {"directory": str(ROOT)}}]
            assert all(d["work_pool_name"] == "kamervragen" for d in deps.values())

            # the scheduler turns the real crons (Europe/Amsterdam) into scheduled runs
            def scheduled() -> list[dict]:
                found = runs_of(api, deps["ingest-hourly"]["id"])
                return found if found and all(r["auto_scheduled"] for r in found) else []

            upcoming = wait_for(scheduled, "scheduled ingest-hourly runs", server_log, alive=server)
            for r in upcoming:
                start = datetime.fromisoformat(r["expected_start_time"]).astimezone(ZoneInfo("Europe/Amsterdam"))
                assert start.minute == 0 and 7 <= start.hour <= 22 and start.isoweekday() <= 5
            cli("--no-prompt", "deployment", "schedule", "pause", "--all")  # nothing else may start now

            with worker_log.open("wb") as out:
                worker = subprocess.Popen([PREFECT, "worker", "start", "--pool", "kamervragen"], env=env,
                                          stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path,
                                          start_new_session=True)

            def state_of(flow_run_id: str) -> str | None:
                r = httpx.get(f"{api}/flow_runs/{flow_run_id}", timeout=None).json()
                return r["state_type"] if r["state_type"] in ("COMPLETED", "FAILED", "CRASHED") else None

            def run_deployment(name: str) -> str:
                out = cli("deployment", "run", name)
                return next(w for w in out.split() if len(w) == 36 and w.count("-") == 4)

            first = run_deployment("ingest/ingest-hourly")
            assert wait_for(lambda: state_of(first), "the worker's ingest run", worker_log, alive=worker) == "COMPLETED"
            con = connect(db, read_only=True)
            try:
                # a fresh warehouse: the 60 days up to today, by dt.modified. By hand from the corpus
                # (relative to today): the 10 SYNTHETIC scenario sets (not 2022Z00634), and 18 of the 40 random
                # ones (seed 7): 11 by their question, 7 more by an answer or notice only
                assert con.execute("SELECT count(*) FROM question_sets").fetchall()[0][0] == 10 + 18
                assert con.execute("SELECT outcome FROM ingest_runs").fetchall() == [("success",)]
            finally:
                con.close()

            # a failing ingest: the deployment trigger runs late-answers for the ingest alerts only
            sru.script("/sru", [Scripted(body=diagnostics_body("Service tijdelijk niet beschikbaar"))])
            second = run_deployment("ingest/ingest-hourly")
            assert wait_for(lambda: state_of(second), "the failing ingest run", worker_log, alive=worker) == "FAILED"
            wait_for(lambda: hook.posts, "the ingest_failed alert", worker_log, alive=worker)
            (message,) = hook.messages()
            assert "ingest run 2 failed" in message["message"] and "Service tijdelijk" in message["message"]
            assert "Overdue" not in message["message"]  # the triggered run sent ingest alerts only
            assert hook.posts[0]["path"] == f"/hooks/{TOKEN}"
            alert_runs = runs_of(api, deps["late-answers-daily"]["id"])
            assert [r["parameters"] for r in alert_runs] == [{"kinds": ["ingest_failed", "ingest_stale"]}]
    finally:
        if worker is not None:
            kill_group(worker)
        kill_group(server)
    assert not port_open(port)
    assert "ingest_failed" in worker_log.read_text(errors="replace")  # the flow runs' logs are there
    assert TOKEN not in worker_log.read_text(errors="replace")

