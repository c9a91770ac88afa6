"""`config.py`: the one place every `KAMERVRAGEN_*` setting is defined, validated and documented."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

import config
from scrapers.settings import ClientSettings
from tests.harness import EXE
from warehouse.db import Settings

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("schemas", "scrapers", "warehouse", "pipeline", "flows", "cli", "replay")
NAME = re.compile(r"KAMERVRAGEN_[A-Z][A-Z_]*[A-Z]")


def product_files() -> list[Path]:
    return sorted(p for top in PRODUCT for p in (ROOT / top).rglob("*.py"))


def test_defaults_and_parsing_from_an_explicit_environment() -> None:
    assert config.get("DB", {}) == "data/kamervragen.duckdb"
    assert config.get("KAMERVRAGEN_DB", {"KAMERVRAGEN_DB": " /srv/k.duckdb "}) == "/srv/k.duckdb"
    assert config.get("PAGE_SIZE", {"KAMERVRAGEN_PAGE_SIZE": "250"}) == 250
    assert config.get("MIN_INTERVAL", {"KAMERVRAGEN_MIN_INTERVAL": "0"}) == 0.0
    assert config.get("BACKFILL_PARSE_WORKERS", {}, default=3) == 3  # computed by the caller
    assert config.get("BACKFILL_PARSE_WORKERS", {"KAMERVRAGEN_BACKFILL_PARSE_WORKERS": "0"}, default=3) == 0
    assert config.get("PAGE_SIZE", {"KAMERVRAGEN_PAGE_SIZE": "   "}) == 1000  # blank is unset


@pytest.mark.parametrize(("name", "text", "message"), [
    ("PAGE_SIZE", "many", "KAMERVRAGEN_PAGE_SIZE='many' is not an integer"),
    ("PAGE_SIZE", "0", "KAMERVRAGEN_PAGE_SIZE=0 must be >= 1"),
    ("MIN_INTERVAL", "-1", "KAMERVRAGEN_MIN_INTERVAL=-1.0 must be >= 0"),
    ("STALE_HOURS", "0", "KAMERVRAGEN_STALE_HOURS=0.0 must be > 0"),
    ("BACKFILL_REBUILD", "later", "KAMERVRAGEN_BACKFILL_REBUILD='later' must be one of end, batch"),
    ("MEMORY_LIMIT", "lots", "KAMERVRAGEN_MEMORY_LIMIT='lots' is not a size such as '256MB' or '1GiB'"),
])
def test_a_bad_value_is_an_error_naming_the_variable(name: str, text: str, message: str) -> None:
    with pytest.raises(ValueError) as err:
        config.get(name, {f"KAMERVRAGEN_{name}": text})
    assert str(err.value) == message


def test_values_are_read_when_asked_not_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_TERM_DAYS", "14")
    monkeypatch.setenv("KAMERVRAGEN_READ_TIMEOUT", "7.5")
    assert Settings.from_env().term_days == 14
    assert ClientSettings.from_env().read_timeout == 7.5


def test_in_effect_masks_secrets_and_names_invalid_values() -> None:
    env = {"KAMERVRAGEN_NOTIFY": "mailtos://u:hunter2@smtp.example.org", "KAMERVRAGEN_LOCK_WAIT": "soon"}
    rows = {s.env: (value, origin) for s, value, origin in config.in_effect(env)}
    assert rows["KAMERVRAGEN_NOTIFY"] == ("***", "environment")
    assert rows["KAMERVRAGEN_LOCK_WAIT"] == ("soon", "INVALID: KAMERVRAGEN_LOCK_WAIT='soon' is not a number")
    assert rows["KAMERVRAGEN_DB"] == ("data/kamervragen.duckdb", "default")
    assert "hunter2" not in repr(rows)
    assert len(rows) == len(config.SETTINGS)


def test_the_documented_table_is_the_generated_one() -> None:
    page = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    assert page.count("<!-- settings:begin -->") == page.count("<!-- settings:end -->") == 1
    block = page.split("<!-- settings:begin -->\n", 1)[1].split("<!-- settings:end -->", 1)[0]
    assert block.strip() == config.markdown_table()


def test_every_variable_named_anywhere_is_defined() -> None:
    """A `KAMERVRAGEN_*` name in the code, README or docs/ that config.py does not define fails."""
    texts = [p.read_text("utf-8") for p in product_files()]
    texts += [(ROOT / "README.md").read_text("utf-8"), (ROOT / "prefect.yaml").read_text("utf-8")]
    texts += [p.read_text("utf-8") for p in (ROOT / "docs").glob("*.md")]
    named = {m for text in texts for m in NAME.findall(text)}
    # SERIES_<NAME> is the doctor's way of naming the family in a message
    unknown = {n for n in named if n.removeprefix("KAMERVRAGEN_") not in config.SETTINGS} - {"KAMERVRAGEN_SERIES"}
    assert unknown == set()


def test_variables_are_read_only_through_config() -> None:
    """No product module spells a variable's full name as a string of its own (to read or set it):
    `config.get(...)`, or `config.setting(...).env` for the Typer options and the demo."""
    found = set()
    for path in product_files():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and NAME.fullmatch(node.value):
                found.add((path.relative_to(ROOT).as_posix(), node.value))
    assert found == set()


def test_the_config_command_lists_every_setting_and_exits_2_on_a_bad_one(tmp_path: Path) -> None:
    exe = EXE
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "KAMERVRAGEN_PAGE_SIZE": "many",
           "KAMERVRAGEN_NOTIFY": "json://token-123@example.org"}
    done = subprocess.run([str(exe), "config", "--format", "json"], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 2
    assert "config: KAMERVRAGEN_PAGE_SIZE: KAMERVRAGEN_PAGE_SIZE='many' is not an integer" in done.stderr
    assert "token-123" not in done.stdout + done.stderr
    import json

    rows = {r["variable"]: r for r in json.loads(done.stdout)}
    assert len(rows) == len(config.SETTINGS)
    assert rows["KAMERVRAGEN_NOTIFY"]["value"] == "***"
    assert rows["KAMERVRAGEN_TERM_DAYS"] == {"variable": "KAMERVRAGEN_TERM_DAYS", "value": "21", "from": "default",
                                             "meaning": "the answering term, days (the Chamber's rule: 3 weeks)"}
