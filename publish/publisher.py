"""Atomic publish: a reader never sees a half-built site.

The published folder `OUT` is a symbolic link to a complete build, `.OUT.builds/<id>/` beside it. A
build works in a new staging folder there that starts as a hard-link copy of the current build (so
the incremental build still writes only what changed: `publish/output.py` replaces a file through
a temporary file and a rename, which gives the staging folder a new inode and leaves the served
build's file as it was). When the build is complete, a new link is made and renamed over `OUT` in
one `rename(2)`: a request sees the old build or the new one, never a mix. The previous build is
removed only after the switch. A build that fails (or is killed) never switches: `OUT` keeps
pointing at the previous build, and the next build removes the abandoned staging folder.

An `OUT` that is still a plain folder (from before this module) is adopted once: it is copied as
hard links into the first staging folder, then moved aside and replaced by the link (the only
moment, once, when `OUT` is briefly missing).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path


def builds_dir(out: Path) -> Path:
    """Where the builds of `out` live: `.<name>.builds/` in the same parent (same file system)."""
    return out.parent / f".{out.name}.builds"


def current_build(out: Path) -> Path | None:
    """The folder `out` serves now (None when there is none yet)."""
    if out.is_symlink():
        target = Path(os.readlink(out))
        return target if target.is_absolute() else out.parent / target
    return out if out.is_dir() else None


def link_tree(src: Path, dst: Path, skip: tuple[str, ...] = ()) -> None:
    """Copy the tree `src` into `dst` as hard links (files), new folders (folders); top-level names
    in `skip` are left out."""
    dst.mkdir(parents=True, exist_ok=True)
    for dirpath, dirnames, filenames in os.walk(src):
        rel = Path(dirpath).relative_to(src)
        if rel == Path("."):
            dirnames[:] = [d for d in dirnames if d not in skip]
            filenames = [f for f in filenames if f not in skip]
        target = dst / rel
        for d in dirnames:
            (target / d).mkdir(exist_ok=True)
        for f in filenames:
            os.link(Path(dirpath) / f, target / f)


@contextmanager
def staged(out: Path | str) -> Iterator[Path]:
    """A staging folder holding a hard-link copy of `out`'s current build; switched in atomically
    when the block ends normally, removed when it raises."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} is a file, not a folder")
    builds = builds_dir(out)
    builds.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f".{out.name}.lock", "a+b") as lock:  # one build of OUT at a time
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield from _staged(out, builds)


def _staged(out: Path, builds: Path) -> Iterator[Path]:
    previous = current_build(out)
    _remove_abandoned(builds, keep=previous)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    stage = builds / f"{stamp}-{os.getpid()}"
    if previous is not None:
        link_tree(previous, stage)
    else:
        stage.mkdir()
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    switch(out, stage)
    if previous is not None and previous.resolve() != stage.resolve():
        shutil.rmtree(previous, ignore_errors=True)


def switch(out: Path, stage: Path) -> None:
    """Point `out` at `stage` in one rename (a plain-folder `out` is moved aside first)."""
    link = builds_dir(out) / f"link-{os.getpid()}"  # its text is read relative to OUT's parent once moved
    link.unlink(missing_ok=True)
    link.symlink_to(stage.relative_to(out.parent))
    if out.is_dir() and not out.is_symlink():  # adopting a folder from before atomic publish
        aside = builds_dir(out) / f"adopted-{os.getpid()}"
        out.rename(aside)
        os.replace(link, out)
        shutil.rmtree(aside, ignore_errors=True)
        return
    os.replace(link, out)
    _fsync_dir(out.parent)


def _remove_abandoned(builds: Path, keep: Path | None) -> None:
    """Remove what a killed build left: every folder in `builds` but the one being served."""
    keep_name = keep.name if keep is not None and keep.parent.resolve() == builds.resolve() else None
    for entry in builds.iterdir():
        if entry.name != keep_name:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
