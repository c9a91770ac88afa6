"""An unreachable source (issue 20, item 6): fail fast, in a few lines, without tracebacks.

A name that does not resolve or a refused connection is not transient for a run: the client tries it
twice at most (`UnreachableError`, naming the host and the cause), and the commands that talk to the
sources print the host, the cause, `kamervragen doctor` and `kamervragen demo`, then exit 1, before
Prefect's start-up. Refused connections use a loopback port nothing listens on. Name resolution is
never asked of a real resolver: in this process `socket.getaddrinfo` is replaced for the test (the
socket guard stays on), and the commands run as subprocesses through a small wrapper that makes every
name but loopback fail to resolve, and counts the resolutions and connection attempts to the target.
Nothing here measures time: the lines, the exit code and the attempts are counted.
"""

from __future__ import annotations

import os
import pickle
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from replay.server import ReplayServer
from scrapers.http_client import FetchError, HttpClient, UnreachableError
from scrapers.settings import ClientSettings
from tests.replay_fixtures import closed_port

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 15

# Runs `kamervragen` with every name but loopback unresolvable; writes the number of resolutions of
# non-loopback names plus connection attempts to `target` (host:port) to the count file at exit.
WRAPPER = '''
import atexit, socket, sys
from pathlib import Path

count_file, target = Path(sys.argv[1]), sys.argv[2]
real_resolve, real_connect = socket.getaddrinfo, socket.create_connection
count = [0]

def resolve(host, port, *args, **kwargs):
    if host not in ("127.0.0.1", "localhost", "::1"):
        count[0] += 1
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return real_resolve(host, port, *args, **kwargs)

def connect(address, *args, **kwargs):
    if f"{address[0]}:{address[1]}" == target:
        count[0] += 1
    return real_connect(address, *args, **kwargs)

socket.getaddrinfo, socket.create_connection = resolve, connect
atexit.register(lambda: count_file.write_text(str(count[0])))
sys.argv = ["kamervragen", *sys.argv[3:]]
from cli.app import main
main()
'''


