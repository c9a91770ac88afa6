"""Build the static site from `SiteData` into a folder (Jinja2 templates; incremental, see output.py).

Layout (every link relative, so the folder works under any host and path):
`index.html` (home), `vragen/<vraagnummer>/index.html` (one page per set),
`ministeries/`, `partijen/`, `onderwerpen/` (per "Area | Subject"), `leden/` and `bewindspersonen/`
(per person, as `timeliness_by_member/minister` count them; the folder is the person id) with an
index and one page each (and a feed `feeds/<kind>-<slug>.atom` each), `zoeken/` (Pagefind),
`feeds/*.atom`, `agenda/*.ics`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import jinja2

import config
from publish import demo, dutch, ranking
from publish.charts import answer_chart
from publish.downloads import write_downloads
from publish.feeds import FEED_ENTRIES, OPEN_STATUSES, atom_feed, deadline_calendar
from publish.output import Output
from publish.publisher import staged
from schemas import ministries
from schemas.glossary import glossary_rows
from warehouse.site_read import SiteData

TEMPLATES = Path(__file__).with_name("templates")
RECENT = 100
"""Group pages list this many most recent sets (plus every open and overdue one)."""
SOURCE_LABELS = {
    "questions": "Kamervragen zonder antwoord (de vragen)",
    "answers": "Kamervragen (Aanhangsel): antwoorden en mededelingen",
}


@dataclass(frozen=True, slots=True)
class Group:
    """A kind of page that collects sets: per ministry, party, topic, member or minister (a person)."""

    key: str
    folder: str
    singular: str
    plural: str
    id_column: str  # the column of its timeliness view that names the group
    view: str | None = None  # an optional view (migration 010): pages only when it exists

    @property
    def dimension(self) -> str:
        return self.view.removeprefix("timeliness_by_") if self.view else self.key

    def members(self, s: dict[str, Any]) -> list[tuple[str, str]]:
        """The groups `s` belongs to, as (id, name): the id matches `id_column` of the view."""
        if self.key == "ministry":  # shown by full name and abbreviation (schemas/ministries.csv)
            return [(m, ministries.label(m)) for m in s.get("ministries") or []]
        elif self.key == "party":
            names = list(s.get("parties") or [])
        elif self.key == "topic":
            names = topic_names(s)
        else:
            people = s.get("members" if self.key == "member" else "ministers") or []
            return [(p["person_id"], p["display_name"] or p["person_id"]) for p in people]
        return [(n, n) for n in names]


GROUPS = (
    Group("ministry", "ministeries", "Ministerie", "Ministeries", "ministry"),
    Group("party", "partijen", "Partij", "Partijen", "party"),
    Group("topic", "onderwerpen", "Onderwerp", "Onderwerpen", "topic", "timeliness_by_topic"),
    Group("member", "leden", "Kamerlid", "Kamerleden", "member_id", "timeliness_by_member"),
    Group("minister", "bewindspersonen", "Bewindspersoon", "Bewindspersonen", "minister_id",
          "timeliness_by_minister"),
)


@dataclass(slots=True)
class BuildResult:
    out: Path
    written: int
    unchanged: int
    removed: int
    pages: int
    search_indexed: bool
    written_files: list[str] = field(default_factory=list)
    removed_files: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    """'GroenLinks-PvdA' → 'groenlinks-pvda'; 'Bestuur | Gemeenten' → 'bestuur-gemeenten'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "onbekend"


def topic_names(s: dict[str, Any]) -> list[str]:
    """A set's topics as 'Area | Subject' (the way the source writes them)."""
    names = []
    for t in s.get("topics") or []:
        parts = [t.get("area"), t.get("subject")] if isinstance(t, dict) else [str(t)]
        name = " | ".join(p for p in parts if p)
        if name and name not in names:
            names.append(name)
    return names


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(datum=dutch.datum, tijdstip=dutch.tijdstip, getal=dutch.getal, procent=dutch.procent,
                       dagen=dutch.dagen, status_label=dutch.status_label, role_label=dutch.role_label, slug=slug,
                       review_reason=dutch.review_reason, ministerie=ministries.label)
    env.globals.update(kolom=column_label, TIMELINESS_COLUMNS=TIMELINESS_COLUMNS)
    return env


TIMELINESS_COLUMNS = ("sets", "answered", "median_days_taken", "share_on_time", "share_within_extension", "share_late",
                      "median_days_overdue", "p90_days_overdue", "share_within_twice_term", "share_with_delay_notice",
                      "share_late_delay_notices", "currently_overdue")
