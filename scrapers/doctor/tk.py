"""Checks `tk feed` and `tk <Category>`: the Tweede Kamer SyncFeed answers, each category the sync reads
gives an Atom page, the entity fields the code reads are present, and its skiptokens rise with
`bijgewerkt` (what a bounded first sync searches by) (one request per category).

Run only when a TK URL is given (`kamervragen doctor --tk-url URL`, or `KAMERVRAGEN_TK_URL` set).
"""

from __future__ import annotations

from scrapers.doctor.report import DIFFERS, FAIL, OK, Check
from scrapers.http_client import FetchError, HttpClient
from scrapers.tk_client import feed_url
from scrapers.tk_parse import CATEGORIES, FeedError, FeedPage, parse_feed_page
from scrapers.xmlsafe import local, parse_xml

READ_FIELDS = {
    "Zaak": ("nummer", "soort", "gestartOp", "vergaderjaar", "afgedaan"),
    "ZaakActor": ("zaak", "actorNaam", "relatie"),
    "Document": ("soort", "vergaderjaar"),
}
"""Per category, the elements the cross-check reads that every entity of the first page should carry
(optional ones such as actorFractie, functie, datumOntvangst and aanhangselnummer are not asked for:
not every entity has them)."""


def check_tk(http: HttpClient, tk_url: str) -> list[Check]:
    """One row per category; the first row fails when the feed does not answer at all."""
    rows: list[Check] = []
    for category in CATEGORIES:
        url = feed_url(tk_url, category)
        expected = f"{url} answers with an Atom page whose entities carry {', '.join(READ_FIELDS[category])}"
        try:
            body = http.get_bytes(url)
            page = parse_feed_page(body)
        except FetchError as exc:
            rows.append(Check(f"tk {category}", expected, str(exc), FAIL,
                              "The Tweede Kamer feed did not answer: check --tk-url / KAMERVRAGEN_TK_URL.",
                              {"url": url}))
            continue
        except FeedError as exc:
            rows.append(Check(f"tk {category}", expected, str(exc), FAIL,
                              "The address does not serve the SyncFeed: tk-sync would load nothing.", {"url": url}))
            continue
        missing = _missing_fields(body, category)
        disorder = order_problem(page)
        found = (f"{len(page.entries)} entries, next link {'yes' if page.next_url else 'no'}"
                 + (f"; missing: {', '.join(sorted(missing))}" if missing else "")
                 + (f"; {disorder}" if disorder else ""))
        details = {"url": url, "entries": len(page.entries), "missing": sorted(missing), "order": disorder}
        if not page.entries:
            rows.append(Check(f"tk {category}", expected, found, DIFFERS,
                              "The category is empty from the start: nothing to compare yet.", details))
        elif missing:
            rows.append(Check(f"tk {category}", expected, found, FAIL,
                              "Entities lack fields the cross-check reads: the schema changed.", details))
        elif disorder:
            rows.append(Check(f"tk {category}", expected, found, DIFFERS,
                              "A first run cannot start near its horizon (skiptokens searched by bijgewerkt): "
                              "it reads the whole feed, about an hour at the live pace.", details))
        else:
            rows.append(Check(f"tk {category}", expected, found, OK, "The feed matches what the sync reads.",
                              details))
    return rows


def order_problem(page: FeedPage) -> str | None:
    """Why a bounded first sync could not search this page's feed by date (skiptokens that are not
    rising numbers, `bijgewerkt` that falls), or None."""
    last_token, last_when = -1, None
    for entry in page.entries:
        try:
            token = int(entry.skiptoken or "")
        except ValueError:
            return f"skiptoken {entry.skiptoken!r} is not a number"
        if token <= last_token:
            return f"skiptoken {token} after {last_token}: not rising"
        if entry.bijgewerkt is not None:
            if last_when is not None and entry.bijgewerkt < last_when:
                return f"bijgewerkt {entry.bijgewerkt.isoformat()} after {last_when.isoformat()}: falls"
            last_when = entry.bijgewerkt
        last_token = token
    return None


def _missing_fields(body: bytes, category: str) -> set[str]:
    """The READ_FIELDS of `category` that no live (not deleted) entity of the page carries."""
    try:
        root = parse_xml(body)
    except ValueError:
        return set(READ_FIELDS[category])
    present: set[str] = set()
    live = 0
    for content in root.iter("{*}content"):
        for entity in content:
            if entity.get("verwijderd") == "true":
                continue
            live += 1
            present.update(local(c.tag) for c in entity)
    if not live:
        return set()
    return {f for f in READ_FIELDS[category] if f.lower() not in present}