def make_client(**kwargs: object) -> HttpClient:
    options: dict[str, object] = {"settings": ClientSettings(), "min_interval": 0.0, "backoff_base": 0.01,
                                  "backoff_max": 0.02, "max_attempts": 5, "connect_timeout": 2.0}
    options.update(kwargs)
    return HttpClient(**options)  # type: ignore[arg-type]


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every TCP connection attempt of this process (httpcore and the probe use `socket.create_connection`)."""
    seen: list[tuple[str, int]] = []
    real = socket.create_connection

    def counting(address, *args, **kwargs):
        seen.append((address[0], int(address[1])))
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", counting)
    return seen


@pytest.fixture
def no_dns(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """`nonexistent.invalid` does not resolve (without asking a resolver); the names asked are listed."""
    asked: list[str] = []
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        if host == "nonexistent.invalid":
            asked.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return asked


# --- the client ----------------------------------------------------------------------------------
def test_a_refused_connection_is_tried_twice_not_max_attempts(connects: list[tuple[str, int]]) -> None:
    port = closed_port()
    with make_client() as http:
        with pytest.raises(UnreachableError) as info:
            http.get(f"http://127.0.0.1:{port}/sru")
        assert (http.request_count, http.retry_count) == (2, 1)
    assert connects == [("127.0.0.1", port)] * 2  # 2 of the 5 attempts a 503 would get
    err = info.value
    assert (err.host, err.cause.split(" (")[0]) == (f"127.0.0.1:{port}", "the connection was refused")
    assert "gave up after 2 attempts" in str(err) and f"http://127.0.0.1:{port}/sru" in str(err)


def test_a_name_that_does_not_resolve_is_tried_twice(no_dns: list[str]) -> None:
    with make_client() as http:
        with pytest.raises(UnreachableError) as info:
            http.get("http://nonexistent.invalid/sru")
        assert http.request_count == 2
    assert no_dns == ["nonexistent.invalid"] * 2
    assert (info.value.host, info.value.cause.split(" (")[0]) == ("nonexistent.invalid:80",
                                                                  "the name does not resolve")


def test_one_attempt_when_max_attempts_is_one(connects: list[tuple[str, int]]) -> None:
    with make_client(max_attempts=1) as http, pytest.raises(UnreachableError):
        http.get(f"http://127.0.0.1:{closed_port()}/x")
    assert len(connects) == 1


def test_unreachable_error_pickles() -> None:
    err = UnreachableError("http://x/y", "cannot reach x:80: refused", host="x:80", cause="refused")
    copy = pickle.loads(pickle.dumps(err))
    assert isinstance(copy, UnreachableError) and isinstance(copy, FetchError)
    assert (copy.url, copy.host, copy.cause, str(copy)) == ("http://x/y", "x:80", "refused", str(err))


def test_check_reachable_connects_without_a_request(connects: list[tuple[str, int]]) -> None:
    with ReplayServer() as server, make_client() as http:
        http.check_reachable(server.sru_url)
        assert server.request_count == 0 and http.request_count == 0
        assert connects == [("127.0.0.1", server.port)]


def test_check_reachable_fails_fast(connects: list[tuple[str, int]], no_dns: list[str]) -> None:
    port = closed_port()
    with make_client() as http:
        with pytest.raises(UnreachableError) as info:
            http.check_reachable(f"http://127.0.0.1:{port}/sru")
        assert info.value.host == f"127.0.0.1:{port}"
        with pytest.raises(UnreachableError) as info:
            http.check_reachable("https://nonexistent.invalid/sru")
        assert info.value.host == "nonexistent.invalid:443"
    assert connects.count(("127.0.0.1", port)) == 2 and no_dns == ["nonexistent.invalid"] * 2


def test_check_reachable_leaves_a_proxied_host_to_the_proxy(
        monkeypatch: pytest.MonkeyPatch, connects: list[tuple[str, int]]) -> None:
    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    with make_client() as http:
        http.check_reachable("https://nonexistent.invalid/sru")  # only the proxy is reached: not checked
    assert connects == []


# --- the commands --------------------------------------------------------------------------------
def run_wrapped(args: list[str], target: str, tmp_path: Path, *, exe: list[str] | None = None,
                cwd: Path | None = None) -> tuple[int, str, int]:
    """(exit code, stdout + stderr, resolutions + connection attempts to `target`) of one command."""
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(WRAPPER)
    counted = tmp_path / f"count-{len(list(tmp_path.glob('count-*')))}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and "proxy" not in k.lower()}
    env.update({"PREFECT_HOME": str(tmp_path / "prefect"), "KAMERVRAGEN_BACKOFF_BASE": "0.01",
                "KAMERVRAGEN_DB": str(tmp_path / "kv.duckdb"), "PYTHONPATH": str(ROOT)})
    command = exe or [sys.executable, str(wrapper), str(counted), target]
    done = subprocess.run([*command, *args], env=env, capture_output=True, text=True, timeout=300,
                          cwd=cwd or tmp_path)
    return done.returncode, done.stdout + done.stderr, int(counted.read_text()) if counted.exists() else -1


def assert_reported(code: int, output: str, host: str) -> None:
    assert code == 1, output
    assert len(output.splitlines()) <= MAX_LINES, output
    assert "Traceback" not in output and "Finished in state" not in output, output
    assert f"cannot reach {host}" in output, output
    assert "kamervragen doctor" in output and "kamervragen demo" in output, output


@pytest.mark.parametrize("command", [
    ["ingest"], ["backfill", "--since", "2024-01-01"], ["fetch", "ah-tk-20202021-3235"]])
def test_commands_on_a_refused_connection(tmp_path: Path, command: list[str]) -> None:
    port = closed_port()
    target = f"127.0.0.1:{port}"
    code, output, attempts = run_wrapped([*command, "--sru-url", f"http://{target}/sru"], target, tmp_path)
    assert_reported(code, output, target)
    assert attempts == 2
    assert not (tmp_path / "kv.duckdb").exists()  # stopped before the warehouse was opened


@pytest.mark.parametrize("command", [["ingest"], ["backfill", "--since", "2024-01-01"], ["fetch", "x-1"]])
def test_commands_on_a_name_that_does_not_resolve(tmp_path: Path, command: list[str]) -> None:
    code, output, resolutions = run_wrapped([*command, "--sru-url", "http://nonexistent.invalid/sru"], "", tmp_path)
    assert_reported(code, output, "nonexistent.invalid:80")
    assert resolutions == 2


def test_tk_sync_on_a_refused_connection(tmp_path: Path) -> None:
    target = f"127.0.0.1:{closed_port()}"
    code, output, attempts = run_wrapped(["tk-sync", "--tk-url", f"http://{target}/SyncFeed/2.0"], target, tmp_path)
    assert_reported(code, output, target)
    assert attempts == 2


def test_ingest_with_the_default_source_unreachable(tmp_path: Path) -> None:
    """The new user's case: no options, no network: the live host is named."""
    code, output, resolutions = run_wrapped(["ingest"], "", tmp_path)
    assert_reported(code, output, "repository.overheid.nl:443")
    assert resolutions == 2