"""The columns of the timeliness views a timeliness table shows, in order (share_* as percentages)."""


@cache
def _column_labels() -> dict[str, str]:
    return {r["name"]: r["label_nl"] for r in glossary_rows()}


def column_label(name: str) -> str:
    """A table header: the Dutch label of warehouse column `name` from the one glossary
    (schemas/glossary.csv), which the method page explains; an unknown name stops the build."""
    labels = _column_labels()
    if name not in labels:
        raise KeyError(f"column {name!r} has no row in schemas/glossary.csv")
    return labels[name]


def build_site(data: SiteData, out: str | Path, *, now: datetime | None = None, search: bool = True,
               base_url: str | None = None) -> BuildResult:
    """Publish the site for `data` at `out` (a link to a complete build, switched atomically); only
    files whose inputs changed are rewritten. With `base_url` (the site's public address) feeds,
    calendars and canonical links are absolute and a sitemap is written."""
    target = Path(out)
    base = normalize_base_url(base_url)
    with staged(target) as stage:  # switched in only when complete (publish/publisher.py)
        result = _build_into(data, stage, now=now or datetime.now(UTC), search=search, base=base)
    result.out = target
    return result


def normalize_base_url(url: str | None) -> str | None:
    """'https://example.org/kv' → 'https://example.org/kv/'; None stays None; ValueError unless http(s)."""
    if url is None or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"base URL {url!r} is not an http(s) address such as https://example.org/kv/")
    return url.strip().rstrip("/") + "/"


def _build_into(data: SiteData, target: Path, *, now: datetime, search: bool, base: str | None) -> BuildResult:
    output = Output.open(target)
    env = _environment()
    groups = [g for g in GROUPS if g.dimension in data.timeliness]
    common = {"term": data.term_days, "extension": data.extension_days,
              "optional_groups": [g for g in groups if g.view], "base_url": base,
              "demo": demo.mark(data)}  # SYNTHETIC data: the banner and the marks (publish/demo.py)
    by_set = {s["vraagnummer"]: s for s in data.sets}

    html_pages: list[str] = []

    def page(rel: str, template: str, depth: int, inputs: Any, *, dated: bool = False, **context: Any) -> None:
        """A page; only a `dated` one (its content moves with the calendar) shows and depends on the day."""
        html_pages.append(rel)
        as_of = data.as_of if dated else None
        ctx = {**common, "as_of": as_of, "root": "../" * depth, "canonical": canonical(base, rel), **context}
        output.emit(rel, [template, common, as_of, inputs], lambda: env.get_template(template).render(ctx))

    output.emit("stijl.css", ["css"], lambda: (TEMPLATES / "stijl.css").read_text(encoding="utf-8"))
    topic_pages = any(g.key == "topic" for g in groups)
    person_pages = sorted(g.key for g in groups if g.key in ("member", "minister"))
    for vn, row, items, documents in data.texts.by_set(sorted(by_set)):  # one set's texts at a time
        s = row or by_set[vn]
        demo.mark_set(data, s, documents)
        page(f"vragen/{vn}/index.html", "set.html.j2", 2, [s, items, documents, topic_pages, person_pages],
             dated=s["status"] == "overdue", s=s, items=items, documents=documents, topics=topic_names(s),
             topic_pages=topic_pages,
             person_pages=person_pages,
             notices=[d for d in documents if d["role"] == "delay_notice" or d["kind"] == "notice"],
             reason=dutch.status_reason(s, data.term_days, data.extension_days))

    data = replace(data, events=[e for e in data.events if e["vraagnummer"] in by_set])
    events_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in data.events:
        events_of[e["vraagnummer"]].append(e)
    for vn, s in by_set.items():
        events = events_of.get(vn, [])
        quiet = s.get("submitted_on") or data.as_of  # `updated` of a feed without entries
        output.emit(f"feeds/vraag-{vn}.atom", ["feed", events, _shown_in_feed(s), quiet],
                    lambda events=events, s=s, vn=vn, quiet=quiet: atom_feed(
                        f"vraag-{vn}", f"Kamervraag {vn}", events, {vn: s}, quiet, base))
    quiet = max((s["submitted_on"] for s in data.sets if s.get("submitted_on")), default=data.as_of)
    output.emit("feeds/alles.atom", ["feed", *_feed_inputs(data.events, by_set), quiet],
                lambda: atom_feed("alles", "Alle Kamervragen", data.events, by_set, quiet, base))

    for group in groups:
        _group_pages(group, data, page, output, by_set, events_of, base)

    _home(data, page, now)
    bundles = search_bundles(by_set)
    page("zoeken/index.html", "search.html.j2", 1, [bundles], bundles=bundles)
    page("methode/index.html", "method.html.j2", 1, [glossary_rows()], glossary=glossary_rows())
    write_downloads(data, output, groups, RECENT)  # CSV and JSON beside every table (publish/downloads.py)
    if base:
        _sitemaps(output, base, html_pages)
    output.finish()
    indexed = False
    if search:
        changed = {_bundle_of(rel) for rel in [*output.written, *output.removed] if rel.startswith("vragen/")}
        stale = [b for b in bundles if b in changed or not (target / "pagefind" / b / "pagefind.js").exists()]
        indexed = index_for_search(target, bundles, stale)
    return BuildResult(out=target, written=len(output.written), unchanged=output.unchanged,
                       removed=len(output.removed), pages=len(output.current), search_indexed=indexed,
                       written_files=list(output.written), removed_files=list(output.removed))


