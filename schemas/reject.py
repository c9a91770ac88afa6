"""The record of something that failed to load: a `Reject` (one row of the `rejects` table)."""

from __future__ import annotations

from typing import NamedTuple


class Reject(NamedTuple):
    """`key` (a doc_id, or the URL or page when the id is unknown) failed at `stage` for `reason`.

    Stages: `parse_metadata`, `fetch_text`, `parse_text`, `validate`. `excerpt` is what failed to
    parse (the start of a body, or the URL that could not be fetched), "" when nothing helps.
    """

    key: str
    stage: str
    reason: str
    excerpt: str = ""
