"""Atomic publish (publish/publisher.py): a failed or killed build leaves the served site as it was.

The demo corpus (tests/site_data.py) is built once; then a build that fails midway (an exception
after files were written) and a build killed midway with a real SIGKILL (in a child process that
reports when it has written files, then waits to be killed) must leave every served file
byte-for-byte as it was, and the next build must publish normally.
"""

from __future__ import annotations

import copy
import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

import publish.build
from publish.build import build_site
from publish.publisher import builds_dir, current_build
from tests.harness import EXE
from tests.site_data import TODAY, ingest_demo
from warehouse.read import open_read
from warehouse.site_read import read_site_data

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest_demo(tmp_path_factory.mktemp("publish-demo") / "demo.duckdb")


@pytest.fixture(scope="module")
def data(demo_db: Path):
    with open_read(demo_db) as con:
        return read_site_data(con, TODAY)


def snapshot(out: Path) -> dict[str, str]:
    """Every file served under `out` (through its link), as path → sha256."""
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def retitled(data, vraagnummer: str, title: str):
    changed = copy.deepcopy(data)
    next(s for s in changed.sets if s["vraagnummer"] == vraagnummer)["title"] = title
    return changed


def test_published_folder_is_a_link_switched_to_a_complete_build(data, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = build_site(data, out, now=NOW, search=False)
    assert out.is_symlink() and first.out == out
    build1 = current_build(out)
    assert build1 is not None and build1.parent == builds_dir(out)
    before = snapshot(out)
    assert len(before) == first.pages + 1  # the pages plus the manifest
    second = build_site(retitled(data, "2026Z90002", "Een nieuwe titel"), out, now=NOW, search=False)
    build2 = current_build(out)
    assert build2 != build1 and not build1.exists()  # the previous build is removed after the switch
    assert sorted(os.listdir(builds_dir(out))) == [build2.name]
    after = snapshot(out)
    assert {k for k in after if after[k] != before.get(k)} == set(second.written_files) | {".site-manifest.json"}
    # an unchanged file is the same inode (a hard link), a rewritten one a new file
    assert (build2 / "vragen/2026Z90001/index.html").stat().st_nlink == 1
    assert "Een nieuwe titel" in (out / "vragen/2026Z90002/index.html").read_text("utf-8")


def test_a_plain_folder_from_before_is_adopted(data, tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / "vragen").mkdir(parents=True)
    (out / "oud.txt").write_text("van voor de atomaire publicatie")
    build_site(data, out, now=NOW, search=False)
    assert out.is_symlink() and (out / "oud.txt").read_text() == "van voor de atomaire publicatie"
    assert (out / "vragen/2022Z00634/index.html").is_file()
    assert [p.name for p in builds_dir(out).iterdir()] == [current_build(out).name]


def test_a_failing_build_leaves_the_previous_site_as_it_was(data, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    build_site(data, out, now=NOW, search=False)
    served, before = current_build(out), snapshot(out)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(publish.build, "_home", broken)  # after every set page and feed was written
    with pytest.raises(RuntimeError, match="disk full"):
        build_site(retitled(data, "2026Z90002", "Half gebouwd"), out, now=NOW, search=False)
    assert current_build(out) == served and snapshot(out) == before
    assert os.listdir(builds_dir(out)) == [served.name]  # the staging folder is gone


KILLED_BUILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from datetime import date
    import publish.output
    from publish.build import build_site
    from warehouse.read import open_read
    from warehouse.site_read import read_site_data

    emit, written = publish.output.Output.emit, []

    def emit_then_wait(self, rel, data, render):
        done = emit(self, rel, data, render)
        if done:
            written.append(rel)
        if len(written) == 20:
            print("midway", self.root, flush=True)
            sys.stdin.read()  # wait here until killed
        return done

    publish.output.Output.emit = emit_then_wait
    with open_read({db!r}) as con:
        data = read_site_data(con, date(2026, 11, 25))  # a day later: pages change
    build_site(data, {out!r}, search=False)
""")


def test_a_build_killed_midway_leaves_the_previous_site_served(data, demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(data, out, now=NOW, search=False)
    served, before = current_build(out), snapshot(out)
    script = KILLED_BUILD.format(root=str(ROOT), db=str(demo_db), out=str(out))
    child = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
    try:
        line = child.stdout.readline()
        assert line.startswith("midway "), line
        stage = Path(line.split(" ", 1)[1].strip())
        assert stage.parent == builds_dir(out) and len(list(stage.rglob("*.html"))) > 0
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
    assert current_build(out) == served and snapshot(out) == before
    assert stage.exists()  # left behind by the killed build …
    build_site(data, out, now=NOW, search=False)
    assert not stage.exists()  # … and removed by the next one
    assert snapshot(out) == before  # same data, same site


def test_serve_shows_the_built_site_on_loopback(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    child = subprocess.Popen([EXE, "site", str(out), "--db", str(demo_db), "--as-of", "2026-11-24", "--no-search",
                              "--serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        built = child.stdout.readline()
        assert built.startswith("site: ") and "written" in built, built + child.stderr.read()
        serving = child.stdout.readline()
        assert serving.startswith(f"site: serving {out} at http://127.0.0.1:"), serving
        url = serving.split(" at ", 1)[1].split()[0]
        with httpx.Client(base_url=url, trust_env=False) as client:
            page = client.get("vragen/2022Z00634/")
            assert page.status_code == 200
            assert page.content == (out / "vragen/2022Z00634/index.html").read_bytes()
            assert client.get("feeds/alles.atom").content == (out / "feeds/alles.atom").read_bytes()
            assert client.get("vragen/2099Z99999/").status_code == 404
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=60) == 0
    finally:
        if child.poll() is None:
            child.kill()
