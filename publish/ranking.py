"""The order of the ministries, parties and members indexes: by share late, as the timeliness views
count it (`share_late` of the decided sets, summed over the view's years by weight `decided`)."""

from __future__ import annotations

from typing import Any


def share_late(rows: list[dict[str, Any]]) -> tuple[float | None, int]:
    """(share late, decided sets) over the timeliness rows of one group (one row per year or one in
    all); None when no set of the group is decided."""
    decided = sum(int(r.get("decided") or 0) for r in rows if r.get("share_late") is not None)
    if not decided:
        return None, 0
    late = sum(float(r["share_late"]) * int(r.get("decided") or 0) for r in rows if r.get("share_late") is not None)
    return late / decided, decided


def ranked(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries (with `share_late`, `overdue`, `sets`, `name`) latest first: the highest share late, then
    the most overdue now, the most sets, the name; groups without a decided set last."""
    return sorted(entries, key=lambda e: (e["share_late"] is None, -(e["share_late"] or 0.0), -e["overdue"],
                                          -e["sets"], e["name"].lower()))
