"""SYNTHETIC data on the site: a banner on every page, and each made-up value marked where it shows.

The warehouse names the made-up set numbers and document ids (`SiteData.synthetic`, from
warehouse/sql/site_synthetic.sql); `mark` flags those sets (`synthetic`) and documents (`made_up`)
for the templates and says whether the site needs the banner.
"""

from __future__ import annotations

from warehouse.site_read import SiteData


def mark(data: SiteData) -> bool:
    """Flag the made-up sets and documents of `data`; True when there is any (the demo banner)."""
    sets = set(data.synthetic.get("set", []))
    documents = set(data.synthetic.get("document", []))
    for s in data.sets:
        s["synthetic"] = s["vraagnummer"] in sets
    for docs in data.documents.values():
        for d in docs:
            d["made_up"] = d["doc_id"] in documents
    return bool(sets or documents)
