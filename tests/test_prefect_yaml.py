"""prefect.yaml: entrypoints import, schedules are exactly the documented ones (snapshot)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
import yaml

from flows.serve import build_deployments, entrypoint_module, load_config, load_flow

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "prefect.yaml"

# deployment → (flow, cron, time zone, parameters): the schedule table of docs/operations.md, as a snapshot
SNAPSHOT = {
    "ingest-hourly": ("ingest", "0 7-22 * * 1-5", "Europe/Amsterdam", {}),
    "reconcile-nightly": ("ingest", "30 2 * * *", "Europe/Amsterdam", {"lookback_days": 30}),
    "tk-history-nightly": ("tk-history", "0 1 * * *", "Europe/Amsterdam", {}),
    "late-answers-daily": ("late-answers", "0 8 * * *", "Europe/Amsterdam", {}),
}
TABLE_ROW = re.compile(r"^\| `([a-z0-9-]+)` \| `([a-z0-9-]+)` \| `([^`]+)` \|", re.MULTILINE)


@pytest.fixture(scope="module")
def config() -> dict:
    return load_config(CONFIG)


def test_schedules_match_the_snapshot(config: dict) -> None:
    found = {}
    for d in config["deployments"]:
        (schedule,) = d["schedules"]
        found[d["name"]] = (load_flow(d["entrypoint"]).name, schedule["cron"], schedule["timezone"],
                            d.get("parameters") or {})
    assert found == SNAPSHOT


def test_documented_table_says_the_same(config: dict) -> None:
    """docs/operations.md holds the schedule table; any other page that lists deployments agrees."""
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    tables = {p.name: {m.group(1): (m.group(2), m.group(3)) for m in TABLE_ROW.finditer(p.read_text("utf-8"))}
              for p in documents}
    tables = {name: rows for name, rows in tables.items() if set(rows) & set(SNAPSHOT)}
    assert "operations.md" in tables, "no schedule table in docs/operations.md"
    for name, rows in tables.items():
        assert rows == {k: (v[0], v[1]) for k, v in SNAPSHOT.items()}, name


def test_every_entrypoint_imports_a_flow_and_its_parameters_exist(config: dict) -> None:
    from prefect import Flow

    for d in config["deployments"]:
        path, _ = d["entrypoint"].split(":")
        assert (ROOT / path).is_file()
        module, attr = entrypoint_module(d["entrypoint"])
        flow = load_flow(d["entrypoint"])
        assert isinstance(flow, Flow), (module, attr)
        names = set(inspect.signature(flow.fn).parameters)
        assert set(d.get("parameters") or {}) <= names, d["name"]
        for trigger in d.get("triggers") or []:
            assert set(trigger.get("parameters") or {}) <= names, d["name"]


def test_writers_are_limited_and_share_one_work_pool(config: dict) -> None:
    for d in config["deployments"]:
        assert d["concurrency_limit"] == {"limit": 1, "collision_strategy": "ENQUEUE"}, d["name"]
        assert d["work_pool"]["name"] == "kamervragen"
        assert "writer" in d["tags"]
    assert "pull" not in config  # prefect deploy records the project directory


def test_serve_builds_the_same_deployments(config: dict) -> None:
    deployments = {d.name: d for d in build_deployments(config)}
    assert set(deployments) == set(SNAPSHOT)
    for name, (flow, cron, tz, params) in SNAPSHOT.items():
        dep = deployments[name]
        (schedule,) = dep.schedules
        assert (dep.flow_name, schedule.schedule.cron, schedule.schedule.timezone, dep.parameters) == (
            flow, cron, tz, params)
        assert schedule.active is True
        assert dep.concurrency_limit == 1
        module, attr = entrypoint_module(yaml_entry(config, name)["entrypoint"])
        assert dep.entrypoint == f"{module}.{attr}"  # module path: runs do not depend on their cwd
    (trigger,) = deployments["late-answers-daily"].triggers
    assert trigger.expect == {"prefect.flow-run.Failed", "prefect.flow-run.Crashed"}
    assert trigger.match_related.root == {"prefect.resource.role": "flow", "prefect.resource.name": "ingest"}
    assert trigger.parameters == {"kinds": ["ingest_failed", "ingest_stale"]}


def yaml_entry(config: dict, name: str) -> dict:
    return next(d for d in config["deployments"] if d["name"] == name)


def test_prefect_version_matches_the_pin() -> None:
    raw = yaml.safe_load(CONFIG.read_text())
    pin = re.search(r'"prefect==([0-9.]+)"', (ROOT / "pyproject.toml").read_text())
    assert pin and raw["prefect-version"] == pin.group(1)
