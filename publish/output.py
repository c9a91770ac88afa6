"""Incremental writing: a file is rewritten only when what it is made from changed.

`OUT/.site-manifest.json` maps each written path (relative to OUT) to the hash of its inputs (the
data it shows plus the code and templates of `publish/`). A page whose hash is unchanged and whose
file exists is neither rendered nor written; files that the previous build wrote and this one no
longer produces are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = ".site-manifest.json"
_PUBLISH_DIR = Path(__file__).resolve().parent


def code_hash() -> str:
    """Hash of every file of `publish/` (code, templates, stylesheet): a change rebuilds everything."""
    h = hashlib.sha256()
    for path in sorted(_PUBLISH_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(_PUBLISH_DIR).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _digest(salt: str, data: Any) -> bytes:
    h = hashlib.sha256((salt + "\0").encode())
    _hash_json(h, data)
    return h.digest()


def input_hash(salt: str, data: Any) -> str:
    """Hash of the inputs of one file: of `salt`, a NUL and their JSON text (dates as ISO text). The
    JSON is hashed list item by list item, never held whole: a ministry's page is made from thousands
    of sets (the digest is that of the whole text all the same)."""
    return _digest(salt, data).hex()


def _hash_json(h: Any, data: Any) -> None:
    """Feed `h` the bytes of json.dumps(data, sort_keys=True, default=str, ensure_ascii=False), a list's
    items one at a time."""
    if isinstance(data, (list, tuple)) and data:
        h.update(b"[")
        for i, item in enumerate(data):
            if i:
                h.update(b", ")
            _hash_json(h, item)
        h.update(b"]")
    else:
        h.update(json.dumps(data, sort_keys=True, default=_plain, ensure_ascii=False).encode())


def _plain(value: Any) -> Any:
    """What JSON makes of a value it does not know: a row (warehouse.site_read.Row) as its dict, else text."""
    as_dict = getattr(value, "as_dict", None)
    return as_dict() if callable(as_dict) else str(value)


@dataclass(slots=True)
class Output:
    """Writes files under `root`, skipping those whose inputs did not change."""

    root: Path
    salt: str = field(default_factory=code_hash)
    # path → the digest of its inputs (32 bytes; paths interned: 180,000 files on a full site)
    previous: dict[str, bytes] = field(default_factory=dict)
    current: dict[str, bytes] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, root: Path) -> Output:
        root.mkdir(parents=True, exist_ok=True)
        out = cls(root=root)
        try:
            out.previous = _read_manifest(root / MANIFEST)
        except (FileNotFoundError, ValueError, TypeError):  # none yet, or not a manifest
            out.previous = {}
        return out

    def emit(self, rel: str, data: Any, render: Callable[[], str | bytes]) -> bool:
        """Write `rel` from `render()` unless `data` is what it was made from last time; True if written."""
        rel = sys.intern(rel)
        digest = _digest(self.salt, data)
        before = self.previous.pop(rel, None)  # what stays in `previous` is what this build no longer makes
        target = self.root / rel
        if before == digest and target.exists():
            self.current[rel] = before  # the one object: a rebuild holds each digest once
            self.unchanged += 1
            return False
        self.current[rel] = digest
        content = render()
        _write_atomically(target, content.encode("utf-8") if isinstance(content, str) else content)
        self.written.append(rel)
        return True

    def finish(self) -> None:
        """Remove what the last build wrote and this one did not; save the manifest."""
        for rel in sorted(rel for rel in self.previous if rel not in self.current):  # (emit took the rest)
            path = self.root / rel
            if path.is_file():
                path.unlink()
                self.removed.append(rel)
        target = self.root / MANIFEST  # streamed: 180,000 entries never become one string
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with tmp.open("w", encoding="utf-8") as fh:  # a JSON object, one "path": "digest" a line
            fh.write("{")
            for i, rel in enumerate(sorted(self.current)):
                fh.write(f'{"," if i else ""}\n{json.dumps(rel, ensure_ascii=False)}: "{self.current[rel].hex()}"')
            fh.write("\n}\n")
        os.replace(tmp, target)


def _read_manifest(path: Path) -> dict[str, bytes]:
    """The manifest `finish` writes (a JSON object, one `"path": "digest"` a line), read line by line:
    180,000 entries are never one string or a second dict. ValueError if it is not that."""
    found: dict[str, bytes] = {}
    with path.open(encoding="utf-8") as fh:
        if fh.readline().strip() != "{":
            raise ValueError(f"{path} is not a manifest")
        for line in fh:
            line = line.strip().removesuffix(",")
            if line == "}":
                return found
            rel, sep, digest = line.rpartition(": ")
            if not sep:
                raise ValueError(f"{path}: not a manifest line: {line[:80]!r}")
            found[sys.intern(json.loads(rel))] = bytes.fromhex(json.loads(digest))
    raise ValueError(f"{path} ends before its closing brace")


def _write_atomically(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(content)
    os.replace(tmp, target)
