"""`kamervragen serve`: the deployments of `prefect.yaml` served on one machine, in one command.

Every schedule is defined once, in `prefect.yaml`: this module reads its `deployments`, turns
each entry into `flow.to_deployment(...)` (name, schedules with time zone, parameters, tags,
concurrency limit, triggers) and serves them with `prefect.serve(..., limit=1)`, so at most one
writer runs at a time. When `PREFECT_API_URL` is unset it first starts `prefect server start` on
loopback (its own session, so Ctrl-C reaches only this process) and waits until it is healthy.
Shutdown order matters: serve stops (cancelling runs, pausing schedules) before the server.
The same `prefect.yaml` deploys to a work pool with `prefect deploy --all` instead.
"""

from __future__ import annotations

import importlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

import httpx
import yaml

import config as app_config

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PORT = 4200
HEALTH_TIMEOUT = 120.0


def default_config() -> Path:
    """`./prefect.yaml` when present, else the project's own."""
    here = Path.cwd() / "prefect.yaml"
    return here if here.is_file() else PROJECT_ROOT / "prefect.yaml"


def load_config(path: str | Path) -> dict[str, Any]:
    """The parsed `prefect.yaml` (anchors resolved)."""
    with Path(path).open(encoding="utf-8") as fh:
        config = yaml.safe_load(fh) or {}
    if not isinstance(config.get("deployments"), list) or not config["deployments"]:
        raise ValueError(f"{path}: no deployments")
    return config


def entrypoint_module(entrypoint: str) -> tuple[str, str]:
    """`flows/ingest_flow.py:ingest` → (`flows.ingest_flow`, `ingest`)."""
    path, _, attr = entrypoint.rpartition(":")
    if not path or not attr or not path.endswith(".py"):
        raise ValueError(f"entrypoint {entrypoint!r}: expected path/to/module.py:function")
    return path.removesuffix(".py").replace("/", ".").replace("\\", "."), attr


def load_flow(entrypoint: str):
    """Import the flow object an entrypoint names."""
    module, attr = entrypoint_module(entrypoint)
    return getattr(importlib.import_module(module), attr)


def build_deployments(config: dict[str, Any]) -> list:
    """`RunnerDeployment`s for every `prefect.yaml` entry (module entrypoints: no cwd needed)."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig
    from prefect.deployments.runner import EntrypointType
    from prefect.events.schemas.deployment_triggers import DeploymentEventTrigger
    from prefect.schedules import Cron

    deployments = []
    for entry in config["deployments"]:
        flow = load_flow(entry["entrypoint"])
        schedules = []
        for s in entry.get("schedules") or []:
            if "cron" not in s:
                raise ValueError(f"deployment {entry['name']}: only cron schedules are supported here")
            schedules.append(Cron(s["cron"], timezone=s.get("timezone"), active=s.get("active", True)))
        limit = entry.get("concurrency_limit")
        if isinstance(limit, dict):
            limit = ConcurrencyLimitConfig(**limit)
        triggers = [DeploymentEventTrigger(**t) for t in entry.get("triggers") or []]
        deployments.append(flow.to_deployment(
            name=entry["name"],
            schedules=schedules,
            parameters=entry.get("parameters") or {},
            description=entry.get("description"),
            tags=entry.get("tags") or [],
            concurrency_limit=limit,
            triggers=triggers,
            entrypoint_type=EntrypointType.MODULE_PATH,
        ))
    return deployments


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something accepts connections on host:port."""
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def start_server(port: int, log_path: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`prefect server start` on 127.0.0.1:port in its own session, output to `log_path`."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    server_env = {**(env if env is not None else os.environ)}
    server_env.pop("PREFECT_API_URL", None)
    server_env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    prefect_exe = Path(sys.executable).with_name("prefect")
    cmd = [str(prefect_exe)] if prefect_exe.exists() else [sys.executable, "-m", "prefect"]
    with log_path.open("ab") as log:
        return subprocess.Popen(
            [*cmd, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=server_env, start_new_session=True,
        )


def wait_healthy(api_url: str, proc: subprocess.Popen | None = None, timeout: float = HEALTH_TIMEOUT) -> None:
    """Poll `<api>/health` until it answers 200; raise if the server process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"prefect server exited with code {proc.returncode} before it was healthy")
        with suppress(httpx.HTTPError):
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.5)
    raise TimeoutError(f"prefect server at {api_url} not healthy after {timeout:.0f} s")


def stop_process(proc: subprocess.Popen, timeout: float = 30.0) -> int | None:
    """SIGTERM the process group, then SIGKILL after `timeout`; return the exit code."""
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    return proc.returncode


def serve_project(
    config_path: str | Path | None = None,
    *,
    port: int = DEFAULT_PORT,
    limit: int = 1,
    db: str | None = None,
    echo: Callable[[str], None] = print,
) -> None:
    """Start a loopback server when `PREFECT_API_URL` is unset, then serve the deployments."""
    config_path = Path(config_path) if config_path else default_config()
    config = load_config(config_path)
    # flow runs (child processes) get an absolute path: they must not depend on their directory
    db_path = str(Path(db or app_config.get("DB")).resolve())
    os.environ[app_config.setting("DB").env] = db_path
    server: subprocess.Popen | None = None
    previous_term = signal.getsignal(signal.SIGTERM)

    def _terminate(signum, frame):  # until the runner installs its own handler
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    try:
        if not os.environ.get("PREFECT_API_URL"):
            if port_in_use(port):
                raise RuntimeError(
                    f"port {port} is in use: pass --port, or set PREFECT_API_URL=http://127.0.0.1:{port}/api "
                    "to use the Prefect server already running there"
                )
            home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")
            log_path = home / "kamervragen-server.log"
            server = start_server(port, log_path)
            api_url = f"http://127.0.0.1:{port}/api"
            echo(f"starting Prefect server on http://127.0.0.1:{port} (log: {log_path})")
            wait_healthy(api_url, server)
            os.environ["PREFECT_API_URL"] = api_url
            echo(f"Prefect UI: http://127.0.0.1:{port}")
        else:
            echo(f"using the Prefect server at {os.environ['PREFECT_API_URL']}")
        # Prefect is imported only now, after PREFECT_API_URL is final.
        from prefect import serve

        deployments = build_deployments(config)
        echo(f"serving {len(deployments)} deployments from {config_path} "
             f"(at most {limit} run(s) at a time; database {db_path})")
        serve(*deployments, limit=limit, print_starting_message=True)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous_term)
        if server is not None:
            drain_prefect_workers()
            echo("stopping Prefect server")
            stop_process(server)


def drain_prefect_workers() -> None:
    """Flush Prefect's log and event workers (a server stopped under them makes exit hang)."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with suppress(Exception):
            worker.drain_all(timeout=10)
