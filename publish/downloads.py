"""Every table of the site as CSV and JSON beside it, at stable URLs (Datasette's convention).

Columns are named as in the warehouse views (`questions`, `timeliness_by_*`), so that the site and
DuckDB speak the same language; a timeliness table's file holds the view's rows as they are (as of the
site's day). Files, next to the page that shows the table:
- home: `te-laat-per-ministerie`, `deze-week`, `bronnen`;
- each group index (`ministeries/`, …): `index`;
- each group page (`ministeries/<slug>/`, …): `tijdigheid`, `nu-te-laat`, `open`, `recent`, and with
  the home page the chart's numbers: `antwoordtijd` (share answered after t days) and `uitkomsten`;
- the method page (`methode/`): `kolommen` (the glossary);
each as `<name>.csv` (UTF-8, header row, ISO dates, true/false, empty for NULL) and `<name>.json` (a list of
objects). Written through `Output`, so a file is rewritten only when its rows change.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from publish import ranking
from publish.charts import AnswerChart, answer_chart
from publish.output import Output
from schemas.glossary import glossary_rows
from warehouse.site_read import SiteData

SET_COLUMNS = ("vraagnummer", "title", "submitted_on", "status", "due_on", "extended_due_on", "effective_due_on",
               "answered_on", "days_taken", "days_overdue", "needs_review")
"""The columns of a list of sets (names of the `questions` view)."""
OPEN = ("open", "open_extended")


def _value(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date | datetime) else v


def _cell(v: Any) -> Any:
    """A CSV cell: empty for NULL, true/false for a boolean (as DuckDB reads them), ISO dates."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return _value(v)


def to_csv(columns: Sequence[str], rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buf.getvalue()


def to_json(columns: Sequence[str], rows: list[dict[str, Any]]) -> str:
    return json.dumps([{c: _value(row.get(c)) for c in columns} for row in rows], ensure_ascii=False, indent=1)


def table(output: Output, base: str, rows: list[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    """`base.csv` and `base.json` of `rows` (columns: `columns`, else the first row's keys)."""
    cols = list(columns or (rows[0].keys() if rows else ()))
    picked = [{c: row.get(c) for c in cols} for row in rows]
    output.emit(f"{base}.csv", ["csv", cols, picked], lambda: to_csv(cols, picked))
    output.emit(f"{base}.json", ["json", cols, picked], lambda: to_json(cols, picked))


def write_downloads(data: SiteData, output: Output, groups: Sequence[Any], recent: int) -> None:
    """The downloads of every table of the site (`groups`: publish.build.Group, as the build shows them;
    `recent`: how many recent sets a group page lists)."""
    _home(data, output)
    _charts(output, "", answer_chart(data.answer_times, "all", None))
    table(output, "methode/kolommen", list(glossary_rows()), ("name", "label_nl", "meaning_nl", "meaning_en"))
    for group in groups:
        _group(data, output, group, recent)


def _set_rows(sets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{c: s.get(c) for c in SET_COLUMNS} for s in sets]


def _home(data: SiteData, output: Output) -> None:
    per_ministry: dict[str, int] = defaultdict(int)
    for s in data.sets:
        if s["status"] == "overdue":
            for m in s.get("ministries") or ["onbekend"]:
                per_ministry[m] += 1
    ranked = sorted(per_ministry.items(), key=lambda kv: (-kv[1], kv[0]))
    table(output, "te-laat-per-ministerie", [{"ministry": m, "currently_overdue": n} for m, n in ranked],
          ("ministry", "currently_overdue"))
    by_set = {s["vraagnummer"]: s for s in data.sets}
    week_start = data.as_of - timedelta(days=6)
    week = [by_set[e["vraagnummer"]] for e in data.events
            if e["kind"] == "overdue" and e["event_on"] >= week_start and e["vraagnummer"] in by_set
            and by_set[e["vraagnummer"]]["status"] == "overdue"]
    table(output, "deze-week", _set_rows(week), SET_COLUMNS)
    table(output, "bronnen", data.sources, ("series", "watermark", "updated_at"))


def _group(data: SiteData, output: Output, group: Any, recent: int) -> None:
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    names: dict[str, str] = {}
    for s in data.sets:
        for ident, name in dict.fromkeys(group.members(s)):
            members[ident].append(s)
            names[ident] = name
    rows = data.timeliness.get(group.dimension, [])
    from publish.build import slug  # the build's folder names (imported here: build imports this module)

    entries = []
    for ident, sets in members.items():
        folder = f"{group.folder}/{slug(ident)}"
        overdue = sorted((s for s in sets if s["status"] == "overdue"), key=lambda s: -(s["days_overdue"] or 0))
        timeliness = [r for r in rows if r.get(group.id_column) == ident]
        if timeliness:
            table(output, f"{folder}/tijdigheid", timeliness)
        if overdue:
            table(output, f"{folder}/nu-te-laat", _set_rows(overdue), SET_COLUMNS)
        still_open = [s for s in sets if s["status"] in OPEN]
        if still_open:
            table(output, f"{folder}/open", _set_rows(still_open), SET_COLUMNS)
        table(output, f"{folder}/recent", _set_rows(sets[:recent]), SET_COLUMNS)
        _charts(output, f"{folder}/", answer_chart(data.answer_times, group.dimension, ident))
        late, decided = ranking.share_late(timeliness)
        entries.append({group.id_column: ident, "name": names[ident], "sets": len(sets), "decided": decided,
                        "share_late": late, "overdue": len(overdue)})
    ranked = [{**{k: v for k, v in e.items() if k != "overdue"}, "currently_overdue": e["overdue"]}
              for e in ranking.ranked(entries)]
    table(output, f"{group.folder}/index", ranked,
          (group.id_column, "name", "sets", "decided", "share_late", "currently_overdue"))


def _charts(output: Output, folder: str, chart: AnswerChart | None) -> None:
    """The numbers of a page's answer-time charts (publish/charts.py), as its tables show them."""
    if chart is not None:
        table(output, f"{folder}antwoordtijd", chart.after, chart.AFTER_COLUMNS)
        table(output, f"{folder}uitkomsten", chart.outcomes, chart.OUTCOME_COLUMNS)