def _group_pages(group: Group, data: SiteData, page: Any, output: Output, by_set: dict[str, dict[str, Any]],
                 events_of: dict[str, list[dict[str, Any]]], base: str | None) -> None:
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    names: dict[str, str] = {}
    for s in data.sets:
        for ident, name in dict.fromkeys(group.members(s)):
            members[ident].append(s)
            names[ident] = name
    rows = data.timeliness.get(group.dimension, [])
    entries = []
    for ident, sets in sorted(members.items(), key=lambda kv: (names[kv[0]].lower(), kv[0])):
        name = names[ident]
        key = slug(ident)
        overdue = sorted((s for s in sets if s["status"] == "overdue"), key=lambda s: -(s["days_overdue"] or 0))
        still_open = [s for s in sets if s["status"] in ("open", "open_extended")]
        timeliness = [r for r in rows if r.get(group.id_column) == ident]
        feed = f"{group.key}-{key}"
        calendar = key if group.key == "ministry" else None
        party = next((p["party"] for s in sets for p in s.get("members") or []
                      if group.key == "member" and p["person_id"] == ident and p["party"]), None)
        party_page = party is not None and any(party in (s.get("parties") or []) for s in sets)
        chart = answer_chart(data.answer_times, group.dimension, ident)
        page(f"{group.folder}/{key}/index.html", "group.html.j2", 2,
             [group.key, name, sets, timeliness, party, chart and chart.inputs()],
             dated=bool(overdue), group=group, name=name, sets=sets, overdue=overdue, open=still_open,
             chart=chart,
             recent=sets[:RECENT],
             timeliness=timeliness, feed=feed, calendar=calendar, party=party, party_page=party_page)
        events = sorted((e for s in sets for e in events_of.get(s["vraagnummer"], [])), key=_newest_first)
        quiet = max((s["submitted_on"] for s in sets if s.get("submitted_on")), default=data.as_of)
        output.emit(f"feeds/{feed}.atom", ["feed", name, *_feed_inputs(events, by_set), quiet],
                    lambda events=events, name=name, feed=feed, quiet=quiet: atom_feed(
                        feed, f"Kamervragen: {group.singular.lower()} {name}", events, by_set, quiet, base))
        if calendar:
            open_sets = [{k: s.get(k) for k in CALENDAR_FIELDS} for s in sets if s["status"] in OPEN_STATUSES]
            output.emit(f"agenda/{calendar}.ics", ["ics", name, open_sets],
                        lambda open_sets=open_sets, name=name, calendar=calendar: deadline_calendar(
                            calendar, f"Termijnen Kamervragen {name}", open_sets, base))
        late, decided = ranking.share_late(timeliness)
        entries.append({"name": name, "slug": key, "sets": len(sets), "overdue": len(overdue),
                        "share_late": late, "decided": decided})
    entries = ranking.ranked(entries)
    page(f"{group.folder}/index.html", "index.html.j2", 1, [group.key, entries], group=group, entries=entries)


def _newest_first(e: dict[str, Any]) -> tuple[int, str, str]:
    """The order of warehouse/sql/site_events.sql: newest day first, then set number and kind."""
    return (-e["event_on"].toordinal(), e["vraagnummer"], e["kind"])


