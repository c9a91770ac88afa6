"""SYNTHETIC data on the site: a banner on every page, and each made-up value marked where it shows.

The warehouse names the made-up set numbers and document ids (`SiteData.synthetic`, from
warehouse/sql/site_synthetic.sql); `mark` flags those sets (`synthetic`) and documents (`made_up`)
for the templates and says whether the site needs the banner.
"""

from __future__ import annotations

from typing import Any

from warehouse.site_read import SiteData


def mark(data: SiteData) -> bool:
    """Flag the made-up sets of `data`'s lists; True when there is any made-up value (the demo banner)."""
    sets = data.synthetic.get("set", frozenset())
    for s in data.sets:
        s["synthetic"] = s["vraagnummer"] in sets
    return bool(sets or data.synthetic.get("document"))


def mark_set(data: SiteData, s: dict[str, Any], documents: list[dict[str, Any]]) -> None:
    """Flag one set (its full row, read with its texts) and its timeline documents, as its page is built."""
    s["synthetic"] = s["vraagnummer"] in data.synthetic.get("set", frozenset())
    made_up = data.synthetic.get("document", frozenset())
    for d in documents:
        d["made_up"] = d["doc_id"] in made_up