# --- scripts/setup.sh and scripts/run.sh -------------------------------------------------------------
FAKE_PYTHON = '''#!/usr/bin/env bash
# stands in for .venv/bin/python: `-m pip …` is logged (not run), anything else runs the real Python
if [ "${1:-}" = "-m" ] && [ "${2:-}" = "pip" ]; then echo "$*" >> "$(dirname "$0")/pip.log"; exit 0; fi
exec "%s" "$@"
'''


def fake_tree(tmp_path: Path) -> Path:
    """A copy of the scripts and the files setup.sh hashes, with a `.venv` whose python logs pip runs
    and whose `kamervragen` is the wrapper (names other than loopback do not resolve)."""
    tree = tmp_path / "tree"
    (tree / "scripts").mkdir(parents=True)
    for name in ("scripts/setup.sh", "scripts/run.sh", "pyproject.toml", "constraints.txt"):
        shutil.copy(ROOT / name, tree / name)
    bin_dir = tree / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").write_text(FAKE_PYTHON % sys.executable)
    (tmp_path / "wrapper.py").write_text(WRAPPER)
    (bin_dir / "kamervragen").write_text(
        f'#!/usr/bin/env bash\nexec "{sys.executable}" "{tmp_path / "wrapper.py"}" "{tmp_path / "count-run"}" "" "$@"\n')
    for exe in ("python", "kamervragen"):
        (bin_dir / exe).chmod(0o755)
    return tree


def pip_runs(tree: Path) -> list[str]:
    log = tree / ".venv" / "bin" / "pip.log"
    return log.read_text().splitlines() if log.exists() else []


def test_setup_reinstalls_only_when_the_dependencies_change(tmp_path: Path) -> None:
    tree = fake_tree(tmp_path)

    def setup() -> None:
        done = subprocess.run(["bash", "scripts/setup.sh"], cwd=tree, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr

    setup()
    assert pip_runs(tree) == ["-m pip install -q --upgrade pip", "-m pip install -q -c constraints.txt -e .[dev]"]
    setup()
    assert len(pip_runs(tree)) == 2  # nothing changed: no pip run
    with (tree / "constraints.txt").open("a") as f:
        f.write("\n# changed\n")
    setup()
    assert len(pip_runs(tree)) == 4


def test_run_sh_on_an_unreachable_source_stops_with_the_advice(tmp_path: Path) -> None:
    tree = fake_tree(tmp_path)
    subprocess.run(["bash", "scripts/setup.sh"], cwd=tree, capture_output=True, timeout=120, check=True)
    code, output, _ = run_wrapped([], "", tmp_path, exe=["bash", "scripts/run.sh"], cwd=tree)
    assert_reported(code, output, "repository.overheid.nl:443")
    assert "run.sh: stopped" in output
    assert int((tmp_path / "count-run").read_text()) == 2  # two resolutions, then it stopped
    assert len(pip_runs(tree)) == 2  # the set-up was done once, not again