def canonical(base: str | None, rel: str) -> str | None:
    """The page's public address under `base` ('…/vragen/2022Z00634/' for its index.html)."""
    if base is None:
        return None
    return base + rel.removesuffix("index.html")


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _sitemaps(output: Output, base: str, pages: list[str]) -> None:
    """`sitemap.xml` (an index) and one sitemap per year of set pages plus one for the other pages,
    each far below the protocol's 50,000 addresses; a new set rewrites only its year's."""
    parts: dict[str, list[str]] = defaultdict(list)
    for rel in pages:
        year = rel[len("vragen/"):][:4] if rel.startswith("vragen/") else ""
        parts[f"sitemaps/vragen-{year}.xml" if year else "sitemaps/paginas.xml"].append(canonical(base, rel) or "")
    for rel, urls in sorted(parts.items()):
        output.emit(rel, ["sitemap", urls], lambda urls=urls: _xml(
            "urlset", "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in sorted(urls))))
    names = sorted(parts)
    output.emit("sitemap.xml", ["sitemap-index", base, names], lambda: _xml(
        "sitemapindex", "".join(f"<sitemap><loc>{escape(base + n)}</loc></sitemap>\n" for n in names)))


def _xml(root: str, body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{SITEMAP_NS}">\n{body}</{root}>\n'


def _feed_inputs(events: list[dict[str, Any]], by_set: dict[str, dict[str, Any]]) -> list[Any]:
    """What a feed is made from: the events it shows and the sets of those events (their titles and
    statuses are in the entries), nothing else: a set outside the feed never rewrites it."""
    shown = events[:FEED_ENTRIES]
    return [shown, [_shown_in_feed(by_set[vn]) for vn in dict.fromkeys(e["vraagnummer"] for e in shown)]]


FEED_FIELDS = ("vraagnummer", "title", "status", "effective_due_on", "extended_due_on", "days_taken",
               "needs_review", "review_open_reasons")
CALENDAR_FIELDS = ("vraagnummer", "title", "status", "submitted_on", "due_on", "extended_due_on",
                   "effective_due_on", "delay_notice_on", "question_url")


def _shown_in_feed(s: dict[str, Any]) -> dict[str, Any]:
    """What a feed entry shows of a set (publish/feeds.py): its inputs, and nothing that moves daily."""
    return {k: s.get(k) for k in FEED_FIELDS}


def _home(data: SiteData, page: Any, now: datetime) -> None:
    counts: dict[str, int] = defaultdict(int)
    for s in data.sets:
        counts[s["status"]] += 1
    decided = sum(counts[k] for k in ("answered_on_time", "answered_within_extension", "answered_late", "overdue"))
    late = counts["answered_late"] + counts["overdue"]
    headline = [
        ("vragen", dutch.getal(len(data.sets))),
        ("beantwoord", dutch.getal(sum(1 for s in data.sets if s.get("answered_on")))),
        ("nu te laat", dutch.getal(counts["overdue"])),
        ("open binnen de termijn", dutch.getal(counts["open"] + counts["open_extended"])),
        ("te laat beantwoord of nu te laat", dutch.procent(late / decided) if decided else "–"),
        ("te controleren voor u ze citeert", dutch.getal(sum(1 for s in data.sets if s.get("needs_review")))),
    ]
    per_ministry: dict[str, int] = defaultdict(int)
    for s in data.sets:
        if s["status"] == "overdue":
            for m in s.get("ministries") or ["onbekend"]:
                per_ministry[m] += 1
    overdue_by_ministry = [{"name": m, "slug": slug(m), "count": n}
                           for m, n in sorted(per_ministry.items(), key=lambda kv: (-kv[1], kv[0]))]
    week_start = data.as_of - timedelta(days=6)
    by_set = {s["vraagnummer"]: s for s in data.sets}
    newly_overdue = [by_set[e["vraagnummer"]] for e in data.events
                     if e["kind"] == "overdue" and e["event_on"] >= week_start
                     and by_set[e["vraagnummer"]]["status"] == "overdue"]
    stale_after = timedelta(hours=float(config.get("STALE_HOURS")))
    sources = [{"label": SOURCE_LABELS.get(s["series"], s["series"]), "watermark": s["watermark"],
                "updated_at": s["updated_at"], "stale": s["updated_at"] is None or now - s["updated_at"] > stale_after}
               for s in data.sources]
    tk_line = dutch.tk_coverage(data.tk_coverage)
    chart = answer_chart(data.answer_times, "all", None)
    page("index.html", "home.html.j2", 0, [headline, overdue_by_ministry, newly_overdue, sources,
                                           _source_warnings(data, now, stale_after), tk_line,
                                           chart and chart.inputs()], dated=True, chart=chart,
         headline=headline, overdue_by_ministry=overdue_by_ministry, newly_overdue=newly_overdue,
         sources=sources, source_warnings=_source_warnings(data, now, stale_after), tk_coverage=tk_line)


def _source_warnings(data: SiteData, now: datetime, stale_after: timedelta) -> list[str]:
    """Plain Dutch sentences for a failed or stale source, and documents that could not be read."""
    warnings = []
    ingest = next((r for r in data.runs if r["flow"] == "ingest"), None)
    if ingest is None or ingest["last_success"] is None:
        warnings.append("Er is nog geen geslaagde ophaalronde: de cijfers kunnen onvolledig zijn.")
    else:
        if ingest["last_outcome"] not in ("success", "running"):
            why = f": {ingest['last_message']}" if ingest["last_message"] else ""
            warnings.append(f"De laatste ophaalronde ({dutch.tijdstip(ingest['last_started'])}) is mislukt{why}.")
        if now - ingest["last_success"] > stale_after:
            warnings.append(f"De laatste geslaagde ophaalronde was op {dutch.tijdstip(ingest['last_success'])}: "
                            "nieuwe vragen en antwoorden kunnen ontbreken.")
    for stage, n in sorted(data.open_rejects.items()):
        what = "documenten konden" if n != 1 else "document kon"
        warnings.append(f"{dutch.getal(n)} {what} niet worden gelezen ({stage}); "
                        "zie de controle-opmerkingen per vraag.")
    return warnings


def search_bundles(vraagnummers: Any) -> list[str]:
    """The search index is one Pagefind bundle per year of set numbers (`pagefind/2022/` for
    2022Z…), newest first, and one for the numbers without a year ('overig', last): the search page
    loads the first and merges the rest (`mergeIndex`)."""
    found = {_bundle_of(f"vragen/{vn}/") for vn in vraagnummers}
    return sorted(found - {"overig"}, reverse=True) + sorted(found & {"overig"})


def _bundle_of(rel: str) -> str:
    """'vragen/2022Z00634/index.html' → '2022' (a Tweede Kamer number: year, letter, number); every other
    shape (Eerste Kamer '219200007', old '2989900822') → 'overig', one bundle (OTHER_GLOB)."""
    vn = rel.split("/")[1]
    return vn[:4] if YEAR_NUMBER.match(vn) else "overig"


YEAR_NUMBER = re.compile(r"\d{4}[A-Za-z]")
# The set pages of bundle 'overig': names that do not start with four digits and a letter.
OTHER_GLOB = ("vragen/{[!0-9],[0-9][!0-9],[0-9][0-9][!0-9],[0-9][0-9][0-9][!0-9],"
              "[0-9][0-9][0-9][0-9][!A-Za-z]}*/index.html")


def index_for_search(out: Path, bundles: list[str] | None = None, stale: list[str] | None = None) -> bool:
    """Build the Pagefind bundles `stale` (default: all) of `bundles` (default: one per year of the
    set pages in `out/vragen/`) over the set pages' `data-pagefind-body`, one Pagefind process per
    bundle, so no process holds more than a year's pages; remove bundles (and files) not in
    `bundles`. True when any bundle was built."""
    if bundles is None:
        bundles = search_bundles(p.name for p in (out / "vragen").iterdir() if p.is_dir())
    stale = list(bundles) if stale is None else stale
    root = out / "pagefind"
    root.mkdir(exist_ok=True)
    for entry in root.iterdir():  # a bundle of a year no longer shown, or the single index of old builds
        if entry.name not in bundles:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    for bundle in stale:
        shutil.rmtree(root / bundle, ignore_errors=True)  # hard links to the served build's: never write into them
        glob = f"vragen/{bundle}[A-Za-z]*/index.html" if bundle != "overig" else OTHER_GLOB
        done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(out), "--glob", glob,
                               "--output-subdir", f"pagefind/{bundle}", "--force-language", "nl", "--silent"],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"pagefind failed ({done.returncode}) for {bundle}: "
                               f"{done.stderr.strip() or done.stdout.strip()}")
    return bool(stale)
